from dataclasses import replace
from datetime import date, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kim_desktop.domain.course_fit import age_in_months, base_course_type, fitting_course_types
from kim_desktop.domain.enums import CourseStatus, CourseType, Literacy, PartOfDay
from kim_desktop.domain.matching import (
    CourseFacts,
    MatchCriteria,
    Relaxation,
    children_ages_text,
    judge_course,
    rank_courses,
)
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.schedule import weekday_mask

TODAY = date(2026, 11, 23)  # a Monday
RULES = Rules.defaults()
MORNINGS = frozenset((d, PartOfDay.MORNING) for d in range(5))

COURSE = CourseFacts(
    course_id=1,
    course_type=CourseType.ALPHA,
    provider="VHS",
    location="VHS Haus",
    municipality="Musterstadt",
    start_date=TODAY + timedelta(weeks=3),
    end_date=TODAY + timedelta(weeks=40),
    current_module=1,
    weekdays_mask=weekday_mask(range(5)),
    start_time=time(8, 30),
    end_time=time(12, 45),
    ue_per_week=25,
    max_seats=16,
    free_seats=6,
    childcare_places=8,
    childcare_min_age_months=12,
    childcare_max_age_years=6,
    location_municipality_id=2,
    travel_minutes=35,
)
CRITERIA = MatchCriteria(
    course_types=frozenset({CourseType.ALPHA}),
    preferred_type=CourseType.ALPHA,
    entry_module=1,
    availability=MORNINGS,
    childcare_needed=True,
    child_ages_months=(14, 50),
    max_travel_minutes=45,
    municipality_id=1,
    permission_expires_on=TODAY + timedelta(days=365),
)


def test_good_course_says_why_it_fits() -> None:
    match = judge_course(COURSE, CRITERIA, RULES, TODAY, Relaxation())
    assert match.excluded is None
    assert "vormittags passt" in match.fits
    assert "Kinderbetreuung für 2 Kinder (1 und 4 J.) vorhanden" in match.fits
    assert "Bus 35 Min." in match.fits
    assert "Start in 3 Wochen" in match.fits
    assert match.misfits == ()
    assert 0 < match.score <= 100


def test_hard_constraints_exclude_with_reason() -> None:
    cases = {
        "kein Platz frei": replace(COURSE, free_seats=0),
        "falsche Kursart": replace(COURSE, course_type=CourseType.ALLGEMEIN),
        "Start nach Ablauf der Berechtigung (23.12.2026)": replace(COURSE, start_date=TODAY + timedelta(days=40)),
        "Kurs abgesagt": replace(COURSE, status=CourseStatus.CANCELLED),
        "Kurs beendet": replace(COURSE, status=CourseStatus.FINISHED),
        "Kurszeiten (nachmittags) passen nicht": replace(COURSE, start_time=time(13, 30)),
        "keine Kinderbetreuung": replace(COURSE, childcare_places=0),
        "Bus 70 Min. (Grenze 45 Min.)": replace(COURSE, travel_minutes=70),
        "keine Busverbindung": replace(COURSE, travel_minutes=None),
        "Start erst in 20 Wochen": replace(COURSE, start_date=TODAY + timedelta(weeks=20)),
    }
    criteria = replace(CRITERIA, permission_expires_on=TODAY + timedelta(days=30))
    for reason, course in cases.items():
        match = judge_course(course, criteria, RULES, TODAY, Relaxation())
        assert match.excluded is not None and reason in match.excluded, (reason, match.excluded)


def test_relaxing_turns_exclusions_into_misfits() -> None:
    afternoon = replace(COURSE, start_time=time(13, 30), childcare_places=0, travel_minutes=70)
    strict = judge_course(afternoon, CRITERIA, RULES, TODAY, Relaxation())
    assert strict.excluded is not None
    relax = Relaxation(ignore_times=True, ignore_childcare=True, ignore_travel_limit=True)
    relaxed = judge_course(afternoon, CRITERIA, RULES, TODAY, relax)
    assert relaxed.excluded is None
    assert "Kurszeiten (nachmittags) passen nicht" in relaxed.misfits
    assert "keine Kinderbetreuung" in relaxed.misfits
    assert "Bus 70 Min. (Grenze 45 Min.)" in relaxed.misfits
    later = replace(COURSE, start_date=TODAY + timedelta(weeks=20))
    assert judge_course(later, CRITERIA, RULES, TODAY, Relaxation(wider_start_window=True)).excluded is None


def test_few_seats_and_partial_times_are_named() -> None:
    course = replace(COURSE, free_seats=1, weekdays_mask=weekday_mask([0, 1, 2, 3, 4]))
    criteria = replace(CRITERIA, availability=frozenset((d, PartOfDay.MORNING) for d in (0, 1, 3)))
    match = judge_course(course, criteria, RULES, TODAY, Relaxation())
    assert match.excluded is None
    assert "nur 1 Platz frei" in match.misfits
    assert "vormittags: 3 von 5 Kurstagen passen (nicht Mi, Fr)" in match.misfits


def test_running_course_entry_by_module() -> None:
    running = replace(COURSE, start_date=TODAY - timedelta(weeks=8), current_module=3)
    assert "Modul 3" in (judge_course(running, CRITERIA, RULES, TODAY, Relaxation()).excluded or "")
    fits = judge_course(running, replace(CRITERIA, entry_module=3), RULES, TODAY, Relaxation())
    assert fits.excluded is None
    assert any("Einstieg in Modul 3" in f for f in fits.fits)


def test_ranking_prefers_nearer_sooner_and_puts_excluded_last() -> None:
    near = replace(COURSE, course_id=2, travel_minutes=10)
    far = replace(COURSE, course_id=3, travel_minutes=44)
    later = replace(COURSE, course_id=4, travel_minutes=10, start_date=TODAY + timedelta(weeks=10))
    full = replace(COURSE, course_id=5, free_seats=0, travel_minutes=5)
    ranked = rank_courses([full, far, later, near], CRITERIA, RULES, TODAY)
    assert [m.course.course_id for m in ranked] == [
        2,
        3,
        4,
        5,
    ]  # 7 weeks more waiting weigh more than 34 minutes by bus
    assert ranked[-1].is_excluded


def test_weights_come_from_the_rules_table() -> None:
    near_late = replace(COURSE, course_id=2, travel_minutes=5, start_date=TODAY + timedelta(weeks=11))
    far_soon = replace(COURSE, course_id=3, travel_minutes=44, start_date=TODAY + timedelta(weeks=1))
    travel_heavy = Rules({"match_weight_travel": 10.0, "match_weight_start": 0.0})
    start_heavy = Rules({"match_weight_travel": 0.0, "match_weight_start": 10.0})
    assert rank_courses([near_late, far_soon], CRITERIA, travel_heavy, TODAY)[0].course.course_id == 2
    assert rank_courses([near_late, far_soon], CRITERIA, start_heavy, TODAY)[0].course.course_id == 3


@given(
    free=st.integers(min_value=-3, max_value=30),
    minutes=st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
    days=st.integers(min_value=-100, max_value=400),
    places=st.integers(min_value=0, max_value=12),
)
def test_score_stays_in_range_and_full_courses_never_fit(
    free: int, minutes: int | None, days: int, places: int
) -> None:
    course = replace(
        COURSE,
        free_seats=free,
        travel_minutes=minutes,
        start_date=TODAY + timedelta(days=days),
        childcare_places=places,
    )
    match = judge_course(course, CRITERIA, RULES, TODAY, Relaxation(True, True, True, True))
    assert 0.0 <= match.score <= 100.0
    if free <= 0:
        assert match.is_excluded


def test_course_types_from_person() -> None:
    assert base_course_type(Literacy.NONE, None) == CourseType.ALPHA
    assert base_course_type(Literacy.NON_LATIN, None) == CourseType.ZWEITSCHRIFT
    assert base_course_type(Literacy.LATIN, None) == CourseType.ALLGEMEIN
    assert base_course_type(Literacy.NONE, CourseType.INTENSIV) == CourseType.INTENSIV
    young = fitting_course_types(
        CourseType.ALPHA, age_years=22, youth_max_age=26, female=False, has_young_children=False
    )
    assert young == {CourseType.ALPHA, CourseType.JUGEND}
    mother = fitting_course_types(
        CourseType.ALLGEMEIN, age_years=35, youth_max_age=26, female=True, has_young_children=True
    )
    assert mother == {CourseType.ALLGEMEIN, CourseType.ELTERN, CourseType.FRAUEN}


def test_ages_in_words() -> None:
    assert age_in_months(date(2025, 9, 30), TODAY) == 13
    assert children_ages_text([50, 14]) == "1 und 4 J."
    assert children_ages_text([8]) == "8 Mon."
    assert children_ages_text([14, 40, 70]) == "1, 3 und 5 J."
