from datetime import datetime, timedelta

from kim_desktop.domain.backup_rotation import RotationPolicy, backups_to_delete, backups_to_keep


def _daily(start: datetime, days: int, hour: int = 18) -> list[datetime]:
    return [start.replace(hour=hour) - timedelta(days=n) for n in range(days)]


def test_nothing_to_keep_from_nothing() -> None:
    assert backups_to_keep([]) == set()
    assert backups_to_delete([]) == set()


def test_a_single_backup_is_kept() -> None:
    only = datetime(2026, 11, 23, 14, 5)
    assert backups_to_keep([only]) == {only}


def test_several_backups_a_day_keep_only_the_newest_of_each_older_day() -> None:
    day = datetime(2026, 11, 23)
    stamps = [day.replace(hour=h) for h in (9, 12, 17)] + [day.replace(day=22, hour=h) for h in (9, 17)]
    keep = backups_to_keep(stamps)
    assert keep == {day.replace(hour=17), day.replace(day=22, hour=17)}


def test_a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly() -> None:
    newest = datetime(2026, 11, 23, 18, 0)  # a Monday
    stamps = _daily(newest, 400)
    keep = backups_to_keep(stamps)

    daily = {newest - timedelta(days=n) for n in range(7)}
    assert daily <= keep
    # weeks: newest backup of each of the 4 most recent ISO weeks (Mon 23.11, Sun 22.11, Sun 15.11, Sun 8.11)
    weekly = {
        datetime(2026, 11, 23, 18),
        datetime(2026, 11, 22, 18),
        datetime(2026, 11, 15, 18),
        datetime(2026, 11, 8, 18),
    }
    assert weekly <= keep
    # months: the last day of each of the 11 months before, plus today for November 2026
    monthly = (
        {datetime(2026, 11, 23, 18)}
        | {datetime(2026, m, 1, 18) - timedelta(days=1) for m in range(2, 12)}
        | {datetime(2025, 12, 31, 18)}
    )
    assert len(monthly) == 12
    assert monthly <= keep
    assert keep == daily | weekly | monthly
    assert len(keep) == 7 + 2 + 11  # overlaps: two weeks' newest are among the daily, November among both
    assert backups_to_delete(stamps) == set(stamps) - keep


def test_gaps_count_periods_that_have_backups_not_calendar_days() -> None:
    # An office closed for three weeks: the 7 "daily" backups reach back past the holiday.
    stamps = [datetime(2026, 8, d, 16) for d in (3, 4, 5)] + [datetime(2026, 7, d, 16) for d in (6, 7, 8, 9, 10, 13)]
    keep = backups_to_keep(stamps, RotationPolicy(daily=7, weekly=0, monthly=0))
    assert keep == set(sorted(stamps, reverse=True)[:7])


def test_policy_of_zero_still_keeps_the_newest() -> None:
    stamps = [datetime(2026, 1, 1), datetime(2026, 2, 1)]
    assert backups_to_keep(stamps, RotationPolicy(0, 0, 0)) == {datetime(2026, 2, 1)}
