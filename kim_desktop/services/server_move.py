"""Moving all data between databases (local SQLite -> PostgreSQL server and back), verified by counts and checksums."""

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kim_desktop.db.base import Base
from kim_desktop.db.engine import describe_database, make_engine, sqlite_path, sqlite_url
from kim_desktop.db.switch_lock import exclusive_use
from kim_desktop.db.value_limits import integer_range, value_problem
from kim_desktop.domain.errors import DatabaseUnavailable, KimError
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.database import open_database

BATCH_SIZE = 1000
MAX_PROBLEMS_SHOWN = 20
Progress = Callable[[str, int, int], None]  # table, rows copied so far, rows in the table


class MoveRefused(KimError):  # noqa: N818 - reads like the other KimErrors
    """The target database is not empty, holds less than the source needs, or the copy did not verify."""

    def __init__(self, message: str, problems: Sequence["UnstorableValue"] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class UnstorableValue:
    """A value of the source that the target database cannot hold: where it is and why."""

    table: str
    row: str  # "id 17", or the key columns of a table without an id ("person_id 3, weekday 1, …")
    column: str
    problem: Text

    def __str__(self) -> str:
        """'courses, id 17, Spalte title: 273 Zeichen, höchstens 200 möglich'."""
        return Text(
            N_("{table}, {row}, Spalte {column}: {problem}"),
            table=self.table,
            row=self.row,
            column=self.column,
            problem=self.problem,
        )


@dataclass(frozen=True)
class TableFingerprint:
    """Rows and a checksum of one table."""

    table: str
    rows: int
    sha256: str


@dataclass(frozen=True)
class MoveReport:
    """What was copied where, with the fingerprints that matched on both sides."""

    source: str
    target: str
    tables: tuple[TableFingerprint, ...]

    @property
    def total_rows(self) -> int:
        """Rows copied over all tables."""
        return sum(t.rows for t in self.tables)

    def message(self) -> str:
        """German summary for the CLI and the settings page."""
        return (
            f"{self.total_rows} Datensätze in {len(self.tables)} Tabellen von {self.source} nach {self.target} "
            "übertragen; Anzahl und Prüfsumme jeder Tabelle stimmen überein."
        )


def _canonical(value: object) -> str:
    """One value as backend-independent text (enum values, ISO dates, repr of floats, NULL marked)."""
    if value is None:
        return "\x00"
    if isinstance(value, Enum):
        return f"e:{value.value}"
    if isinstance(value, bool):
        return "b:1" if value else "b:0"
    if isinstance(value, datetime | date | time):
        return f"t:{value.isoformat()}"
    if isinstance(value, float | Decimal):
        return f"f:{float(value)!r}"
    if isinstance(value, int):
        return f"i:{value}"
    return f"s:{value}"


def _ordered(table: sa.Table) -> sa.Select[Any]:
    return sa.select(table).order_by(*table.primary_key.columns)


def table_fingerprint(conn: Connection, table: sa.Table) -> TableFingerprint:
    """Count and sha256 over the rows of a table in primary-key order, each row as canonical text."""
    digest = hashlib.sha256()
    rows = 0
    for row in conn.execute(_ordered(table)):
        digest.update("\x1f".join(_canonical(v) for v in row).encode("utf-8") + b"\x1e")
        rows += 1
    return TableFingerprint(table.name, rows, digest.hexdigest())


def database_fingerprints(conn: Connection, tables: Sequence[sa.Table] | None = None) -> tuple[TableFingerprint, ...]:
    """Fingerprints of every application table (in foreign-key order)."""
    return tuple(table_fingerprint(conn, table) for table in tables or Base.metadata.sorted_tables)


def _non_empty_tables(url: str) -> list[str]:
    """Tables of the target that hold rows (reference data a fresh schema seeds does not count as content)."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = set(sa.inspect(conn).get_table_names())
            seeded = {"topics", "course_type_rules", "alembic_version"}
            return sorted(
                name
                for name in names - seeded
                if conn.execute(sa.select(sa.func.count()).select_from(sa.table(name))).scalar()
            )
    finally:
        engine.dispose()


def _row_key(table: sa.Table, row: sa.Row[Any]) -> str:
    return ", ".join(f"{column.name} {row._mapping[column.name]}" for column in table.primary_key.columns)


def unstorable_values(conn: Connection, tables: Sequence[sa.Table]) -> list[UnstorableValue]:
    """Every value a database checking the model's limits (PostgreSQL) refuses: NUL, too long text, too big numbers.

    SQLite stores whatever it is given, so a file can hold what a server cannot; the whole source is read once.
    """
    found: list[UnstorableValue] = []
    for table in tables:
        checked = [
            c
            for c in table.columns
            if (isinstance(c.type, sa.String) and not isinstance(c.type, sa.Enum)) or integer_range(c) is not None
        ]
        if not checked:
            continue
        keys = list(table.primary_key.columns)
        wanted = [*keys, *(c for c in checked if c not in keys)]
        result = conn.execution_options(yield_per=BATCH_SIZE).execute(sa.select(*wanted).order_by(*keys))
        for row in result:
            for column in checked:
                problem = value_problem(column, row._mapping[column.name])
                if problem is not None:
                    found.append(UnstorableValue(table.name, _row_key(table, row), column.name, problem))
    return found


def _refuse_unstorable(source: sa.Engine, source_url: str, target_url: str) -> None:
    """Before anything is copied: name each value of the source the target cannot hold, and copy nothing."""
    if sa.make_url(target_url).get_backend_name() == "sqlite":
        return  # a file holds any text and 64-bit number
    with source.connect() as conn:
        problems = unstorable_values(conn, Base.metadata.sorted_tables)
    if not problems:
        return
    shown = "; ".join(str(p) for p in problems[:MAX_PROBLEMS_SHOWN])
    if len(problems) > MAX_PROBLEMS_SHOWN:
        shown += " " + Text(N_("und {more} weitere"), more=len(problems) - MAX_PROBLEMS_SHOWN)
    raise MoveRefused(
        Text(
            N_(
                "{count} Werte der Datenbank {source} kann {target} nicht speichern; es wurde nichts übertragen. "
                "Bitte diese Werte zuerst in KIM Desktop korrigieren: {problems}"
            ),
            count=len(problems),
            source=describe_database(source_url),
            target=describe_database(target_url),
            problems=shown,
        ),
        problems,
    )


def _copy_table(source: Connection, target: Connection, table: sa.Table, progress: Progress | None) -> None:
    total = int(source.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
    copied = 0
    result = source.execution_options(yield_per=BATCH_SIZE).execute(_ordered(table))
    for batch in result.partitions(BATCH_SIZE):
        target.execute(table.insert(), [dict(row._mapping) for row in batch])
        copied += len(batch)
        if progress is not None:
            progress(table.name, copied, total)


def _reset_sequences(target: Connection, tables: Iterable[sa.Table]) -> None:
    """On PostgreSQL, move each id sequence past the copied ids (new rows would collide otherwise)."""
    if target.dialect.name != "postgresql":
        return
    for table in tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement in (True, "auto"):
            target.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f'COALESCE((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                )
            )


def copy_database(
    source_url: str, target_url: str, backup_dir: Path | None = None, progress: Progress | None = None
) -> MoveReport:
    """Copy every table from source to an empty target in one transaction; verify counts and checksums, or roll back.

    The target gets the schema through open_database (creating it if needed); a target holding data is refused.
    Works both ways: local SQLite -> PostgreSQL server and server -> local file. A local source is held
    exclusively for the whole copy (refused while another program has it open, none can open it meanwhile), so no
    save of another program is acknowledged there after its snapshot and then missing in the target.
    """
    if sa.make_url(source_url) == sa.make_url(target_url):
        raise MoveRefused(Text(N_("Quelle und Ziel sind dieselbe Datenbank.")))
    source_file = sqlite_path(source_url)
    if source_file is None:
        return _copy_database(source_url, target_url, backup_dir, progress)
    with exclusive_use(source_file):
        return _copy_database(source_url, target_url, backup_dir, progress)


def _copy_database(source_url: str, target_url: str, backup_dir: Path | None, progress: Progress | None) -> MoveReport:
    try:
        busy = _non_empty_tables(target_url)
    except sa.exc.OperationalError as exc:
        raise DatabaseUnavailable(
            Text(
                N_("Die Zieldatenbank {target} ist nicht erreichbar: {error}"),
                target=describe_database(target_url),
                error=str(exc.orig),
            )
        ) from exc
    if busy:
        raise MoveRefused(
            Text(
                N_(
                    "Die Zieldatenbank {target} enthält bereits Daten (Tabellen: {tables}). Es wird nur in eine "
                    "leere Datenbank übertragen; nichts wurde verändert."
                ),
                target=describe_database(target_url),
                tables=", ".join(busy[:5]),
            )
        )
    source_db = open_database(source_url, backup_dir)
    try:
        _refuse_unstorable(source_db.engine, source_url, target_url)
    except BaseException:
        source_db.close()
        raise
    target_db = open_database(target_url, None)
    tables = Base.metadata.sorted_tables
    try:
        with source_db.engine.connect() as source, target_db.engine.connect() as target:
            if source.dialect.name == "postgresql":  # other desks keep writing: copy and checksums see one snapshot
                source.execution_options(isolation_level="REPEATABLE READ")
            source_tx = source.begin()  # one snapshot of the source for the copy and its fingerprints
            with target.begin() as target_tx:
                for table in reversed(tables):  # the reference data the new schema was seeded with
                    target.execute(table.delete())
                for table in tables:
                    _copy_table(source, target, table, progress)
                _reset_sequences(target, tables)
                expected = database_fingerprints(source, tables)
                actual = database_fingerprints(target, tables)
                if expected != actual:
                    target_tx.rollback()
                    differing = [e.table for e, a in zip(expected, actual, strict=True) if e != a]
                    raise MoveRefused(
                        Text(
                            N_(
                                "Die Kopie stimmt nicht mit dem Original überein (Tabellen: {tables}); sie wurde "
                                "verworfen, das Original ist unverändert."
                            ),
                            tables=", ".join(differing),
                        )
                    )
            source_tx.rollback()
    finally:
        source_db.close()
        target_db.close()
    return MoveReport(describe_database(source_url), describe_database(target_url), expected)


@dataclass(frozen=True)
class LocalCopy:
    """The server's data copied into a local file: where it is and what the verification found."""

    path: Path
    report: MoveReport


def local_target_for(database_file: Path, now: datetime) -> Path:
    """The desk's usual file if there is none yet; otherwise a new file beside it (an old local file stays as it is)."""
    if not database_file.exists():
        return database_file
    return database_file.with_name(f"{database_file.stem}-vom-server-{now:%Y-%m-%dT%H%M%S}{database_file.suffix}")


def copy_server_to_local(
    server_url: str,
    database_file: Path,
    backup_dir: Path | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> LocalCopy:
    """Copy everything from the server into a new local SQLite file, verified by counts and checksums."""
    if sqlite_path(server_url) is not None:
        raise MoveRefused(Text(N_("Dieser Arbeitsplatz arbeitet bereits mit einer lokalen Datei.")))
    path = local_target_for(database_file, now or datetime.now())
    if path.exists():
        raise MoveRefused(
            Text(N_("Die Datei {path} gibt es schon; bitte in einer Minute erneut versuchen."), path=path)
        )
    try:
        report = copy_database(server_url, sqlite_url(path), backup_dir, progress)
    except BaseException:
        for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            leftover.unlink(missing_ok=True)  # a half-made copy is no database anyone should open later
        raise
    return LocalCopy(path, report)
