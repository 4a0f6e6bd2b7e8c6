"""Search-as-you-type over people: folded name parts, birth date (TT.MM.JJJJ), file number, phone; paged."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from kim_desktop.db.models import FollowUp, Municipality, Permission, Person, Referral, WaitingListEntry
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import ReferralState, WaitingStatus
from kim_desktop.domain.search_text import clean_search_text, fold_for_search
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.people_dto import PersonRow

OPEN_REFERRAL_STATES = (ReferralState.PROPOSED, ReferralState.RESERVED, ReferralState.REGISTERED)
_BIRTH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_PHONE_LIKE = re.compile(r"[+0-9][0-9 ()/\-]*")
_PHONE_SEPARATORS = (" ", "-", "/", "(", ")")
MIN_PHONE_DIGITS = 4


@dataclass(frozen=True)
class ParsedQuery:
    """What the typed text asks for."""

    name_parts: tuple[str, ...]
    birth_date: date | None
    phone_digits: str | None
    file_number: str | None


def parse_query(text: str) -> ParsedQuery:
    """Read the search field: a German date, a phone number, a file number or parts of a name.

    Control characters are dropped first; text too long for a search is refused (ValidationFailed naming
    the search field) before any database sees it.
    """
    text = clean_search_text(text)
    match = _BIRTH_DATE.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return ParsedQuery((), date(year, month, day), None, None)
        except ValueError:
            return ParsedQuery((text,), None, None, None)  # 31.02.2000 is nobody's birthday
    has_letter = any(c.isalpha() for c in text)
    has_digit = any(c.isdigit() for c in text)
    if has_digit and not has_letter and _PHONE_LIKE.fullmatch(text):
        digits = re.sub(r"\D", "", text)
        digits = digits[4:] if digits.startswith("0049") else digits
        digits = digits[2:] if text.startswith("+49") else digits
        digits = digits.lstrip("0")
        phone = digits if len(digits) >= MIN_PHONE_DIGITS else None
        if phone is None and len(text) < 3:
            return ParsedQuery((text,), None, None, None)  # too short to mean anything: nobody
        return ParsedQuery((), None, phone, text.upper() if len(text) >= 3 else None)
    if has_digit:
        # Letters and digits: a file number such as "ABH-ML-2026-00042".
        return ParsedQuery((), None, None, text.upper())
    return ParsedQuery(tuple(fold_for_search(text).split()), None, None, None)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _digits_only(
    column: sa.ColumnElement[str | None] | InstrumentedAttribute[str | None],
) -> sa.ColumnElement[str | None]:
    expr: sa.ColumnElement[str | None] = sa.type_coerce(column, sa.String)
    for sep in _PHONE_SEPARATORS:
        expr = sa.func.replace(expr, sep, "")
    return expr


def _filter(query: ParsedQuery) -> sa.ColumnElement[bool] | None:
    """The WHERE clause for a parsed query; None means: everybody."""
    if query.birth_date is not None:
        return Person.birth_date == query.birth_date
    alternatives: list[sa.ColumnElement[bool]] = []
    if query.name_parts:
        alternatives.append(
            sa.and_(*(Person.search_key.like(f"%{_escape_like(p)}%", escape="\\") for p in query.name_parts))
        )
    if query.phone_digits:
        # The loose pattern (any characters between the digits) is cheap and lets few rows through to the
        # exact comparison without separators, which is expensive on 100,000 rows.
        loose = "%" + "%".join(query.phone_digits) + "%"
        exact = _digits_only(Person.phone).like(f"%{query.phone_digits}%")
        alternatives.append(sa.and_(Person.phone.like(loose), exact))
    if query.file_number:
        # A range on the upper-cased input uses the index on file_number on both backends.
        matching = sa.select(Permission.person_id).where(_file_number_range(Permission.file_number, query.file_number))
        alternatives.append(Person.id.in_(matching))
    if not alternatives:
        return None
    return sa.or_(*alternatives)


def _file_number_range(column: InstrumentedAttribute[str | None], prefix: str) -> sa.ColumnElement[bool]:
    # A range on the upper-cased input uses the index on file_number on both backends (LIKE would not).
    return sa.and_(column >= prefix, column < prefix + "\uffff")


def _by_file_number(prefix: str) -> sa.Select[int]:
    """People whose newest matching permission's file number starts with prefix, in file-number order."""
    newer = aliased(Permission)
    newer_match = (
        sa.select(newer.id)
        .where(
            newer.person_id == Permission.person_id,
            newer.id > Permission.id,
            _file_number_range(newer.file_number, prefix),
        )
        .exists()
    )
    return (
        sa.select(Permission.person_id)
        .where(_file_number_range(Permission.file_number, prefix), ~newer_match)
        .order_by(Permission.file_number, Permission.id)
    )


def _matching_ids(query: ParsedQuery) -> sa.Select[int]:
    if query.file_number and not (query.phone_digits or query.name_parts):
        return _by_file_number(query.file_number)
    stmt = sa.select(Person.id)
    condition = _filter(query)
    stmt = stmt if condition is None else stmt.where(condition)
    if query.phone_digits:
        # Few rows match a phone number: sorting them beats walking the name index with a table lookup per row.
        return stmt.order_by(Person.search_key.concat(""), Person.id)
    return stmt.order_by(Person.search_key, Person.id)


def query_kind(query: ParsedQuery) -> str:
    """What a search looked for, without what was typed (the text itself is personal data)."""
    if query.birth_date is not None:
        return "birth_date"
    if query.phone_digits is not None:
        return "phone"
    if query.file_number is not None:
        return "file_number"
    return "name" if any(query.name_parts) else "all"


def audit_search(session: Session, actor: Actor | None, what: str, kind: str, hits: int) -> None:
    """Record that a list of people was shown: which list, what kind of query and how many hits (never the text)."""
    if actor is not None:
        changes = {"query_kind": (None, kind), "hits": (None, hits)}
        record(session, actor, AuditAction.PEOPLE_SEARCHED, what, None, None, changes)


def search_people(
    session: Session, text: str, limit: int = 100, offset: int = 0, *, actor: Actor | None = None
) -> list[PersonRow]:
    """One page of people matching the typed text, sorted by name (file numbers: by number), with their status.

    With an actor the search is checked (reading case files) and the first page of each search is recorded;
    later pages of the same search are scrolling, not a new search.
    """
    check_if_signed_in(actor, Action.READ_CASES)
    query = parse_query(text)
    stmt = _matching_ids(query).limit(limit).offset(offset)
    with session.begin():
        ids = list(session.scalars(stmt))
        if offset == 0:
            audit_search(session, actor, "person_search", query_kind(query), len(ids))
        return _rows(session, ids)


def count_people(session: Session, text: str, cap: int | None = None, *, actor: Actor | None = None) -> int:
    """How many people match; with cap, counting stops at cap (enough to say 'more than cap').

    Only a number: checked like a search but not recorded (search_people records the search itself).
    """
    check_if_signed_in(actor, Action.READ_CASES)
    inner = _matching_ids(parse_query(text)).order_by(None)
    if cap is not None:
        inner = inner.limit(cap)
    with session.begin():
        return int(session.scalar(sa.select(sa.func.count()).select_from(inner.subquery())) or 0)


def _rows(session: Session, ids: Sequence[int]) -> list[PersonRow]:
    """Rows for the given people in the given order, with their status, in one statement for the whole page.

    On a network server every statement is a round trip under row-level security: one instead of five per page.
    """
    if not ids:
        return []
    newest_permission = (
        sa.select(sa.func.max(Permission.id)).where(Permission.person_id == Person.id).correlate(Person)
    ).scalar_subquery()
    permission = aliased(Permission)
    open_state = (
        sa.select(Referral.state)
        .where(Referral.person_id == Person.id, Referral.state.in_(OPEN_REFERRAL_STATES))
        .order_by(Referral.id.desc())
        .limit(1)
        .correlate(Person)
    ).scalar_subquery()
    # "done_at IS NULL" in the WHERE makes SQLite walk the index of all open follow-ups for every person (a second
    # per page at county scale): the condition goes inside the aggregate, the person's own rows are few.
    next_due = (
        sa.select(sa.func.min(sa.case((FollowUp.done_at.is_(None), FollowUp.due_on))))
        .where(FollowUp.person_id == Person.id)
        .correlate(Person)
    ).scalar_subquery()
    waiting = (
        sa.exists()
        .where(WaitingListEntry.person_id == Person.id, WaitingListEntry.status == WaitingStatus.OPEN)
        .correlate(Person)
    )
    people = {
        row.id: row
        for row in session.execute(
            sa.select(
                Person.id, Person.family_name, Person.given_names, Person.birth_date, Person.phone,
                Municipality.name.label("municipality"), permission.kind, permission.expires_on,
                permission.file_number, open_state.label("open_state"), next_due.label("next_due"),
                waiting.label("waiting"),
            )
            .outerjoin(Municipality, Municipality.id == Person.municipality_id)
            .outerjoin(permission, permission.id == newest_permission)
            .where(Person.id.in_(ids))
        )
    }  # fmt: skip
    rows: list[PersonRow] = []
    for pid in ids:
        person = people[pid]
        rows.append(
            PersonRow(
                id=pid,
                family_name=person.family_name,
                given_names=person.given_names,
                birth_date=person.birth_date,
                municipality_name=person.municipality,
                phone=person.phone,
                permission_kind=person.kind,
                permission_expires_on=person.expires_on,
                file_number=person.file_number,
                open_referral_state=person.open_state,
                next_follow_up_on=person.next_due,
                on_waiting_list=bool(person.waiting),
            )
        )
    return rows
