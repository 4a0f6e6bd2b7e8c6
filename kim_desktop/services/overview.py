"""Counts of what the database holds, for the start page, the About dialog and `kim-desktop info`."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import (
    CounsellingSession,
    Course,
    FollowUp,
    Organisation,
    Person,
    Referral,
    WaitingListEntry,
)
from kim_desktop.domain.enums import WaitingStatus


@dataclass(frozen=True)
class DatabaseOverview:
    """How many records of each main kind the database holds."""

    people: int
    sessions: int
    open_follow_ups: int
    courses: int
    referrals: int
    organisations: int
    waiting: int


def database_overview(session: Session) -> DatabaseOverview:
    """Count the main records (one read transaction)."""

    def count(stmt: sa.Select[int]) -> int:
        return int(session.scalar(stmt) or 0)

    with session.begin():
        return DatabaseOverview(
            people=count(sa.select(sa.func.count(Person.id))),
            sessions=count(sa.select(sa.func.count(CounsellingSession.id))),
            open_follow_ups=count(sa.select(sa.func.count(FollowUp.id)).where(FollowUp.done_at.is_(None))),
            courses=count(sa.select(sa.func.count(Course.id))),
            referrals=count(sa.select(sa.func.count(Referral.id))),
            organisations=count(sa.select(sa.func.count(Organisation.id))),
            waiting=count(
                sa.select(sa.func.count(WaitingListEntry.id)).where(WaitingListEntry.status == WaitingStatus.OPEN)
            ),
        )
