"""Frozen input of a letter: everything a referral or appointment letter prints, with no database behind it."""

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from kim_desktop.domain.course_costs import CostStatement
from kim_desktop.domain.enums import CourseType, PermissionKind
from kim_desktop.domain.transit_journey import JourneyLeg


@dataclass(frozen=True)
class OpeningTime:
    """Days of the week (0 = Monday) with the same hours, e.g. Mo–Do 08:30–12:00."""

    weekdays: tuple[int, ...]
    hours: tuple[tuple[time, time], ...]


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
    opening_hours: str  # as the administrator typed it (the German letterhead prints it so)
    logo_path: Path | None = None
    # The same hours read into days and times, for writing them in the person's language; None when the typed
    # text could not be read (a translated part then prints it as typed, marked as German).
    opening_times: tuple[OpeningTime, ...] | None = None


@dataclass(frozen=True)
class Childcare:
    """Course-accompanying childcare: how many places (0: none) and for which ages, if known."""

    places: int = 0
    min_age_months: int | None = None
    max_age_years: int | None = None


@dataclass(frozen=True)
class WayThere:
    """How the person gets to the course location: the facts, so each language writes its own sentences.

    Only the notes are free text (typed by an administrator) and are printed as typed, marked as German in a
    translated part. The journey reads in order: from the person's municipality (connection), at the course
    location (location notes), then the travel time.
    """

    origin: str = ""  # the municipality the travel time is reckoned from (the person's)
    minutes: int | None = None  # travel time by public transport from origin, if known
    connection_notes: str = ""  # typed: how to get from origin to the location's town (lines, changes)
    location_notes: str = ""  # typed: bus lines and stops at the course location
    # From the timetable (instead of the typed notes): the rides in order, the walk from the last stop, the
    # first ride back after the course, and whether the connection runs on every course day.
    rides: tuple[JourneyLeg, ...] = ()
    walk_minutes: int = 0
    back: JourneyLeg | None = None
    every_day: bool = True

    @property
    def empty(self) -> bool:
        """Nothing is known about the way there."""
        return not (self.connection_notes.strip() or self.location_notes.strip() or self.minutes or self.rides)


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
    way: WayThere
    start_date: date
    weekdays_mask: int
    start_time: time
    end_time: time
    ue_per_week: int
    childcare: Childcare = Childcare()
    registration_deadline: date | None = None  # the register-by date printed: never after seat_held_until
    seat_held_until: date | None = None  # last day the provider holds the seat for the person, if held
    seat_provisional_days: int | None = None  # a hold taken offline (outreach): confirmed within so many days
    current_module: int | None = None  # the module the course is in now (a running course), if known


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
    transit_notes: str  # typed by the advisor: printed as typed (marked as German in a translated part)
    interpreter_language: str  # as typed (a German language name, usually)
    language: str
    issue_date: date
    reference: str
    interpreter_language_code: str = ""  # the same language as a code ("ar"), when it is one the texts name


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
