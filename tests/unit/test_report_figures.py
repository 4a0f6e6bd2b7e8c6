"""Pure report figures: periods, quartiles, suppression and table merging, with values worked out by hand."""

from datetime import date

import pytest

from kim_desktop.domain.report_figures import (
    Count,
    CountTable,
    count_table,
    days_text,
    is_suppressed,
    parse_period,
    period_label,
    quantile,
    quarter_of,
    quartiles,
    recent_quarters,
    share_text,
)
from kim_desktop.domain.report_merge import merge_reports, merge_tables


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026Q1", (date(2026, 1, 1), date(2026, 3, 31))),
        ("2026Q3", (date(2026, 7, 1), date(2026, 9, 30))),
        ("2024-q1", (date(2024, 1, 1), date(2024, 3, 31))),
        ("2026Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        ("2026-07-15..2026-08-14", (date(2026, 7, 15), date(2026, 8, 14))),
        ("2026-07-15:2026-07-15", (date(2026, 7, 15), date(2026, 7, 15))),
    ],
)
def test_parse_period(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2026Q5", "2026", "Q3", "2026-09-01..2026-08-01", "2026-02-30..2026-03-01", ""])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_quarters_and_labels() -> None:
    assert quarter_of(date(2026, 9, 30)) == "2026Q3" and quarter_of(date(2026, 10, 1)) == "2026Q4"
    assert recent_quarters(date(2026, 2, 10), 3) == ["2026Q1", "2025Q4", "2025Q3"]
    assert period_label(date(2026, 7, 1), date(2026, 9, 30)) == "2026Q3"
    assert period_label(date(2026, 7, 1), date(2026, 8, 31)) == "01.07.2026–31.08.2026"


def test_quantiles_by_hand() -> None:
    # positions (n-1)*p: 0.75, 1.5, 2.25 between 10, 20, 30, 40
    assert [quantile([10, 20, 30, 40], p) for p in (0.25, 0.5, 0.75)] == [17.5, 25, 32.5]
    assert quantile([7], 0.25) == quantile([7], 0.75) == 7
    with pytest.raises(ValueError):
        quantile([], 0.5)


def test_quartiles_with_target() -> None:
    q = quartiles([50, 10, 42, 43, 20], target_days=42)  # sorted 10 20 42 43 50
    assert (q.count, q.q1, q.median, q.q3, q.within_target) == (5, 20, 42, 43, 3)
    assert q.share_within_target == 0.6


def test_quartiles_edge_cases() -> None:
    empty = quartiles([], 42)
    assert (empty.count, empty.median, empty.share_within_target) == (0, None, None)
    one = quartiles([30], 42)
    assert (one.q1, one.median, one.q3, one.within_target) == (30, 30, 30, 1)


@pytest.mark.parametrize(
    ("count", "threshold", "hidden"),
    [(0, 3, False), (1, 3, True), (2, 3, True), (3, 3, False), (4, 5, True), (5, 5, False), (1, 1, False),
     (120, 3, False)],
)  # fmt: skip
def test_primary_suppression(count: int, threshold: int, hidden: bool) -> None:
    assert is_suppressed(count, threshold) == hidden


def test_shares_and_days_are_never_shown_as_a_small_count() -> None:
    # "<3" in a column of days or percentages reads as "fewer than 3 days" or "<3 %": untrue. Too few cases: "/".
    assert share_text(0, 0, True) == "–"
    assert share_text(1, 2, False) == "/"  # base hidden or too small
    assert share_text(2, 10, True) == "20 %"  # a small part is no reason to hide a percentage
    assert share_text(0, 10, True) == "0 %"
    assert share_text(7, 9, True) == "78 %"
    assert days_text(None, 0, 3) == "–"
    assert days_text(54.0, 2, 3) == "/"  # one or two people's own days
    assert days_text(54.0, 3, 3) == "54"
    assert days_text(17.5, 4, 3) == "17,5"


def test_count_tables() -> None:
    table = count_table(("channel",), {("phone",): 2, ("in_person",): 5, ("video",): 0})
    assert table.rows == (Count(("in_person",), 5), Count(("phone",), 2))  # key order, zero dropped
    assert table.total == 7
    other = CountTable(("channel",), (Count(("phone",), 1), Count(("video",), 4)))
    merged = merge_tables([table, other])
    assert [(r.key[0], r.value) for r in merged.rows] == [("in_person", 5), ("phone", 3), ("video", 4)]
    assert merged.total == table.total + other.total


def test_a_merged_report_is_unfinished_when_one_office_computed_before_the_end() -> None:
    from tests.unit.documents.test_kim_report_pdf import sample_report

    early, late = sample_report(computed_on=date(2026, 9, 20)), sample_report(computed_on=date(2026, 10, 5))
    assert early.unfinished and not late.unfinished
    merged = merge_reports([late, early])
    assert merged.unfinished and merged.computed_on == date(2026, 9, 20)
    assert not merge_reports([late, late]).unfinished
