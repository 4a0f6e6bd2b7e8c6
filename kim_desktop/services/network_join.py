"""An office with data of its own joins a running network: its rows copied in with new ids, counted per table.

`network init --office-…` adopts the data of the database being set up; a network that already has partners
and data cannot take another database's rows as they are (their ids are taken). Here every row of the office's
database (a local file or its own server) is inserted anew: ids from the network's sequences, every reference
translated to the new ids, the personal data the new partner's. Shared and reference rows (organisations,
places, topics, the course catalogue) are found in the network by their natural key or added to it. All in one
transaction with the new partner's login, verified by counting, or nothing at all.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kim_desktop.db.base import Base
from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.network_policies import PARTNER_TABLES
from kim_desktop.db.switch_lock import exclusive_use
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.network_partners import NetworkRefused, PartnerLogin, add_partner_on, admin_engine

# The office's outreach journal refers to its rows by their old ids: it is settled before the move, not moved.
LEFT_OUT = ("outreach_applied", "outreach_copy", "outreach_operations")
# Shared and reference rows, in the order their references need: table -> the columns that find the same row.
MATCHED_BY = {
    "organisations": ("name",),
    "municipalities": ("name",),
    "topics": ("code",),
    "course_locations": ("provider_id", "name"),
    "courses": ("provider_id", "location_id", "course_type", "start_date", "start_time"),
    "contact_persons": ("organisation_id", "name"),
}
# What an audit entry's entity_id refers to, by its entity_type (others carry no id of a moved row).
ENTITY_TABLES = {
    "account": "advisors",
    "person": "people",
    "consent": "consents",
    "counselling_session": "counselling_sessions",
    "follow_up": "follow_ups",
    "referral": "referrals",
    "course": "courses",
    "municipality": "municipalities",
}
Ids = dict[str, dict[Any, Any]]


@dataclass(frozen=True)
class JoinResult:
    """The new partner, its rows (as many in the network as in the office's database) and the shared rows."""

    partner: PartnerLogin
    moved: tuple[tuple[str, int], ...]  # table, rows now the partner's (counted in the network)
    shared: tuple[tuple[str, int, int], ...]  # table, rows found in the network, rows added to it
    left_out: tuple[tuple[str, int], ...]  # table, rows of the settled outreach journal not carried over


def _table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


def _rows(source: Connection, table: sa.Table) -> list[dict[str, Any]]:
    ordered = [table.c[c.name] for c in table.primary_key]
    return [dict(r._mapping) for r in source.execute(sa.select(table).order_by(*ordered))]


def _translated(table: sa.Table, row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    """The row with every reference to a moved or matched row replaced by that row's id in the network."""
    values = {}
    for column in table.columns:
        value = row[column.name]
        if column.name == "id" and column.primary_key:
            continue
        for key in column.foreign_keys:
            if value is not None:
                target = key.column.table.name
                if value not in ids[target]:
                    message = N_(
                        "Übernahme abgebrochen: {table}.{column} verweist auf {target} {id}, die es nicht gibt."
                    )
                    raise NetworkRefused(Text(message, table=table.name, column=column.name, target=target, id=value))
                value = ids[target][value]
        values[column.name] = value
    return values


def _match_shared(conn: Connection, source: Connection, ids: Ids) -> list[tuple[str, int, int]]:
    """Find each shared row in the network by its natural key, or add it there (as the administrator)."""
    counts = []
    for name, key in MATCHED_BY.items():
        table = _table(name)
        found = added = 0
        ids[name] = {}
        for row in _rows(source, table):
            values = _translated(table, row, ids)
            where = [table.c[c].is_not_distinct_from(values[c]) for c in key]
            existing = conn.execute(sa.select(table.c.id).where(*where).order_by(table.c.id).limit(1)).scalar()
            if existing is None:
                existing = conn.execute(sa.insert(table).values(values).returning(table.c.id)).scalar_one()
                added += 1
            else:
                found += 1
            ids[name][row["id"]] = existing
        counts.append((name, found, added))
    travel = _table("travel_times")
    rows = [_translated(travel, row, ids) for row in _rows(source, travel)]
    if rows:
        from sqlalchemy.dialects.postgresql import insert

        inserted = conn.execute(insert(travel).on_conflict_do_nothing().returning(travel.c.location_id), rows)
        added = len(inserted.all())
        counts.append(("travel_times", len(rows) - added, added))
    return counts


def _audit_entity(row: dict[str, Any], ids: Ids) -> dict[str, Any]:
    """An audit entry's loose references (no foreign keys: entries outlive erased people) to the new ids."""
    target = ENTITY_TABLES.get(row["entity_type"])
    row["entity_id"] = ids[target].get(row["entity_id"]) if target in ids else None
    row["person_id"] = ids["people"].get(row["person_id"])
    return row


def _move_partner_rows(conn: Connection, source: Connection, ids: Ids, partner_id: int) -> list[tuple[str, int]]:
    moved = []
    tables = [t for t in Base.metadata.sorted_tables if t.name in PARTNER_TABLES and t.name not in LEFT_OUT]
    tables.sort(key=lambda t: t.name == "audit_events")  # last: its loose ids name rows of every other table
    for table in tables:
        rows = _rows(source, table)
        if table.name == "audit_events":
            rows = [_audit_entity(row, ids) for row in rows]
        values = [{**_translated(table, row, ids), "partner_id": partner_id} for row in rows]
        if "id" in table.c and table.c.id.primary_key:
            ids[table.name] = {}
        if values and table.name in ids:
            new_ids = conn.execute(sa.insert(table).returning(table.c.id, sort_by_parameter_order=True), values)
            ids[table.name] = dict(zip((row["id"] for row in rows), new_ids.scalars(), strict=True))
        elif values:
            conn.execute(sa.insert(table), values)
        there = conn.execute(sa.select(sa.func.count()).where(table.c.partner_id == partner_id)).scalar_one()
        if there != len(rows):
            message = N_("Übernahme nicht bestätigt: {table} hat {before} Zeilen, dem Partner gehören {after}.")
            raise NetworkRefused(Text(message, table=table.name, before=len(rows), after=there))
        moved.append((table.name, len(rows)))
    return moved


def _settled_outreach(source: Connection) -> list[tuple[str, int]]:
    """The outreach journal must be settled: no copy taken on this database, no operation still to replay."""
    copy = source.execute(sa.select(sa.func.count()).select_from(_table("outreach_copy"))).scalar_one()
    operations = _table("outreach_operations")
    open_ones = source.execute(sa.select(sa.func.count()).where(operations.c.confirmed_at.is_(None))).scalar_one()
    if copy or open_ones:
        raise NetworkRefused(
            Text(
                N_(
                    "Diese Datenbank ist eine Außentermin-Kopie oder hat noch nicht abgeglichene Außentermine; "
                    "bitte zuerst abgleichen, dann übernehmen."
                )
            )
        )
    return [
        (name, int(source.execute(sa.select(sa.func.count()).select_from(_table(name))).scalar_one()))
        for name in LEFT_OUT
    ]


@contextmanager
def _source(url: str) -> Iterator[OpenDatabase]:
    """The office's database at this version's schema; a local file held exclusively while it is read."""
    path = sqlite_path(url)
    if path is None:
        db = open_database(url, None)
        try:
            yield db
        finally:
            db.close()
        return
    with exclusive_use(path):
        db = open_database(url, None)
        try:
            yield db
        finally:
            db.close()


def join_network(
    url: str, source_url: str, name: str, short_name: str, kind: OrganisationKind, password: str
) -> JoinResult:
    """Add the office as a partner with its login and move its database's rows in (administrator's URL)."""
    if sa.make_url(url) == sa.make_url(source_url):
        raise NetworkRefused(Text(N_("Quelle und Netzwerk sind dieselbe Datenbank.")))
    with _source(source_url) as office, office.engine.connect() as source:
        left_out = _settled_outreach(source)
        engine = admin_engine(url)
        try:
            with engine.begin() as conn:
                partner = add_partner_on(conn, name, short_name, kind, password)
                people = _table("people")
                if conn.execute(
                    sa.select(sa.func.count()).where(people.c.partner_id == partner.organisation_id)
                ).scalar():
                    raise NetworkRefused(
                        Text(
                            N_(
                                "„{name}“ hat im Netzwerk schon Personen: die Daten eines Büros kommen nur einmal dazu."
                            ),
                            name=partner.name,
                        )
                    )
                ids: Ids = {}
                shared = _match_shared(conn, source, ids)
                moved = _move_partner_rows(conn, source, ids, partner.organisation_id)
        finally:
            engine.dispose()
    return JoinResult(partner, tuple(moved), tuple(shared), tuple(left_out))
