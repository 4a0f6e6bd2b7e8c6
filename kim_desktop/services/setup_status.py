"""How far an office is set up: counts of the reference data each task needs."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, Course, CourseLocation, Municipality, Organisation, TravelTime
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.setup_steps import SetupCounts
from kim_desktop.settings import OfficeProfile


def office_named(office: OfficeProfile) -> bool:
    """Whether the letterhead names the office and its address (the settings file, not the database)."""
    return bool(office.name.strip() and office.street.strip() and office.city.strip())


def setup_counts(session: Session, office: OfficeProfile) -> SetupCounts:
    """The counts for the set-up rule, with whether the office's letterhead is filled in."""

    def count(stmt: sa.Select[int]) -> int:
        return session.scalar(stmt) or 0

    with session.begin():
        return SetupCounts(
            office_named=office_named(office),
            municipalities=count(sa.select(sa.func.count(Municipality.id)).where(Municipality.retired.is_(False))),
            providers=count(
                sa.select(sa.func.count(Organisation.id)).where(Organisation.kind == OrganisationKind.KURSTRAEGER)
            ),
            locations=count(sa.select(sa.func.count(CourseLocation.id))),
            travel_times=count(sa.select(sa.func.count()).select_from(TravelTime)),
            courses=count(sa.select(sa.func.count(Course.id))),
            accounts=count(sa.select(sa.func.count(Advisor.id)).where(Advisor.active.is_(True))),
        )
