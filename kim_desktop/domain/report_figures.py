"""The anonymised KIM report as pure data: periods, quartiles, small-number suppression, the KimReport tree."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

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


def is_suppressed(count: int, threshold: int) -> bool:
    """Whether a count is too small to show (0 is shown: it identifies no one)."""
    return 0 < count < threshold


def suppress(count: int, threshold: int) -> str:
    """A count as shown in the anonymised report: "<3" for 1..threshold-1, else the number."""
    return f"<{threshold}" if is_suppressed(count, threshold) else str(count)


def share_text(part: int, whole: int, threshold: int) -> str:
    """A percentage, or "<3" when the base (or the part) is too small to show, "–" without a base."""
    if whole == 0:
        return "–"
    if whole < threshold or is_suppressed(part, threshold):
        return f"<{threshold}"
    return f"{round(100 * part / whole)} %"


def days_text(value: float | None, count: int, threshold: int) -> str:
    """A median or quartile in days; hidden when fewer than threshold cases stand behind it."""
    if value is None:
        return "–"
    if count < threshold:
        return f"<{threshold}"
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


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
