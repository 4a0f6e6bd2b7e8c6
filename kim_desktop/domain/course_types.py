"""Default figures per course type (hours, class size, age limits) from domain.md, editable as data."""

from dataclasses import dataclass

from kim_desktop.domain.enums import CourseType


@dataclass(frozen=True)
class CourseTypeFigures:
    """Teaching units and class size of one course type."""

    course_type: CourseType
    language_ue: int
    orientation_ue: int
    max_participants: int
    min_age: int | None = None
    max_age: int | None = None
    offered: bool = True


DEFAULT_COURSE_TYPES: tuple[CourseTypeFigures, ...] = (
    CourseTypeFigures(CourseType.ALLGEMEIN, 600, 100, 25),
    CourseTypeFigures(CourseType.ALPHA, 900, 100, 16),
    CourseTypeFigures(CourseType.ZWEITSCHRIFT, 900, 100, 20),
    CourseTypeFigures(CourseType.FOERDER, 900, 100, 20),
    CourseTypeFigures(CourseType.INTENSIV, 400, 100, 20),
    CourseTypeFigures(CourseType.JUGEND, 900, 100, 20, max_age=26),
    CourseTypeFigures(CourseType.ELTERN, 900, 100, 20),
    CourseTypeFigures(CourseType.FRAUEN, 900, 100, 20),
    CourseTypeFigures(CourseType.BEHINDERUNG, 900, 100, 11),
    CourseTypeFigures(CourseType.BERUFSSPRACH, 500, 0, 25),
)
