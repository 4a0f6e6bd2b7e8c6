"""Reachability from the timetable: every course day counted (holidays, school days), journeys and reasons."""

from datetime import date, time
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.schedule import weekday_mask
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.timetable_import import import_timetable
from kim_desktop.services.timetable_journeys import journey_for, reach_of_municipality
from kim_desktop.services.timetable_reach import compute_reachability
from tests.integration.catalogue_fixtures import TODAY, Network, add_course, build_network
from tests.integration.timetable_fixtures import write_small_feed


def _setup(database: OpenDatabase, tmp_path: Path) -> Network:
    net = build_network(database.sessions)
    with database.sessions() as session:
        assert import_timetable(session, write_small_feed(tmp_path)).imported
    return net


def _course_at(database: OpenDatabase, net: Network, start: time, end: time, **values: object) -> object:
    course_id = add_course(database.sessions, net.vhs, net.vhs_town, start_time=start, end_time=end, **values)
    from kim_desktop.db.models import Course

    with database.sessions() as session:
        course = session.get(Course, course_id)
        session.expunge(course)
        return course


def test_morning_course_reached_on_every_day_but_a_holiday(database: OpenDatabase, tmp_path: Path) -> None:
    net = _setup(database, tmp_path)
    course = _course_at(database, net, time(8, 30), time(12, 45))  # 14.12.2026 to 20.09.2027, Mon-Fri
    with database.sessions() as session:
        summary = compute_reachability(session, TODAY)
    assert summary.schedules == 1 and summary.pairs == 2  # Dorfhausen and Musterstadt
    with database.sessions() as session:
        journey = journey_for(session, net.village, net.vhs_town, course)
        reach = reach_of_municipality(session, net.village)
    assert journey is not None
    assert journey.text() == (
        "Bus 510 ab Dorfhausen Schule 07:44, an Musterstadt ZOB 08:19, 10 Min. zu Fuß; zurück 12:58 (1 Umstieg)"
    )
    assert [(g.line, g.from_stop, f"{g.departure:%H:%M}", g.to_stop) for g in journey.back.legs] == [
        ("1", "Musterstadt ZOB", "12:58", "Musterstadt Markt"),
        ("510", "Musterstadt Markt", "13:10", "Dorfhausen Schule"),
    ]
    assert (journey.there.walk_before_minutes, journey.there.walk_after_minutes) == (5, 10)
    assert (journey.there.leave, journey.there.arrive, journey.minutes) == (time(7, 39), time(8, 29), 50)
    assert (journey.back.changes, journey.back.arrive) == (1, time(13, 55))
    # 14.12.2026 to 20.09.2027 without public holidays: 195 days. On 11.01.2027 the weekday buses do not run
    # (calendar_dates.txt), the school bus does: there, but not back.
    answer = next(iter(reach.values()))
    assert not answer.reachable and not journey.every_day
    assert (answer.days_without_way_there, answer.days_without_way_back) == (0, 1)
    assert answer.first_failing_day == date(2027, 1, 11)
    assert answer.reason(course) == (
        "mit Bus und Bahn nicht erreichbar an Kurstagen: an 1 von 195 Kurstagen keine Rückfahrt; zuerst am 11.01.2027"
    )


def test_school_holidays_leave_the_weekday_bus(database: OpenDatabase, tmp_path: Path) -> None:
    # Monday to Thursday in the Christmas holidays: the school bus does not run, the 07:10 weekday bus does.
    net = _setup(database, tmp_path)
    course = _course_at(database, net, time(8, 30), time(12, 45), start_date=date(2026, 12, 21),
                        end_date=date(2026, 12, 24), weekdays_mask=weekday_mask(range(4)))  # fmt: skip
    with database.sessions() as session:
        compute_reachability(session, TODAY)
        journey = journey_for(session, net.village, net.vhs_town, course)
        assert reach_of_municipality(session, net.village)[(net.vhs_town, _key(course))].reachable
    assert journey is not None and journey.every_day
    assert journey.text().startswith("Bus 510 ab Dorfhausen Kirche 07:10, an Musterstadt ZOB 07:50")


def _key(course: object) -> str:
    from kim_desktop.domain.transit_journey import schedule_key

    return schedule_key(course)  # type: ignore[arg-type]


def test_evening_course_is_out_of_reach_and_says_why(database: OpenDatabase, tmp_path: Path) -> None:
    net = _setup(database, tmp_path)
    course = _course_at(database, net, time(18, 0), time(21, 15))
    with database.sessions() as session:
        compute_reachability(session, TODAY)
        answer = reach_of_municipality(session, net.village)[(net.vhs_town, _key(course))]
        assert journey_for(session, net.village, net.vhs_town, course) is None
    assert not answer.reachable
    assert answer.reason(course) == (
        "mit Bus und Bahn nicht erreichbar an Kurstagen: keine Verbindung, die vor 18:00 ankommt; "
        "an 1 von 195 Kurstagen keine Rückfahrt"  # the night bus does not run on 11.01.2027
    )


def test_night_bus_after_midnight_brings_a_friday_evening_course_home(database: OpenDatabase, tmp_path: Path) -> None:
    net = _setup(database, tmp_path)
    friday = date(2027, 1, 8)
    course = _course_at(database, net, time(6, 30), time(23, 0), start_date=friday, end_date=friday,
                        weekdays_mask=weekday_mask([4]))  # fmt: skip
    with database.sessions() as session:
        compute_reachability(session, TODAY)
        answer = reach_of_municipality(session, net.village)[(net.vhs_town, _key(course))]
    # No way there (nothing before 06:20), but the way back is the 23:40 bus arriving at 00:20.
    assert answer.days_without_way_back == 0 and answer.days_without_way_there == 1


def test_no_timetable_means_no_answers(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    add_course(database.sessions, net.vhs, net.vhs_town)
    with database.sessions() as session:
        summary = compute_reachability(session, TODAY)
    assert summary.pairs == 0
    with database.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(TimetableReach)) == 0
        assert reach_of_municipality(session, net.village) == {}


def test_lookup_gives_the_journey_and_the_reason(database: OpenDatabase, tmp_path: Path) -> None:
    from kim_desktop.db.models import Person
    from kim_desktop.domain.matching import Relaxation
    from kim_desktop.services.course_lookup import find_courses_for_person
    from tests.integration.catalogue_fixtures import add_mother

    net = _setup(database, tmp_path)
    amina = add_mother(database.sessions, net.village, expires_on=date(2028, 1, 1))
    with database.sessions() as session, session.begin():
        session.get(Person, amina).max_travel_minutes = 60  # type: ignore[union-attr]
    after_holidays = {"start_date": date(2027, 1, 12), "end_date": date(2027, 6, 30), "childcare_places": 5,
                      "childcare_min_age_months": 6, "childcare_max_age_years": 6}  # fmt: skip
    morning = add_course(database.sessions, net.vhs, net.vhs_town, **after_holidays)
    evening = add_course(database.sessions, net.vhs, net.vhs_town, start_time=time(18, 0), end_time=time(21, 15),
                         **after_holidays)  # fmt: skip
    with database.sessions() as session:
        compute_reachability(session, TODAY)
    with database.sessions() as session:
        result = find_courses_for_person(session, amina, date(2026, 12, 28), Relaxation(ignore_times=True))
    by_id = {mt.course.course_id: mt for mt in result.matches}
    assert (
        "Bus 50 Min.: Bus 510 ab Dorfhausen Schule 07:44, an Musterstadt ZOB 08:19, 10 Min. zu Fuß; "
        "zurück 12:58 (1 Umstieg)"
    ) in by_id[morning].fits
    assert by_id[evening].excluded == (
        "mit Bus und Bahn nicht erreichbar an Kurstagen: keine Verbindung, die vor 18:00 ankommt"
    )
    assert by_id[morning].course.connection_notes.startswith("Bus 510 ab Dorfhausen Schule 07:44")


def test_report_gaps_use_reachability_by_the_hour(database: OpenDatabase, tmp_path: Path) -> None:
    from kim_desktop.domain.enums import CourseType, PartOfDay
    from kim_desktop.services.kim_report import compute_kim_report
    from kim_desktop.services.waiting_list import UnmetNeed, add_to_waiting_list
    from tests.integration.catalogue_fixtures import add_mother

    net = _setup(database, tmp_path)
    amina = add_mother(database.sessions, net.village, expires_on=date(2028, 1, 1))
    need = UnmetNeed(course_type=CourseType.ALPHA, module=1, municipality_id=net.village,
                     parts_of_day=(PartOfDay.MORNING, PartOfDay.EVENING), childcare_needed=False,
                     children_count=0)  # fmt: skip
    with database.sessions() as session:
        add_to_waiting_list(session, amina, need)
    after_holidays = {"start_date": date(2027, 1, 12), "end_date": date(2027, 6, 30)}
    add_course(database.sessions, net.vhs, net.vhs_town, **after_holidays)
    add_course(database.sessions, net.vhs, net.vhs_town, start_time=time(18, 0), end_time=time(21, 15),
               **after_holidays)  # fmt: skip
    # The hand-typed grid says 35 minutes to the VHS-Haus at any hour; the timetable knows better.
    with database.sessions() as session:
        compute_reachability(session, TODAY)
    with database.sessions() as session:
        report = compute_kim_report(session, date(2026, 11, 1), date.today(), today=date.today())  # entry: now
    gaps = {(g.municipality, g.part_of_day): (g.nearest_minutes, g.nearest_location) for g in report.gaps}
    assert gaps[("Dorfhausen", "morning")] == (50, "VHS-Haus")
    assert gaps[("Dorfhausen", "evening")] == (None, "")


def test_a_course_neither_bus_nor_grid_reaches_is_hidden_until_the_travel_limit_is_relaxed(
    database: OpenDatabase, tmp_path: Path
) -> None:
    from kim_desktop.db.models import Course, Person
    from kim_desktop.domain.matching import Relaxation
    from kim_desktop.domain.transit_journey import schedule_key_of
    from kim_desktop.services.course_lookup import find_courses_for_person
    from tests.integration.catalogue_fixtures import add_mother

    net = _setup(database, tmp_path)
    amina = add_mother(database.sessions, net.village, expires_on=date(2028, 1, 1))
    with database.sessions() as session, session.begin():
        session.get_one(Person, amina).max_travel_minutes = 60
    after_holidays = {"start_date": date(2027, 1, 12), "end_date": date(2027, 6, 30), "childcare_places": 5,
                      "childcare_min_age_months": 6, "childcare_max_age_years": 6}  # fmt: skip
    near = add_course(database.sessions, net.vhs, net.vhs_town, **after_holidays)
    far = add_course(database.sessions, net.vhs, net.vhs_far, **after_holidays)  # typed: 70 min by bus 99
    with database.sessions() as session:
        compute_reachability(session, TODAY)
    with database.sessions() as session, session.begin():  # the timetable knows the far place: no bus on course days
        course = session.get_one(Course, far)
        key = schedule_key_of(course.weekdays_mask, course.start_time, course.end_time, course.start_date,
                              course.end_date)  # fmt: skip
        session.merge(TimetableReach(municipality_id=net.village, location_id=net.vhs_far, schedule=key,
                                     reachable=False, course_days=20, days_without_way_there=20,
                                     days_without_way_back=0, first_failing_day=date(2027, 1, 12)))  # fmt: skip
    day = date(2026, 12, 28)
    with database.sessions() as session:
        strict = find_courses_for_person(session, amina, day, Relaxation(ignore_times=True))
    with database.sessions() as session:
        relaxed = find_courses_for_person(session, amina, day, Relaxation(ignore_times=True, ignore_travel_limit=True))
    assert near in {mt.course.course_id for mt in strict.matches}
    assert far not in {mt.course.course_id for mt in strict.matches}
    assert strict.hidden_by_filters >= 1
    by_id = {mt.course.course_id: mt for mt in relaxed.matches}
    assert by_id[far].misfits == (
        "mit Bus und Bahn nicht erreichbar an Kurstagen: keine Verbindung, die vor 08:30 ankommt",
    )  # listed, with the reason, once the advisor relaxed the travel limit
