"""German names of course types, course statuses and parts of the day (the source language of the UI)."""

from kim_desktop.domain.enums import CourseStatus, CourseType, PartOfDay

COURSE_TYPE_LABELS: dict[CourseType, str] = {
    CourseType.ALLGEMEIN: "Allgemeiner Integrationskurs",
    CourseType.ALPHA: "Alphabetisierungskurs",
    CourseType.ZWEITSCHRIFT: "Zweitschriftlernerkurs",
    CourseType.FOERDER: "Förderkurs",
    CourseType.INTENSIV: "Intensivkurs",
    CourseType.JUGEND: "Jugendintegrationskurs",
    CourseType.ELTERN: "Elternintegrationskurs",
    CourseType.FRAUEN: "Frauenintegrationskurs",
    CourseType.BEHINDERUNG: "Kurs für Menschen mit Behinderung",
    CourseType.BERUFSSPRACH: "Berufssprachkurs",
}

COURSE_STATUS_LABELS: dict[CourseStatus, str] = {
    CourseStatus.PLANNED: "geplant",
    CourseStatus.OPEN: "offen",
    CourseStatus.RUNNING: "läuft",
    CourseStatus.FINISHED: "beendet",
    CourseStatus.CANCELLED: "abgesagt",
}

PART_OF_DAY_LABELS: dict[PartOfDay, str] = {
    PartOfDay.MORNING: "vormittags",
    PartOfDay.AFTERNOON: "nachmittags",
    PartOfDay.EVENING: "abends",
}


def course_type_label(course_type: CourseType) -> str:
    """German name of a course type."""
    return COURSE_TYPE_LABELS[course_type]


def course_type_from_text(text: str) -> CourseType | None:
    """The course type named by its key ("alpha") or German name, ignoring case; None if unknown."""
    wanted = " ".join(text.split()).casefold()
    for course_type, label in COURSE_TYPE_LABELS.items():
        if wanted in (course_type.value, label.casefold()):
            return course_type
    return _SHORT_NAMES.get(wanted)


def course_status_from_text(text: str) -> CourseStatus | None:
    """The course status named by its key or German name, ignoring case; None if unknown."""
    wanted = text.strip().casefold()
    for status, label in COURSE_STATUS_LABELS.items():
        if wanted in (status.value, label):
            return status
    return {"laeuft": CourseStatus.RUNNING, "läuft bereits": CourseStatus.RUNNING}.get(wanted)


# Short forms providers use in their own lists.
_SHORT_NAMES: dict[str, CourseType] = {
    "integrationskurs": CourseType.ALLGEMEIN,
    "allgemeiner kurs": CourseType.ALLGEMEIN,
    "alphakurs": CourseType.ALPHA,
    "alphabetisierung": CourseType.ALPHA,
    "zweitschriftlerner": CourseType.ZWEITSCHRIFT,
    "jugendkurs": CourseType.JUGEND,
    "elternkurs": CourseType.ELTERN,
    "frauenkurs": CourseType.FRAUEN,
    "intensiv": CourseType.INTENSIV,
    "berufssprachkurs (deuföv)": CourseType.BERUFSSPRACH,
}
