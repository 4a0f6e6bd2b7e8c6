"""A small office with hand-countable figures for the KIM report tests (period 2026Q3, computed on 30.09.2026)."""

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.db.models import (
    CounsellingSession,
    Course,
    CourseLocation,
    Municipality,
    Organisation,
    Permission,
    Person,
    Referral,
    Topic,
    TravelTime,
    WaitingListEntry,
)
from kim_desktop.domain.enums import (
    Channel,
    CourseStatus,
    CourseType,
    OrganisationKind,
    PermissionKind,
    ReferralState,
    WaitingStatus,
)

TODAY = date(2026, 9, 30)
START, END = date(2026, 7, 1), date(2026, 9, 30)


def _at(day: str, clock: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}")


def build_office(sessions: sessionmaker[Session], prefix: str) -> None:
    """Add one office's network, courses, four people, their sessions, referrals and waiting-list entries."""
    with sessions() as s, s.begin():
        topic = {t.code: t for t in s.scalars(sa.select(Topic))}
        dorf, stadt = Municipality(name=f"{prefix}Dorf"), Municipality(name=f"{prefix}Stadt")
        vhs = Organisation(name=f"{prefix}VHS", kind=OrganisationKind.KURSTRAEGER)
        loc = CourseLocation(provider=vhs, name="Haus am Markt", street="Markt 1", postcode="12345",
                             municipality=stadt, childcare_on_site=True)  # fmt: skip
        s.add_all([dorf, stadt, vhs, loc])
        s.flush()
        s.add_all([TravelTime(municipality_id=dorf.id, location_id=loc.id, minutes=55),
                   TravelTime(municipality_id=stadt.id, location_id=loc.id, minutes=10)])  # fmt: skip

        def course(
            number: str, kind: CourseType, start: date, seats: int, at: time, care: int, st: CourseStatus
        ) -> Course:
            c = Course(bamf_course_number=f"{prefix}-{number}", course_type=kind, provider=vhs, location=loc,
                       start_date=start, end_date=date(2027, 6, 30), weekdays_mask=31, start_time=at,
                       end_time=time(at.hour + 4), ue_per_week=25, max_seats=seats, childcare_places=care,
                       status=st)  # fmt: skip
            s.add(c)
            return c

        c1 = course("001", CourseType.ALLGEMEIN, date(2026, 8, 3), 20, time(8, 30), 0, CourseStatus.RUNNING)
        c2 = course("002", CourseType.ALPHA, date(2026, 10, 5), 16, time(9), 5, CourseStatus.OPEN)
        c3 = course("003", CourseType.ALLGEMEIN, date(2026, 9, 14), 15, time(14), 0, CourseStatus.OPEN)

        def person(n: int, muni: Municipality | None, first: date | None) -> Person:
            p = Person(family_name=f"{prefix}Name{n}", given_names="Vorname", search_key=f"{prefix}name{n}",
                       municipality=muni, first_contact_on=first)  # fmt: skip
            s.add(p)
            return p

        p1 = person(1, dorf, date(2026, 6, 10))
        p2 = person(2, stadt, None)
        p3 = person(3, dorf, date(2026, 7, 1))
        p4 = person(4, None, date(2026, 5, 1))
        s.flush()

        def talk(p: Person, at: datetime, channel: Channel, codes: list[str], interpreter: str | None = None) -> None:
            s.add(CounsellingSession(person_id=p.id, held_at=at, channel=channel, interpreter_language=interpreter,
                                     topics=[topic[c] for c in codes]))  # fmt: skip

        talk(p1, _at("2026-06-15"), Channel.IN_PERSON, ["course_placement"])
        talk(p1, _at("2026-07-02"), Channel.PHONE, ["childcare", "transport"], "ar")
        talk(p1, _at("2026-08-10"), Channel.IN_PERSON, ["childcare"])
        talk(p2, _at("2026-07-20"), Channel.IN_PERSON, ["course_placement", "times"])
        talk(p2, _at("2026-09-30", "16:00"), Channel.VIDEO, ["other"])
        talk(p3, _at("2026-07-01", "08:00"), Channel.IN_PERSON, ["permission", "childcare"], "fa")
        talk(p4, _at("2026-06-30", "23:59"), Channel.PHONE, ["other"])
        talk(p4, _at("2026-10-01"), Channel.PHONE, ["other"])

        def refer(p: Person, c: Course, state: ReferralState, created: str, **dates: date) -> None:
            s.add(Referral(person_id=p.id, course=c, state=state, created_at=_at(created), **dates))

        refer(p1, c1, ReferralState.STARTED, "2026-07-05", registered_on=date(2026, 7, 10), started_on=date(2026, 8, 3))
        refer(p2, c1, ReferralState.STARTED, "2026-07-21", started_on=date(2026, 8, 3))
        refer(p3, c3, ReferralState.REGISTERED, "2026-07-02", registered_on=date(2026, 7, 3))
        refer(p4, c3, ReferralState.RESERVED, "2026-09-12", hold_until=date(2026, 9, 15))
        refer(p3, c2, ReferralState.PROPOSED, "2026-06-20")
        refer(p4, c1, ReferralState.STARTED, "2026-05-01", started_on=date(2026, 8, 3))

        def permit(p: Person, issued: date, registered: date | None, obliged: bool = True) -> None:
            s.add(Permission(person_id=p.id, kind=PermissionKind.VERPFLICHTUNG, issued_on=issued, obliged=obliged,
                             registered_with_provider_on=registered))  # fmt: skip

        permit(p1, date(2026, 7, 1), date(2026, 7, 10))  # 9 days: without delay
        permit(p2, date(2026, 7, 1), date(2026, 7, 20))  # 19 days: late
        permit(p3, date(2026, 7, 10), None)  # overdue on 30.09.
        permit(p4, date(2026, 9, 25), None)  # pending: 5 days
        permit(p4, date(2026, 8, 1), None, obliged=False)  # not obliged
        permit(p1, date(2026, 6, 30), None)  # before the period

        def wait(muni: Municipality, kind: CourseType, parts: str, care: bool, created: str,
                 status: WaitingStatus = WaitingStatus.OPEN, resolved: str | None = None) -> None:  # fmt: skip
            s.add(WaitingListEntry(person_id=p3.id, course_type=kind, municipality_id=muni.id, parts_of_day=parts,
                                   childcare_needed=care, status=status, created_at=_at(created),
                                   resolved_at=_at(resolved) if resolved else None))  # fmt: skip

        wait(dorf, CourseType.ALPHA, "morning", True, "2026-09-01")  # 29 days
        wait(dorf, CourseType.ALPHA, "morning,afternoon", True, "2026-08-31")  # 30 days
        wait(dorf, CourseType.ALPHA, "morning", True, "2026-07-01")  # 91 days
        wait(stadt, CourseType.ALLGEMEIN, "evening", False, "2026-09-20", WaitingStatus.PLACED, "2026-09-25")
        wait(stadt, CourseType.ALLGEMEIN, "evening", False, "2026-09-20", WaitingStatus.PLACED, "2026-10-02")
        wait(dorf, CourseType.ALPHA, "morning", True, "2026-10-01")  # after the period
