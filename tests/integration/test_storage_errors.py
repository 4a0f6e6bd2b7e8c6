import errno
import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.storage import (
    StorageProblem,
    network_share_kind,
    network_share_warning_for,
    open_database_checked,
    storage_guard,
)


def test_a_really_full_database_gives_a_message_naming_the_folder(sqlite_database: OpenDatabase) -> None:
    path = sqlite_path(sqlite_database.url)
    assert path is not None
    with sqlite_database.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL from here on
        conn.commit()
        with pytest.raises(StorageProblem) as caught, storage_guard(path.parent), conn.begin():
            conn.execute(
                sa.insert(AuditEvent),
                [{"actor": "x", "action": "y", "entity_type": "z", "details": "x" * 4000} for _ in range(50)],
            )
    assert isinstance(caught.value, DatabaseUnavailable)
    assert str(path.parent) in str(caught.value)
    assert "ist voll" in str(caught.value) and "nicht gespeichert" in str(caught.value)
    assert caught.value.folder == path.parent


def test_no_space_when_creating_the_database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "daten"
    real_open = os.open

    def no_space(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        if str(path).startswith(str(folder)):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_space)
    with pytest.raises(StorageProblem, match="ist voll") as caught:
        open_database_checked(sqlite_url(folder / "kim.sqlite"), None)
    assert str(folder) in str(caught.value)


def test_read_only_folder_gives_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "nur-lesen"
    real_connect = sqlite3.connect

    def read_only(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(database).startswith(str(folder)):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", read_only)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", read_only)  # the module SQLAlchemy's driver calls
    with pytest.raises(StorageProblem, match="schreibgeschützt") as caught:
        open_database_checked(sqlite_url(folder / "kim.sqlite"), None)
    assert str(folder) in str(caught.value)


def test_bugs_are_not_dressed_up_as_storage_problems(tmp_path: Path) -> None:
    with pytest.raises(ZeroDivisionError), storage_guard(tmp_path):
        _ = 1 / 0
    with pytest.raises(OSError, match="weird"), storage_guard(tmp_path):
        raise OSError(errno.EINVAL, "weird")


def test_network_share_is_detected_from_the_mount_table(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    share = tmp_path / "amt"
    mounts.write_text(f"/dev/sda1 / ext4 rw 0 0\n//nas/amt {share} cifs rw 0 0\n", encoding="utf-8")
    assert network_share_kind(share / "kim.sqlite", mounts) == "cifs"
    warning = network_share_warning_for(sqlite_url(share / "kim.sqlite"), mounts)
    assert warning is not None and "Netzlaufwerk (cifs)" in warning
    assert network_share_warning_for(sqlite_url(tmp_path / "lokal" / "kim.sqlite"), mounts) is None
    assert network_share_warning_for("postgresql+psycopg://kim@srv/kim", mounts) is None
    assert network_share_kind(share / "kim.sqlite", tmp_path / "missing") is None
