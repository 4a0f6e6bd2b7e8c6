"""Secondary suppression: random small tables are suppressed, then solved like a reader would; nothing is pinned."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kim_desktop.documents.kim_report_tables import report_sections
from kim_desktop.domain.report_disclosure import disclosure, report_cells
from kim_desktop.domain.report_figures import (
    SUPPRESSED,
    Cell,
    CounsellingFigures,
    CourseSeats,
    DemandCell,
    DemandGap,
    KimReport,
    Line,
    ObligedRegistration,
    ReferralFigures,
    WaitingDays,
    count_table,
    is_suppressed,
    suppressed_cells,
)
from tests.unit.linear_disclosure import Equation, pinned_cells

THRESHOLD = 3
small = st.integers(0, 9) | st.sampled_from([0, 1, 1, 2, 2, 3])  # many small counts: suppression happens often
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _equations(lines: list[Line]) -> list[Equation]:
    return [(line.total, line.parts) for line in lines]


def _check(values: dict[Cell, int], lines: list[Line], threshold: int = THRESHOLD) -> frozenset[Cell]:
    hidden = suppressed_cells(values, lines, threshold)
    assert {c for c, v in values.items() if 0 < v < threshold} <= hidden  # every small count of people
    assert pinned_cells(values, _equations(lines), hidden) == set()
    return hidden


def two_way(matrix: list[list[int]]) -> tuple[dict[Cell, int], list[Line]]:
    """A table with row totals, column totals and the grand total, as cells and sums."""
    rows, cols = len(matrix), len(matrix[0])
    values: dict[Cell, int] = {("c", str(i), str(j)): matrix[i][j] for i in range(rows) for j in range(cols)}
    values.update({("r", str(i)): sum(matrix[i]) for i in range(rows)})
    values.update({("k", str(j)): sum(matrix[i][j] for i in range(rows)) for j in range(cols)})
    values[("g",)] = sum(map(sum, matrix))
    lines = [Line(("r", str(i)), tuple(("c", str(i), str(j)) for j in range(cols))) for i in range(rows)]
    lines += [Line(("k", str(j)), tuple(("c", str(i), str(j)) for i in range(rows))) for j in range(cols)]
    lines.append(Line(("g",), tuple(("r", str(i)) for i in range(rows))))
    lines.append(Line(("g",), tuple(("k", str(j)) for j in range(cols))))
    return values, lines


@SETTINGS
@given(st.integers(1, 4).flatmap(lambda cols: st.lists(st.lists(small, min_size=cols, max_size=cols), min_size=1,
                                                        max_size=4)))  # fmt: skip
def test_two_way_tables_with_margins(matrix: list[list[int]]) -> None:
    _check(*two_way(matrix))


@SETTINGS
@given(st.lists(st.lists(small, min_size=1, max_size=5), min_size=1, max_size=4))
def test_one_way_tables_sharing_their_total(tables: list[list[int]]) -> None:
    # Like sessions by month, by channel and with/without interpreter: different splits of one total.
    total = max(sum(t) for t in tables)
    values: dict[Cell, int] = {("total",): total}
    lines = []
    for n, parts in enumerate(tables):
        parts = [*parts[:-1], parts[-1] + total - sum(parts)]  # every table adds up to the same total
        cells = tuple(("t", str(n), str(i)) for i in range(len(parts)))
        values.update(zip(cells, parts, strict=True))
        lines.append(Line(("total",), cells))
    _check(values, lines)


@SETTINGS
@given(st.lists(st.lists(small, min_size=1, max_size=4), min_size=1, max_size=4), st.integers(3, 5))
def test_subtotals_and_a_grand_total(groups: list[list[int]], threshold: int) -> None:
    # Like the waiting list: rows per municipality, the municipality's sum, and the sum of all.
    values: dict[Cell, int] = {("all",): sum(map(sum, groups))}
    lines = []
    for g, parts in enumerate(groups):
        cells = tuple(("row", str(g), str(i)) for i in range(len(parts)))
        values.update(zip(cells, parts, strict=True))
        values[("group", str(g))] = sum(parts)
        lines.append(Line(("group", str(g)), cells))
    lines.append(Line(("all",), tuple(("group", str(g)) for g in range(len(groups)))))
    _check(values, lines, threshold)


def test_the_case_from_the_issue_is_closed() -> None:
    # "nicht erschienen" = 11 - 4 - 6 = 1: primary suppression alone lets a reader subtract.
    values: dict[Cell, int] = {("sum",): 11, ("started",): 4, ("registered",): 6, ("no_show",): 1}
    lines = [Line(("sum",), (("started",), ("registered",), ("no_show",)))]
    primary = frozenset(c for c, v in values.items() if is_suppressed(v, THRESHOLD))
    assert pinned_cells(values, _equations(lines), primary) == {("no_show",)}  # the solver sees the old leak
    hidden = _check(values, lines)
    assert hidden == {("no_show",), ("started",)}  # the next smallest cell of the line goes with it


def test_a_bridge_between_two_blocks_is_closed() -> None:
    # Found by the random tables: every line has two hidden cells, yet the equations fix one (a bridge).
    values, lines = two_way([[0, 2, 1], [3, 8, 8], [0, 4, 0]])
    hidden = _check(values, lines)
    assert not any(values[c] == 0 for c in hidden)  # a zero identifies no one and stays shown here


def test_complementary_cells_spread_across_totals() -> None:
    # 2x2 with one small cell: its row and its column each need a second hidden cell, which then need a fourth.
    values, lines = two_way([[1, 7], [5, 9]])
    assert _check(values, lines) == {("c", "0", "0"), ("c", "0", "1"), ("c", "1", "0"), ("c", "1", "1")}


# --- the whole report --------------------------------------------------------------------------------------


def _report(draw: st.DrawFn) -> KimReport:
    def table(name: str, keys: list[str]) -> dict[tuple[str, ...], int]:
        return {(k,): draw(small, label=f"{name}:{k}") for k in keys}

    months = table("month", ["2026-07", "2026-08", "2026-09"])
    sessions = sum(months.values())
    channels = table("channel", ["in_person", "phone"])
    channels[("video",)] = max(0, sessions - sum(channels.values()))
    if sum(channels.values()) != sessions:
        channels = {("in_person",): sessions}
    with_interpreter = draw(st.integers(0, sessions))
    states = table("state", ["started", "registered", "no_show"])
    referrals = sum(states.values())
    types = {("allgemein",): referrals - min(referrals, 2), ("alpha",): min(referrals, 2)}
    providers = {("VHS",): referrals // 2, ("Kolping",): referrals - referrals // 2}
    obliged = [draw(small) for _ in range(4)]
    demand = tuple(
        DemandCell(m, t, "morning", care, draw(st.integers(1, 6)), 30, 20)
        for m in ("Dorf", "Stadt") for t in ("alpha", "allgemein") for care in (False, True) if draw(st.booleans())
    )  # fmt: skip
    waiting = tuple(
        WaitingDays(t, m, tuple(range(10, 10 + draw(st.integers(1, 5)))))
        for t in ("alpha", "allgemein") for m in ("Dorf", "Stadt") if draw(st.booleans())
    )  # fmt: skip
    return KimReport(
        period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), offices=("Büro",), computed_on=date(2026, 10, 1),
        suppression_threshold=THRESHOLD, target_days=42, registration_days=14,
        counselling=CounsellingFigures(
            sessions, draw(small), draw(small), count_table(("month",), months), count_table(("channel",), channels),
            count_table(("topic",), table("topic", ["Kinderbetreuung", "Arbeit"])),
            count_table(("interpreter",), {("with",): with_interpreter, ("without",): sessions - with_interpreter}),
        ),
        referrals=ReferralFigures(
            referrals, count_table(("course_type",), types), count_table(("provider",), providers),
            count_table(("state",), states), ObligedRegistration(sum(obliged), *obliged),
        ),
        waiting=waiting,
        seats=(CourseSeats("VHS", "-001", "allgemein", date(2026, 8, 3), 20, draw(small), draw(small)),),
        demand=demand, gaps=(DemandGap("Dorf", "alpha", "morning", False, 9, 30, "Haus am Markt"),),
        barrier_sessions=count_table(("topic",), table("barrier", ["Kinderbetreuung"])),
        barrier_people=count_table(("topic",), table("barrier_people", ["Kinderbetreuung"])),
    )  # fmt: skip


@SETTINGS
@given(st.composite(_report)())
def test_no_hidden_count_of_a_random_report_can_be_worked_out(report: KimReport) -> None:
    values, lines = report_cells(report)
    shown = disclosure(report)
    assert pinned_cells(values, _equations(lines), shown.hidden) == set()


def _printed_count_tables(report: KimReport) -> tuple[dict[Cell, int], list[Equation], set[Cell]]:
    """The counselling and referral tables as printed, read back: rows add up to "Summe".

    Every Summe of a section is the same number (sessions, referrals); "•" is unknown, the rest as printed.
    """
    values: dict[Cell, int] = {}
    equations: list[Equation] = []
    hidden: set[Cell] = set()
    for section in report_sections(report)[:2]:
        total: Cell = (section.key, "Summe")
        for table in section.tables:
            rows = [row for row in table.rows if row[0] != "Summe"]
            if len(rows) == len(table.rows):
                continue  # topics: no sum
            parts = []
            for row in rows:
                cell = (section.key, table.title, row[0])
                parts.append(cell)
                values[cell] = _true_value(report, table.title, row[0])
                if row[1] == SUPPRESSED:
                    hidden.add(cell)
                else:
                    assert int(row[1]) == values[cell]
            values[total] = report.counselling.sessions if section.key == "counselling" else report.referrals.total
            summe = next(row for row in table.rows if row[0] == "Summe")
            if summe[1] == SUPPRESSED:
                hidden.add(total)
            equations.append((total, tuple(parts)))
    return values, equations, hidden


def _true_value(report: KimReport, title: str, label: str) -> int:
    c, f = report.counselling, report.referrals
    kinds = ("Allgemeiner Integrationskurs", "Alphabetisierungskurs")
    tables = {
        "Beratungen nach Monat": {f"{k[0][5:]}/{k[0][:4]}": v for k, v in _rows(c.by_month)},
        "Beratungen nach Kanal": _labelled(c.by_channel, ("persönlich", "Telefon", "Video"),
                                           ("in_person", "phone", "video")),
        "Dolmetschung": _labelled(c.by_interpreter, ("mit Dolmetschung", "ohne Dolmetschung"), ("with", "without")),
        "Vermittlungen nach Kursart": _labelled(f.by_course_type, kinds, ("allgemein", "alpha")),
        "Vermittlungen nach Kursträger": {k[0]: v for k, v in _rows(f.by_provider)},
        "Vermittlungen nach Stand": _labelled(f.by_state, ("begonnen", "angemeldet", "nicht erschienen"),
                                              ("started", "registered", "no_show")),
    }  # fmt: skip
    return tables[title][label]


def _rows(table: object) -> list[tuple[tuple[str, ...], int]]:
    return [(r.key, r.value) for r in table.rows]  # type: ignore[attr-defined]


def _labelled(table: object, labels: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, int]:
    found = dict(_rows(table))
    return {label: found.get((key,), 0) for label, key in zip(labels, keys, strict=True)}


@SETTINGS
@given(st.composite(_report)())
def test_the_printed_tables_cannot_be_solved_for_a_hidden_count(report: KimReport) -> None:
    values, equations, hidden = _printed_count_tables(report)
    assert pinned_cells(values, equations, hidden) == set()
