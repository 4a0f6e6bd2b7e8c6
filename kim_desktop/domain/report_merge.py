"""Merging several offices' anonymised KIM reports into one network report: exact, because counts are kept raw."""

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import replace

from kim_desktop.domain.report_figures import (
    CounsellingFigures,
    CountTable,
    CourseSeats,
    DemandCell,
    DemandGap,
    KimReport,
    ObligedRegistration,
    ReferralFigures,
    count_table,
)


class ReportsDoNotFit(ValueError):  # noqa: N818 - names the situation, like the domain errors
    """The reports cannot be merged (different rules for the target)."""


def merge_tables(tables: Sequence[CountTable]) -> CountTable:
    """Sum counts with the same key."""
    sums: dict[tuple[str, ...], int] = {}
    for table in tables:
        for row in table.rows:
            sums[row.key] = sums.get(row.key, 0) + row.value
    return count_table(tables[0].columns, sums)


def _merge_rows[T](rows: Iterable[T], key: Callable[[T], Hashable], combine: Callable[[T, T], T]) -> list[T]:
    merged: dict[Hashable, T] = {}
    for row in rows:
        k = key(row)
        merged[k] = combine(merged[k], row) if k in merged else row
    return [merged[k] for k in sorted(merged, key=repr)]


def _combine_seats(a: CourseSeats, b: CourseSeats) -> CourseSeats:
    # Two offices refer into the same course: the seats exist once, each office counts its own referrals.
    return replace(a, offered=max(a.offered, b.offered), reserved=a.reserved + b.reserved,
                   registered=a.registered + b.registered)  # fmt: skip


def _combine_demand(a: DemandCell, b: DemandCell) -> DemandCell:
    return replace(
        a,
        count=a.count + b.count,
        waiting_days_total=a.waiting_days_total + b.waiting_days_total,
        waiting_days_max=max(a.waiting_days_max, b.waiting_days_max),
    )


def _combine_gap(a: DemandGap, b: DemandGap) -> DemandGap:
    # The nearest course is the nearer of the two offices' answers.
    options = [g for g in (a, b) if g.nearest_minutes is not None]
    best = min(options, key=lambda g: (g.nearest_minutes, g.nearest_location)) if options else a
    return replace(a, count=a.count + b.count, nearest_minutes=best.nearest_minutes,
                   nearest_location=best.nearest_location)  # fmt: skip


def merge_reports(reports: Sequence[KimReport]) -> KimReport:
    """One report of the whole network: counts summed, day distributions pooled, so medians stay exact."""
    if not reports:
        raise ValueError("nothing to merge")
    if len({r.target_days for r in reports}) > 1 or len({r.registration_days for r in reports}) > 1:
        raise ReportsDoNotFit("the reports use different targets (weeks to course start or registration days)")
    c = [r.counselling for r in reports]
    f = [r.referrals for r in reports]
    waiting = _merge_rows(
        (w for r in reports for w in r.waiting),
        lambda w: (w.course_type, w.municipality),
        lambda a, b: replace(a, days=tuple(sorted(a.days + b.days))),
    )
    return KimReport(
        period_start=min(r.period_start for r in reports),
        period_end=max(r.period_end for r in reports),
        offices=tuple(o for r in reports for o in r.offices),
        computed_on=min(r.computed_on for r in reports),  # as of the oldest file: one computed early is unfinished
        suppression_threshold=max(r.suppression_threshold for r in reports),
        target_days=reports[0].target_days,
        registration_days=reports[0].registration_days,
        counselling=CounsellingFigures(
            sessions=sum(x.sessions for x in c),
            people=sum(x.people for x in c),
            new_people=sum(x.new_people for x in c),
            by_month=merge_tables([x.by_month for x in c]),
            by_channel=merge_tables([x.by_channel for x in c]),
            by_topic=merge_tables([x.by_topic for x in c]),
            by_interpreter=merge_tables([x.by_interpreter for x in c]),
        ),
        referrals=ReferralFigures(
            total=sum(x.total for x in f),
            by_course_type=merge_tables([x.by_course_type for x in f]),
            by_provider=merge_tables([x.by_provider for x in f]),
            by_state=merge_tables([x.by_state for x in f]),
            obliged=ObligedRegistration(
                permissions=sum(x.obliged.permissions for x in f),
                without_delay=sum(x.obliged.without_delay for x in f),
                late=sum(x.obliged.late for x in f),
                overdue=sum(x.obliged.overdue for x in f),
                pending=sum(x.obliged.pending for x in f),
            ),
        ),
        waiting=tuple(sorted(waiting, key=lambda w: (w.course_type, w.municipality))),
        seats=tuple(
            sorted(
                _merge_rows(
                    (s for r in reports for s in r.seats),
                    lambda s: (s.provider, s.course, s.course_type, s.start_date),
                    _combine_seats,
                ),
                key=seat_order,
            )
        ),
        demand=tuple(
            sorted(_merge_rows((d for r in reports for d in r.demand), demand_key, _combine_demand), key=demand_key)
        ),
        gaps=tuple(sorted(_merge_rows((g for r in reports for g in r.gaps), gap_key, _combine_gap), key=gap_order)),
        barrier_sessions=merge_tables([r.barrier_sessions for r in reports]),
        barrier_people=merge_tables([r.barrier_people for r in reports]),
    )


def seat_order(s: CourseSeats) -> tuple[str, str, str, str]:
    """Order of the seat table: provider, start, course."""
    return (s.provider, s.start_date.isoformat(), s.course, s.course_type)


def demand_key(d: DemandCell) -> tuple[str, str, str, bool]:
    """Identity (and order) of a demand cell."""
    return (d.municipality, d.course_type, d.parts_of_day, d.childcare)


def gap_key(g: DemandGap) -> tuple[str, str, str, bool]:
    """Identity of a candidate gap."""
    return (g.municipality, g.course_type, g.part_of_day, g.childcare)


def gap_order(g: DemandGap) -> tuple[int, str, str, str, bool]:
    """Largest gaps first."""
    return (-g.count, g.municipality, g.course_type, g.part_of_day, g.childcare)
