"""Frozen snapshots and filters of referrals that the referral services take and return (never ORM objects)."""

from dataclasses import dataclass
from datetime import date, datetime

from kim_desktop.domain.enums import CourseType, ReferralState


@dataclass(frozen=True)
class ReferralFilter:
    """Filters of the referral list; None (or False) means any."""

    states: frozenset[ReferralState] | None = None
    provider_id: int | None = None
    course_id: int | None = None
    advisor_id: int | None = None
    person_id: int | None = None
    hold_expiring_within_days: int | None = None
    obliged_not_registered: bool = False
    limit: int = 2000


@dataclass(frozen=True)
class ReferralRow:
    """One referral for the list: person, course, provider, state and the hold or booking dates."""

    id: int
    person_id: int
    person_name: str
    birth_date: date | None
    course_id: int
    course_label: str
    course_type: CourseType
    course_start: date
    provider_id: int
    provider: str
    state: ReferralState
    hold_until: date | None
    registered_on: date | None
    started_on: date | None
    advisor_id: int | None
    advisor: str
    obliged: bool
    letter_language: str | None
    letter_printed_at: datetime | None
    created_at: datetime
    version: int
    provisional: bool = False  # reserved offline on an outreach copy: requested, not yet confirmed by the office


@dataclass(frozen=True)
class ReferralEventRow:
    """One step in a referral's history: from, to, when, who and why."""

    at: datetime
    from_state: ReferralState | None
    to_state: ReferralState
    by: str
    reason: str


@dataclass(frozen=True)
class ReferralDetails:
    """A referral with its history and what the letter needs to know."""

    row: ReferralRow
    entry_module: int | None
    person_letter_language: str | None
    letter_version: str | None
    events: tuple[ReferralEventRow, ...]


@dataclass(frozen=True)
class ReservationResult:
    """A reservation made: the referral and the last day its hold keeps the seat."""

    referral_id: int
    hold_until: date
    free_seats_left: int


@dataclass(frozen=True)
class ReservationPreview:
    """What the refer dialog shows before a seat is reserved."""

    person_name: str
    course_label: str
    provider: str
    course_start: date
    free_seats: int
    hold_until: date
    letter_language: str = "de"  # the letter's second language ("de": German only)
    letter_language_name: str = "Deutsch"  # its name in that language, e.g. "العربية"
    on_outreach_copy: bool = False  # a seat reserved here is provisional until the office confirms it at the sync
    provisional_holds: int = 0  # of the course's held seats, those taken offline on this copy
