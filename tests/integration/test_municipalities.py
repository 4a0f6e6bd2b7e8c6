"""Municipalities as reference data: import (GV100AD, CSV), re-import, add, rename, merge, retire, postcodes."""

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db import models as m
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.exchange.course_offers import ImportFileError
from kim_desktop.services.case_file import list_municipalities
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.municipalities import (
    MunicipalityInput,
    add_municipality,
    list_municipality_rows,
    merge_municipalities,
    municipalities_for_postcode,
    set_municipality_retired,
    update_municipality,
)
from kim_desktop.services.municipality_import import (
    MunicipalityImportFailed,
    MunicipalityStatus,
    apply_municipality_import,
    preview_municipality_file,
)
from kim_desktop.services.people import get_person_details, register_person, update_person
from kim_desktop.services.people_dto import PersonInput
from tests.integration.municipality_fixtures import GV100_LINES, gv100_line, write_gv100


def _import(db: OpenDatabase, path: Path, kreis: str | None = "03459") -> tuple[int, int, int]:
    with db.sessions() as s:
        preview = preview_municipality_file(s, path, kreis)
    with db.sessions() as s:
        outcome = apply_municipality_import(s, preview)
    return outcome.created, outcome.updated, outcome.unchanged


def _names(db: OpenDatabase) -> dict[str, tuple[str, tuple[str, ...]]]:
    with db.sessions() as s:
        return {row.name: (row.ags, row.postcodes) for row in list_municipality_rows(s)}


def test_gv100ad_extract_of_one_county(database: OpenDatabase, tmp_path: Path) -> None:
    path = write_gv100(tmp_path / "GV100AD_30092026.txt")
    with database.sessions() as s:
        preview = preview_municipality_file(s, path, "03459")
    assert preview.format == "GV100AD" and preview.encoding == "Windows-1252"
    assert preview.count(MunicipalityStatus.NEW) == 5
    assert preview.skipped_other_counties == 1  # the city of Osnabrück is a county of its own (03404)
    assert not preview.problems
    assert _import(database, path) == (5, 0, 0)
    names = _names(database)
    assert names["Bramsche"] == ("03459008", ("49565",))  # ", Stadt" is the designation, not the name
    assert names["Fürstenau"] == ("03459013", ("49584",))  # umlaut read from Windows-1252
    assert "Osnabrück" not in names
    with database.sessions() as s:
        towns = set(s.scalars(sa.select(m.Municipality.name).where(m.Municipality.is_town)))
    assert towns == {"Bramsche", "Fürstenau", "Melle"}


def test_reimport_updates_names_adds_new_and_never_duplicates(database: OpenDatabase, tmp_path: Path) -> None:
    _import(database, write_gv100(tmp_path / "a.txt"))
    renamed = [*GV100_LINES]
    renamed[5] = gv100_line("60", "03459008", "Bramsche-Nord, Stadt", mark="63", postcode="49565")
    renamed.append(gv100_line("60", "03459040", "Neuenkirchen", mark="64", postcode="49586"))
    path = write_gv100(tmp_path / "b.txt", renamed)
    with database.sessions() as s:
        preview = preview_municipality_file(s, path, "03459")
    changed = [item for item in preview.items if item.status == MunicipalityStatus.CHANGED]
    assert [(item.name, item.changes) for item in changed] == [("Bramsche-Nord", ("Name: Bramsche → Bramsche-Nord",))]
    assert _import(database, path) == (1, 1, 4)
    assert _import(database, path) == (0, 0, 6)  # a third time: nothing to do
    names = _names(database)
    assert len(names) == 6 and "Bramsche" not in names and names["Bramsche-Nord"][0] == "03459008"


def test_reimport_gives_hand_typed_municipalities_their_key(database: OpenDatabase, tmp_path: Path) -> None:
    with database.sessions() as s:
        add_municipality(s, MunicipalityInput("Melle", "49326"))
    assert _import(database, write_gv100(tmp_path / "a.txt")) == (4, 1, 0)
    assert _names(database)["Melle"] == ("03459029", ("49326", "49324"))


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("Gemeinde;PLZ;AGS\nBad Iburg;49186;03459005\nGlandorf;49219;03459015\nBissendorf;49143 49163;\n", "utf-8"),
        (
            "Gemeinde,PLZ,AGS\r\nBad Iburg,49186,03459005\r\nGlandorf,49219,03459015\r\nBissendorf,49143 49163,\r\n",
            "cp1252",
        ),
        ("\ufeffBad Iburg;49186;03459005\nGlandorf;49219;03459015\nBissendorf;49143/49163\n", "utf-8"),
    ],
    ids=["utf8-semicolon", "cp1252-comma", "bom-no-header"],
)
def test_csv_lists_in_usual_encodings_and_delimiters(
    database: OpenDatabase, tmp_path: Path, content: str, encoding: str
) -> None:
    path = tmp_path / "gemeinden.csv"
    path.write_bytes(content.encode(encoding))
    assert _import(database, path, None) == (3, 0, 0)
    names = _names(database)
    assert names["Bissendorf"] == ("", ("49143", "49163"))
    assert names["Glandorf"] == ("03459015", ("49219",))


def test_a_csv_with_umlauts_in_windows_1252(database: OpenDatabase, tmp_path: Path) -> None:
    path = tmp_path / "gemeinden.csv"
    path.write_bytes(
        "Gemeinde;PLZ;AGS\nOstercappeln;49179;03459030\nWallenhorst;49134;03459038\nBelm;49191;\n"
        "Gehrde;49596;\nMerzen;49586;\nQuakenbrück;49610;\n".encode("cp1252")
    )
    assert _import(database, path, None) == (6, 0, 0)
    assert "Quakenbrück" in _names(database)


def test_a_broken_line_stores_nothing_and_is_named(database: OpenDatabase, tmp_path: Path) -> None:
    path = tmp_path / "gemeinden.csv"
    path.write_text("Gemeinde;PLZ;AGS\nBad Iburg;49186;03459005\nGlandorf;4921;03459015\nBelm;49191;0345\n")
    with database.sessions() as s:
        preview = preview_municipality_file(s, path)
    assert [p.line for p in preview.problems] == [3, 4]
    assert "„4921“ ist keine fünfstellige Postleitzahl" in preview.problems[0].message
    assert "AGS" in preview.problems[1].message
    with database.sessions() as s, pytest.raises(MunicipalityImportFailed) as refused:
        apply_municipality_import(s, preview)
    assert "Zeile 3:" in str(refused.value) and "Zeile 4:" in str(refused.value)
    assert _names(database) == {}


def test_a_broken_gv100_record_is_named(database: OpenDatabase, tmp_path: Path) -> None:
    lines = [*GV100_LINES]
    lines.insert(6, "60" + "x" * 30)
    with database.sessions() as s:
        preview = preview_municipality_file(s, write_gv100(tmp_path / "a.txt", lines), "03459")
    assert [p.line for p in preview.problems] == [7]


def test_the_same_municipality_twice_in_a_file_is_refused(database: OpenDatabase, tmp_path: Path) -> None:
    path = tmp_path / "gemeinden.csv"
    path.write_text("Belm;49191;03459002\nBelm;49191;03459002\n")
    with database.sessions() as s:
        preview = preview_municipality_file(s, path)
    assert [(p.line, str(p.message)) for p in preview.problems] == [
        (2, "Gemeindeschlüssel 03459002 steht schon in Zeile 1.")
    ]


def test_files_that_are_no_municipality_list(tmp_path: Path, database: OpenDatabase) -> None:
    binary = tmp_path / "bild.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    empty = tmp_path / "leer.csv"
    empty.write_text("Gemeinde;PLZ;AGS\n")
    with database.sessions() as s:
        for path in (binary, empty, tmp_path / "fehlt.txt"):
            with pytest.raises(ImportFileError):
                preview_municipality_file(s, path)
        with pytest.raises(ImportFileError, match="Kreisschlüssel"):
            preview_municipality_file(s, empty, "3459x")


def _person(municipality_id: int, name: str = "Haddad", postcode: str = "49565") -> PersonInput:
    return PersonInput(
        family_name=name, given_names="Lina", birth_date=date(1990, 3, 4), street="Hauptstr. 1",
        postcode=postcode, municipality_id=municipality_id,
    )  # fmt: skip


def _location(db: OpenDatabase, municipality_id: int) -> int:
    with db.sessions() as s, s.begin():
        provider = m.Organisation(name="VHS", kind=OrganisationKind.KURSTRAEGER)
        s.add(provider)
        s.flush()
        location = m.CourseLocation(
            provider_id=provider.id, name="VHS Haus", street="Markt 1", postcode="49565",
            municipality_id=municipality_id,
        )  # fmt: skip
        s.add(location)
        s.flush()
        s.add(m.TravelTime(municipality_id=municipality_id, location_id=location.id, minutes=25))
        return location.id


def test_merge_moves_people_locations_and_travel_times_in_one_step(database: OpenDatabase) -> None:
    with database.sessions() as s:
        typed = add_municipality(s, MunicipalityInput("Bramsche (Stadt)", "49565"))
    with database.sessions() as s:
        official = add_municipality(s, MunicipalityInput("Bramsche", "49565 49566", "03459008", is_town=True))
    with database.sessions() as s:
        person_id = register_person(s, _person(typed))
    location_id = _location(database, typed)
    with database.sessions() as s:
        version = get_person_details(s, person_id).version
        outcome = merge_municipalities(s, typed, official)
    assert (outcome.people, outcome.locations, outcome.travel_times) == (1, 1, 1)
    with database.sessions() as s:
        details = get_person_details(s, person_id)
        assert details.data.municipality_id == official
        assert details.version == version + 1  # a form open elsewhere reloads instead of writing the old id back
        assert s.get(m.CourseLocation, location_id).municipality_id == official  # type: ignore[union-attr]
        assert s.get(m.TravelTime, (official, location_id)) is not None
        assert s.get(m.Municipality, typed) is None
    assert list(_names(database)) == ["Bramsche"]


def test_merge_is_all_or_nothing(database: OpenDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    with database.sessions() as s:
        first = add_municipality(s, MunicipalityInput("Alfhausen"))
    with database.sessions() as s:
        second = add_municipality(s, MunicipalityInput("Alfhusen"))
    with database.sessions() as s:
        register_person(s, _person(first))
    from kim_desktop.services import municipalities

    def broken(*_args: object) -> int:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(municipalities, "_merge_travel_times", broken)
    with database.sessions() as s, pytest.raises(RuntimeError):
        merge_municipalities(s, first, second)
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Person).where(m.Person.municipality_id == first)) == 1
    assert set(_names(database)) == {"Alfhausen", "Alfhusen"}


def test_retired_municipality_stays_on_old_records_but_is_not_offered(database: OpenDatabase) -> None:
    with database.sessions() as s:
        old = add_municipality(s, MunicipalityInput("Engter", "49565"))
    with database.sessions() as s:
        person_id = register_person(s, _person(old))
    with database.sessions() as s:
        set_municipality_retired(s, old, True)
    with database.sessions() as s:
        assert [c.label for c in list_municipalities(s)] == []
        assert [c.label for c in list_municipalities(s, old)] == ["Engter"]
        with pytest.raises(ValidationFailed, match="nicht mehr geführt"):
            register_person(s, _person(old, "Neu"))
    with database.sessions() as s:  # the person who lives there can still be edited
        details = get_person_details(s, person_id)
        update_person(s, person_id, details.data, expected_version=details.version)
    with database.sessions() as s:
        assert municipalities_for_postcode(s, "49565") == []


def test_add_and_rename_check_names_keys_and_postcodes(database: OpenDatabase) -> None:
    with database.sessions() as s:
        first = add_municipality(s, MunicipalityInput("  Belm  ", "49191", "03459002"))
    with database.sessions() as s, pytest.raises(ValidationFailed) as refused:
        add_municipality(s, MunicipalityInput("belm", "4919", "0345900"))
    assert {e.field for e in refused.value.errors} == {"name", "postcodes", "ags"}
    with database.sessions() as s, pytest.raises(ValidationFailed, match="gehört schon"):
        add_municipality(s, MunicipalityInput("Icker", "", "03459002"))
    with database.sessions() as s:
        update_municipality(s, first, MunicipalityInput("Belm-Powe", "49191, 49084", "03459002"))
    assert _names(database) == {"Belm-Powe": ("03459002", ("49191", "49084"))}


def test_postcode_proposes_from_reference_data_and_people(database: OpenDatabase) -> None:
    with database.sessions() as s:
        melle = add_municipality(s, MunicipalityInput("Melle", "49324 49326 49328"))
    with database.sessions() as s:
        riemsloh = add_municipality(s, MunicipalityInput("Riemsloh"))
    with database.sessions() as s:
        register_person(s, _person(riemsloh, postcode="49328"))
    with database.sessions() as s:
        assert [c.label for c in municipalities_for_postcode(s, "49324")] == ["Melle"]
        assert [c.label for c in municipalities_for_postcode(s, "49328")] == ["Melle", "Riemsloh"]
        assert municipalities_for_postcode(s, "4932") == []
        assert municipalities_for_postcode(s, "99999") == []
    assert melle


def test_too_many_postcodes_are_named_not_a_database_error(database: OpenDatabase, tmp_path: Path) -> None:
    many = " ".join(str(49000 + n) for n in range(40))  # 40 postcodes: 239 characters stored
    path = tmp_path / "gemeinden.csv"
    path.write_text(f"Belm;{many};03459002\n", encoding="utf-8")
    with database.sessions() as s:
        preview = preview_municipality_file(s, path)
    assert [(p.line, str(p.message)) for p in preview.problems] == [(1, "Zu viele Postleitzahlen für eine Gemeinde.")]
    with database.sessions() as s:
        first = add_municipality(s, MunicipalityInput("Belm", " ".join(many.split()[:30])))
    with database.sessions() as s:
        second = add_municipality(s, MunicipalityInput("Icker", " ".join(many.split()[30:]) + " 49191 49192"))
    with database.sessions() as s:
        update_municipality(s, second, MunicipalityInput("Icker", " ".join(str(49500 + n) for n in range(12))))
    with database.sessions() as s, pytest.raises(ValidationFailed, match="zu viele Postleitzahlen"):
        merge_municipalities(s, second, first)
    assert set(_names(database)) == {"Belm", "Icker"}
