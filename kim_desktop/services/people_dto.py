"""Frozen data passed into and out of the people and counselling services (no ORM object leaves them)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from kim_desktop.domain.case_warnings import CaseWarning
from kim_desktop.domain.enums import (
    Channel,
    CourseType,
    FeeExemption,
    GermanLevel,
    Literacy,
    PartOfDay,
    PermissionKind,
    ReferralState,
    Sex,
)
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text

Slot = tuple[int, PartOfDay]  # weekday (Monday = 0) and part of the day


@dataclass(frozen=True)
class PermissionInput:
    """The person's current permission as entered in the form (id set when editing an existing one)."""

    kind: PermissionKind
    issuer_id: int | None = None
    issuer_name: str | None = None
    file_number: str | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    obliged: bool = False
    registered_with_provider_on: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class ChildInput:
    """A child as entered in the form."""

    birth_date: date | None
    needs_care: bool = True


@dataclass(frozen=True)
class PersonInput:
    """Every field of the person form; strings are kept exactly as typed (only surrounding blanks go)."""

    family_name: str
    given_names: str = ""
    birth_date: date | None = None
    birth_place: str | None = None
    sex: Sex = Sex.UNSPECIFIED
    street: str | None = None
    postcode: str | None = None
    municipality_id: int | None = None
    phone: str | None = None
    email: str | None = None
    nationalities: str = ""
    first_language: str | None = None
    other_languages: str = ""
    interpreter_needed: bool = False
    letter_language: str | None = None
    literacy: Literacy = Literacy.LATIN
    school_years: int | None = None
    education: str | None = None
    german_level: GermanLevel = GermanLevel.NONE
    placement_test_date: date | None = None
    placement_test_result: str | None = None
    recommended_course_type: CourseType | None = None
    recommended_module: int | None = None
    residence_status: str | None = None
    jobcenter_customer_number: str | None = None
    fee_exemption: FeeExemption = FeeExemption.NONE
    travel_subsidy_requested: bool = False
    needs_childcare: bool = False
    travel_public_transport: bool = True
    travel_car: bool = False
    travel_on_foot: bool = False
    max_travel_minutes: int | None = None
    employment: str | None = None
    working_hours: str | None = None
    special_needs: str | None = None
    first_contact_on: date | None = None
    permission: PermissionInput | None = None
    children: tuple[ChildInput, ...] = ()
    availability: frozenset[Slot] = field(default_factory=frozenset)


@dataclass(frozen=True)
class PermissionDetails:
    """A stored permission."""

    id: int
    kind: PermissionKind
    issuer_id: int | None
    issuer_name: str | None
    file_number: str | None
    issued_on: date | None
    expires_on: date | None
    obliged: bool
    registered_with_provider_on: date | None


@dataclass(frozen=True)
class ChildDetails:
    """A stored child."""

    id: int
    birth_date: date
    needs_care: bool


@dataclass(frozen=True)
class PersonDetails:
    """A stored person with everything the form and the case view show."""

    id: int
    version: int
    data: PersonInput  # the current values, ready to fill the form
    municipality_name: str | None
    permissions: tuple[PermissionDetails, ...]
    children: tuple[ChildDetails, ...]
    availability: frozenset[Slot]
    created_at: datetime
    updated_at: datetime

    @property
    def display_name(self) -> str:
        """'Family, Given' exactly as typed."""
        return f"{self.data.family_name}, {self.data.given_names}" if self.data.given_names else self.data.family_name

    @property
    def current_permission(self) -> PermissionDetails | None:
        """The newest permission (the one the form edits)."""
        return max(self.permissions, key=lambda p: p.id, default=None)


@dataclass(frozen=True)
class PersonRow:
    """One line of the search list: who, and the status at a glance."""

    id: int
    family_name: str
    given_names: str
    birth_date: date | None
    municipality_name: str | None
    phone: str | None
    permission_kind: PermissionKind | None
    permission_expires_on: date | None
    file_number: str | None
    open_referral_state: ReferralState | None
    next_follow_up_on: date | None
    on_waiting_list: bool


@dataclass(frozen=True)
class DuplicateCandidate:
    """An existing person who may be the same as the one being entered."""

    id: int
    family_name: str
    given_names: str
    birth_date: date | None
    municipality_name: str | None
    reason: Text  # e.g. "gleicher Name und Geburtsdatum"


class PossibleDuplicates(KimError):  # noqa: N818 - named for what the advisor is told
    """Registering was stopped because similar people exist; confirm to create anyway."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        self.candidates = candidates
        super().__init__(Text(N_("{count} mögliche Dublette(n)"), count=len(candidates)))


@dataclass(frozen=True)
class SessionInput:
    """A counselling session as entered, with the follow-up it agrees on."""

    person_id: int
    held_at: datetime
    channel: Channel
    interpreter_language: str | None = None
    topic_ids: tuple[int, ...] = ()
    notes: str = ""
    next_steps: str = ""
    follow_up_on: date | None = None
    follow_up_assignee_id: int | None = None
    follow_up_note: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    """One entry of a case's timeline: a session, a referral or a change of a referral's state."""

    at: datetime
    kind: str  # "session", "referral_event", "follow_up_done"
    title: Text
    text: Text
    advisor_name: str | None


@dataclass(frozen=True)
class FollowUpRow:
    """A due follow-up for the 'Meine Wiedervorlagen' list."""

    id: int
    person_id: int
    person_name: str
    birth_date: date | None
    due_on: date
    days_overdue: int
    assigned_to_id: int | None
    assigned_to_name: str | None
    note: str


@dataclass(frozen=True)
class CaseFile:
    """What the case view shows: the person, warnings, timeline and open follow-ups."""

    person: PersonDetails
    warnings: tuple[CaseWarning, ...]
    timeline: tuple[TimelineEntry, ...]
    open_follow_ups: tuple[FollowUpRow, ...]
    open_referral: Text | None  # summary of the newest open referral
    on_waiting_list: bool


@dataclass(frozen=True)
class Choice:
    """An entry of a pick list (municipality, advisor, topic, issuer)."""

    id: int
    label: str
    extra: str = ""  # e.g. a municipality's postcodes
