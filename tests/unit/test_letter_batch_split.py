"""A batch of letters is cut into consecutive runs of about equal work, one per worker process."""

from dataclasses import replace

from kim_desktop.services.letters import _split
from tests.unit.documents.sample_letters import referral


def test_runs_keep_the_order_and_balance_translated_letters() -> None:
    letters = [replace(referral("de"), reference=f"R-{i}") for i in range(10)]
    letters += [replace(referral("ar"), reference=f"R-{i}") for i in range(10, 15)]
    runs = _split(letters, 2)
    assert [data for run in runs for data in run] == letters
    assert [len(run) for run in runs] == [10, 5]  # 10 German-only letters weigh as much as 5 translated ones


def test_never_more_runs_than_letters() -> None:
    assert [len(run) for run in _split([referral("de")], 2)] == [1]
    assert [len(run) for run in _split([referral("de")] * 3, 2)] == [2, 1]
