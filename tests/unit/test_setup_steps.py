"""What a missing piece of set-up blocks, over every combination of empty and filled reference data."""

import itertools

import pytest

from kim_desktop.domain.setup_steps import SetupCounts, SetupStep, missing_pieces, step_done


@pytest.mark.parametrize(
    ("office", "municipalities", "providers", "locations", "travel", "accounts"),
    list(itertools.product((False, True), (0, 3), (0, 1), (0, 2), (0, 4), (1, 2))),
)
def test_every_combination(
    office: bool, municipalities: int, providers: int, locations: int, travel: int, accounts: int
) -> None:
    counts = SetupCounts(office, municipalities, providers, locations, travel, 0, accounts)
    pieces = missing_pieces(counts)
    blocking = [p for p in pieces if p.blocking]
    assert pieces == blocking + [p for p in pieces if not p.blocking]  # blocking ones first
    messages = [str(p.message) for p in pieces]
    assert ("Ohne Gemeinden kann keine Person angelegt werden." in messages) == (municipalities == 0)
    assert ("Ohne Kursträger können keine Kurse angelegt werden." in messages) == (providers == 0)
    # locations are asked for once there is a provider to own them
    assert ("Ohne Kursorte können keine Kurse angelegt werden." in messages) == (providers > 0 and locations == 0)
    assert (SetupStep.OFFICE in {p.step for p in pieces}) == (not office)
    travel_missing = "Ohne Fahrzeiten kann die Kurssuche nicht prüfen, ob ein Kursort erreichbar ist."
    assert (travel_missing in messages) == (locations > 0 and municipalities > 0 and travel == 0)
    assert (SetupStep.ACCOUNTS in {p.step for p in pieces}) == (accounts <= 1)
    assert {p.step for p in blocking} <= {SetupStep.MUNICIPALITIES, SetupStep.PARTNERS, SetupStep.LOCATIONS}


def test_a_complete_office_misses_nothing() -> None:
    assert missing_pieces(SetupCounts(True, 30, 5, 8, 120, 14, 6)) == []


def test_a_step_is_ticked_only_when_it_has_what_it_is_for() -> None:
    empty = SetupCounts(False, 0, 0, 0, 0, 0, 1)
    assert not any(step_done(empty, step) for step in SetupStep)
    locations_without_times = SetupCounts(True, 3, 1, 2, 0, 0, 2)
    assert [step_done(locations_without_times, s) for s in SetupStep] == [True, True, True, False, True]
    assert all(step_done(SetupCounts(True, 3, 1, 2, 6, 0, 2), step) for step in SetupStep)
