"""The printable "Freie Kursplätze" sheet (reportlab, imported only when a sheet is made)."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kim_desktop.documents.table_document import Cell, CellValue, TableDocument
from kim_desktop.whole_files import write_whole


@dataclass(frozen=True)
class FreeSeatLine:
    """One course with free seats, as the notice-board sheet shows it."""

    course_type: str
    provider: str
    location: str
    address: str
    start: date
    schedule: str
    module: int
    free: int
    max_seats: int
    childcare: str
    deadline: date | None


@dataclass(frozen=True)
class FreeSeatsSheet:
    """The sheet: a title, the office that issues it, the moment the seats were counted, the lines."""

    title: str
    issuer: str
    counted_at: datetime
    lines: tuple[FreeSeatLine, ...]


HEADER = ("Kursart", "Träger und Kursort", "Beginn", "Tage und Zeiten", "Modul", "Frei", "Kinderbetreuung",
          "Anmeldung bis")  # fmt: skip
_WIDTHS_MM = (40, 62, 20, 38, 15, 27, 50, 21)  # 273 mm between the 12 mm margins of A4 landscape


def _row(line: FreeSeatLine) -> tuple[CellValue, ...]:
    free = f"{line.free} von {line.max_seats}"
    return (
        line.course_type,
        Cell((line.provider, line.location, line.address)),
        f"{line.start:%d.%m.%Y}",
        line.schedule,
        str(line.module),
        Cell((free,), large=True) if line.free else free,
        line.childcare,
        f"{line.deadline:%d.%m.%Y}" if line.deadline else "–",
    )


def write_free_seats_pdf(path: Path, sheet: FreeSeatsSheet) -> None:
    """Write the sheet as an A4 landscape PDF with a repeated table header and page numbers."""
    from kim_desktop.documents.table_pdf import render_table_document  # reportlab: only when a sheet is made

    counted = f"Stand: {sheet.counted_at:%d.%m.%Y, %H:%M} Uhr"
    intro = (
        f"{len(sheet.lines)} Kurse mit freien Plätzen. Frei = Plätze abzüglich Anmeldungen und gültiger "
        "Reservierungen. Vermittlung über die Beratungsstellen des Netzwerks."
        if sheet.lines
        else "Zurzeit sind keine Kursplätze frei."
    )
    document = TableDocument(
        title=sheet.title,
        lines=(f"{sheet.issuer} – {counted}", intro),
        header=HEADER,
        rows=tuple(_row(line) for line in sheet.lines),
        preferred_mm=_WIDTHS_MM,
        empty="Keine Kurse mit freien Plätzen.",
        author=sheet.issuer,
        footer=f"{sheet.issuer} · {counted}",
        size=8.5,
        dark_header=True,
    )
    write_whole(path, render_table_document(document))
