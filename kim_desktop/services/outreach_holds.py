"""Provisional holds: which referrals of an outreach copy were reserved offline (marked, and worded as requested)."""

import json
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import OutreachCopy, OutreachOperation, Referral
from kim_desktop.domain.enums import ReferralState


def provisional_referral_ids(session: Session) -> set[int]:
    """On an outreach copy: the referrals whose hold was taken offline (provisional until confirmed at the office)."""
    with session.begin():
        return provisional_in(session)


def provisional_days(session: Session, referral_id: int, today: date) -> int | None:
    """Within how many days a hold taken offline is confirmed (the days left of the copy); None if not provisional."""
    copy = session.scalars(sa.select(OutreachCopy)).first()
    if copy is None or referral_id not in provisional_in(session):
        return None
    return max(1, (copy.expires_at.date() - today).days)


def provisional_in(session: Session) -> set[int]:
    """The provisional referral ids inside an open transaction (none on an ordinary database)."""
    if session.scalar(sa.select(sa.func.count()).select_from(OutreachCopy)) == 0:
        return set()
    ids: set[int] = set()
    for created in session.scalars(
        sa.select(OutreachOperation.created).where(OutreachOperation.kind == "reserve_seat")
    ):
        ids.update(json.loads(created).get("referrals", []))
    for params in session.scalars(  # a proposal turned into a hold offline is provisional as well
        sa.select(OutreachOperation.params).where(OutreachOperation.kind == "transition_referral")
    ):
        change = json.loads(params)
        if change["to_state"] == ReferralState.RESERVED.value and change["referral"] is not None:
            ids.add(change["referral"]["id"])
    return ids


def provisional_per_course(session: Session) -> dict[int, int]:
    """On an outreach copy: per course, how many of its held seats were taken offline (still provisional)."""
    with session.begin():
        return provisional_counts_in(session)


def provisional_counts_in(session: Session) -> dict[int, int]:
    """provisional_per_course inside an open transaction (empty on an ordinary database)."""
    ids = provisional_in(session)
    if not ids:
        return {}
    rows = session.execute(
        sa.select(Referral.course_id, sa.func.count())
        .where(Referral.id.in_(ids), Referral.state == ReferralState.RESERVED)
        .group_by(Referral.course_id)
    )
    return {course_id: int(n) for course_id, n in rows}
