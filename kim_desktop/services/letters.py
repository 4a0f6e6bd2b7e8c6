"""Referral letters from the database: build the letter data, render, record what was issued, reprint, batch."""

from collections.abc import Sequence
from datetime import date, datetime
from io import BytesIO
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from kim_desktop.db.models import (
    Course,
    CourseLocation,
    Organisation,
    Permission,
    Person,
    Referral,
    ReferralEvent,
    TravelTime,
)
from kim_desktop.documents import letter_data as ld
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.course_costs import cost_statement
from kim_desktop.domain.enums import DocumentKind, FeeExemption, PermissionKind, ReferralState
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.registration_deadline import deadline_warnings, registration_deadline
from kim_desktop.domain.text import N_, Text
from kim_desktop.domain.transit_journey import JourneyLegs
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.document_language import (
    GERMAN,
    checked_language,
    document_language,
    printable_language,
)
from kim_desktop.services.issued_documents import IssuedPdf, record_issued
from kim_desktop.services.letterhead import addressee, office_letterhead, signing_advisor
from kim_desktop.services.outreach_holds import provisional_days
from kim_desktop.services.rules import load_rules
from kim_desktop.services.timetable_journeys import journey_for
from kim_desktop.settings import OfficeProfile

if TYPE_CHECKING:
    from kim_desktop.documents.letter_data import RenderedLetter

# Below this many letters, starting worker processes costs more than it saves.
PARALLEL_FROM = 16


def join_parts(*parts: str | None, sep: str = ", ") -> str:
    """The parts that are there, stripped and joined (an address line without empty pieces)."""
    return sep.join(part.strip() for part in parts if part and part.strip())


def _permission(person: Person) -> ld.Permission:
    newest: Permission | None = max(person.permissions, key=lambda p: p.id, default=None)
    if newest is None:
        return ld.Permission(PermissionKind.SELBSTZAHLER, "", None, None, False)
    issuer = newest.issuer.name if newest.issuer is not None else (newest.issuer_name or "")
    return ld.Permission(
        newest.kind, issuer, newest.issued_on, newest.expires_on, newest.obliged, newest.file_number or ""
    )


def _childcare(course: Course) -> ld.Childcare:
    if course.childcare_places <= 0:
        return ld.Childcare()
    return ld.Childcare(course.childcare_places, course.childcare_min_age_months, course.childcare_max_age_years)


def _timetable_way(origin: str, journey: JourneyLegs, location_notes: str) -> ld.WayThere:
    """The way there from the timetable's answer for the person's municipality and the course's days and hours."""
    there, back = journey.there, journey.back
    return ld.WayThere(
        origin=origin, minutes=journey.minutes, location_notes=location_notes,
        rides=there.legs, walk_minutes=there.walk_after_minutes, back=back.legs[0] if back.legs else None,
        every_day=journey.every_day,
    )  # fmt: skip


def _course(session: Session, referral: Referral, person: Person, issue_date: date) -> tuple[ld.Course, float | None]:
    course = referral.course
    provider: Organisation = course.provider
    location: CourseLocation = course.location
    travel = None
    journey = None
    if person.municipality_id is not None:
        journey = journey_for(session, person.municipality_id, location.id, course)
        travel = session.get(TravelTime, (person.municipality_id, location.id))
    if journey is not None:  # the county's timetable knows the way: its rides, in every language
        origin = person.municipality.name if person.municipality is not None else ""
        way = _timetable_way(origin, journey, location.transit_notes or "")
    else:  # the grid an administrator typed
        way = ld.WayThere(
            origin=person.municipality.name if person.municipality is not None and travel is not None else "",
            minutes=travel.minutes if travel is not None else None,
            connection_notes=(travel.connection_notes or "") if travel is not None else "",
            location_notes=location.transit_notes or "",
        )
    deadline = registration_deadline(course.registration_deadline, referral.state, referral.hold_until, issue_date)
    data = ld.Course(
        course_type=course.course_type,
        entry_module=referral.entry_module,
        provider_name=provider.name,
        provider_address=join_parts(provider.street, join_parts(provider.postcode, provider.city, sep=" ")),
        provider_phone=provider.phone or "",
        location_name=location.name,
        location_address=join_parts(
            location.street, join_parts(location.postcode, location.municipality.name, sep=" ")
        ),
        way=way,
        start_date=course.start_date,
        weekdays_mask=course.weekdays_mask,
        start_time=course.start_time,
        end_time=course.end_time,
        ue_per_week=course.ue_per_week,
        childcare=_childcare(course),
        registration_deadline=deadline.register_by,
        seat_held_until=deadline.seat_held_until,
        seat_provisional_days=provisional_days(session, referral.id, issue_date),  # outreach: a requested seat
        current_module=course.current_module,
    )
    return data, travel.distance_km if travel else None


def _letter_data(
    session: Session, referral: Referral, office: OfficeProfile, language: str, issue_date: date, actor_id: int | None
) -> ld.ReferralLetterData:
    person = referral.person
    course, distance = _course(session, referral, person, issue_date)
    permission = _permission(person)
    return ld.ReferralLetterData(
        office=office_letterhead(office),
        advisor=signing_advisor(session, referral.advisor_id or actor_id),
        person=addressee(person),
        permission=permission,
        course=course,
        costs=cost_statement(permission.kind, person.fee_exemption, load_rules(session), distance),
        language=language,
        issue_date=issue_date,
        reference=f"V-{referral.id}",
    )


# What a letter reads of a referral, fetched with it instead of one query each on first touch.
_LETTER_GRAPH = (
    joinedload(Referral.person).options(joinedload(Person.municipality), selectinload(Person.permissions)),
    joinedload(Referral.course).options(
        joinedload(Course.provider), joinedload(Course.location).joinedload(CourseLocation.municipality)
    ),
)


def _load(session: Session, referral_id: int) -> Referral:
    referral = session.get(Referral, referral_id, options=_LETTER_GRAPH)
    if referral is None:
        raise NotFound(Text(N_("Vermittlung {referral_id} gibt es nicht (mehr)."), referral_id=referral_id))
    return referral


def _render(data: ld.ReferralLetterData) -> "RenderedLetter":
    from kim_desktop.documents.referral_letter import render_referral_letter  # reportlab: import only when needed

    return render_referral_letter(data)


def text_version_of(rendered: "RenderedLetter", language: str) -> str:
    """The version of the letter texts a rendered letter used (of its second language, else of the German)."""
    return rendered.text_version(language) or rendered.text_version(GERMAN) or ""


def _record(
    session: Session, referral: Referral, language: str, version: str, actor_id: int | None, now: datetime, first: bool,
    actor: Actor | None = None,
) -> None:  # fmt: skip
    """Record a referral letter as issued; the first print also fixes the letter's language, text and date."""
    if first:
        referral.letter_language = language
        referral.letter_version = version
        referral.letter_printed_at = now
    record_issued(session, actor, DocumentKind.REFERRAL_LETTER, referral.person_id, language, version, now,
                  issued_by_id=actor_id, referral_id=referral.id, reprint=not first)  # fmt: skip


def _issue_one(
    session: Session,
    referral: Referral,
    office: OfficeProfile,
    language: str | None,
    actor_id: int | None,
    today: date,
    now: datetime,
    record: bool,
) -> tuple[ld.ReferralLetterData, bool]:
    """The letter data of a referral; a referral whose letter was printed before is reprinted as it was."""
    reprint = referral.letter_printed_at is not None and language in (None, referral.letter_language)
    if reprint:
        # A code stored without letter texts (recorded before unknown codes were refused) printed German only.
        chosen = printable_language(referral.letter_language) or GERMAN
        issue_date = referral.letter_printed_at.date() if referral.letter_printed_at else today
    else:
        chosen = document_language(referral.person, language)
        issue_date = today
    return _letter_data(session, referral, office, chosen, issue_date, actor_id), record and not reprint


def issue_referral_letter(
    session: Session,
    referral_id: int,
    office: OfficeProfile,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    today: date,
    language: str | None = None,
    now: datetime | None = None,
    record: bool = True,
) -> IssuedPdf:
    """Render a referral's letter and record it; a printed letter is reprinted in its stored language and date.

    Asking for another language than the stored one makes a new letter (dated today) and stores that language;
    a language without letter texts is refused (ValidationFailed on "language"), its case is normalised.
    With record=False nothing is written (a preview; it needs the same role but leaves no audit entry).
    The result carries warnings for the advisor (registration deadline passed, seat no longer held, no texts in
    the person's language), to show before the letter is printed.
    """
    check_if_signed_in(actor, Action.PRINT_LETTERS)
    language = checked_language(language)
    actor_id = actor.advisor_id if actor is not None else actor_id
    now = now or datetime.now().replace(microsecond=0)
    with session.begin():
        referral = _load(session, referral_id)
        data, first = _issue_one(session, referral, office, language, actor_id, today, now, record)
        rendered = _render(data)
        version = text_version_of(rendered, data.language)
        if record:
            _record(session, referral, data.language, version, actor_id, now, first, actor)
        warnings = _warnings(referral, data, today)
        return IssuedPdf(DocumentKind.REFERRAL_LETTER, referral.person_id, rendered.pdf, data.language, version,
                         data.issue_date, None, warnings)  # fmt: skip


def _warnings(referral: Referral, data: ld.ReferralLetterData, today: date) -> tuple[Text, ...]:
    """What the advisor should know before the letter goes out."""
    course = referral.course
    warnings = list(deadline_warnings(course.registration_deadline, referral.state, referral.hold_until, today))
    person = referral.person
    wanted = (person.letter_language or "").strip()
    if data.language == GERMAN and wanted and printable_language(wanted) is None:
        warnings.append(
            Text(
                N_(
                    "Für die Sprache der Person („{code}“) gibt es keine Brieftexte: Das Schreiben ist nur auf Deutsch."
                ),
                code=wanted,
            )
        )
    if data.permission.kind is PermissionKind.SELBSTZAHLER and person.fee_exemption is not FeeExemption.NONE:
        warnings.append(
            Text(N_("Die Person hat keine Teilnahmeberechtigung (Selbstzahler): Eine Kostenbefreiung gilt für sie "
                    "nicht, das Schreiben nennt den vollen Kostensatz."))
        )  # fmt: skip
    return tuple(warnings)


def letters_of_day(session: Session, day: date) -> list[int]:
    """Referrals whose letter belongs to a day: a seat reserved that day or a letter printed that day."""
    start, end = datetime.combine(day, datetime.min.time()), datetime.combine(day, datetime.max.time())
    reserved = sa.select(ReferralEvent.referral_id).where(
        ReferralEvent.to_state == ReferralState.RESERVED, ReferralEvent.at.between(start, end)
    )
    printed = sa.select(Referral.id).where(Referral.letter_printed_at.between(start, end))
    with session.begin():
        ids = set(session.scalars(reserved)) | set(session.scalars(printed))
        return sorted(ids)


def merge_pdfs(documents: Sequence[bytes]) -> bytes:
    """Concatenate PDF documents into one."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in documents:
        writer.append(BytesIO(pdf))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _render_chunk(letters: Sequence[ld.ReferralLetterData]) -> tuple[bytes, list[str]]:
    """Letters as one PDF document (each font embedded once) and the text version of each letter."""
    from kim_desktop.documents.referral_letter import render_referral_letters  # reportlab: import only when needed

    batch = render_referral_letters(letters)
    versions = [
        batch.text_version(index, data.language) or batch.text_version(index, GERMAN) or ""
        for index, data in enumerate(letters)
    ]
    return batch.pdf, versions


def _split(letters: Sequence[ld.ReferralLetterData], parts: int) -> list[Sequence[ld.ReferralLetterData]]:
    """Consecutive runs of letters of about equal work; a letter with a translation costs about twice as much."""
    costs = [1 if data.language == GERMAN else 2 for data in letters]
    share = sum(costs) / parts
    chunks: list[Sequence[ld.ReferralLetterData]] = []
    start, done = 0, 0
    for index, cost in enumerate(costs):
        done += cost
        if done >= share * (len(chunks) + 1) and len(chunks) < parts - 1:
            chunks.append(letters[start : index + 1])
            start = index + 1
    chunks.append(letters[start:])
    return [chunk for chunk in chunks if chunk]


def render_batch(letters: Sequence[ld.ReferralLetterData], workers: int = 2) -> tuple[bytes, list[str]]:
    """Letters as one PDF, in order, and each letter's text version.

    Rendering is CPU-bound: a large batch is cut into one consecutive run per worker process, each run is
    laid out as a single document, and only those few documents are joined. (Rendering each letter as its
    own PDF and merging hundreds of them embedded the fonts again in every letter: slow and large.)
    """
    if not letters:
        return merge_pdfs([]), []
    if len(letters) < PARALLEL_FROM or workers < 2:
        return _render_chunk(letters)
    import multiprocessing  # worker processes only for a large batch (not imported by every letter command)
    from concurrent.futures import ProcessPoolExecutor

    chunks = _split(letters, workers)
    # spawn, not fork: the GUI process has threads (Qt, the database worker) that fork would copy half-way.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(chunks), mp_context=context) as pool:
        results = list(pool.map(_render_chunk, chunks))
    return merge_pdfs([pdf for pdf, _ in results]), [version for _, versions in results for version in versions]


def issue_letters_batch(
    session: Session,
    referral_ids: Sequence[int],
    office: OfficeProfile,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    today: date,
    workers: int = 2,
    now: datetime | None = None,
) -> bytes:
    """All letters of a selection as one PDF (each in its stored or the person's language), recorded as issued."""
    check_if_signed_in(actor, Action.PRINT_LETTERS)
    actor_id = actor.advisor_id if actor is not None else actor_id
    now = now or datetime.now().replace(microsecond=0)
    with session.begin():
        referrals = [_load(session, referral_id) for referral_id in referral_ids]
        prepared = [_issue_one(session, r, office, None, actor_id, today, now, True) for r in referrals]
    pdf, versions = render_batch([data for data, _ in prepared], workers)
    with session.begin():
        for referral_id, (data, first), version in zip(referral_ids, prepared, versions, strict=True):
            _record(session, _load(session, referral_id), data.language, version, actor_id, now, first, actor)
    return pdf


def prepare_letters(
    session: Session, referral_ids: Sequence[int], office: OfficeProfile, today: date, *, actor: Actor | None = None
) -> list[ld.ReferralLetterData]:
    """The letter data of many referrals, as a batch would print them, without recording anything."""
    check_if_signed_in(actor, Action.PRINT_LETTERS)
    now = datetime.now().replace(microsecond=0)
    with session.begin():
        return [
            _issue_one(session, _load(session, rid), office, None, None, today, now, False)[0] for rid in referral_ids
        ]
