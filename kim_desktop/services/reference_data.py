"""Reference data every database starts with: course-type figures and counselling topics."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import CourseTypeRule, Topic
from kim_desktop.domain.course_types import DEFAULT_COURSE_TYPES
from kim_desktop.domain.text import N_, Text, verbatim

# The labels are German data in the database; marked for the catalogs so that the English UI can show them.
DEFAULT_TOPICS: tuple[tuple[str, str, bool], ...] = (
    ("course_placement", N_("Kursvermittlung"), False),
    ("permission", N_("Berechtigung / Verpflichtung"), False),
    ("childcare", N_("Kinderbetreuung"), True),
    ("transport", N_("Fahrtweg / ÖPNV"), True),
    ("times", N_("Kurszeiten"), True),
    ("fee_exemption", N_("Kostenbefreiung"), False),
    ("travel_subsidy", N_("Fahrtkostenzuschuss"), False),
    ("work", N_("Arbeit"), False),
    ("other", N_("Sonstiges"), False),
)
DEFAULT_TOPIC_LABELS = frozenset(label for _code, label, _barrier in DEFAULT_TOPICS)


def topic_text(label: str) -> Text:
    """A topic's label as a message: the default ones translatable, an office's own shown as typed."""
    return Text(label) if label in DEFAULT_TOPIC_LABELS else verbatim(label)


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
