"""Importing a provider's course list: a preview of new, changed, unchanged and rejected rows, then all or nothing."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Course, CourseLocation, Organisation, Referral
from kim_desktop.db.value_limits import text_limit
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.course_labels import COURSE_STATUS_LABELS, COURSE_TYPE_LABELS
from kim_desktop.domain.enums import CourseStatus, OrganisationKind
from kim_desktop.domain.errors import Conflict, ImportRowError, KimError
from kim_desktop.domain.schedule import weekdays_text
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.seats import ACTIVE_STATES
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.exchange.course_offers import CourseOffer, ParsedOffers
from kim_desktop.exchange.offer_files import read_offer_file
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.courses import cancel_referrals_of


class ImportStatus(StrEnum):
    """What the import does with a row."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


STATUS_LABELS: dict[ImportStatus, Text] = {
    ImportStatus.NEW: Text(N_("neu")),
    ImportStatus.CHANGED: Text(N_("geändert")),
    ImportStatus.UNCHANGED: Text(N_("unverändert")),
    ImportStatus.REJECTED: Text(N_("abgelehnt")),
}
# Field of the offer -> (field of the course, its column in the exchange format: named as in the file).
_COMPARED = {
    "course_type": ("course_type", "Kursart"),
    "title": ("title", "Titel"),
    "start_date": ("start_date", "Kursbeginn"),
    "end_date": ("end_date", "Kursende"),
    "weekdays_mask": ("weekdays_mask", "Wochentage"),
    "start_time": ("start_time", "Uhrzeit von"),
    "end_time": ("end_time", "Uhrzeit bis"),
    "ue_per_week": ("ue_per_week", "UE pro Woche"),
    "max_seats": ("max_seats", "Plätze gesamt"),
    "current_module": ("current_module", "Modul"),
    "registration_deadline": ("registration_deadline", "Anmeldeschluss"),
    "childcare_places": ("childcare_places", "Kinderbetreuung Plätze"),
    "childcare_min_age_months": ("childcare_min_age_months", "Kinderbetreuung ab Monate"),
    "childcare_max_age_years": ("childcare_max_age_years", "Kinderbetreuung bis Jahre"),
    "status": ("status", "Status"),
    "bamf_course_number": ("bamf_course_number", "Kursnummer"),
}


@dataclass(frozen=True)
class ImportItem:
    """One row of the preview: its status, which course, and what changes or why it is rejected."""

    row: int
    status: ImportStatus
    course: Text
    details: tuple[Text, ...] = ()
    course_id: int | None = None
    # What the row changes beyond the course itself ("Kurs 215-001: abgesagt – 10 Vermittlungen werden storniert").
    consequence: Text | None = None


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do; nothing has been written yet."""

    source: str
    items: tuple[ImportItem, ...]
    parsed: ParsedOffers

    def count(self, status: ImportStatus) -> int:
        """How many rows have this status."""
        return sum(1 for item in self.items if item.status == status)

    def summary(self) -> Text:
        """'3 neu, 1 geändert, 5 unverändert, 2 abgelehnt'."""
        counts = (Text(N_("{count} {status}"), count=self.count(s), status=STATUS_LABELS[s]) for s in ImportStatus)
        return joined(counts, ", ")

    def consequences(self) -> tuple[Text, ...]:
        """What the import changes beyond the course rows (cancelled referrals); it needs an explicit confirmation."""
        return tuple(item.consequence for item in self.items if item.consequence is not None)


class ConfirmationNeeded(KimError):  # noqa: N818 - reads like the other KimErrors
    """The import cancels referrals (or changes other records) and was not confirmed; nothing was written."""


@dataclass(frozen=True)
class ImportOutcome:
    """What the import wrote."""

    created: int
    updated: int
    unchanged: int
    skipped: int
    referrals_cancelled: int


@dataclass
class _Planned:
    item: ImportItem
    offer: CourseOffer | None = None
    provider_id: int = 0
    location_id: int = 0
    changes: dict[str, Any] | None = None


def _show(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, CourseStatus):
        return COURSE_STATUS_LABELS[value]
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


class _Resolver:
    """Providers, locations and existing courses, loaded once for the whole file."""

    def __init__(self, session: Session, offers: Sequence[CourseOffer]) -> None:
        self.providers: dict[str, tuple[int, str]] = {}
        for pid, name, short, number in session.execute(
            sa.select(Organisation.id, Organisation.name, Organisation.short_name, Organisation.bamf_provider_number)
            .where(Organisation.kind == OrganisationKind.KURSTRAEGER)
        ):  # fmt: skip
            for key in (name, short, number):
                if key:
                    self.providers.setdefault(fold_for_search(key), (pid, short or name))
        self.locations = {
            (provider_id, fold_for_search(name)): lid
            for lid, provider_id, name in session.execute(
                sa.select(CourseLocation.id, CourseLocation.provider_id, CourseLocation.name)
            )
        }
        wanted = {self.providers[k][0] for o in offers if (k := fold_for_search(o.provider)) in self.providers}
        courses = session.scalars(sa.select(Course).where(Course.provider_id.in_(sorted(wanted)))).all()
        self.by_number = {c.bamf_course_number.casefold(): c for c in courses if c.bamf_course_number}
        self.by_key = {(c.provider_id, c.location_id, c.start_date, c.course_type): c for c in courses}

    def find(self, offer: CourseOffer, provider_id: int, location_id: int) -> Course | None:
        if offer.bamf_course_number and offer.bamf_course_number.casefold() in self.by_number:
            return self.by_number[offer.bamf_course_number.casefold()]
        course = self.by_key.get((provider_id, location_id, offer.start_date, offer.course_type))
        if course is not None and course.bamf_course_number and offer.bamf_course_number:
            return None  # another course number: a different course on the same day
        return course


def _describe(offer: CourseOffer) -> Text:
    return Text(
        N_("{kind}, {provider}, {location}, ab {start:%d.%m.%Y}"),
        kind=COURSE_TYPE_LABELS[offer.course_type],
        provider=offer.provider,
        location=offer.location,
        start=offer.start_date,
    )


def _to_minute(moment: datetime | None) -> datetime | None:
    """The exchange format carries minutes: a stored time with seconds is the same report."""
    return moment.replace(second=0, microsecond=0) if moment is not None else None


def _changes(offer: CourseOffer, course: Course, provider_id: int, location_id: int) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for offer_field, (course_field, _label) in _COMPARED.items():
        new = getattr(offer, offer_field)
        if new is not None and new != getattr(course, course_field):
            changes[course_field] = new
    if location_id != course.location_id:
        changes["location_id"] = location_id
        changes["provider_id"] = provider_id
    if offer.booked is not None and (
        offer.booked != course.booked_reported
        or (offer.reported_at is not None and offer.reported_at != _to_minute(course.booked_reported_at))
    ):
        changes["booked_reported"] = offer.booked
        if offer.reported_at is not None:
            changes["booked_reported_at"] = offer.reported_at
    return changes


def _detail_lines(changes: dict[str, Any], course: Course) -> tuple[Text, ...]:
    labels: dict[str, str] = {course_field: label for course_field, label in _COMPARED.values()}
    labels.update(booked_reported=Text(N_("Plätze belegt (Träger)")), location_id="Kursort", booked_reported_at="Stand")
    lines = []
    for name, new in changes.items():
        if name == "provider_id":
            continue
        old = getattr(course, name)
        if name == "weekdays_mask":
            old, new = weekdays_text(old), weekdays_text(new)
        lines.append(Text(N_("{field}: {old} → {new}"), field=labels[name], old=_show(old), new=_show(new)))
    return tuple(lines)


def _cancellation(course: str, referrals: int) -> Text:
    """'Kurs 215-001: abgesagt – 10 Vermittlungen werden storniert'."""
    if referrals == 1:
        return Text(N_("Kurs {course}: abgesagt – 1 Vermittlung wird storniert"), course=course)
    return Text(N_("Kurs {course}: abgesagt – {count} Vermittlungen werden storniert"), course=course, count=referrals)


def _column_problem(column: str, problem: str) -> Text:
    """Why a row is rejected, naming its column as the file does (column names are not translated)."""
    return Text(N_("Spalte „{column}“: {problem}"), column=column, problem=problem)


def _plan(session: Session, parsed: ParsedOffers) -> list[_Planned]:
    resolver = _Resolver(session, parsed.offers)
    planned = [
        _Planned(ImportItem(e.row, ImportStatus.REJECTED, Text(""), (_column_problem(e.column, e.message),)))
        for e in parsed.rejected
    ]
    for offer in parsed.offers:
        provider = resolver.providers.get(fold_for_search(offer.provider))
        if provider is None:
            why = _column_problem(
                "Träger",
                Text(N_("„{provider}“ ist kein bekannter Kursträger des Netzwerks"), provider=offer.provider),
            )
            planned.append(_Planned(ImportItem(offer.row, ImportStatus.REJECTED, _describe(offer), (why,))))
            continue
        location_id = resolver.locations.get((provider[0], fold_for_search(offer.location)))
        if location_id is None:
            why = _column_problem(
                "Kursort",
                Text(
                    N_("„{location}“ ist kein Kursort von {provider} (unter Netzwerk anlegen)"),
                    location=offer.location,
                    provider=provider[1],
                ),
            )
            planned.append(_Planned(ImportItem(offer.row, ImportStatus.REJECTED, _describe(offer), (why,))))
            continue
        course = resolver.find(offer, provider[0], location_id)
        if course is None:
            item = ImportItem(offer.row, ImportStatus.NEW, _describe(offer))
            planned.append(_Planned(item, offer, provider[0], location_id))
            continue
        changes = _changes(offer, course, provider[0], location_id)
        consequence = None
        status = ImportStatus.CHANGED if changes else ImportStatus.UNCHANGED
        details = _detail_lines(changes, course)
        if changes.get("status") == CourseStatus.CANCELLED:
            active = session.scalar(
                sa.select(sa.func.count(Referral.id)).where(
                    Referral.course_id == course.id, Referral.state.in_(tuple(ACTIVE_STATES))
                )
            )
            if active:
                details += (Text(N_("{count} aktive Vermittlungen werden storniert"), count=active),)
                consequence = _cancellation(course.bamf_course_number or _describe(offer), active)
        item = ImportItem(offer.row, status, _describe(offer), details, course.id, consequence)
        planned.append(_Planned(item, offer, provider[0], location_id, changes))
    planned.sort(key=lambda p: p.item.row)
    return planned


def preview_course_import(session: Session, parsed: ParsedOffers, source: str) -> ImportPreview:
    """Compare the file's offers with the catalogue (read only)."""
    with session.begin():
        items = tuple(p.item for p in _plan(session, parsed))
    return ImportPreview(source, items, parsed)


def _reported_by(provider_name: str) -> str:
    """'<provider> (Import)', the name shortened so that the whole fits the column (a name may use all of its own)."""
    suffix = " (Import)"
    limit = text_limit(Course.__table__.c.booked_reported_by) or len(provider_name) + len(suffix)
    return provider_name[: limit - len(suffix)] + suffix


def _new_course_values(p: _Planned, now: datetime, by: str) -> dict[str, Any]:
    o = p.offer
    assert o is not None
    return dict(
        bamf_course_number=o.bamf_course_number, course_type=o.course_type, title=o.title, provider_id=p.provider_id,
        location_id=p.location_id, start_date=o.start_date, end_date=o.end_date, current_module=o.current_module or 1,
        weekdays_mask=o.weekdays_mask, start_time=o.start_time, end_time=o.end_time, ue_per_week=o.ue_per_week,
        max_seats=o.max_seats, booked_reported=o.booked, booked_reported_at=(o.reported_at or now) if o.booked
        is not None else None, booked_reported_by=by if o.booked is not None else None,
        registration_deadline=o.registration_deadline, childcare_places=o.childcare_places or 0,
        childcare_min_age_months=o.childcare_min_age_months, childcare_max_age_years=o.childcare_max_age_years,
        status=o.status or CourseStatus.OPEN, notes=None, created_at=now, updated_at=now, version=1,
    )  # fmt: skip


def apply_course_import(
    session: Session,
    preview: ImportPreview,
    *,
    skip_rejected: bool = False,
    confirmed: bool = False,
    advisor_id: int | None = None,
    actor: Actor | None = None,
) -> ImportOutcome:
    """Write the previewed import in one transaction; Conflict if the catalogue changed since the preview.

    An import with consequences beyond the course rows (cancelled referrals) is written only when `confirmed`.
    """
    if actor is not None:
        advisor_id = require(actor, Action.IMPORT).advisor_id
    consequences = preview.consequences()
    if consequences and not confirmed:
        raise ConfirmationNeeded(
            Text(
                N_("Nichts übernommen: die Übernahme muss ausdrücklich bestätigt werden. {consequences}."),
                consequences=joined(consequences),
            )
        )
    rejected = preview.count(ImportStatus.REJECTED)
    if rejected and not skip_rejected:
        raise KimError(
            Text(
                N_(
                    "{rejected} Zeilen sind abgelehnt; es wurde nichts übernommen. Datei korrigieren lassen "
                    "oder abgelehnte Zeilen ausdrücklich auslassen."
                ),
                rejected=rejected,
            )
        )
    now = datetime.now().replace(microsecond=0)
    cancelled = 0
    with session.begin():
        planned = _plan(session, preview.parsed)
        if tuple(p.item for p in planned) != preview.items:
            raise Conflict(
                Text(N_("Der Kurskatalog hat sich seit der Vorschau geändert. Bitte die Vorschau neu laden."))
            )
        names = {pid: name for pid, name in session.execute(sa.select(Organisation.id, Organisation.name))}
        new_rows = [
            _new_course_values(p, now, _reported_by(names[p.provider_id]))
            for p in planned
            if p.item.status == ImportStatus.NEW
        ]
        if new_rows:
            session.execute(sa.insert(Course), new_rows)
        for p in planned:
            if p.item.status != ImportStatus.CHANGED or not p.changes:
                continue
            course = session.get(Course, p.item.course_id)
            assert course is not None
            changes = dict(p.changes)
            if "booked_reported" in changes:
                changes.setdefault("booked_reported_at", now)
                changes["booked_reported_by"] = _reported_by(names[changes.get("provider_id", course.provider_id)])
            if changes.get("status") == CourseStatus.CANCELLED:
                cancelled += cancel_referrals_of(
                    session, course, "Kurs laut Kursliste des Trägers abgesagt", advisor_id
                )
            for name, value in changes.items():
                setattr(course, name, value)
        if actor is not None:
            counts = {"created": (None, len(new_rows)), "updated": (None, preview.count(ImportStatus.CHANGED)),
                      "skipped": (None, rejected), "referrals_cancelled": (None, cancelled)}  # fmt: skip
            record(session, actor, AuditAction.IMPORTED, "course_import", None, changes=counts, at=now)
    return ImportOutcome(
        created=len(new_rows),
        updated=preview.count(ImportStatus.CHANGED),
        unchanged=preview.count(ImportStatus.UNCHANGED),
        skipped=rejected,
        referrals_cancelled=cancelled,
    )


def preview_course_file(session: Session, path: Path) -> ImportPreview:
    """Read a CSV or XLSX file and preview its import (ImportFileError if the file is unusable)."""
    return preview_course_import(session, read_offer_file(path), path.name)


def rejected_errors(preview: ImportPreview) -> list[ImportRowError]:
    """The rejected rows as row/column/message triples (for the command line)."""
    return [ImportRowError(i.row, "", joined(i.details)) for i in preview.items if i.status == ImportStatus.REJECTED]
