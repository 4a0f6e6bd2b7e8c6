"""The anonymised KIM report as pure data: periods, quartiles, primary and secondary suppression, the KimReport tree."""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

# "Without delay" (unverzüglich, § 44a AufenthG) has no number in the law. The report counts an obliged
# person's registration with a provider as without delay when it happened within this many days of the
# permission's issue date. Our own documented default: the rules table (rules_table.py) has no key for it.
REGISTRATION_WITHOUT_DELAY_DAYS = 14

UNKNOWN = ""  # key of "not recorded" (no municipality, no provider ...); shown as "ohne Angabe"

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Qq]\s*([1-4])\s*$")
_RANGE = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s*(?:\.\.|:|/|–| bis )\s*(\d{4}-\d{2}-\d{2})\s*$")


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1..4, not {quarter}")
    start = date(year, 3 * quarter - 2, 1)
    following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, following - timedelta(days=1)


def parse_period(text: str) -> tuple[date, date]:
    """Parse "2026Q3" (also "2026-Q3") or "2026-07-01..2026-09-30" into first and last day; ValueError if not."""
    match = _QUARTER.match(text)
    if match:
        return quarter_bounds(int(match.group(1)), int(match.group(2)))
    match = _RANGE.match(text)
    if match:
        start, end = date.fromisoformat(match.group(1)), date.fromisoformat(match.group(2))
        if end < start:
            raise ValueError(f"period ends before it starts: {text}")
        return start, end
    raise ValueError(f"not a period: {text!r} (expected e.g. 2026Q3 or 2026-07-01..2026-09-30)")


def quarter_of(day: date) -> str:
    """The quarter a day falls in, as "2026Q3"."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def recent_quarters(today: date, count: int) -> list[str]:
    """The quarter of today and the count-1 quarters before it, newest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    result = []
    for _ in range(count):
        result.append(f"{year}Q{quarter}")
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return result


def period_label(start: date, end: date) -> str:
    """The quarter ("2026Q3") when the period is exactly one, else "01.07.2026–15.08.2026"."""
    quarter = quarter_of(start)
    if quarter_bounds(start.year, (start.month - 1) // 3 + 1) == (start, end):
        return quarter
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


# --- statistics and suppression -------------------------------------------------------------------------


def quantile(sorted_values: Sequence[int], fraction: float) -> float:
    """Linear-interpolation quantile of sorted values (numpy's default, statistics 'inclusive')."""
    if not sorted_values:
        raise ValueError("no values")
    position = (len(sorted_values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


@dataclass(frozen=True)
class Quartiles:
    """Count, lower quartile, median, upper quartile of day counts and how many were within the target."""

    count: int
    q1: float | None
    median: float | None
    q3: float | None
    within_target: int

    @property
    def share_within_target(self) -> float | None:
        """Share (0..1) of cases within the target; None without cases."""
        return self.within_target / self.count if self.count else None


def quartiles(days: Iterable[int], target_days: int) -> Quartiles:
    """Quartiles of day counts (None for all three without data)."""
    ordered = sorted(days)
    within = sum(1 for d in ordered if d <= target_days)
    if not ordered:
        return Quartiles(0, None, None, None, 0)
    return Quartiles(len(ordered), quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75), within)


SUPPRESSED = "•"  # a count kept secret (too small, or one it could be worked out from): one mark for both kinds
TOO_FEW = "/"  # days or a percentage with too few cases behind it (German statistics: "nicht sicher genug")


def is_suppressed(count: int, threshold: int) -> bool:
    """Whether a count of people is too small to show (primary suppression; 0 is shown: it identifies no one)."""
    return 0 < count < threshold


def share_text(part: int, whole: int, base_shown: bool) -> str:
    """A percentage; "/" when its base count is kept secret or too small, "–" without a base.

    A percentage is not suppressed for a small part, but it must not give away a secret base: 50 % of a hidden
    count says the count is even.
    """
    if whole == 0:
        return "–"
    if not base_shown:
        return TOO_FEW
    return f"{round(100 * part / whole)} %"


def days_text(value: float | None, count: int, threshold: int) -> str:
    """A median, quartile or mean in days; "/" when fewer than threshold cases stand behind it (one person's days)."""
    if value is None:
        return "–"
    if count < threshold:
        return TOO_FEW
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


# --- secondary suppression -----------------------------------------------------------------------------
#
# A published table is a set of linear equations: each total is the sum of its parts. Hiding the small counts
# (primary suppression) is not enough: with "Summe 11, begonnen 4, angemeldet 6" the hidden "nicht erschienen"
# is 11 - 4 - 6 = 1. Official statistics therefore also hide complementary cells (secondary suppression).
#
# The rule here:
#   1. primary: every count of people 1..threshold-1 is hidden (0 is shown: it identifies no one);
#   2. secondary: every line (a total with its parts; a total may itself be a part of another line, and one
#      cell may belong to several lines, e.g. the number of sessions is the total of the month, channel and
#      interpreter tables) that holds exactly one hidden cell gets a second one: the smallest non-zero cell of
#      the line still shown (the total only when no part is left); repeated until no line changes (a fixpoint);
#   3. check: a hidden cell is still given away when the published equations fix it on their own (in a large
#      two-way table a chain of hidden cells can hang on one cell, a "bridge"). Exact elimination over the
#      hidden cells finds these; for each, the smallest shown non-zero cell of its lines is hidden as well (of
#      the lines reached through hidden cells if its own have none left) and step 2 runs again, until no
#      hidden cell is fixed.
# A hidden cell that the equations do not fix can move with other hidden cells (up one here, down one there:
# all hidden cells are at least 1), so a reader who solves the published sums over non-negative integers finds
# at least two values for each of them; tests/unit/test_report_suppression.py solves random tables to check.
# All hidden cells carry the same mark, so a reader cannot tell the small ones from the complementary ones.
# Known limit: a reader who also assumes that a hidden cell is never 0 can in rare patterns narrow a cell down
# further (two hidden 1s beside a shown total of 2); the rule does not protect intervals, only exact values.

Cell = tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """One published equation: total = sum of parts (cells are ids of counts of people)."""

    total: Cell
    parts: tuple[Cell, ...]


def _complete_lines(hidden: set[Cell], members: list[tuple[Cell, ...]], values: Mapping[Cell, int]) -> None:
    """Step 2: hide a second cell in every line with exactly one hidden cell, to a fixpoint."""
    changed = True
    while changed:
        changed = False
        for cells in members:
            if sum(1 for cell in cells if cell in hidden) != 1:
                continue
            if _hide_smallest(hidden, cells, values):
                changed = True


def _hide_smallest(hidden: set[Cell], cells: tuple[Cell, ...], values: Mapping[Cell, int]) -> bool:
    """Hide the smallest shown non-zero cell of a line (a part before the total on equal values)."""
    candidates = [(values[c], c == cells[-1], i) for i, c in enumerate(cells) if c not in hidden and values[c]]
    if not candidates:  # only when a line does not add up: a hidden non-zero part makes the total non-zero
        return False
    hidden.add(cells[min(candidates)[2]])
    return True


def fixed_by_equations(hidden: Iterable[Cell], lines: Iterable[Line]) -> set[Cell]:
    """The hidden cells whose value the published equations determine (exact elimination over the rationals)."""
    hidden = set(hidden)
    pivots: dict[Cell, dict[Cell, Fraction]] = {}  # reduced row echelon form, one row per pivot cell
    for line in lines:
        row: dict[Cell, Fraction] = {}
        for cell, sign in [*((p, 1) for p in line.parts), (line.total, -1)]:
            if cell in hidden:
                row[cell] = row.get(cell, Fraction(0)) + sign
        for pivot in [c for c in row if c in pivots]:
            factor = row.get(pivot, Fraction(0))
            if factor:
                for cell, value in pivots[pivot].items():
                    row[cell] = row.get(cell, Fraction(0)) - factor * value
        row = {c: v for c, v in row.items() if v}
        if not row:
            continue
        pivot = min(row)
        row = {c: v / row[pivot] for c, v in row.items()}
        for other in pivots.values():
            scale = other.get(pivot)
            if scale:
                for cell, value in row.items():
                    other[cell] = other.get(cell, Fraction(0)) - scale * value
                for cell in [c for c, v in other.items() if not v]:
                    del other[cell]
        pivots[pivot] = row
    return {pivot for pivot, row in pivots.items() if len(row) == 1}


def suppressed_cells(values: Mapping[Cell, int], lines: Iterable[Line], threshold: int) -> frozenset[Cell]:
    """The cells to hide: primary (1..threshold-1) plus complementary cells until none can be worked out."""
    lines = list(lines)
    hidden = {cell for cell, value in values.items() if is_suppressed(value, threshold)}
    members = [(*line.parts, line.total) for line in lines]
    _complete_lines(hidden, members, values)
    while fixed := fixed_by_equations(hidden, lines):
        if not _hide_near(min(fixed), hidden, members, values):
            break  # nothing left to hide: cannot happen for equations that add up
        _complete_lines(hidden, members, values)
    return frozenset(hidden)


def _hide_near(cell: Cell, hidden: set[Cell], members: list[tuple[Cell, ...]], values: Mapping[Cell, int]) -> bool:
    """Hide the smallest shown non-zero cell of the lines nearest to a fixed cell.

    Its own lines first, then the lines reached through hidden cells; a shown zero only when none is left.
    """
    reached, frontier, seen = {cell}, [cell], []
    while frontier:
        level = [cells for cells in members if any(c in cells for c in frontier) and cells not in seen]
        seen += level
        for cells in sorted(level, key=len):
            if _hide_smallest(hidden, cells, values):
                return True
        frontier = [c for cells in level for c in cells if c in hidden and c not in reached]
        reached.update(frontier)
    zeros = sorted(c for cells in seen for c in cells if c not in hidden)
    if zeros:
        hidden.add(zeros[0])
        return True
    return False


# --- the report tree -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One cell group of a table: its key values (machine values, "" for unknown) and a count."""

    key: tuple[str, ...]
    value: int


@dataclass(frozen=True)
class CountTable:
    """Counts by one or more key columns (column names are machine keys, labelled by the presentation)."""

    columns: tuple[str, ...]
    rows: tuple[Count, ...]

    @property
    def total(self) -> int:
        """Sum of all counts."""
        return sum(r.value for r in self.rows)


def count_table(columns: Sequence[str], counts: dict[tuple[str, ...], int]) -> CountTable:
    """A table from a key -> count mapping, rows in key order, zero rows dropped."""
    return CountTable(tuple(columns), tuple(Count(k, v) for k, v in sorted(counts.items()) if v))


@dataclass(frozen=True)
class CounsellingFigures:
    """Sessions held in the period."""

    sessions: int
    people: int  # distinct people counselled
    new_people: int  # of them, counselled for the first time in the period
    by_month: CountTable  # ("month",) "2026-07"
    by_channel: CountTable  # ("channel",)
    by_topic: CountTable  # ("topic",) topic label; a session counts once per topic
    by_interpreter: CountTable  # ("interpreter",) "with" / "without"


@dataclass(frozen=True)
class ObligedRegistration:
    """Obliged people (§ 44a) whose permission was issued in the period, by how quickly they registered."""

    permissions: int
    without_delay: int  # registered within REGISTRATION_WITHOUT_DELAY_DAYS
    late: int  # registered, but later
    overdue: int  # not registered and the days have passed
    pending: int  # not registered, days not yet passed

    @property
    def decided(self) -> int:
        """Cases whose outcome is known (the base of the share)."""
        return self.without_delay + self.late + self.overdue


@dataclass(frozen=True)
class ReferralFigures:
    """Referrals proposed in the period, with their current state."""

    total: int
    by_course_type: CountTable  # ("course_type",)
    by_provider: CountTable  # ("provider",)
    by_state: CountTable  # ("state",)
    obliged: ObligedRegistration


@dataclass(frozen=True)
class WaitingDays:
    """Days from first counselling to course start of the courses started in the period, one group."""

    course_type: str
    municipality: str
    days: tuple[int, ...]  # sorted


@dataclass(frozen=True)
class CourseSeats:
    """Seats of one course starting in the period."""

    provider: str
    course: str  # BAMF course number, title or type and start
    course_type: str
    start_date: date
    offered: int
    reserved: int
    registered: int

    @property
    def free(self) -> int:
        """Seats nobody held at the start."""
        return max(0, self.offered - self.reserved - self.registered)


@dataclass(frozen=True)
class DemandCell:
    """Open waiting-list entries of one municipality x course type x parts of day x childcare need."""

    municipality: str
    course_type: str
    parts_of_day: str  # comma-separated PartOfDay values, sorted ("afternoon,morning")
    childcare: bool
    count: int
    waiting_days_total: int
    waiting_days_max: int


@dataclass(frozen=True)
class DemandGap:
    """People who could attend in one part of the day, and the nearest matching course (by bus minutes)."""

    municipality: str
    course_type: str
    part_of_day: str
    childcare: bool
    count: int
    nearest_minutes: int | None  # None: no matching course planned, or no travel time known
    nearest_location: str


@dataclass(frozen=True)
class KimReport:
    """The whole anonymised report of one office (or of several, merged): no names, exact counts."""

    period_start: date
    period_end: date
    offices: tuple[str, ...]
    computed_on: date
    suppression_threshold: int
    target_days: int
    registration_days: int
    counselling: CounsellingFigures
    referrals: ReferralFigures
    waiting: tuple[WaitingDays, ...]
    seats: tuple[CourseSeats, ...]
    demand: tuple[DemandCell, ...]
    gaps: tuple[DemandGap, ...]
    barrier_sessions: CountTable  # ("topic",)
    barrier_people: CountTable  # ("topic",)

    @property
    def unfinished(self) -> bool:
        """Whether the period had not ended when the figures were computed (computed on its last day counts too)."""
        return self.computed_on <= self.period_end

    def waiting_overall(self) -> Quartiles:
        """Quartiles of all waiting days."""
        return quartiles((d for w in self.waiting for d in w.days), self.target_days)

    def waiting_by(self, attribute: str) -> list[tuple[str, Quartiles]]:
        """Quartiles per "course_type" or "municipality", in key order."""
        groups: dict[str, list[int]] = {}
        for row in self.waiting:
            groups.setdefault(getattr(row, attribute), []).extend(row.days)
        return [(key, quartiles(days, self.target_days)) for key, days in sorted(groups.items())]

    def seats_by_provider(self) -> list[tuple[str, int, int, int, int]]:
        """Per provider: offered, reserved, registered, free seats of its courses starting in the period."""
        sums: dict[str, list[int]] = {}
        for c in self.seats:
            row = sums.setdefault(c.provider, [0, 0, 0, 0])
            for i, value in enumerate((c.offered, c.reserved, c.registered, c.free)):
                row[i] += value
        return [(p, v[0], v[1], v[2], v[3]) for p, v in sorted(sums.items())]

    def demand_total(self) -> int:
        """Open waiting-list entries."""
        return sum(c.count for c in self.demand)
