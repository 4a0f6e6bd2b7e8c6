"""The course-offer exchange format: German columns close to KURSNET, parsed row by row into checked offers."""

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from kim_desktop.db.models import Course
from kim_desktop.db.value_limits import character_problem, value_problem
from kim_desktop.domain.course_labels import course_status_from_text, course_type_from_text
from kim_desktop.domain.enums import CourseStatus, CourseType
from kim_desktop.domain.errors import ImportRowError, KimError
from kim_desktop.domain.text import N_, Text


class ImportFileError(KimError):
    """The file as a whole cannot be read (encoding, missing columns, not a table); names what is wrong."""


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the format: its German name, the field it fills, whether it must be there, other names."""

    name: str
    field: str
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("Kursnummer", "bamf_course_number", False, ("BAMF-Kursnummer", "Kurs-Nr", "Kursnr")),
    ColumnSpec("Kursart", "course_type", True, ("Kurstyp",)),
    ColumnSpec("Titel", "title", False, ("Kurstitel", "Bezeichnung")),
    ColumnSpec("Träger", "provider", True, ("Kursträger", "Anbieter", "Bildungsanbieter")),
    ColumnSpec("Kursort", "location", True, ("Veranstaltungsort", "Standort")),
    ColumnSpec("Kursbeginn", "start_date", True, ("Beginn", "Startdatum")),
    ColumnSpec("Kursende", "end_date", True, ("Ende", "Enddatum")),
    ColumnSpec("Wochentage", "weekdays", True, ("Unterrichtstage",)),
    ColumnSpec("Uhrzeit von", "start_time", True, ("Beginn Uhrzeit", "Zeit von")),
    ColumnSpec("Uhrzeit bis", "end_time", True, ("Ende Uhrzeit", "Zeit bis")),
    ColumnSpec("UE pro Woche", "ue_per_week", True, ("UE/Woche", "Unterrichtseinheiten pro Woche")),
    ColumnSpec("Modul", "current_module", False, ("Aktuelles Modul", "Kursabschnitt")),
    ColumnSpec("Plätze gesamt", "max_seats", True, ("Teilnehmer max", "Max Teilnehmende", "Plätze max")),
    ColumnSpec("Plätze belegt", "booked", False, ("Teilnehmer gebucht", "Gebuchte Teilnehmende", "belegt")),
    ColumnSpec("Anmeldeschluss", "registration_deadline", False, ("Anmeldefrist",)),
    ColumnSpec("Kinderbetreuung Plätze", "childcare_places", False, ("Kinderbetreuung",)),
    ColumnSpec("Kinderbetreuung ab Monate", "childcare_min_age_months", False),
    ColumnSpec("Kinderbetreuung bis Jahre", "childcare_max_age_years", False),
    ColumnSpec("Status", "status", False),
    ColumnSpec("Stand", "reported_at", False, ("Stand der Belegung", "Meldedatum")),
)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)
_DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")


@dataclass(frozen=True)
class RawTable:
    """Cells of a file as text: the header and each data row with its row number in the file.

    `rows` may be read once only: a large file is streamed from disk, never held whole.
    """

    header: tuple[str, ...]
    rows: Iterable[tuple[int, Sequence[str]]]


@dataclass(frozen=True, slots=True)
class CourseOffer:
    """One checked row: a course as the provider lists it (None: not given, keep what the database has)."""

    row: int
    provider: str
    location: str
    course_type: CourseType
    start_date: date
    end_date: date
    weekdays_mask: int
    start_time: time
    end_time: time
    ue_per_week: int
    max_seats: int
    bamf_course_number: str | None = None
    title: str | None = None
    current_module: int | None = None
    booked: int | None = None
    registration_deadline: date | None = None
    childcare_places: int | None = None
    childcare_min_age_months: int | None = None
    childcare_max_age_years: int | None = None
    status: CourseStatus | None = None
    reported_at: datetime | None = None


@dataclass(frozen=True)
class ParsedOffers:
    """The result of reading a file: good offers, rejected rows with reasons, and which columns it has."""

    offers: tuple[CourseOffer, ...]
    rejected: tuple[ImportRowError, ...]
    fields_present: frozenset[str]


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[.:]", " ", name.lstrip("\ufeff")).casefold().split())


_BY_NAME = {_fold(alias): spec for spec in COLUMNS for alias in (spec.name, *spec.aliases)}


def count_known_columns(header: Sequence[str]) -> int:
    """How many cells of a header name a column of the format (to tell delimiters apart)."""
    return sum(1 for name in header if _fold(name) in _BY_NAME)


def map_header(header: Sequence[str]) -> dict[str, int]:
    """Field name -> column index; raises ImportFileError naming every missing required column."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        spec = _BY_NAME.get(_fold(name))
        if spec is not None and spec.field not in found:
            found[spec.field] = index
    missing = [c.name for c in COLUMNS if c.required and c.field not in found]
    if missing:
        raise ImportFileError(
            Text(
                N_("Es fehlen Spalten: {missing}. Gefundene Spalten: {found}"),
                missing=", ".join(missing),
                found=", ".join(h for h in header if h),
            )
        )
    return found


def parse_date(text: str) -> date:
    """TT.MM.JJJJ (also T.M.JJ) or ISO JJJJ-MM-TT (a time part is ignored); ValueError otherwise."""
    text = text.strip().split(" ")[0].split("T")[0]
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})", text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        return date(year + 2000 if year < 100 else year, month, day)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(text)


def parse_datetime(text: str) -> datetime:
    """A date with an optional time ('20.11.2026 14:30' or ISO)."""
    day = parse_date(text)
    rest = text.strip().replace("T", " ").split(" ")[1:]
    moment = parse_time(rest[0]) if rest and rest[0] else time(0, 0)
    return datetime.combine(day, moment)


def parse_time(text: str) -> time:
    """'8:30', '08.30', '08:30:00' or '8' (full hour)."""
    m = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?(?:\s*Uhr)?", text.strip())
    if m is None:
        raise ValueError(text)
    return time(int(m[1]), int(m[2] or 0))


def parse_weekdays(text: str) -> int:
    """'Mo–Fr', 'Mo-Do', 'Mo, Mi, Fr', 'Montag bis Freitag' -> weekday mask (Monday = bit 0)."""
    mask = 0
    cleaned = re.sub(r"\s*(?:–|—|-|bis)\s*", "-", text.strip().casefold())
    for part in re.split(r"[,;/+\s]|und", cleaned):
        if not part:
            continue
        ends = part.split("-")
        if len(ends) > 2 or any(e[:2] not in _DAYS for e in ends):
            raise ValueError(text)
        first, last = _DAYS.index(ends[0][:2]), _DAYS.index(ends[-1][:2])
        if last < first:
            raise ValueError(text)
        for day in range(first, last + 1):
            mask |= 1 << day
    if not mask:
        raise ValueError(text)
    return mask


def parse_count(text: str) -> int:
    """A whole number not below zero ('25', '25,0' from a spreadsheet)."""
    value = float(text.strip().replace(",", "."))
    if value < 0 or value != int(value):
        raise ValueError(text)
    return int(value)


_PARSERS = {
    "course_type": (course_type_from_text, N_("„{text}“ ist keine bekannte Kursart")),
    "status": (
        course_status_from_text,
        N_("„{text}“ ist kein bekannter Status (geplant, offen, läuft, beendet, abgesagt)"),
    ),
    "start_date": (parse_date, N_("„{text}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)")),
    "end_date": (parse_date, N_("„{text}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)")),
    "registration_deadline": (parse_date, N_("„{text}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)")),
    "reported_at": (parse_datetime, N_("„{text}“ ist kein gültiges Datum (TT.MM.JJJJ, optional mit Uhrzeit)")),
    "start_time": (parse_time, N_("„{text}“ ist keine gültige Uhrzeit (HH:MM)")),
    "end_time": (parse_time, N_("„{text}“ ist keine gültige Uhrzeit (HH:MM)")),
    "weekdays": (parse_weekdays, N_("„{text}“ sind keine gültigen Wochentage (z. B. „Mo–Fr“ oder „Mo, Mi, Fr“)")),
}
_COUNT_FIELDS = (
    "ue_per_week",
    "max_seats",
    "current_module",
    "booked",
    "childcare_places",
    "childcare_min_age_months",
    "childcare_max_age_years",
)
_COLUMN_NAME = {c.field: c.name for c in COLUMNS}
_REQUIRED_FIELDS = frozenset(c.field for c in COLUMNS if c.required)
_NAME_FIELDS = frozenset({"provider", "location"})
# The course column each stored field of the format goes into (its limits are the model's, not restated here).
_STORED_IN = {
    field: Course.__table__.c[{"booked": "booked_reported"}.get(field, field)]
    for field in (*_COUNT_FIELDS, "bamf_course_number", "title")
}


def _parse_row(row: int, cells: Sequence[str], columns: dict[str, int]) -> CourseOffer | ImportRowError:
    values: dict[str, object] = {}
    for field, index in columns.items():
        text = cells[index].strip() if index < len(cells) else ""
        if not text:
            if field in _REQUIRED_FIELDS:
                return ImportRowError(row, _COLUMN_NAME[field], Text(N_("Pflichtfeld ist leer")))
            continue
        if (bad_character := character_problem(text)) is not None:
            return ImportRowError(row, _COLUMN_NAME[field], bad_character)
        if field in _PARSERS:
            parse, problem = _PARSERS[field]
            try:
                value = parse(text)
            except ValueError:
                value = None
            if value is None:
                return ImportRowError(row, _COLUMN_NAME[field], Text(problem, text=text))
            values[field] = value
        elif field in _COUNT_FIELDS:
            try:
                values[field] = parse_count(text)
            except ValueError:
                return ImportRowError(
                    row, _COLUMN_NAME[field], Text(N_("„{text}“ ist keine ganze Zahl ab 0"), text=text)
                )
        else:
            values[field] = sys.intern(text) if field in _NAME_FIELDS else text  # names repeat on every row
        if field in _STORED_IN and (too_big := value_problem(_STORED_IN[field], values[field])) is not None:
            return ImportRowError(row, _COLUMN_NAME[field], too_big)
    return _checked(row, values)


def _checked(row: int, v: dict[str, object]) -> CourseOffer | ImportRowError:
    weekdays = v.pop("weekdays")
    assert isinstance(weekdays, int)
    offer = CourseOffer(row=row, weekdays_mask=weekdays, **v)  # type: ignore[arg-type]  # fields checked above
    if offer.end_date < offer.start_date:
        return ImportRowError(row, "Kursende", Text(N_("Kursende liegt vor dem Kursbeginn")))
    if offer.end_time <= offer.start_time:
        return ImportRowError(row, "Uhrzeit bis", Text(N_("Endzeit liegt nicht nach der Anfangszeit")))
    if offer.max_seats <= 0:
        return ImportRowError(row, "Plätze gesamt", Text(N_("muss größer als 0 sein")))
    if offer.ue_per_week <= 0:
        return ImportRowError(row, "UE pro Woche", Text(N_("muss größer als 0 sein")))
    if offer.current_module is not None and offer.current_module < 1:
        return ImportRowError(row, "Modul", Text(N_("muss 1 oder größer sein")))
    return offer


def offer_key(offer: CourseOffer) -> tuple[str, ...]:
    """The identity of a course in a file: its BAMF course number, else provider, location, start and type."""
    if offer.bamf_course_number:
        return ("nr", offer.bamf_course_number.casefold())
    return (
        "kurs",
        offer.provider.casefold(),
        offer.location.casefold(),
        offer.start_date.isoformat(),
        offer.course_type,
    )


class OfferStream:
    """The checked rows of a table in file order, each a CourseOffer or an ImportRowError; read once, row by row.

    The header is checked at once (ImportFileError naming every missing column); rows are checked as they are
    read, so a file of any size needs memory only for the keys that find duplicate courses.
    """

    def __init__(self, table: RawTable) -> None:
        self.columns = map_header(table.header)
        self.fields_present = frozenset(self.columns)
        self._rows = table.rows

    def __iter__(self) -> Iterator[CourseOffer | ImportRowError]:
        """Each non-empty row checked: accepted whole, or rejected with its first problem (row and column named)."""
        seen: dict[tuple[str, ...], int] = {}
        for row, cells in self._rows:
            if not "".join(cells).strip():  # an empty row (quicker than a strip per cell)
                continue
            result = _parse_row(row, cells, self.columns)
            if isinstance(result, ImportRowError):
                yield result
                continue
            key = offer_key(result)
            if key in seen:
                column = "Kursnummer" if key[0] == "nr" else "Träger/Kursort/Kursbeginn/Kursart"
                why = Text(N_("doppelt: derselbe Kurs steht schon in Zeile {row}"), row=seen[key])
                yield ImportRowError(row, column, why)
                continue
            seen[key] = row
            yield result


def collect_offers(stream: OfferStream) -> ParsedOffers:
    """Every checked row of a stream, kept in memory (for small files; an import reads the stream row by row)."""
    offers: list[CourseOffer] = []
    rejected: list[ImportRowError] = []
    for result in stream:
        if isinstance(result, ImportRowError):
            rejected.append(result)
        else:
            offers.append(result)
    return ParsedOffers(tuple(offers), tuple(rejected), stream.fields_present)


def parse_offers(table: RawTable) -> ParsedOffers:
    """Check every row of a table and keep them all."""
    return collect_offers(OfferStream(table))


def rows_from(lines: Iterable[Sequence[str]], first_row: int = 1) -> RawTable:
    """A RawTable from rows of cells, the first being the header; row numbers count from first_row.

    The header is read at once (ImportFileError for an empty file); the other rows as the table is read.
    """
    iterator = iter(lines)
    header = next(iterator, None)
    if header is None:
        raise ImportFileError(Text(N_("Die Datei ist leer.")))
    body = ((first_row + 1 + i, cells) for i, cells in enumerate(iterator))
    return RawTable(tuple(header), body)
