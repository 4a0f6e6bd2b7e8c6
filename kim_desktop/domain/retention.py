"""Retention schedule: which kind of record is due for erasure on which day (pure date arithmetic)."""

import calendar
from datetime import date
from enum import StrEnum


class RetentionKind(StrEnum):
    """A kind of record with its own retention period in the rules table."""

    COUNSELLING_NOTES = "counselling_notes"  # notes and next steps: N months after the person's last contact
    PLACEMENT_TEST = "placement_test"  # placement test date and result: N months after the test
    PERSON = "person"  # the whole case file: N months after counselling ended
    AUDIT = "audit"  # audit entries: N months after they were written


RULE_KEY: dict[RetentionKind, str] = {
    RetentionKind.COUNSELLING_NOTES: "retention_counselling_months",
    RetentionKind.PLACEMENT_TEST: "retention_placement_test_months",
    RetentionKind.PERSON: "retention_person_months",
    RetentionKind.AUDIT: "retention_audit_months",
}


def add_months(day: date, months: int) -> date:
    """The same day N months later, or the month's last day when it has fewer days (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(reference: date, months: int) -> date:
    """The first day on which a record kept N months after the reference day is due for erasure."""
    return add_months(reference, months)


def is_due(reference: date | None, months: int, today: date) -> bool:
    """Whether the retention period counted from the reference day has run out by today."""
    return reference is not None and due_on(reference, months) <= today


def cutoff(today: date, months: int) -> date:
    """Reference days before this one are due today (the inverse of due_on, for database queries)."""
    day = add_months(today, -months)
    # When today is the last day of a shorter month, all later days of the longer month are due too.
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return date.fromordinal(day.toordinal() + 1)
