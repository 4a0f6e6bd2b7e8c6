from datetime import time, timedelta

import sqlalchemy as sa

from kim_desktop.db import models as m
from kim_desktop.domain.enums import CourseType, PartOfDay, ReferralState, WaitingStatus
from kim_desktop.domain.matching import Relaxation
from kim_desktop.services.course_lookup import find_courses_for_person, search_people_by_name
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.waiting_list import add_to_waiting_list, unmet_need_from
from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, add_referral, build_network

CARE = dict(childcare_places=8, childcare_min_age_months=12, childcare_max_age_years=6)


def test_lookup_ranks_the_course_that_fits_amina_first(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    s = database.sessions
    amina = add_mother(s, net.village, expires_on=TODAY + timedelta(weeks=7))
    best = add_course(s, net.vhs, net.vhs_town, **CARE)  # 3 weeks, 35 min, mornings, childcare
    later = add_course(s, net.vhs, net.vhs_town, start_date=TODAY + timedelta(weeks=6), **CARE)
    afternoon = add_course(s, net.vhs, net.vhs_town, start_time=time(13, 30), end_time=time(16, 30), **CARE)
    no_care = add_course(s, net.bildung, net.bildung_town, start_date=TODAY + timedelta(weeks=1))
    full = add_course(s, net.bildung, net.bildung_town, max_seats=2, **CARE)
    after_expiry = add_course(s, net.vhs, net.vhs_town, start_date=TODAY + timedelta(weeks=9), **CARE)
    too_far = add_course(s, net.vhs, net.vhs_far, **CARE)
    add_course(s, net.vhs, net.vhs_town, course_type=CourseType.BERUFSSPRACH, **CARE)  # wrong type: not listed
    add_referral(s, amina, full, ReferralState.REGISTERED)
    add_referral(s, amina, full, ReferralState.RESERVED, TODAY + timedelta(days=3))
    add_referral(s, amina, best, ReferralState.RESERVED, TODAY - timedelta(days=1))  # expired: seat free again

    with database.sessions() as session:
        result = find_courses_for_person(session, amina, TODAY)

    assert result.person.name == "Haddad, Amina"
    assert "Kinderbetreuung nötig: 2 Kinder (1 und 4 J.)" in result.person.lines
    assert result.person.criteria.course_types == {CourseType.ALPHA}
    assert [mt.course.course_id for mt in result.fitting] == [best, later]
    first = result.fitting[0]
    assert first.fits == (
        "vormittags passt",
        "Kinderbetreuung für 2 Kinder (1 und 4 J.) vorhanden",
        "Bus 35 Min.",
        "Start in 3 Wochen",
        "16 Plätze frei",
        "Alphabetisierungskurs wie empfohlen",
    )
    assert first.misfits == ()
    excluded = {mt.course.course_id: mt.excluded for mt in result.matches if mt.is_excluded}
    assert excluded == {
        full: "kein Platz frei",
        after_expiry: f"Start nach Ablauf der Berechtigung ({TODAY + timedelta(weeks=7):%d.%m.%Y})",
    }
    assert result.hidden_by_filters == 3  # afternoon, no childcare, too far: left out by the relaxable filters

    relax_all = Relaxation(ignore_times=True, ignore_childcare=True, ignore_travel_limit=True)
    with database.sessions() as session:
        everything = find_courses_for_person(session, amina, TODAY, relax_all)
    assert everything.hidden_by_filters == 0
    reasons = {mt.course.course_id: mt.misfits for mt in everything.matches}
    assert "Kurszeiten (nachmittags) passen nicht" in reasons[afternoon]
    assert "keine Kinderbetreuung" in reasons[no_care]
    assert "Bus 70 Min. (Grenze 45 Min.)" in reasons[too_far]

    with database.sessions() as session:
        relaxed = find_courses_for_person(session, amina, TODAY, Relaxation(ignore_childcare=True))
    assert no_care in [mt.course.course_id for mt in relaxed.fitting]
    assert "keine Kinderbetreuung" in next(mt for mt in relaxed.matches if mt.course.course_id == no_care).misfits


def test_nothing_fits_goes_on_waiting_list_with_the_need(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    amina = add_mother(database.sessions, net.village, expires_on=TODAY + timedelta(weeks=30))
    with database.sessions() as session:
        result = find_courses_for_person(session, amina, TODAY)
    assert result.fitting == ()
    need = unmet_need_from(result.person.criteria, note="nichts frei")
    with database.sessions() as session:
        entry = add_to_waiting_list(session, amina, need)
    with database.sessions() as session:
        again = add_to_waiting_list(session, amina, need)  # no duplicate entry
    assert again.id == entry.id and again.updated_existing
    with database.sessions() as session:
        rows = session.scalars(sa.select(m.WaitingListEntry)).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.course_type, row.module, row.municipality_id) == (CourseType.ALPHA, 1, net.village)
    assert (row.parts_of_day, row.childcare_needed, row.children_count) == (PartOfDay.MORNING.value, True, 2)
    assert row.status == WaitingStatus.OPEN
    assert need.describe() == "Alphabetisierungskurs; Modul 1; vormittags; Kinderbetreuung für 2 Kind(er)"


def test_people_found_by_name_parts(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    amina = add_mother(database.sessions, net.village, expires_on=TODAY)
    with database.sessions() as session:
        assert [h.id for h in search_people_by_name(session, "amina HAD")] == [amina]
        assert search_people_by_name(session, "Müller") == []
        assert search_people_by_name(session, "  ") == []
