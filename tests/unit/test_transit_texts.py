"""Journey sentences, reasons, public holidays, calendars and walks between stops."""

from datetime import date, time

import pytest

from kim_desktop.domain.public_holidays import easter_sunday, is_public_holiday
from kim_desktop.domain.transit_days import SAME_STOP_CHANGE_S, Service, course_days, nearby_walks
from kim_desktop.domain.transit_journey import (
    JourneyLeg,
    JourneyLegs,
    Way,
    clock,
    journey_from_json,
    journey_json,
    mode_label,
    unreachable_reason,
)
from kim_desktop.exchange.gtfs_fields import BadValueError, parse_time


def _way(*legs: JourneyLeg, before: int = 0, after: int = 4) -> Way:
    return Way(legs, before, after, time(7, 40), time(8, 23), 43)


BUS = JourneyLeg("Bus", "510", "Hollwinkel Kirche", time(7, 42), "Musterstadt ZOB", time(8, 19))
BACK = (JourneyLeg("Bus", "1", "Musterstadt ZOB", time(12, 58), "Markt", time(13, 3)),
        JourneyLeg("Bus", "510", "Markt", time(13, 10), "Hollwinkel Kirche", time(13, 40)))  # fmt: skip


def test_sentence_as_the_issue_prints_it() -> None:
    journey = JourneyLegs(_way(BUS), _way(*BACK), 120, True)
    assert journey.text() == (
        "Bus 510 ab Hollwinkel Kirche 07:42, an Musterstadt ZOB 08:19, 4 Min. zu Fuß; zurück 12:58 (1 Umstieg)"
    )
    assert journey.minutes == 43 and journey.back.changes == 1
    assert JourneyLegs(_way(), _way(), 1, True).text() == "zu Fuß"


def test_journey_survives_storing() -> None:
    there, back = journey_from_json(journey_json(_way(BUS), _way(*BACK)))
    assert there == _way(BUS) and back == _way(*BACK)
    assert journey_from_json("") == (None, None)


MODES = [(3, "Bus"), (700, "Bus"), (2, "Bahn"), (106, "Bahn"), (0, "Straßenbahn"), (4, "Fähre"), (1500, "Rufbus")]


@pytest.mark.parametrize(("route_type", "label"), MODES)
def test_mode_labels(route_type: int, label: str) -> None:
    assert mode_label(route_type) == label


def test_reasons() -> None:
    start, end = time(18, 0), time(21, 15)
    assert unreachable_reason(start, end, 10, 10, 10, date(2027, 1, 4)) == (
        "mit Bus und Bahn nicht erreichbar an Kurstagen: keine Verbindung, die vor 18:00 ankommt; "
        "keine Rückfahrt nach 21:15"
    )
    assert unreachable_reason(start, end, 10, 2, 0, date(2027, 1, 4)) == (
        "mit Bus und Bahn nicht erreichbar an Kurstagen: an 2 von 10 Kurstagen keine Verbindung hin; "
        "zuerst am 04.01.2027"
    )


def test_times_past_midnight_and_clock() -> None:
    assert parse_time("25:10:00", "arrival_time") == 25 * 3600 + 600
    assert parse_time(" 7:05:00", "arrival_time") == 7 * 3600 + 300
    with pytest.raises(BadValueError, match="ist keine Uhrzeit"):
        parse_time("25:61:00", "arrival_time")
    assert clock(25 * 3600 + 600) == time(1, 10) and clock(-600) == time(23, 50)


def test_public_holidays_are_no_course_days() -> None:
    assert easter_sunday(2027) == date(2027, 3, 28)
    assert is_public_holiday(date(2027, 3, 26)) and is_public_holiday(date(2027, 5, 6))  # Good Friday, Ascension
    days = list(course_days(date(2027, 3, 22), date(2027, 4, 2), 0b11111))
    assert date(2027, 3, 26) not in days and date(2027, 3, 29) not in days and len(days) == 8


def test_calendar_exceptions() -> None:
    school = Service(0b11111, date(2027, 1, 1), date(2027, 12, 31), frozenset({date(2027, 1, 2)}),
                     frozenset({date(2027, 1, 4)}))  # fmt: skip
    assert school.runs_on(date(2027, 1, 5))
    assert not school.runs_on(date(2027, 1, 4))  # removed (holiday)
    assert school.runs_on(date(2027, 1, 2))  # a Saturday, added
    assert not school.runs_on(date(2028, 1, 3))  # after the range
    assert Service(added=frozenset({date(2027, 1, 2)})).runs_on(date(2027, 1, 2))  # calendar_dates.txt only


def test_walks_between_nearby_stops_and_transfers_txt() -> None:
    coords = {0: (52.3, 8.0), 1: (52.3018, 8.0), 2: (52.31, 8.0)}  # 0-1: 200 m, 0-2: 1.1 km
    walks = nearby_walks(range(4), coords, [(2, 3, 240), (1, 1, None)])
    assert sorted(walks[0]) == [(0, SAME_STOP_CHANGE_S), (1, 240)]
    assert (3, 240) in walks[2] and (1, SAME_STOP_CHANGE_S) not in walks[1]  # transfer_type 3: no change at 1
    assert walks[3] == [(3, SAME_STOP_CHANGE_S)]  # a stop without coordinates can still be changed at
