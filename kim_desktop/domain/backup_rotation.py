"""Which backups to keep: the newest per day, per ISO week and per month (7 daily, 4 weekly, 12 monthly)."""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RotationPolicy:
    """How many days, weeks and months keep their newest backup."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12


def _day(stamp: datetime) -> Hashable:
    return stamp.date()


def _week(stamp: datetime) -> Hashable:
    year, week, _weekday = stamp.isocalendar()
    return (year, week)


def _month(stamp: datetime) -> Hashable:
    return (stamp.year, stamp.month)


def _newest_per_period(stamps: list[datetime], period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
    """The newest stamp of each of the `count` most recent periods that have a backup at all."""
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for stamp in stamps:  # newest first
        key = period(stamp)
        if key in seen:
            continue
        if len(seen) == count:
            break
        seen.add(key)
        kept.add(stamp)
    return kept


def backups_to_keep(stamps: Iterable[datetime], policy: RotationPolicy = RotationPolicy()) -> set[datetime]:
    """The stamps to keep; every other backup may be deleted. The newest backup is always kept."""
    ordered = sorted(set(stamps), reverse=True)
    if not ordered:
        return set()
    keep = {ordered[0]}
    keep |= _newest_per_period(ordered, _day, policy.daily)
    keep |= _newest_per_period(ordered, _week, policy.weekly)
    keep |= _newest_per_period(ordered, _month, policy.monthly)
    return keep


def backups_to_delete(stamps: Iterable[datetime], policy: RotationPolicy = RotationPolicy()) -> set[datetime]:
    """The stamps the rotation removes (the complement of backups_to_keep)."""
    all_stamps = set(stamps)
    return all_stamps - backups_to_keep(all_stamps, policy)
