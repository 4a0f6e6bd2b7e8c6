from dataclasses import replace
from datetime import date, time

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kim_desktop.db.models import Course, CourseLocation, Municipality, Organisation, Person
from kim_desktop.domain.enums import CourseType, OrganisationKind
from kim_desktop.domain.errors import Conflict, NotFound
from kim_desktop.services.concurrency import RecordChanged, save_with_version_check, stale_data_as_conflict
from kim_desktop.services.courses import load_course, update_course
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people import get_person_details, register_person, update_person
from kim_desktop.services.people_dto import PersonInput
from tests.integration.catalogue_fixtures import add_course, build_network


def _person(db: OpenDatabase) -> int:
    with db.sessions() as session, session.begin():
        person = Person(family_name="Meyer", given_names="Anna", search_key="meyer anna", phone="0441 1")
        session.add(person)
        session.flush()
        return person.id


def _course(db: OpenDatabase) -> int:
    with db.sessions() as session, session.begin():
        provider = Organisation(name="VHS Musterau", kind=OrganisationKind.KURSTRAEGER)
        town = Municipality(name="Musterau", postcodes="49999")
        session.add_all([provider, town])
        session.flush()
        location = CourseLocation(
            provider_id=provider.id, name="Haupthaus", street="Markt 1", postcode="49999", municipality_id=town.id
        )
        session.add(location)
        session.flush()
        course = Course(
            course_type=CourseType.ALLGEMEIN,
            provider_id=provider.id,
            location_id=location.id,
            start_date=date(2026, 12, 1),
            end_date=date(2027, 6, 30),
            weekdays_mask=0b11111,
            start_time=time(8, 30),
            end_time=time(12, 45),
            ue_per_week=25,
            max_seats=20,
        )
        session.add(course)
        session.flush()
        return course.id


@pytest.mark.parametrize(
    ("model", "field", "first", "second"), [(Person, "phone", "0441 2", "0441 3"), (Course, "max_seats", 18, 22)]
)
def test_second_commit_of_the_same_record_raises_stale_data(
    database: OpenDatabase, model: type, field: str, first: object, second: object
) -> None:
    record_id = _person(database) if model is Person else _course(database)
    desk_a: Session = database.sessions()
    desk_b: Session = database.sessions()
    try:
        record_a = desk_a.get(model, record_id)
        record_b = desk_b.get(model, record_id)
        assert record_a is not None and record_b is not None
        assert record_a.version == record_b.version == 1
        setattr(record_a, field, first)
        desk_a.commit()
        assert record_a.version == 2
        setattr(record_b, field, second)
        with pytest.raises(StaleDataError):
            desk_b.commit()
        desk_b.rollback()
    finally:
        desk_a.close()
        desk_b.close()
    with database.sessions() as session:
        assert getattr(session.get(model, record_id), field) == first  # never silently overwritten


def test_save_with_version_check_saves_and_bumps_the_version(database: OpenDatabase) -> None:
    person_id = _person(database)
    with database.sessions() as session, session.begin():
        version = save_with_version_check(session, Person, person_id, 1, {"phone": "0441 99"})
    assert version == 2
    with database.sessions() as session:
        person = session.get(Person, person_id)
        assert person is not None and (person.phone, person.version) == ("0441 99", 2)


def test_save_based_on_an_old_version_is_a_conflict_naming_the_changed_fields(database: OpenDatabase) -> None:
    person_id = _person(database)
    loaded = {"family_name": "Meyer", "given_names": "Anna", "phone": "0441 1", "email": None}
    # desk A saves first
    with database.sessions() as session, session.begin():
        save_with_version_check(session, Person, person_id, 1, {"family_name": "Meier", "email": "a@example.org"})
    # desk B still has version 1 in its form
    with pytest.raises(RecordChanged) as caught, database.sessions() as session, session.begin():
        save_with_version_check(
            session, Person, person_id, 1, {"phone": "0441 7"}, loaded=loaded, labels={"family_name": "Familienname"}
        )
    conflict = caught.value
    assert isinstance(conflict, Conflict)
    assert "wurde inzwischen an einem anderen Arbeitsplatz geändert" in str(conflict)
    assert "Familienname: „Meyer“ → „Meier“" in str(conflict)
    assert "email: „leer“ → „a@example.org“" in str(conflict)
    assert {c.field for c in conflict.changes} == {"family_name", "email"}
    assert conflict.current_version == 2
    with database.sessions() as session:
        person = session.get(Person, person_id)
        assert person is not None and person.phone == "0441 1"


def test_stale_data_as_conflict_wraps_a_service_transaction(database: OpenDatabase) -> None:
    course_id = _course(database)
    desk_b = database.sessions()
    try:
        course_b = desk_b.get(Course, course_id)
        assert course_b is not None
        loaded = {"max_seats": course_b.max_seats, "title": course_b.title}
        with database.sessions() as desk_a, desk_a.begin():
            course_a = desk_a.get(Course, course_id)
            assert course_a is not None
            course_a.max_seats = 12
        labels = {"max_seats": "Plätze"}
        with (
            pytest.raises(RecordChanged, match="Der Kurs wurde inzwischen") as caught,
            stale_data_as_conflict(desk_b, Course, course_id, loaded, labels),
        ):
            course_b.title = "Neuer Titel"
            desk_b.commit()
        assert "Plätze: „20“ → „12“" in str(caught.value)
        desk_b.rollback()
    finally:
        desk_b.close()


def test_a_record_deleted_elsewhere_is_reported(database: OpenDatabase) -> None:
    person_id = _person(database)
    with database.sessions() as session, session.begin():
        session.execute(sa.delete(Person).where(Person.id == person_id))
    with pytest.raises(NotFound, match="gelöscht"), database.sessions() as session, session.begin():
        save_with_version_check(session, Person, person_id, 1, {"phone": "1"})


def test_unknown_fields_are_a_bug_not_a_conflict(database: OpenDatabase) -> None:
    person_id = _person(database)
    with pytest.raises(ValueError, match="no editable field"), database.sessions() as session, session.begin():
        save_with_version_check(session, Person, person_id, 1, {"version": 7})


def test_a_person_saved_meanwhile_names_the_fields_the_other_desk_changed(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    with database.sessions() as session:
        person_id = register_person(
            session,
            PersonInput(family_name="Haddad", given_names="Amina", phone="0441 123456", municipality_id=net.town),
        )
    with database.sessions() as session:
        form_b = get_person_details(session, person_id)  # desk B opens the form
    with database.sessions() as session:  # desk A changes phone and place of residence and saves first
        form_a = get_person_details(session, person_id)
        moved = replace(form_a.data, phone="0441 654321", municipality_id=net.village)
        update_person(session, person_id, moved, expected_version=form_a.version)
    edited = replace(form_b.data, email="amina@example.org")
    with database.sessions() as session, pytest.raises(RecordChanged) as caught:
        update_person(session, person_id, edited, expected_version=form_b.version, loaded=form_b.data)
    assert str(caught.value) == (
        "Die Person wurde nicht gespeichert. Inzwischen an einem anderen Platz geändert: Wohnort, Telefon. "
        "Bitte neu laden."
    )
    assert isinstance(caught.value, Conflict)
    assert {c.field for c in caught.value.changes} == {"municipality_id", "phone"}
    with database.sessions() as session:
        assert get_person_details(session, person_id).data.email is None  # nothing overwritten


def test_a_course_saved_meanwhile_names_the_fields_the_other_desk_changed(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    course_id = add_course(database.sessions, net.vhs, net.vhs_town, title="Abendkurs")
    with database.sessions() as session:
        form_b = load_course(session, course_id)
        form_a = load_course(session, course_id)
        update_course(session, course_id, replace(form_a.data, max_seats=12, title="Vormittagskurs"), form_a.version)
    with database.sessions() as session, pytest.raises(RecordChanged) as caught:
        update_course(session, course_id, replace(form_b.data, ue_per_week=20), form_b.version, loaded=form_b.data)
    assert str(caught.value) == (
        "Der Kurs wurde nicht gespeichert. Inzwischen an einem anderen Platz geändert: Plätze gesamt, Titel. "
        "Bitte neu laden."
    )
    with database.sessions() as session:
        assert load_course(session, course_id).data.ue_per_week == 25


def test_a_desk_that_saves_between_our_read_and_our_write_is_named_too(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    with database.sessions() as session:
        amina = PersonInput(family_name="Haddad", given_names="Amina", phone="0441 123456", municipality_id=net.town)
        person_id = register_person(session, amina)
        form = get_person_details(session, person_id)

    saved_meanwhile: list[bool] = []

    def other_desk_saves(*_args: object) -> None:  # after our version check, before our UPDATE
        if saved_meanwhile:
            return
        saved_meanwhile.append(True)
        with database.sessions() as other:
            loaded = get_person_details(other, person_id)
            update_person(other, person_id, replace(loaded.data, phone="0441 654321"), expected_version=loaded.version)

    desk = database.sessions()
    sa.event.listen(desk, "before_flush", other_desk_saves)
    with desk, pytest.raises(RecordChanged) as caught:
        update_person(desk, person_id, replace(form.data, email="a@example.org"), expected_version=form.version,
                      loaded=form.data)  # fmt: skip
    assert "Inzwischen an einem anderen Platz geändert: Telefon. Bitte neu laden." in str(caught.value)


def test_a_course_saved_between_our_read_and_our_write_is_named_too(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    course_id = add_course(database.sessions, net.vhs, net.vhs_town)
    with database.sessions() as session:
        form = load_course(session, course_id)
    saved_meanwhile: list[bool] = []

    def other_desk_saves(*_args: object) -> None:  # after our version check, before our UPDATE
        if saved_meanwhile:
            return
        saved_meanwhile.append(True)
        with database.sessions() as other:
            loaded = load_course(other, course_id)
            update_course(other, course_id, replace(loaded.data, max_seats=9), loaded.version)

    desk = database.sessions()
    sa.event.listen(desk, "before_flush", other_desk_saves)
    with desk, pytest.raises(RecordChanged) as caught:
        update_course(desk, course_id, replace(form.data, title="Neu"), form.version, loaded=form.data)
    assert "Inzwischen an einem anderen Platz geändert: Plätze gesamt. Bitte neu laden." in str(caught.value)
