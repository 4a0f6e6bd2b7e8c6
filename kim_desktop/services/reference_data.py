"""Reference data every database starts with: course-type figures and counselling topics."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import CourseTypeRule, Topic
from kim_desktop.domain.course_types import DEFAULT_COURSE_TYPES

DEFAULT_TOPICS: tuple[tuple[str, str, bool], ...] = (
    ("course_placement", "Kursvermittlung", False),
    ("permission", "Berechtigung / Verpflichtung", False),
    ("childcare", "Kinderbetreuung", True),
    ("transport", "Fahrtweg / ÖPNV", True),
    ("times", "Kurszeiten", True),
    ("fee_exemption", "Kostenbefreiung", False),
    ("travel_subsidy", "Fahrtkostenzuschuss", False),
    ("work", "Arbeit", False),
    ("other", "Sonstiges", False),
)


def ensure_reference_data(session: Session) -> None:
    """Insert the default course types and topics that are missing (never overwrites the office's edits)."""
    with session.begin():
        known_types = set(session.scalars(sa.select(CourseTypeRule.course_type)))
        for figures in DEFAULT_COURSE_TYPES:
            if figures.course_type not in known_types:
                session.add(
                    CourseTypeRule(
                        course_type=figures.course_type,
                        language_ue=figures.language_ue,
                        orientation_ue=figures.orientation_ue,
                        max_participants=figures.max_participants,
                        min_age=figures.min_age,
                        max_age=figures.max_age,
                        offered=figures.offered,
                    )
                )
        known_topics = set(session.scalars(sa.select(Topic.code)))
        for order, (code, label, barrier) in enumerate(DEFAULT_TOPICS):
            if code not in known_topics:
                session.add(Topic(code=code, label=label, is_barrier=barrier, sort_order=order))
