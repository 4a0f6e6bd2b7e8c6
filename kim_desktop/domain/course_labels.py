"""Names of course types, course statuses and parts of the day: German, translatable (`i18n.translate_text`)."""

from kim_desktop.domain.enums import CourseStatus, CourseType, PartOfDay
from kim_desktop.domain.text import N_, Text

COURSE_TYPE_LABELS: dict[CourseType, Text] = {
    CourseType.ALLGEMEIN: Text(N_("Allgemeiner Integrationskurs")),
    CourseType.ALPHA: Text(N_("Alphabetisierungskurs")),
    CourseType.ZWEITSCHRIFT: Text(N_("Zweitschriftlernerkurs")),
    CourseType.FOERDER: Text(N_("Förderkurs")),
    CourseType.INTENSIV: Text(N_("Intensivkurs")),
    CourseType.JUGEND: Text(N_("Jugendintegrationskurs")),
    CourseType.ELTERN: Text(N_("Elternintegrationskurs")),
    CourseType.FRAUEN: Text(N_("Frauenintegrationskurs")),
    CourseType.BEHINDERUNG: Text(N_("Kurs für Menschen mit Behinderung")),
    CourseType.BERUFSSPRACH: Text(N_("Berufssprachkurs")),
}

COURSE_STATUS_LABELS: dict[CourseStatus, Text] = {
    CourseStatus.PLANNED: Text(N_("geplant")),
    CourseStatus.OPEN: Text(N_("offen")),
    CourseStatus.RUNNING: Text(N_("läuft")),
    CourseStatus.FINISHED: Text(N_("beendet")),
    CourseStatus.CANCELLED: Text(N_("abgesagt")),
}

PART_OF_DAY_LABELS: dict[PartOfDay, Text] = {
    PartOfDay.MORNING: Text(N_("vormittags")),
    PartOfDay.AFTERNOON: Text(N_("nachmittags")),
    PartOfDay.EVENING: Text(N_("abends")),
}


def course_type_label(course_type: CourseType) -> Text:
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
