"""Ranking courses for a person: hard constraints exclude, soft ones rank, each result says why in words."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time

from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS, PART_OF_DAY_LABELS
from kim_desktop.domain.enums import CourseStatus, CourseType, PartOfDay
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.schedule import WEEKDAY_SHORT_DE, part_of_day, weekdays_of
from kim_desktop.domain.text import N_, Text, joined, verbatim

# Without a travel limit, travel time scores against this many minutes.
REFERENCE_TRAVEL_MINUTES = 90
# So many free seats and more count as plenty.
PLENTY_OF_SEATS = 5


@dataclass(frozen=True)
class Relaxation:
    """Filters the advisor switched off to see what else there is."""

    ignore_times: bool = False
    ignore_childcare: bool = False
    ignore_travel_limit: bool = False
    wider_start_window: bool = False


@dataclass(frozen=True)
class MatchCriteria:
    """What a person needs from a course (built from the person by the lookup service)."""

    course_types: frozenset[CourseType]
    preferred_type: CourseType | None = None
    entry_module: int | None = None
    availability: frozenset[tuple[int, PartOfDay]] = frozenset()  # empty: not recorded
    childcare_needed: bool = False
    child_ages_months: tuple[int, ...] = ()  # children who need care
    max_travel_minutes: int | None = None
    public_transport: bool = True
    car: bool = False
    municipality_id: int | None = None
    permission_expires_on: date | None = None
    start_within_weeks: int = 12


@dataclass(frozen=True)
class CourseFacts:
    """What the ranking needs to know about one course (seats already counted, travel time looked up)."""

    course_id: int
    course_type: CourseType
    provider: str
    location: str
    municipality: str
    start_date: date
    end_date: date
    current_module: int
    weekdays_mask: int
    start_time: time
    end_time: time
    ue_per_week: int
    max_seats: int
    free_seats: int
    childcare_places: int = 0
    childcare_min_age_months: int | None = None
    childcare_max_age_years: int | None = None
    status: CourseStatus = CourseStatus.OPEN
    registration_deadline: date | None = None
    location_municipality_id: int | None = None
    travel_minutes: int | None = None  # public transport from the person's municipality; None: no connection
    connection_notes: str = ""
    title: str = ""
    # From the imported timetable: the typical day's journey, or why no journey works on every course day.
    timetable_journey: str = ""
    unreachable_reason: Text | None = None


@dataclass(frozen=True)
class CourseMatch:
    """One course judged for one person: score 0–100, what fits, what does not, and why it is excluded."""

    course: CourseFacts
    score: float
    fits: tuple[Text, ...]
    misfits: tuple[Text, ...]
    excluded: Text | None = None

    @property
    def is_excluded(self) -> bool:
        """Whether a hard constraint rules the course out."""
        return self.excluded is not None


@dataclass
class _Judgement:
    fits: list[Text] = field(default_factory=list)
    misfits: list[Text] = field(default_factory=list)
    exclusions: list[Text] = field(default_factory=list)
    parts: dict[str, float] = field(default_factory=dict)  # score part in 0..1 per weight key


def age_text(months: int) -> Text:
    """A child's age in words: '8 Mon.' under one year, else '4'."""
    return Text(N_("{months} Mon."), months=months) if months < 12 else Text("{years}", years=months // 12)


def children_ages_text(ages_months: Iterable[int]) -> Text:
    """'1 und 4 J.' / '8 Mon.' / '1, 3 und 5 J.'."""
    ages = sorted(ages_months)
    parts = [age_text(m) for m in ages]
    if len(parts) <= 1:
        listed = joined(parts)
    else:
        listed = Text(N_("{ages} und {last}"), ages=joined(parts[:-1], ", "), last=parts[-1])
    return listed if not ages or ages[-1] < 12 else Text(N_("{ages} J."), ages=listed)


def weeks_text(days: int) -> Text:
    """Time until a start in words."""
    if days <= 0:
        return Text(N_("Start sofort möglich"))
    if days < 7:
        return Text(N_("Start morgen")) if days == 1 else Text(N_("Start in {days} Tagen"), days=days)
    weeks = round(days / 7)
    return Text(N_("Start in 1 Woche")) if weeks == 1 else Text(N_("Start in {weeks} Wochen"), weeks=weeks)


def _judge_status_and_start(
    course: CourseFacts, c: MatchCriteria, relax: Relaxation, today: date, j: _Judgement
) -> None:
    if course.status in (CourseStatus.CANCELLED, CourseStatus.FINISHED) or course.end_date < today:
        cancelled = course.status == CourseStatus.CANCELLED
        j.exclusions.append(Text(N_("Kurs abgesagt")) if cancelled else Text(N_("Kurs beendet")))
        return
    window = c.start_within_weeks * (2 if relax.wider_start_window else 1)
    days = (course.start_date - today).days
    if days > window * 7:
        j.exclusions.append(
            Text(N_("Start erst in {weeks} Wochen (Suche: bis {window} Wochen)"), weeks=round(days / 7), window=window)
        )
    entry = c.entry_module or 1
    module = course.current_module
    if days <= 0:
        if module > entry:
            j.exclusions.append(
                Text(N_("läuft schon in Modul {module} (Einstieg: Modul {entry})"), module=module, entry=entry)
            )
        elif module < entry:
            j.misfits.append(
                Text(N_("läuft in Modul {module}, Einstieg in Modul {entry} erst später"), module=module, entry=entry)
            )
            j.parts["start"] = 0.5
        else:
            j.fits.append(
                Text(N_("läuft seit {start:%d.%m.%Y}, Einstieg in Modul {entry}"), start=course.start_date, entry=entry)
            )
            j.parts["start"] = 1.0
    else:
        if entry > module:
            j.misfits.append(
                Text(N_("beginnt mit Modul {module}, Einstufung Modul {entry}"), module=module, entry=entry)
            )
        j.fits.append(weeks_text(days))
        j.parts["start"] = max(0.0, 1.0 - days / (window * 7))
        if course.registration_deadline is not None and course.registration_deadline < today:
            j.misfits.append(Text(N_("Anmeldeschluss war am {day:%d.%m.%Y}"), day=course.registration_deadline))
    expiry = c.permission_expires_on
    if expiry is not None and max(course.start_date, today) > expiry:
        j.exclusions.append(Text(N_("Start nach Ablauf der Berechtigung ({day:%d.%m.%Y})"), day=expiry))


def _judge_type(course: CourseFacts, c: MatchCriteria, j: _Judgement) -> None:
    label = COURSE_TYPE_LABELS[course.course_type]
    if course.course_type not in c.course_types:
        j.exclusions.append(Text(N_("falsche Kursart ({label})"), label=label))
    elif c.preferred_type is not None and course.course_type == c.preferred_type:
        j.fits.append(Text(N_("{label} wie empfohlen"), label=label))
    else:
        j.fits.append(Text(N_("{label} passt auch"), label=label))


def _judge_times(course: CourseFacts, c: MatchCriteria, relax: Relaxation, j: _Judgement) -> None:
    part = part_of_day(course.start_time)
    days = [d.value for d in weekdays_of(course.weekdays_mask)]
    label = PART_OF_DAY_LABELS[part]
    if not c.availability:
        j.misfits.append(Text(N_("Zeiten der Person nicht erfasst")))
        j.parts["times"] = 0.5
        return
    missing = [d for d in days if (d, part) not in c.availability]
    j.parts["times"] = (len(days) - len(missing)) / len(days) if days else 0.0
    if not missing:
        j.fits.append(Text(N_("{label} passt"), label=label))
    elif len(missing) == len(days):
        text = Text(N_("Kurszeiten ({label}) passen nicht"), label=label)
        (j.misfits if relax.ignore_times else j.exclusions).append(text)
    else:
        j.misfits.append(
            Text(
                N_("{label}: {fitting} von {days} Kurstagen passen (nicht {not_free})"),
                label=label,
                fitting=len(days) - len(missing),
                days=len(days),
                not_free=joined((WEEKDAY_SHORT_DE[d] for d in missing), ", "),
            )
        )


def _care_covers(course: CourseFacts, months: int) -> bool:
    low = course.childcare_min_age_months
    high = course.childcare_max_age_years
    return (low is None or months >= low) and (high is None or months < (high + 1) * 12)


def _judge_childcare(course: CourseFacts, c: MatchCriteria, relax: Relaxation, j: _Judgement) -> None:
    if not c.childcare_needed:
        j.parts["childcare"] = 1.0
        return
    ages = c.child_ages_months
    count = max(1, len(ages))
    if course.childcare_places <= 0:
        j.parts["childcare"] = 0.0
        (j.misfits if relax.ignore_childcare else j.exclusions).append(Text(N_("keine Kinderbetreuung")))
        return
    covered = [a for a in ages if _care_covers(course, a)]
    if ages and len(covered) < len(ages):
        outside = [a for a in ages if a not in covered]
        j.misfits.append(Text(N_("Kinderbetreuung nicht für Alter {ages}"), ages=children_ages_text(outside)))
    if course.childcare_places < count:
        j.misfits.append(
            Text(
                N_("Kinderbetreuung nur {places} Plätze für {count} Kinder"),
                places=course.childcare_places,
                count=count,
            )
        )
    cared = min(course.childcare_places, len(covered) if ages else 1)
    j.parts["childcare"] = cared / count
    if cared == count:
        noun = Text(N_("1 Kind")) if count == 1 else Text(N_("{count} Kinder"), count=count)
        if ages:
            j.fits.append(
                Text(
                    N_("Kinderbetreuung für {children} ({ages}) vorhanden"),
                    children=noun,
                    ages=children_ages_text(ages),
                )
            )
        else:
            j.fits.append(Text(N_("Kinderbetreuung für {children} vorhanden"), children=noun))
    elif cared == 0 and not relax.ignore_childcare:
        j.exclusions.append(Text(N_("Kinderbetreuung passt nicht zum Alter der Kinder")))


def _judge_travel(course: CourseFacts, c: MatchCriteria, relax: Relaxation, j: _Judgement) -> None:
    limit = c.max_travel_minutes
    minutes = course.travel_minutes
    if c.municipality_id is None:
        j.misfits.append(Text(N_("Wohnort unbekannt, Fahrzeit nicht geprüft")))
        j.parts["travel"] = 0.5
        return
    if minutes is None and course.unreachable_reason is not None and not c.car:
        (j.misfits if relax.ignore_travel_limit else j.exclusions).append(course.unreachable_reason)
        j.parts["travel"] = 0.0
        return
    if minutes is None:
        if c.car:
            j.misfits.append(Text(N_("keine Busverbindung bekannt, mit dem Auto erreichbar")))
            j.parts["travel"] = 0.3
        else:
            text = Text(N_("keine Busverbindung zum Kursort bekannt"))
            (j.misfits if relax.ignore_travel_limit else j.exclusions).append(text)
            j.parts["travel"] = 0.0
        return
    same_place = course.location_municipality_id == c.municipality_id
    if not c.public_transport and not c.car and not same_place:
        text = Text(N_("nur zu Fuß: Kursort nicht im Wohnort"))
        (j.misfits if relax.ignore_travel_limit else j.exclusions).append(text)
    reference = limit if limit else REFERENCE_TRAVEL_MINUTES
    j.parts["travel"] = max(0.0, 1.0 - minutes / max(reference, 1) / 2) if minutes <= reference else 0.0
    way = Text(N_("im Ort")) if same_place else Text(N_("Bus"))
    if limit is not None and minutes > limit:
        text = Text(N_("{way} {minutes} Min. (Grenze {limit} Min.)"), way=way, minutes=minutes, limit=limit)
        (j.misfits if relax.ignore_travel_limit else j.exclusions).append(text)
    elif course.timetable_journey:
        j.fits.append(
            Text(N_("{way} {minutes} Min.: {journey}"), way=way, minutes=minutes,
                 journey=verbatim(course.timetable_journey))
        )  # fmt: skip
    else:
        j.fits.append(Text(N_("{way} {minutes} Min."), way=way, minutes=minutes))


def _judge_seats(course: CourseFacts, j: _Judgement) -> None:
    free = course.free_seats
    j.parts["seats"] = min(free, PLENTY_OF_SEATS) / PLENTY_OF_SEATS
    if free <= 0:
        j.exclusions.append(Text(N_("kein Platz frei")))
    elif free == 1:
        j.misfits.append(Text(N_("nur 1 Platz frei")))
    elif free <= 2:
        j.misfits.append(Text(N_("nur {free} Plätze frei"), free=free))
    else:
        j.fits.append(Text(N_("{free} Plätze frei"), free=free))


WEIGHT_KEYS = ("travel", "start", "times", "childcare", "seats")


def judge_course(
    course: CourseFacts, criteria: MatchCriteria, rules: Rules, today: date, relax: Relaxation
) -> CourseMatch:
    """Judge one course for one person; score 0–100 from the weighted soft criteria."""
    j = _Judgement()
    # The order of the reasons is the order an advisor reads them in: times, children, way, start, seats, type.
    _judge_times(course, criteria, relax, j)
    _judge_childcare(course, criteria, relax, j)
    _judge_travel(course, criteria, relax, j)
    _judge_status_and_start(course, criteria, relax, today, j)
    _judge_seats(course, j)
    _judge_type(course, criteria, j)
    weights = {key: max(0.0, rules.float(f"match_weight_{key}")) for key in WEIGHT_KEYS}
    total = sum(weights.values()) or 1.0
    score = 100.0 * sum(weights[k] * j.parts.get(k, 0.0) for k in WEIGHT_KEYS) / total
    return CourseMatch(
        course=course,
        score=round(score, 1),
        fits=tuple(j.fits),
        misfits=tuple(j.misfits),
        excluded=joined(j.exclusions) if j.exclusions else None,
    )


def rank_courses(
    courses: Iterable[CourseFacts],
    criteria: MatchCriteria,
    rules: Rules,
    today: date,
    relax: Relaxation = Relaxation(),
) -> list[CourseMatch]:
    """All courses judged: fitting ones first by score (then earlier start), excluded ones after."""
    matches = [judge_course(course, criteria, rules, today, relax) for course in courses]
    return sorted(
        matches,
        key=lambda m: (m.is_excluded, -m.score, m.course.start_date, m.course.course_id),
    )
