"""Which course types fit a person: from placement test, literacy, age and family situation."""

from datetime import date

from kim_desktop.domain.enums import CourseType, Literacy

# Children up to this age (years) need care during a course; older ones are at school.
CARE_MAX_AGE_YEARS = 6


def age_in_months(birth: date, today: date) -> int:
    """Completed months of life on a day."""
    months = (today.year - birth.year) * 12 + today.month - birth.month
    if today.day < birth.day:
        months -= 1
    return max(0, months)


def age_in_years(birth: date, today: date) -> int:
    """Completed years of life on a day."""
    return age_in_months(birth, today) // 12


def base_course_type(literacy: Literacy, recommended: CourseType | None) -> CourseType:
    """The placement test's type if there is one, else what the person's literacy suggests."""
    if recommended is not None:
        return recommended
    if literacy == Literacy.NONE:
        return CourseType.ALPHA
    if literacy == Literacy.NON_LATIN:
        return CourseType.ZWEITSCHRIFT
    return CourseType.ALLGEMEIN


def fitting_course_types(
    base: CourseType,
    *,
    age_years: int | None,
    youth_max_age: int,
    female: bool,
    has_young_children: bool,
) -> frozenset[CourseType]:
    """All types that fit: the base type, the youth course up to the age limit, parents' and women's courses."""
    types = {base}
    if age_years is not None and age_years <= youth_max_age and base != CourseType.BERUFSSPRACH:
        types.add(CourseType.JUGEND)
    if base == CourseType.ALLGEMEIN:
        if has_young_children:
            types.add(CourseType.ELTERN)
        if female:
            types.add(CourseType.FRAUEN)
    return frozenset(types)
