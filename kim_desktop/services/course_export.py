"""Exporting the catalogue and the "Freie Kursplätze" list as CSV, XLSX or a printable PDF sheet."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kim_desktop.documents.free_seats_pdf import FreeSeatLine, FreeSeatsSheet, write_free_seats_pdf
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.course_labels import COURSE_STATUS_LABELS, COURSE_TYPE_LABELS
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.schedule import weekdays_text
from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.course_offers import COLUMNS
from kim_desktop.exchange.courses_xlsx import write_xlsx
from kim_desktop.exchange.spreadsheets import Cell, write_csv
from kim_desktop.services.audit import check_if_signed_in, record_export
from kim_desktop.services.courses import CourseFilter, CourseRow, list_courses

EXPORT_SUFFIXES = (".csv", ".xlsx", ".pdf")
# Computed columns after the exchange format's own (an import ignores them).
EXTRA_COLUMNS = (
    "Gemeinde",
    "Adresse",
    "Plätze belegt (Netzwerk)",
    "Plätze reserviert",
    "Plätze frei",
    "Aktive Vermittlungen",
    "Trägermeldung von",
)


@dataclass(frozen=True)
class ExportResult:
    """What was written where."""

    path: Path
    courses: int


def _format_of(path: Path, allowed: Sequence[str]) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise KimError(
            Text(
                N_("Unbekanntes Format „{suffix}“: bitte {allowed} verwenden."),
                suffix=path.suffix,
                allowed=", ".join(allowed),
            )
        )
    return suffix


def _catalogue_cells(row: CourseRow) -> list[Cell]:
    values: dict[str, Cell] = {
        "bamf_course_number": row.bamf_course_number,
        "course_type": COURSE_TYPE_LABELS[row.course_type],
        "title": row.title,
        "provider": row.provider,
        "location": row.location,
        "start_date": row.start_date,
        "end_date": row.end_date,
        "weekdays": weekdays_text(row.weekdays_mask),
        "start_time": row.start_time,
        "end_time": row.end_time,
        "ue_per_week": row.ue_per_week,
        "current_module": row.current_module,
        "max_seats": row.max_seats,
        "booked": row.booked_reported,
        "registration_deadline": row.registration_deadline,
        "childcare_places": row.childcare_places,
        "childcare_min_age_months": row.childcare_min_age_months,
        "childcare_max_age_years": row.childcare_max_age_years,
        "status": COURSE_STATUS_LABELS[row.status],
        "reported_at": row.booked_reported_at,
    }
    extra: list[Cell] = [
        row.municipality,
        row.location_address,
        row.booked,
        row.reserved,
        row.free,
        row.active_referrals,
        row.booked_reported_by,
    ]
    return [values[c.field] for c in COLUMNS] + extra


def export_catalogue(
    session: Session,
    path: Path,
    today: date,
    flt: CourseFilter = CourseFilter(),  # noqa: B008 - frozen dataclass
    *,
    actor: Actor | None = None,
) -> ExportResult:
    """The catalogue in the exchange format (re-importable) plus computed seat columns, as CSV or XLSX.

    Courses only, no data on people: every role that may look up courses may export them (recorded).
    """
    check_if_signed_in(actor, Action.LOOKUP_COURSES)
    suffix = _format_of(path, (".csv", ".xlsx"))
    rows = list_courses(session, today, flt)
    record_export(session, actor, "course_catalogue", suffix, {"courses": len(rows)})
    header = [c.name for c in COLUMNS] + list(EXTRA_COLUMNS)
    cells = [_catalogue_cells(r) for r in rows]
    if suffix == ".csv":
        write_csv(path, header, cells)
    else:
        write_xlsx(path, header, cells, "Kurskatalog")
    return ExportResult(path, len(rows))


def free_seat_rows(session: Session, today: date) -> list[CourseRow]:
    """Open courses with a free seat that a person can still join, by course type and start."""
    rows = list_courses(session, today, CourseFilter(only_free=True))
    rows = [r for r in rows if r.end_date >= today]
    return sorted(rows, key=lambda r: (COURSE_TYPE_LABELS[r.course_type], r.start_date, r.provider))


def _childcare_text(row: CourseRow) -> str:
    if row.childcare_places <= 0:
        return "keine"
    ages = ""
    if row.childcare_min_age_months is not None or row.childcare_max_age_years is not None:
        low = row.childcare_min_age_months or 0
        low_text = f"{low // 12} J." if low % 12 == 0 and low else f"{low} Mon."
        ages = f", {low_text}–{row.childcare_max_age_years or '?'} J."
    return f"{row.childcare_places} Plätze{ages}"


def export_free_seats(
    session: Session, path: Path, today: date, issuer: str, *, actor: Actor | None = None
) -> ExportResult:
    """The "Freie Kursplätze" list as CSV, XLSX or an A4 PDF sheet for notice boards and partners (recorded)."""
    check_if_signed_in(actor, Action.LOOKUP_COURSES)
    suffix = _format_of(path, EXPORT_SUFFIXES)
    rows = free_seat_rows(session, today)
    record_export(session, actor, "free_seats", suffix, {"courses": len(rows)})
    if suffix == ".pdf":
        lines = tuple(
            FreeSeatLine(
                course_type=COURSE_TYPE_LABELS[r.course_type],
                provider=r.provider,
                location=r.location,
                address=r.location_address,
                start=r.start_date,
                schedule=f"{weekdays_text(r.weekdays_mask)} {r.start_time:%H:%M}–{r.end_time:%H:%M}\n"
                f"{r.ue_per_week} UE/Woche",
                module=r.current_module,
                free=r.free,
                max_seats=r.max_seats,
                childcare=_childcare_text(r),
                deadline=r.registration_deadline,
            )
            for r in rows
        )
        sheet = FreeSeatsSheet("Freie Kursplätze", issuer, datetime.now().replace(second=0, microsecond=0), lines)
        write_free_seats_pdf(path, sheet)
        return ExportResult(path, len(rows))
    header = ["Kursart", "Träger", "Kursort", "Adresse", "Kursbeginn", "Kursende", "Wochentage", "Uhrzeit von",
              "Uhrzeit bis", "UE pro Woche", "Modul", "Plätze gesamt", "Plätze frei", "Kinderbetreuung",
              "Anmeldeschluss", "Kursnummer"]  # fmt: skip
    cells: list[list[Cell]] = [
        [
            COURSE_TYPE_LABELS[r.course_type],
            r.provider,
            r.location,
            r.location_address,
            r.start_date,
            r.end_date,
            weekdays_text(r.weekdays_mask),
            r.start_time,
            r.end_time,
            r.ue_per_week,
            r.current_module,
            r.max_seats,
            r.free,
            _childcare_text(r),
            r.registration_deadline,
            r.bamf_course_number,
        ]
        for r in rows
    ]
    if suffix == ".csv":
        write_csv(path, header, cells)
    else:
        write_xlsx(path, header, cells, "Freie Kursplätze")
    return ExportResult(path, len(rows))
