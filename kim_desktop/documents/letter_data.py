"""Frozen input of a letter: everything a referral or appointment letter prints, with no database behind it."""

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from kim_desktop.domain.course_costs import CostStatement
from kim_desktop.domain.enums import CourseType, PermissionKind


@dataclass(frozen=True)
class Office:
    """The issuing office: letterhead, return address and footer."""

    name: str
    department: str
    street: str
    postcode: str
    city: str
    phone: str
    email: str
    opening_hours: str
    logo_path: Path | None = None


@dataclass(frozen=True)
class Advisor:
    """The person at the desk who signs the letter and answers questions."""

    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class Person:
    """The addressee."""

    family_name: str
    given_names: str
    birth_date: date | None
    street: str
    postcode: str
    city: str

    @property
    def full_name(self) -> str:
        """Given names, then family name, as on an envelope: on one line, whatever breaks or tabs were stored."""
        return " ".join(f"{self.given_names} {self.family_name}".split())


@dataclass(frozen=True)
class Permission:
    """The person's permission to attend (or obligation to attend) an integration course."""

    kind: PermissionKind
    issuer: str
    issued_on: date | None
    expires_on: date | None
    obliged: bool
    file_number: str = ""


@dataclass(frozen=True)
class Course:
    """The course offered, with how to get there and when it runs."""

    course_type: CourseType
    entry_module: int | None
    provider_name: str
    provider_address: str
    provider_phone: str
    location_name: str
    location_address: str
    transit_notes: str
    start_date: date
    weekdays_mask: int
    start_time: time
    end_time: time
    ue_per_week: int
    childcare: str = ""
    childcare_places: int | None = None
    registration_deadline: date | None = None  # the register-by date printed: never after seat_held_until
    seat_held_until: date | None = None  # last day the provider holds the seat for the person, if held


@dataclass(frozen=True)
class ReferralLetterData:
    """Everything a referral letter (Vermittlungsschreiben) prints."""

    office: Office
    advisor: Advisor
    person: Person
    permission: Permission
    course: Course
    costs: CostStatement  # every cost sentence follows from it
    language: str
    issue_date: date
    reference: str


@dataclass(frozen=True)
class AppointmentLetterData:
    """Everything an invitation to a counselling appointment (Einladung zum Beratungstermin) prints."""

    office: Office
    advisor: Advisor
    person: Person
    appointment_date: date
    appointment_time: time
    place_name: str
    place_address: str
    room: str
    transit_notes: str
    interpreter_language: str
    language: str
    issue_date: date
    reference: str


@dataclass(frozen=True)
class RenderedLetter:
    """A rendered letter and which texts (language → text version) went into it, to store and reprint."""

    pdf: bytes
    languages: tuple[str, ...]
    text_versions: tuple[tuple[str, str], ...]

    def text_version(self, language: str) -> str | None:
        """Version of the text used for one language, or None if that language is not in the letter."""
        return dict(self.text_versions).get(language)


@dataclass(frozen=True)
class RenderedBatch:
    """Several letters in one PDF, and for each letter (in order) which texts went into it."""

    pdf: bytes
    text_versions: tuple[tuple[tuple[str, str], ...], ...]

    def text_version(self, index: int, language: str) -> str | None:
        """Version of the text used for one language in the index-th letter, or None if not in it."""
        return dict(self.text_versions[index]).get(language)
