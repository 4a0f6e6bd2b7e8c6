from dataclasses import replace
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa

from kim_desktop.db import models as m
from kim_desktop.domain.enums import CourseStatus, CourseType, ReferralState
from kim_desktop.domain.errors import Conflict, ValidationFailed
from kim_desktop.services.courses import (
    CourseFilter,
    CourseInput,
    cancel_course,
    cancel_impact,
    copy_course,
    course_choices,
    create_course,
    get_course_row,
    list_courses,
    load_course,
    next_start_date,
    update_course,
)
from kim_desktop.services.database import OpenDatabase
from tests.integration.catalogue_fixtures import MON_FRI, TODAY, add_course, add_mother, add_referral, build_network


def _input(net_provider: int, location: int) -> CourseInput:
    return CourseInput(
        course_type=CourseType.ALLGEMEIN,
        provider_id=net_provider,
        location_id=location,
        start_date=date(2027, 1, 11),
        end_date=date(2027, 7, 30),
        weekdays_mask=MON_FRI,
        start_time=time(8, 30),
        end_time=time(12, 45),
        ue_per_week=25,
        max_seats=25,
        bamf_course_number="123.4567-27-001",
        title="Integrationskurs ab 11.01.2027",
        registration_deadline=date(2027, 1, 4),
        childcare_places=5,
    )


def test_create_edit_and_list(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    with database.sessions() as s:
        course_id = create_course(s, _input(net.vhs, net.vhs_town))
        editable = load_course(s, course_id)
        assert editable.data.bamf_course_number == "123.4567-27-001"
        update_course(s, course_id, replace(editable.data, max_seats=20), editable.version)
        with pytest.raises(Conflict):
            update_course(s, course_id, editable.data, editable.version)
        rows = list_courses(s, TODAY)
    assert len(rows) == 1
    row = rows[0]
    assert (row.provider, row.location, row.municipality) == ("VHS", "VHS-Haus", "Musterstadt")
    assert (row.max_seats, row.booked, row.reserved, row.free) == (20, 0, 0, 20)


def test_validation_names_each_field(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    bad = replace(
        _input(net.vhs, net.bildung_town), end_date=date(2026, 1, 1), weekdays_mask=0, end_time=time(8, 0), max_seats=0
    )
    with database.sessions() as s, pytest.raises(ValidationFailed) as info:
        create_course(s, bad)
    fields = {e.field for e in info.value.errors}
    assert fields == {"end_date", "weekdays_mask", "end_time", "max_seats", "location_id", "registration_deadline"}
    assert "Kursort gehört nicht zu diesem Kursträger" in str(info.value)


def test_seats_count_bookings_and_active_reservations_only(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    course = add_course(database.sessions, net.vhs, net.vhs_town, max_seats=5)
    person = add_mother(database.sessions, net.village, TODAY + timedelta(days=300))
    add_referral(database.sessions, person, course, ReferralState.REGISTERED)
    add_referral(database.sessions, person, course, ReferralState.STARTED)
    add_referral(database.sessions, person, course, ReferralState.RESERVED, TODAY + timedelta(days=2))
    add_referral(database.sessions, person, course, ReferralState.RESERVED, TODAY - timedelta(days=1))  # expired
    add_referral(database.sessions, person, course, ReferralState.DECLINED)
    with database.sessions() as s:
        row = get_course_row(s, course, TODAY)
        assert (row.booked, row.reserved, row.free, row.active_referrals) == (2, 1, 2, 4)
        assert list_courses(s, TODAY, CourseFilter(only_free=True))[0].id == course


def test_newer_provider_report_is_shown_and_counts(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    course = add_course(database.sessions, net.vhs, net.vhs_town, max_seats=10, booked_reported=7)
    with database.sessions() as s, s.begin():
        c = s.get(m.Course, course)
        assert c is not None
        c.booked_reported_at = sa.func.now()
        c.booked_reported_by = "VHS (Import)"
    with database.sessions() as s:
        row = get_course_row(s, course, TODAY)
    assert row.report_counts and row.booked_reported_by == "VHS (Import)"
    assert (row.booked, row.booked_counted, row.free) == (0, 7, 3)


def test_copy_gives_same_course_next_start(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    with database.sessions() as s:
        original = create_course(s, _input(net.vhs, net.vhs_town))
        copy = copy_course(s, original)
        data = load_course(s, copy).data
    assert next_start_date(date(2027, 1, 11), date(2027, 7, 30)) == date(2027, 8, 9)
    assert data.start_date == date(2027, 8, 9) and data.start_date.weekday() == 0
    assert data.end_date - data.start_date == date(2027, 7, 30) - date(2027, 1, 11)
    assert data.registration_deadline == date(2027, 8, 2)
    assert data.bamf_course_number is None and data.current_module == 1
    assert data.status == CourseStatus.PLANNED
    assert data.title == "Integrationskurs ab 09.08.2027"
    assert (data.max_seats, data.childcare_places, data.location_id) == (25, 5, net.vhs_town)


def test_cancel_cancels_active_referrals_with_reason(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    course = add_course(database.sessions, net.vhs, net.vhs_town)
    person = add_mother(database.sessions, net.village, TODAY + timedelta(days=300))
    active = [
        add_referral(database.sessions, person, course, state)
        for state in (ReferralState.PROPOSED, ReferralState.RESERVED, ReferralState.REGISTERED)
    ]
    declined = add_referral(database.sessions, person, course, ReferralState.DECLINED)
    with database.sessions() as s:
        assert cancel_impact(s, course) == 3
        with pytest.raises(ValidationFailed):
            cancel_course(s, course, "  ")
        assert cancel_course(s, course, "zu wenige Anmeldungen") == 3
        with pytest.raises(Conflict):
            cancel_course(s, course, "noch einmal")
    with database.sessions() as s:
        states = dict(s.execute(sa.select(m.Referral.id, m.Referral.state)).all())
        assert [states[r] for r in active] == [ReferralState.CANCELLED] * 3
        assert states[declined] == ReferralState.DECLINED
        events = s.scalars(sa.select(m.ReferralEvent).where(m.ReferralEvent.referral_id == active[1])).all()
        assert [(e.from_state, e.to_state, e.reason) for e in events] == [
            (ReferralState.RESERVED, ReferralState.CANCELLED, "Kurs abgesagt: zu wenige Anmeldungen")
        ]
    with database.sessions() as s:
        assert list_courses(s, TODAY) == []
        assert list_courses(s, TODAY, CourseFilter(include_closed=True))[0].status == CourseStatus.CANCELLED


def test_choices_list_providers_and_their_locations(database: OpenDatabase) -> None:
    net = build_network(database.sessions)
    with database.sessions() as s:
        choices = course_choices(s)
    assert [p.label for p in choices.providers] == ["Bildungswerk Nord gGmbH", "Volkshochschule Musterstadt"]
    assert {(c.label, c.parent_id) for c in choices.locations} == {
        ("VHS-Haus", net.vhs),
        ("Außenstelle Nord", net.vhs),
        ("Zentrum", net.bildung),
    }
