"""Importing a provider's course list: a preview of new, changed, unchanged and rejected rows, then all or nothing."""

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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
from kim_desktop.domain.text import N_, Text, joined, verbatim
from kim_desktop.exchange.course_offers import CourseOffer, ImportFileError, ParsedOffers
from kim_desktop.exchange.offer_files import open_offer_file
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.courses import cancel_referrals_of

CHUNK_ROWS = 1000  # rows planned, compared and written at a time: memory stays flat for a file of any size


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


@dataclass(frozen=True, slots=True)
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
    parsed: ParsedOffers | None = None  # the offers, when they were given in memory
    path: Path | None = None  # else the file: the import reads it again, row by row, and must find the same
    digest: str = ""  # SHA-256 of the file as previewed: a file changed since is not imported

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
    """Providers, locations and the keys of existing courses (ids, not objects), loaded once for the whole file."""

    def __init__(self, session: Session) -> None:
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
        self.by_number: dict[str, int] = {}
        self.by_key: dict[tuple[int, int, date, str], tuple[int, str | None]] = {}
        for cid, number, provider_id, location_id, start, kind in session.execute(
            sa.select(Course.id, Course.bamf_course_number, Course.provider_id, Course.location_id, Course.start_date,
                      Course.course_type)
        ):  # fmt: skip
            if number:
                self.by_number[number.casefold()] = cid
            self.by_key[(provider_id, location_id, start, kind)] = (cid, number)

        self._folded: dict[str, str] = {}

    def folded(self, name: str) -> str:
        """A provider's or location's name folded for comparison (the same few names on every row: folded once)."""
        if (found := self._folded.get(name)) is None:
            found = self._folded[name] = fold_for_search(name)
        return found

    def find(self, offer: CourseOffer, provider_id: int, location_id: int) -> int | None:
        """The id of the course the offer describes, or None for a new course."""
        if offer.bamf_course_number and offer.bamf_course_number.casefold() in self.by_number:
            return self.by_number[offer.bamf_course_number.casefold()]
        found = self.by_key.get((provider_id, location_id, offer.start_date, offer.course_type))
        if found is None or (found[1] and offer.bamf_course_number):
            return None  # none, or another course number: a different course on the same day
        return found[0]


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


def _rejected(row: int, course: Text, why: Text) -> _Planned:
    return _Planned(ImportItem(row, ImportStatus.REJECTED, course, (why,)))


def _resolve(resolver: _Resolver, offer: CourseOffer) -> _Planned | tuple[int, int, int | None]:
    """A rejection for an unknown provider or location, else (provider id, location id, existing course id)."""
    provider = resolver.providers.get(resolver.folded(offer.provider))
    if provider is None:
        why = Text(N_("„{provider}“ ist kein bekannter Kursträger des Netzwerks"), provider=offer.provider)
        return _rejected(offer.row, _describe(offer), _column_problem("Träger", why))
    location_id = resolver.locations.get((provider[0], resolver.folded(offer.location)))
    if location_id is None:
        why = Text(
            N_("„{location}“ ist kein Kursort von {provider} (unter Netzwerk anlegen)"),
            location=offer.location,
            provider=provider[1],
        )
        return _rejected(offer.row, _describe(offer), _column_problem("Kursort", why))
    return provider[0], location_id, resolver.find(offer, provider[0], location_id)


def _compare(session: Session, offer: CourseOffer, course: Course, provider_id: int, location_id: int) -> _Planned:
    changes = _changes(offer, course, provider_id, location_id)
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
    return _Planned(item, offer, provider_id, location_id, changes)


def _plan_chunk(session: Session, resolver: _Resolver, rows: Sequence[CourseOffer | ImportRowError]) -> list[_Planned]:
    """Plan some rows of the file; the existing courses they name are loaded in one query."""
    resolved: list[tuple[CourseOffer, tuple[int, int, int | None]] | _Planned] = []
    for result in rows:
        if isinstance(result, ImportRowError):
            resolved.append(_rejected(result.row, Text(""), _column_problem(result.column, result.message)))
        else:
            found = _resolve(resolver, result)
            resolved.append(found if isinstance(found, _Planned) else (result, found))
    wanted = {entry[1][2] for entry in resolved if not isinstance(entry, _Planned) and entry[1][2] is not None}
    courses = {c.id: c for c in session.scalars(sa.select(Course).where(Course.id.in_(wanted)))} if wanted else {}
    planned: list[_Planned] = []
    for entry in resolved:
        if isinstance(entry, _Planned):
            planned.append(entry)
            continue
        offer, (provider_id, location_id, course_id) = entry
        if course_id is None:
            planned.append(_Planned(ImportItem(offer.row, ImportStatus.NEW, _describe(offer)), offer, provider_id,
                                    location_id))  # fmt: skip
        else:
            planned.append(_compare(session, offer, courses[course_id], provider_id, location_id))
    return planned


def _plans(session: Session, rows: Iterable[CourseOffer | ImportRowError]) -> Iterator[list[_Planned]]:
    """The plan of every row in file order, CHUNK_ROWS rows at a time (a large file is never held whole)."""
    resolver = _Resolver(session)
    for chunk in itertools.batched(rows, CHUNK_ROWS):
        yield _plan_chunk(session, resolver, chunk)
        session.expunge_all()  # the courses of this chunk are compared (and written): let them go


@contextmanager
def _rows_of(preview: ImportPreview) -> Iterator[Iterable[CourseOffer | ImportRowError]]:
    """The rows the preview was made from: the offers in memory, or the file read again row by row."""
    if preview.parsed is not None:
        yield sorted((*preview.parsed.offers, *preview.parsed.rejected), key=lambda r: r.row)
    else:
        assert preview.path is not None
        if _digest(preview.path) != preview.digest:
            raise _changed_since_preview()
        with open_offer_file(preview.path) as stream:
            yield stream


def _digest(path: Path) -> str:
    """SHA-256 of a file, read in chunks; an unreadable file is an ImportFileError."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            while chunk := file.read(1 << 20):
                digest.update(chunk)
    except OSError as exc:
        raise ImportFileError(
            Text(N_("Die Datei {path} kann nicht gelesen werden: {problem}"), path=path,
                 problem=verbatim(exc.strerror or ""))
        ) from exc  # fmt: skip
    return digest.hexdigest()


def preview_course_import(session: Session, parsed: ParsedOffers, source: str) -> ImportPreview:
    """Compare offers held in memory with the catalogue (read only)."""
    preview = ImportPreview(source, (), parsed)
    with session.begin(), _rows_of(preview) as rows:
        items = tuple(p.item for chunk in _plans(session, rows) for p in chunk)
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
    created = cancelled = 0
    with session.begin(), _rows_of(preview) as rows:
        names = {pid: name for pid, name in session.execute(sa.select(Organisation.id, Organisation.name))}
        expected = iter(preview.items)
        for chunk in _plans(session, rows):
            if any(next(expected, None) != p.item for p in chunk):
                raise _changed_since_preview()
            created += _write_chunk(session, chunk, names, now)
            cancelled += _apply_changes(session, chunk, names, now, advisor_id)
            session.flush()  # before _plans lets this chunk's courses go
        if next(expected, None) is not None:
            raise _changed_since_preview()
        if actor is not None:
            counts = {"created": (None, created), "updated": (None, preview.count(ImportStatus.CHANGED)),
                      "skipped": (None, rejected), "referrals_cancelled": (None, cancelled)}  # fmt: skip
            record(session, actor, AuditAction.IMPORTED, "course_import", None, changes=counts, at=now)
    return ImportOutcome(
        created=created,
        updated=preview.count(ImportStatus.CHANGED),
        unchanged=preview.count(ImportStatus.UNCHANGED),
        skipped=rejected,
        referrals_cancelled=cancelled,
    )


def _changed_since_preview() -> Conflict:
    return Conflict(
        Text(N_("Der Kurskatalog oder die Datei hat sich seit der Vorschau geändert. Bitte die Vorschau neu laden."))
    )


def _write_chunk(session: Session, chunk: Sequence[_Planned], names: dict[int, str], now: datetime) -> int:
    """Insert the new courses of a chunk in one statement; returns how many."""
    rows = [_new_course_values(p, now, _reported_by(names[p.provider_id])) for p in chunk
            if p.item.status == ImportStatus.NEW]  # fmt: skip
    if rows:
        session.execute(sa.insert(Course), rows)
    return len(rows)


def _apply_changes(
    session: Session, chunk: Sequence[_Planned], names: dict[int, str], now: datetime, advisor_id: int | None
) -> int:
    """Change the existing courses of a chunk (cancelling their referrals where the file cancels a course)."""
    cancelled = 0
    for p in chunk:
        if p.item.status != ImportStatus.CHANGED or not p.changes:
            continue
        course = session.get(Course, p.item.course_id)
        assert course is not None
        changes = dict(p.changes)
        if "booked_reported" in changes:
            changes.setdefault("booked_reported_at", now)
            changes["booked_reported_by"] = _reported_by(names[changes.get("provider_id", course.provider_id)])
        if changes.get("status") == CourseStatus.CANCELLED:
            cancelled += cancel_referrals_of(session, course, "Kurs laut Kursliste des Trägers abgesagt", advisor_id)
        for name, value in changes.items():
            setattr(course, name, value)
    return cancelled


def preview_course_file(session: Session, path: Path) -> ImportPreview:
    """Read a CSV or XLSX file row by row and preview its import (ImportFileError if the file is unusable)."""
    digest = _digest(path)
    with session.begin(), open_offer_file(path) as rows:
        items = tuple(p.item for chunk in _plans(session, rows) for p in chunk)
    return ImportPreview(path.name, items, None, path, digest)


def rejected_errors(preview: ImportPreview) -> list[ImportRowError]:
    """The rejected rows as row/column/message triples (for the command line)."""
    return [ImportRowError(i.row, "", joined(i.details)) for i in preview.items if i.status == ImportStatus.REJECTED]
