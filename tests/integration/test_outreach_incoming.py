"""Before the sync: what the office changed since the copy was taken (new courses, free seats, people) in words."""

from dataclasses import replace
from pathlib import Path

from kim_desktop.db.models import Course
from kim_desktop.services import people, referrals
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_incoming import CourseChange, incoming
from kim_desktop.services.outreach_sync import sync_with_office
from tests.integration.outreach_setup import TODAY, Outing, go_out, laptop, newcomer


def _compare(database: OpenDatabase, outing: Outing) -> tuple[str, tuple[CourseChange, ...]]:
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:
        came = incoming(s_lap, s_office, actor=outing.actor, today=TODAY)
    return came.describe(), came.courses


def test_nothing_new_at_the_office_is_said_so(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path, max_seats=3)
    assert _compare(database, outing) == ("Aus dem Büro: nichts Neues seit der Kopie.", ())


def test_new_courses_free_seats_and_people_changed_at_the_office_are_named(
    database: OpenDatabase, tmp_path: Path
) -> None:
    outing = go_out(database, tmp_path, max_seats=3)
    net = outing.net
    with database.sessions() as s, s.begin():  # a new course in the catalogue
        course = s.get_one(Course, net.course)
        columns = {c.key: getattr(course, c.key) for c in Course.__table__.c if c.key not in ("id", "version")}
        s.add(Course(**{**columns, "title": "Abendkurs", "bamf_course_number": None}))
    with database.sessions() as s:  # a seat taken at the office
        referrals.reserve_seat(s, net.olena, net.course, actor=outing.actor, today=TODAY)
    with database.sessions() as s:
        details = people.get_person_details(s, net.rania)
    with database.sessions() as s:
        edited = replace(details.data, phone="0151 9999999")
        people.update_person(s, net.rania, edited, expected_version=details.version, actor=outing.actor, today=TODAY)
    with database.sessions() as s:
        people.register_person(s, newcomer("Kaya", town=outing.town), actor=outing.actor, today=TODAY)
    with laptop(outing) as lap, lap.sessions() as s:  # offline: one seat taken on the laptop too
        referrals.reserve_seat(s, net.tesfaye, net.course, actor=outing.actor, today=TODAY)
    text, courses = _compare(database, outing)
    # One seat went at the office and one on the laptop: the same number free, so only the new course is named.
    assert courses == (CourseChange("Abendkurs", 3, None),)
    assert text == (
        "Aus dem Büro (kommt mit „Kopie auffrischen“): neue Kurse: Abendkurs (3 frei); im Büro geändert: "
        "Rania Haddad; neu im Büro erfasst: 1 Person dieser Gemeinden"
    )


def test_the_free_seats_the_office_gave_away_meanwhile_are_named(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path, max_seats=3)
    net = outing.net
    with database.sessions() as s:
        referrals.reserve_seat(s, net.olena, net.course, actor=outing.actor, today=TODAY)
    text, courses = _compare(database, outing)
    assert courses == (CourseChange("Integrationskurs Vormittag", 2, 3),)
    assert text == (
        "Aus dem Büro (kommt mit „Kopie auffrischen“): freie Plätze geändert: Integrationskurs Vormittag: 2 statt 3"
    )
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:  # nothing changes it
        sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert _compare(database, outing)[1] == courses
