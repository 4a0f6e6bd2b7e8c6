"""The register-by date a letter prints (never after the seat's hold) and the advisor's warnings."""

from datetime import date

import pytest

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.registration_deadline import RegistrationDeadline, deadline_warnings, registration_deadline

R = ReferralState
COURSE_DEADLINE = date(2026, 12, 14)
HOLD = date(2026, 12, 9)


def test_a_running_hold_is_named_and_caps_the_register_by_date() -> None:
    # The case: the course says 14.12., the seat is held only until 09.12.
    assert registration_deadline(COURSE_DEADLINE, R.RESERVED, HOLD, date(2026, 12, 6)) == RegistrationDeadline(
        HOLD, HOLD
    )
    assert registration_deadline(date(2026, 12, 8), R.RESERVED, HOLD, date(2026, 12, 6)).register_by == date(
        2026, 12, 8
    )
    assert registration_deadline(None, R.RESERVED, HOLD, date(2026, 12, 6)) == RegistrationDeadline(HOLD, HOLD)
    assert registration_deadline(COURSE_DEADLINE, R.RESERVED, HOLD, HOLD).seat_held_until == HOLD  # last day


@pytest.mark.parametrize("state", [R.PROPOSED, R.REGISTERED, R.STARTED, R.HOLD_EXPIRED, R.CANCELLED])
def test_only_a_reservation_holds_a_seat(state: ReferralState) -> None:
    assert registration_deadline(COURSE_DEADLINE, state, HOLD, date(2026, 12, 6)) == RegistrationDeadline(
        COURSE_DEADLINE, None
    )


def test_an_ended_hold_is_not_printed() -> None:
    assert registration_deadline(COURSE_DEADLINE, R.RESERVED, HOLD, date(2026, 12, 10)) == RegistrationDeadline(
        COURSE_DEADLINE, None
    )
    assert registration_deadline(None, R.PROPOSED, None, date(2026, 12, 10)) == RegistrationDeadline(None, None)


def test_no_warning_while_deadline_and_hold_run() -> None:
    assert deadline_warnings(COURSE_DEADLINE, R.RESERVED, HOLD, HOLD) == ()
    assert deadline_warnings(COURSE_DEADLINE, R.PROPOSED, None, COURSE_DEADLINE) == ()
    assert deadline_warnings(None, R.PROPOSED, None, date(2030, 1, 1)) == ()


def test_passed_deadline_and_ended_hold_are_warned_of() -> None:
    warnings = deadline_warnings(COURSE_DEADLINE, R.RESERVED, HOLD, date(2026, 12, 15))
    assert len(warnings) == 2
    assert "Anmeldefrist des Kurses ist am 14.12.2026 abgelaufen" in warnings[0]
    assert "Platzreservierung ist am 09.12.2026 abgelaufen" in warnings[1]
    assert deadline_warnings(COURSE_DEADLINE, R.RESERVED, HOLD, date(2026, 12, 10)) == (warnings[1],)
    expired = deadline_warnings(COURSE_DEADLINE, R.HOLD_EXPIRED, None, date(2026, 12, 10))
    assert len(expired) == 1 and "Platzreservierung ist abgelaufen" in expired[0]
    assert "14.12.2026" in deadline_warnings(COURSE_DEADLINE, R.PROPOSED, None, date(2026, 12, 15))[0]


@pytest.mark.parametrize("state", [R.REGISTERED, R.STARTED, R.DECLINED, R.CANCELLED])
def test_a_registered_person_gets_no_deadline_warning(state: ReferralState) -> None:
    assert deadline_warnings(COURSE_DEADLINE, state, HOLD, date(2027, 1, 1)) == ()
