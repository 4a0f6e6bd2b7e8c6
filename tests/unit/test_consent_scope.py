"""The consent rule: a use is covered only by a consent for its purpose, its recipient, all its data, on its day."""

import itertools
from datetime import date

import pytest

from kim_desktop.domain.consent_scope import (
    REGISTRATION_LIST_DATA,
    ConsentPurpose,
    ConsentTerms,
    DataCategory,
    DataUse,
    Gap,
    covers,
    reason_text,
    refusal,
    shortfall,
)

P = ConsentPurpose
D = DataCategory
PROVIDER, JOBCENTER = 1, 2
GIVEN, DAY = date(2026, 2, 1), date(2026, 3, 2)
USE = DataUse(P.COURSE_REGISTRATION, PROVIDER, frozenset({D.IDENTITY, D.ADDRESS}), DAY)


def terms(**changes: object) -> ConsentTerms:
    values: dict[str, object] = {
        "purpose": P.COURSE_REGISTRATION,
        "recipient_ids": frozenset({PROVIDER}),
        "data": frozenset({D.IDENTITY, D.ADDRESS, D.CONTACT}),
        "given_on": GIVEN,
    }
    return ConsentTerms(**(values | changes))  # type: ignore[arg-type]


# Every combination of the five conditions: only the one where all hold covers the use, and the gap named is the
# first failing condition in the order recipient, purpose, data, time.
RECIPIENTS = {True: frozenset({PROVIDER, JOBCENTER}), False: frozenset({JOBCENTER})}
PURPOSES = {True: P.COURSE_REGISTRATION, False: P.CHILDCARE_SEARCH}
DATA = {True: frozenset({D.IDENTITY, D.ADDRESS}), False: frozenset({D.IDENTITY})}
GIVEN_ON = {True: DAY, False: date(2026, 3, 3)}  # given on the day of use counts, the day after does not
REVOKED = {True: date(2026, 3, 3), False: DAY}  # revoked on the day of use no longer counts
UNTIL = {True: DAY, False: date(2026, 3, 1)}  # valid until the day of use still counts


@pytest.mark.parametrize(
    ("recipient", "purpose", "data", "given", "not_revoked", "not_expired"),
    list(itertools.product((True, False), repeat=6)),
)
def test_every_combination(
    recipient: bool, purpose: bool, data: bool, given: bool, not_revoked: bool, not_expired: bool
) -> None:
    consent = terms(
        recipient_ids=RECIPIENTS[recipient], purpose=PURPOSES[purpose], data=DATA[data], given_on=GIVEN_ON[given],
        revoked_on=REVOKED[not_revoked], valid_until=UNTIL[not_expired],
    )  # fmt: skip
    conditions = [
        (recipient, Gap.RECIPIENT), (purpose, Gap.PURPOSE), (data, Gap.DATA), (given, Gap.NOT_YET),
        (not_revoked, Gap.REVOKED), (not_expired, Gap.EXPIRED),
    ]  # fmt: skip
    expected = next((gap for holds, gap in conditions if not holds), None)
    assert covers(consent, USE) is (expected is None)
    found = shortfall(consent, USE)
    assert (found.gap if found else None) == expected


def test_a_consent_without_purpose_covers_nothing() -> None:
    free_text = terms(purpose=None, data=frozenset(DataCategory))
    for purpose in ConsentPurpose:
        use = DataUse(purpose, PROVIDER, frozenset({D.IDENTITY}), DAY)
        assert not covers(free_text, use)
        assert shortfall(free_text, use) == shortfall(free_text, USE)
    found = refusal([free_text], USE)
    assert found is not None and found.gap == Gap.NO_PURPOSE
    assert reason_text(found) == "Einwilligung ohne zugeordneten Zweck (Prüfliste): gilt noch für nichts."


def test_open_ended_consent_holds_on_any_later_day() -> None:
    assert covers(terms(), DataUse(P.COURSE_REGISTRATION, PROVIDER, frozenset({D.IDENTITY}), date(2036, 1, 1)))


def test_no_data_needed_is_covered_by_any_consent_for_purpose_and_recipient() -> None:
    assert covers(terms(data=frozenset()), DataUse(P.COURSE_REGISTRATION, PROVIDER, frozenset(), DAY))


def test_one_consent_must_cover_everything_two_halves_do_not_add_up() -> None:
    half = terms(data=frozenset({D.IDENTITY}))
    other_half = terms(data=frozenset({D.ADDRESS}))
    found = refusal([half, other_half], USE)
    assert found is not None and found.gap == Gap.DATA


def test_any_covering_consent_is_enough() -> None:
    assert refusal([terms(purpose=P.CHILDCARE_SEARCH), terms()], USE) is None


@pytest.mark.parametrize(
    ("consents", "reason"),
    [
        ([], "Keine Einwilligung für diesen Empfänger."),
        ([terms(recipient_ids=frozenset({JOBCENTER}))], "Keine Einwilligung für diesen Empfänger."),
        ([terms(purpose=P.JOBCENTER_EXCHANGE)],
         "Einwilligung nur für einen anderen Zweck: Austausch mit dem Jobcenter."),
        ([terms(data=frozenset({D.IDENTITY}))], "Einwilligung umfasst nicht: Anschrift."),
        ([terms(given_on=date(2026, 3, 5))], "Einwilligung erst ab 05.03.2026 erteilt."),
        ([terms(revoked_on=date(2026, 2, 20))], "Einwilligung am 20.02.2026 widerrufen."),
        ([terms(valid_until=date(2026, 2, 28))], "Einwilligung galt nur bis 28.02.2026."),
        # The closest consent gives the reason: a revoked one for this purpose beats one for another purpose.
        ([terms(purpose=P.CHILDCARE_SEARCH), terms(revoked_on=date(2026, 2, 20))],
         "Einwilligung am 20.02.2026 widerrufen."),
        ([terms(purpose=None), terms(purpose=P.CHILDCARE_SEARCH)],
         "Einwilligung nur für einen anderen Zweck: Kita-Suche."),
    ],
)  # fmt: skip
def test_the_reason_named_to_the_advisor(consents: list[ConsentTerms], reason: str) -> None:
    found = refusal(consents, USE)
    assert found is not None
    assert reason_text(found) == reason


def test_the_registration_list_needs_what_it_prints() -> None:
    assert {D.IDENTITY, D.ADDRESS, D.CONTACT, D.PERMISSION, D.LANGUAGE_LEVEL, D.CHILDCARE} == REGISTRATION_LIST_DATA
    assert D.HEALTH not in REGISTRATION_LIST_DATA and D.COUNSELLING not in REGISTRATION_LIST_DATA
