"""Which counts of a KIM report may be shown: the report's cells of people, the sums it publishes, what stays hidden."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kim_desktop.domain.report_figures import (
    SUPPRESSED,
    Cell,
    CountTable,
    KimReport,
    Line,
    Quartiles,
    is_suppressed,
    quartiles,
    suppressed_cells,
)

OTHER_PLACES = "\x00"  # municipalities pooled for having few people (no name of a real place can hold NUL)

# Only counts of people are cells here. Seats (offered, reserved, registered, free) are a course's occupancy,
# which the free-seat list tells the network anyway; days and percentages are not counts. Neither is hidden.


@dataclass(frozen=True)
class DemandRow:
    """A row of the waiting-list table: one combination, or a municipality's combinations with few people each."""

    municipality: str
    course_type: str  # "" in the row of other combinations
    parts_of_day: str
    childcare: bool | None  # None in the row of other combinations
    count: int
    waiting_days_total: int
    waiting_days_max: int
    cell: Cell

    @property
    def is_rest(self) -> bool:
        """Whether the row stands for the other (rare) combinations of its municipality."""
        return self.childcare is None


@dataclass(frozen=True)
class Disclosure:
    """The report's counts of people and the ones to hide; every table, chart and sentence asks it."""

    threshold: int
    values: Mapping[Cell, int]
    hidden: frozenset[Cell]

    def shown(self, cell: Cell) -> bool:
        """Whether the count may be printed."""
        return cell not in self.hidden

    def text(self, cell: Cell) -> str:
        """The count as printed: the number, or the mark of a secret count."""
        return SUPPRESSED if cell in self.hidden else str(self.values.get(cell, 0))


def demand_rows(report: KimReport) -> tuple[DemandRow, ...]:
    """The waiting-list rows that may be listed: combinations with at least threshold people, and the rest.

    Per municipality one row sums the combinations of fewer people: a rare combination in a small village
    (alpha course, evenings, with childcare) would point at a person even with its count hidden. Municipalities
    with fewer people in all are listed together as OTHER_PLACES: even their name says someone there waits.
    """
    t = report.suppression_threshold
    per_place: dict[str, int] = {}
    for d in report.demand:
        per_place[d.municipality] = per_place.get(d.municipality, 0) + d.count
    rows: list[DemandRow] = []
    rest: dict[str, list[int]] = {}
    for d in report.demand:
        place = OTHER_PLACES if is_suppressed(per_place[d.municipality], t) else d.municipality
        if place == OTHER_PLACES or is_suppressed(d.count, t):
            sums = rest.setdefault(place, [0, 0, 0])
            sums[0] += d.count
            sums[1] += d.waiting_days_total
            sums[2] = max(sums[2], d.waiting_days_max)
        else:
            cell = ("demand_row", place, d.course_type, d.parts_of_day, str(d.childcare))
            rows.append(DemandRow(place, d.course_type, d.parts_of_day, d.childcare, d.count,
                                  d.waiting_days_total, d.waiting_days_max, cell))  # fmt: skip
    for place, (count, total, longest) in rest.items():
        rows.append(DemandRow(place, "", "", None, count, total, longest, ("demand_rest", place)))
    return tuple(sorted(rows, key=lambda r: (r.municipality == OTHER_PLACES, r.municipality, r.is_rest,
                                             r.course_type, r.parts_of_day)))  # fmt: skip


def waiting_places(report: KimReport) -> list[tuple[str, Quartiles]]:
    """Waiting days per municipality; those with fewer course starts than the threshold pooled as OTHER_PLACES."""
    t = report.suppression_threshold
    counts: dict[str, int] = {}
    for w in report.waiting:
        counts[w.municipality] = counts.get(w.municipality, 0) + len(w.days)
    groups: dict[str, list[int]] = {}
    for w in report.waiting:
        place = OTHER_PLACES if is_suppressed(counts[w.municipality], t) else w.municipality
        groups.setdefault(place, []).extend(w.days)
    order = sorted(groups, key=lambda place: (place == OTHER_PLACES, place))
    return [(place, quartiles(groups[place], report.target_days)) for place in order]


def _table(name: str, table: CountTable) -> dict[Cell, int]:
    return {(name, *row.key): row.value for row in table.rows}


def _line(total: Cell, parts: Iterable[Cell]) -> Line:
    return Line(total, tuple(parts))


def report_cells(report: KimReport) -> tuple[dict[Cell, int], list[Line]]:
    """Every count of people the report prints, and every sum that ties them together."""
    c, f, o = report.counselling, report.referrals, report.referrals.obliged
    values: dict[Cell, int] = {("sessions",): c.sessions, ("people",): c.people, ("new_people",): c.new_people,
                               ("referrals",): f.total}  # fmt: skip
    lines: list[Line] = []
    for name, table, total in (
        ("month", c.by_month, ("sessions",)), ("channel", c.by_channel, ("sessions",)),
        ("interpreter", c.by_interpreter, ("sessions",)), ("ref_type", f.by_course_type, ("referrals",)),
        ("ref_provider", f.by_provider, ("referrals",)), ("ref_state", f.by_state, ("referrals",)),
    ):  # fmt: skip
        cells = _table(name, table)
        values.update(cells)
        lines.append(_line(total, cells))
    for name, table in (("topic", c.by_topic), ("barrier_sessions", report.barrier_sessions),
                        ("barrier_people", report.barrier_people)):  # fmt: skip
        values.update(_table(name, table))  # a session counts once per topic: no sum is printed
    obliged: dict[Cell, int] = {("obliged", k): getattr(o, k) for k in ("without_delay", "late", "overdue", "pending")}
    values.update(obliged)
    values[("permissions",)] = o.permissions
    lines.append(_line(("permissions",), obliged))
    overall = report.waiting_overall()
    values[("waiting",)] = overall.count
    for name, groups in (("waiting_type", report.waiting_by("course_type")), ("waiting_place", waiting_places(report))):
        cells = {(name, key): q.count for key, q in groups}
        values.update(cells)
        lines.append(_line(("waiting",), cells))
    values[("demand",)] = report.demand_total()
    places: dict[str, list[Cell]] = {}
    for row in demand_rows(report):
        values[row.cell] = row.count
        places.setdefault(row.municipality, []).append(row.cell)
        values[("demand_place", row.municipality)] = values.get(("demand_place", row.municipality), 0) + row.count
    lines += [_line(("demand_place", m), cells) for m, cells in places.items()]
    lines.append(_line(("demand",), (("demand_place", m) for m in places)))
    return values, lines


def disclosure(report: KimReport) -> Disclosure:
    """What the report may show, with primary and secondary suppression at the report's threshold."""
    values, lines = report_cells(report)
    hidden = suppressed_cells(values, lines, report.suppression_threshold)
    return Disclosure(report.suppression_threshold, MappingProxyType(values), hidden)
