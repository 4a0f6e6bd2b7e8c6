"""The register-by date a referral letter prints (never after the seat's hold) and what to warn the advisor of."""

from dataclasses import dataclass
from datetime import date

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.text import N_, Text

# States in which the person still has to register with the provider: only then do deadlines matter.
NOT_YET_REGISTERED = frozenset({ReferralState.PROPOSED, ReferralState.RESERVED, ReferralState.HOLD_EXPIRED})


@dataclass(frozen=True)
class RegistrationDeadline:
    """What the letter says about registering: register by this day; the seat is held until that day."""

    register_by: date | None
    seat_held_until: date | None


def registration_deadline(
    course_deadline: date | None, state: ReferralState, hold_until: date | None, issued_on: date
) -> RegistrationDeadline:
    """The letter's dates as of its issue date: a running hold is named and the register-by date is not after it.

    A hold counts while the referral is reserved and the hold has not ended on the issue date; an ended hold
    is not printed (the advisor is warned instead, see `deadline_warnings`).
    """
    held = hold_until if state is ReferralState.RESERVED and hold_until and hold_until >= issued_on else None
    candidates = [day for day in (course_deadline, held) if day is not None]
    return RegistrationDeadline(min(candidates) if candidates else None, held)


def deadline_warnings(
    course_deadline: date | None, state: ReferralState, hold_until: date | None, today: date
) -> tuple[Text, ...]:
    """Warnings for the advisor before a letter goes out: registration deadline passed, seat no longer held."""
    if state not in NOT_YET_REGISTERED:
        return ()
    warnings: list[Text] = []
    if course_deadline is not None and course_deadline < today:
        warnings.append(
            Text(
                N_("Die Anmeldefrist des Kurses ist am {day:%d.%m.%Y} abgelaufen. Klären Sie mit dem Kursträger, "
                   "ob eine Anmeldung noch möglich ist, bevor Sie das Schreiben ausgeben."),
                day=course_deadline,
            )
        )  # fmt: skip
    hold_over = state is ReferralState.HOLD_EXPIRED or (
        state is ReferralState.RESERVED and hold_until is not None and hold_until < today
    )
    if hold_over and hold_until is not None:
        warnings.append(
            Text(
                N_("Die Platzreservierung ist am {day:%d.%m.%Y} abgelaufen: Der Platz wird nicht mehr gehalten."),
                day=hold_until,
            )
        )
    elif hold_over:
        warnings.append(Text(N_("Die Platzreservierung ist abgelaufen: Der Platz wird nicht mehr gehalten.")))
    return tuple(warnings)
