"""What a registration list (Anmeldeliste) prints: frozen data, column headers and cells, without reportlab."""

from dataclasses import dataclass
from datetime import date

from kim_desktop.documents.formatting import format_date
from kim_desktop.domain.consent_scope import LeftOut


@dataclass(frozen=True)
class RegistrationEntry:
    """One person referred to the course whose consent allows passing these data to the provider."""

    name: str
    birth_date: date | None
    address: str
    phone: str
    permission: str
    file_number: str
    entry_module: int | None
    childcare: str
    state: str


@dataclass(frozen=True)
class RegistrationList:
    """Everything the registration list prints."""

    office: str
    advisor: str
    provider: str
    course: str
    course_details: str
    created_on: date
    entries: tuple[RegistrationEntry, ...]
    withheld: int  # referred people without a consent to pass their data on: counted only
    left_out_people: tuple[LeftOut, ...] = ()  # per withheld person, for the advisor only, never printed

    @property
    def left_out(self) -> tuple[str, ...]:
        """'Name: reason' per withheld person, in German (terminal, logs)."""
        return tuple(f"{person.name}: {person.reason}" for person in self.left_out_people)

    @property
    def withheld_text(self) -> str:
        """The sentence about people who are only counted ('' if none)."""
        if self.withheld == 0:
            return ""
        if self.withheld == 1:
            return "1 weitere Person ohne Einwilligung zur Weitergabe (nicht namentlich aufgeführt)"
        return f"{self.withheld} weitere Personen ohne Einwilligung zur Weitergabe (nicht namentlich aufgeführt)"


HEADERS = (
    "Nr.",
    "Name",
    "Geburtsdatum",
    "Anschrift",
    "Telefon",
    "Berechtigung",
    "Aktenzeichen",
    "Einstieg Modul",
    "Kinderbetreuung",
    "Stand",
)


def entry_cells(entry: RegistrationEntry) -> tuple[str, ...]:
    """The printed cells of one entry (without the running number), also used for the CSV."""
    return (
        entry.name,
        format_date(entry.birth_date) if entry.birth_date else "",
        entry.address,
        entry.phone,
        entry.permission,
        entry.file_number,
        str(entry.entry_module) if entry.entry_module is not None else "",
        entry.childcare,
        entry.state,
    )
