"""Sync by file: the laptop's journal as an encrypted bundle, imported at the office, the answer read on the laptop."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Person
from kim_desktop.services import people
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_bundle import (
    BundleUnreadable,
    import_journal_bundle,
    read_answer_bundle,
    write_journal_bundle,
)
from kim_desktop.services.outreach_sync import discard_copy
from tests.integration.outreach_setup import TODAY, go_out, laptop, newcomer

PASS = "Stick-Kennwort 2026"


def test_the_file_path_carries_the_journal_and_brings_the_answer(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    bundle, answer = tmp_path / "stick" / "laptop.kimx", tmp_path / "stick" / "antwort.kimx"
    bundle.parent.mkdir()
    with laptop(outing) as lap:
        with lap.sessions() as s:
            people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            assert write_journal_bundle(s, bundle, PASS) == 1
    assert b"Yilmaz" not in bundle.read_bytes()  # nothing personal readable on the stick
    with pytest.raises(BundleUnreadable, match="Kennwort falsch"), database.sessions() as s:
        import_journal_bundle(s, bundle, "falsch", answer, actor=outing.actor, today=TODAY)
    for _ in range(2):  # the stick brought twice: the second import changes nothing
        with database.sessions() as s:
            report = import_journal_bundle(s, bundle, PASS, answer, actor=outing.actor, today=TODAY)
    assert [o.outcome for o in report.outcomes] == ["already"]
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) == 1
    with laptop(outing) as lap, lap.sessions() as s:
        summary, still_open = read_answer_bundle(s, answer, PASS)
    assert still_open == 0 and "schon früher übertragen" in summary
    discard_copy(outing.taken.path, still_open)
    assert not outing.taken.path.exists()


def test_a_changed_bundle_is_refused(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    bundle = tmp_path / "laptop.kimx"
    with laptop(outing) as lap, lap.sessions() as s:
        write_journal_bundle(s, bundle, PASS)
    data = bytearray(bundle.read_bytes())
    data[-1] ^= 1
    bundle.write_bytes(bytes(data))
    with pytest.raises(BundleUnreadable, match="verändert"), database.sessions() as s:
        import_journal_bundle(s, bundle, PASS, tmp_path / "a.kimx", actor=outing.actor, today=TODAY)
