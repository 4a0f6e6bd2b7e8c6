"""The partner directory service on SQLite and PostgreSQL: partners, contacts, locations, travel times, exports."""

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Municipality
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import NotFound, ValidationFailed
from kim_desktop.services.concurrency import RecordChanged
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.network import (
    ContactInput,
    OrganisationInput,
    add_contact,
    create_organisation,
    get_organisation,
    list_organisations,
    remove_contact,
    update_contact,
    update_organisation,
)
from kim_desktop.services.network_export import export_contact_list_pdf, export_contacts_csv, export_contacts_vcard
from kim_desktop.services.network_locations import (
    LocationInput,
    create_location,
    get_location,
    list_locations,
    set_travel_time,
    travel_time_grid,
    update_location,
)

VHS = OrganisationInput(
    name="VHS Musterau", kind=OrganisationKind.KURSTRAEGER, street="Markt 1", postcode="49999", city="Musterau",
    phone="04991 12345", email="info@vhs.example", bamf_provider_number="312.4567",
    agreement_signed_on=date(2024, 3, 1),
)  # fmt: skip


def _create(db: OpenDatabase, data: OrganisationInput = VHS) -> int:
    with db.sessions() as session:
        return create_organisation(session, data)


def _municipality(db: OpenDatabase, name: str) -> int:
    with db.sessions() as session, session.begin():
        muni = Municipality(name=name, postcodes="49998")
        session.add(muni)
        session.flush()
        return muni.id


def _errors(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_create_and_read_back(database: OpenDatabase) -> None:
    org_id = _create(database)
    with database.sessions() as session:
        details = get_organisation(session, org_id)
    assert details.data == VHS
    assert details.version == 1
    assert details.contacts == ()


def test_validation_names_every_wrong_field(database: OpenDatabase) -> None:
    bad = OrganisationInput(
        name=" ", kind=OrganisationKind.JOBCENTER, postcode="4999", phone="abc", email="nobody@",
        bamf_provider_number="123.456", agreement_signed_on=date(2025, 5, 1), agreement_renewed_on=date(2025, 4, 1),
    )  # fmt: skip
    with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
        create_organisation(session, bad)
    errors = _errors(exc)
    assert set(errors) == {"name", "postcode", "phone", "email", "bamf_provider_number", "agreement_renewed_on"}
    assert errors["postcode"].startswith("Postleitzahl")
    assert errors["phone"].startswith("Telefon")
    assert errors["email"].startswith("E-Mail")
    assert errors["bamf_provider_number"].startswith("BAMF-Trägernummer")
    assert errors["agreement_renewed_on"].startswith("Vereinbarung verlängert am")
    with database.sessions() as session:
        assert list_organisations(session) == []


def test_renewed_needs_signed_and_name_must_be_unique(database: OpenDatabase) -> None:
    _create(database)
    clash = OrganisationInput(name="vhs musterau", kind=OrganisationKind.MBE, agreement_renewed_on=date(2025, 1, 1))
    with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
        create_organisation(session, clash)
    errors = _errors(exc)
    assert "gibt es schon" in errors["name"]
    assert errors["agreement_signed_on"].startswith("Vereinbarung unterzeichnet am")


def test_update_and_conflict_on_stale_version(database: OpenDatabase) -> None:
    org_id = _create(database)
    changed = OrganisationInput(**{**VHS.__dict__, "phone": "04991 99999", "agreement_renewed_on": date(2026, 3, 1)})
    with database.sessions() as session:
        assert update_organisation(session, org_id, changed, expected_version=1, loaded=VHS) == 2
    other = OrganisationInput(**{**VHS.__dict__, "city": "Anderswo"})
    with database.sessions() as session, pytest.raises(RecordChanged) as exc:
        update_organisation(session, org_id, other, expected_version=1, loaded=VHS)
    assert "Telefon" in str(exc.value)
    assert "04991 99999" in str(exc.value)
    with database.sessions() as session:
        details = get_organisation(session, org_id)
    assert details.data.city == "Musterau"
    assert details.data.agreement_renewed_on == date(2026, 3, 1)
    assert details.version == 2


def test_provider_with_locations_stays_a_provider(database: OpenDatabase) -> None:
    org_id = _create(database)
    muni = _municipality(database, "Musterau")
    with database.sessions() as session:
        create_location(session, LocationInput(org_id, "Haupthaus", "Markt 1", "49999", muni))
    demoted = OrganisationInput(**{**VHS.__dict__, "kind": OrganisationKind.OTHER, "bamf_provider_number": ""})
    with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
        update_organisation(session, org_id, demoted, expected_version=1)
    assert _errors(exc)["kind"].startswith("Art")


def test_contacts_add_update_remove(database: OpenDatabase) -> None:
    org_id = _create(database)
    with database.sessions() as session:
        first = add_contact(session, org_id, ContactInput("Anna Schulz", "Leitung", "04991 123-45"))
        add_contact(session, org_id, ContactInput("Bernd Özdemir", email="b.oezdemir@vhs.example"))
    with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
        add_contact(session, org_id, ContactInput("", email="kaputt"))
    assert set(_errors(exc)) == {"name", "email"}
    with database.sessions() as session:
        update_contact(session, first, ContactInput("Anna Schulz-Meyer", "Leitung"))
        contacts = get_organisation(session, org_id).contacts
    assert [c.name for c in contacts] == ["Anna Schulz-Meyer", "Bernd Özdemir"]
    assert contacts[0].phone == ""
    with database.sessions() as session:
        remove_contact(session, first)
        assert [c.name for c in get_organisation(session, org_id).contacts] == ["Bernd Özdemir"]
    with database.sessions() as session, pytest.raises(NotFound):
        remove_contact(session, first)


def test_search_by_name_kind_place_and_contact(database: OpenDatabase) -> None:
    vhs = _create(database)
    _create(database, OrganisationInput(name="Jobcenter Landkreis", kind=OrganisationKind.JOBCENTER, city="Kreisstadt"))
    with database.sessions() as session:
        add_contact(session, vhs, ContactInput("Jürgen Öztürk"))

    def names(query: str) -> list[str]:
        with database.sessions() as session:
            return [r.name for r in list_organisations(session, query)]

    assert names("") == ["Jobcenter Landkreis", "VHS Musterau"]
    assert names("kurstraeger") == ["VHS Musterau"]
    assert names("kreisstadt") == ["Jobcenter Landkreis"]
    assert names("oeztuerk") == ["VHS Musterau"]
    assert names("Öztürk musterau") == ["VHS Musterau"]
    assert names("gibtsnicht") == []
    with database.sessions() as session:
        row = list_organisations(session, "vhs")[0]
    assert row.contact_names == ("Jürgen Öztürk",)
    assert row.agreement_signed_on == date(2024, 3, 1)


def test_locations_and_travel_times(database: OpenDatabase) -> None:
    provider = _create(database)
    office = _create(database, OrganisationInput(name="Ausländerbehörde", kind=OrganisationKind.AUSLAENDERBEHOERDE))
    town, village = _municipality(database, "Musterau"), _municipality(database, "Kleindorf")
    data = LocationInput(provider, "Haupthaus", "Markt 1", "49999", town, "Bus 210, Haltestelle Markt", True, True)
    with database.sessions() as session:
        loc = create_location(session, data)
    with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
        create_location(session, LocationInput(office, "haupthaus", "", "123", 999999))
    assert set(_errors(exc)) == {"provider_id", "street", "postcode", "municipality_id"}
    with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
        create_location(session, LocationInput(provider, "HAUPTHAUS", "Weg 2", "49999", town))
    assert "gibt es bei diesem Träger schon" in _errors(exc)["name"]
    with database.sessions() as session:
        update_location(session, loc, LocationInput(**{**data.__dict__, "accessible": False}))
        row = get_location(session, loc)
        assert not row.accessible and row.childcare_on_site and row.transit_notes == "Bus 210, Haltestelle Markt"
        assert [r.name for r in list_locations(session, provider)] == ["Haupthaus"]

    with database.sessions() as session:
        set_travel_time(session, village, loc, 55)
        set_travel_time(session, town, loc, 10)
        set_travel_time(session, town, loc, 12)
    for bad in (-1, 301):
        with database.sessions() as session, pytest.raises(ValidationFailed) as exc:
            set_travel_time(session, town, loc, bad)
        assert _errors(exc)["minutes"].startswith("Fahrzeit")
    with database.sessions() as session:
        grid = travel_time_grid(session)
    assert [m.label for m in grid.municipalities] == ["Kleindorf", "Musterau"]
    assert grid.get(village, loc) == 55 and grid.get(town, loc) == 12
    with database.sessions() as session:
        set_travel_time(session, village, loc, None)
        assert travel_time_grid(session).get(village, loc) is None


def test_exports(database: OpenDatabase, tmp_path: Path) -> None:
    org_id = _create(database)
    _create(database, OrganisationInput(name="=HYPERLINK(evil)", kind=OrganisationKind.OTHER))
    with database.sessions() as session:
        add_contact(session, org_id, ContactInput("Anna Schulz", "Leitung; Planung", "04991 12345"))
        add_contact(session, org_id, ContactInput("Bernd Öz", "Beratung"))
    with database.sessions() as session:
        csv_result = export_contacts_csv(session, tmp_path / "k.csv")
        vcf_result = export_contacts_vcard(session, tmp_path / "k.vcf", "vhs")
        pdf_result = export_contact_list_pdf(session, tmp_path / "k.pdf", "KIM Musterkreis", date(2026, 5, 1))
    assert (csv_result.organisations, csv_result.contacts) == (2, 2)
    raw = (tmp_path / "k.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Organisation;Art;Ansprechperson")
    assert lines[1].startswith("'=HYPERLINK(evil);Sonstige;;")
    assert any(line.startswith('VHS Musterau;Kursträger;Anna Schulz;"Leitung; Planung"') for line in lines)
    vcf = (tmp_path / "k.vcf").read_bytes().decode("utf-8")
    assert vcf_result.contacts == 2 and vcf.count("BEGIN:VCARD") == 2
    assert "TITLE:Leitung\\; Planung\r\n" in vcf and "ORG:VHS Musterau\r\n" in vcf
    assert (tmp_path / "k.pdf").read_bytes().startswith(b"%PDF") and pdf_result.organisations == 2


def test_missing_records(database: OpenDatabase) -> None:
    with database.sessions() as session, pytest.raises(NotFound):
        get_organisation(session, 424242)
    with database.sessions() as session, pytest.raises(NotFound):
        update_organisation(session, 424242, VHS, expected_version=1)
    with database.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Municipality)) == 0
