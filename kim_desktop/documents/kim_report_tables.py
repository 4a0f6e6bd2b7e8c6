"""The KIM report as labelled, anonymised tables and charts: one layout shared by PDF, CSV/XLSX and the screen."""

from collections.abc import Callable
from dataclasses import dataclass

from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS, PART_OF_DAY_LABELS
from kim_desktop.domain.enums import Channel, CourseType, PartOfDay, ReferralState
from kim_desktop.domain.report_figures import (
    UNKNOWN,
    CountTable,
    KimReport,
    Quartiles,
    days_text,
    is_suppressed,
    period_label,
    share_text,
    suppress,
)
from kim_desktop.i18n import _

Label = Callable[[str], str] | None


@dataclass(frozen=True)
class Table:
    """A table ready to print: texts only, small counts already suppressed."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_from: int = 1  # columns from here on hold figures (right-aligned)
    # A detail table (one row per course or per demand cell, thousands at county scale): the PDF prints only the
    # rows where one of these columns holds a count at or above the threshold; CSV, XLSX and the screen keep all.
    detail_counts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A bar chart; bars whose count would be suppressed are left out (and the caption says so)."""

    title: str
    bars: tuple[tuple[str, float], ...]
    unit: str = ""


@dataclass(frozen=True)
class Section:
    """One chapter of the report."""

    key: str
    title: str
    lines: tuple[str, ...]
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]


def _channel(value: str) -> str:
    labels = {Channel.IN_PERSON: _("persönlich"), Channel.PHONE: _("Telefon"), Channel.VIDEO: _("Video")}
    return labels.get(Channel(value), value) if value in Channel._value2member_map_ else value


def _state(value: str) -> str:
    labels = {
        ReferralState.PROPOSED: _("vorgeschlagen"), ReferralState.RESERVED: _("reserviert"),
        ReferralState.REGISTERED: _("angemeldet"), ReferralState.STARTED: _("begonnen"),
        ReferralState.DECLINED: _("abgelehnt"), ReferralState.NO_SHOW: _("nicht erschienen"),
        ReferralState.DROPPED_OUT: _("abgebrochen"), ReferralState.CANCELLED: _("storniert"),
        ReferralState.HOLD_EXPIRED: _("Reservierung abgelaufen"),
    }  # fmt: skip
    return labels[ReferralState(value)] if value in ReferralState._value2member_map_ else value


def course_type_text(value: str) -> str:
    """German name of a course type key (unknown keys from other offices' files pass through)."""
    return _(COURSE_TYPE_LABELS[CourseType(value)]) if value in CourseType._value2member_map_ else value


def _parts(value: str) -> str:
    parts = [p for p in value.split(",") if p]
    if not parts:
        return _("beliebig")
    order = list(PartOfDay)
    known = sorted((PartOfDay(p) for p in parts if p in PartOfDay._value2member_map_), key=order.index)
    return ", ".join(_(PART_OF_DAY_LABELS[p]) for p in known) or value


def _place(value: str) -> str:
    return value if value != UNKNOWN else _("ohne Angabe")


def _month(value: str) -> str:
    year, month = value.split("-")
    return f"{month}/{year}"


def _count_rows(table: CountTable, label: Label, threshold: int) -> tuple[tuple[str, ...], ...]:
    text = label or str
    rows = [(text(r.key[0]), suppress(r.value, threshold)) for r in table.rows]
    return (*rows, (_("Summe"), suppress(table.total, threshold)))


def _chart(title: str, table: CountTable, label: Label, threshold: int) -> Chart:
    text = label or str
    return Chart(
        title, tuple((text(r.key[0]), float(r.value)) for r in table.rows if not is_suppressed(r.value, threshold))
    )


def _quartile_row(name: str, q: Quartiles, t: int) -> tuple[str, ...]:
    return (
        name,
        suppress(q.count, t),
        days_text(q.q1, q.count, t),
        days_text(q.median, q.count, t),
        days_text(q.q3, q.count, t),
        share_text(q.within_target, q.count, t),
    )


def report_sections(report: KimReport) -> list[Section]:
    """All sections of the report, in print order, anonymised with the report's threshold."""
    t = report.suppression_threshold
    return [_counselling(report, t), _referrals(report, t), _waiting(report, t), _seats(report, t),
            _demand(report, t), _barriers(report, t)]  # fmt: skip


def report_heading(report: KimReport) -> tuple[str, str]:
    """Title and a line with period, offices and threshold."""
    offices = ", ".join(report.offices) or _("eigene Dienststelle")
    line = _("Zeitraum {period} · {offices} · berechnet am {day} · Fallzahlen unter {t} als „<{t}“").format(
        period=period_label(report.period_start, report.period_end), offices=offices,
        day=f"{report.computed_on:%d.%m.%Y}", t=report.suppression_threshold,
    )  # fmt: skip
    return _("KIM-Bericht: Beratung, Vermittlung, Wartezeiten und Bedarf"), line


def _counselling(r: KimReport, t: int) -> Section:
    c = r.counselling
    lines = (
        _("Beratungen im Zeitraum: {n}").format(n=suppress(c.sessions, t)),
        _("Beratene Personen: {n}, davon zum ersten Mal beraten: {m}").format(
            n=suppress(c.people, t), m=suppress(c.new_people, t)
        ),
    )
    tables = (
        Table(_("Beratungen nach Monat"), (_("Monat"), _("Beratungen")), _count_rows(c.by_month, _month, t)),
        Table(_("Beratungen nach Kanal"), (_("Kanal"), _("Beratungen")), _count_rows(c.by_channel, _channel, t)),
        Table(_("Beratungen nach Thema (je Thema gezählt)"), (_("Thema"), _("Beratungen")),
              tuple(r for r in _count_rows(c.by_topic, None, t) if r[0] != _("Summe"))),
        Table(_("Dolmetschung"), (_("Dolmetschung"), _("Beratungen")), _count_rows(
            c.by_interpreter, lambda v: _("mit Dolmetschung") if v == "with" else _("ohne Dolmetschung"), t)),
    )  # fmt: skip
    charts = (_chart(_("Beratungen nach Monat"), c.by_month, _month, t),
              _chart(_("Beratungen nach Thema"), c.by_topic, None, t))  # fmt: skip
    return Section("counselling", _("Beratung"), lines, tables, charts)


def _referrals(r: KimReport, t: int) -> Section:
    f, o = r.referrals, r.referrals.obliged
    lines = (
        _("Vermittlungen im Zeitraum vorgeschlagen: {n} (Stand heute)").format(n=suppress(f.total, t)),
        _("Verpflichtete ohne Verzögerung angemeldet (innerhalb von {d} Tagen nach Ausstellung): {share}").format(
            d=r.registration_days, share=share_text(o.without_delay, o.decided, t)
        ),
    )
    obliged = (
        (_("Verpflichtungen ausgestellt im Zeitraum"), suppress(o.permissions, t)),
        (_("angemeldet innerhalb von {d} Tagen").format(d=r.registration_days), suppress(o.without_delay, t)),
        (_("später angemeldet"), suppress(o.late, t)),
        (_("nicht angemeldet, Frist verstrichen"), suppress(o.overdue, t)),
        (_("nicht angemeldet, Frist läuft noch"), suppress(o.pending, t)),
    )
    tables = (
        Table(_("Vermittlungen nach Kursart"), (_("Kursart"), _("Vermittlungen")),
              _count_rows(f.by_course_type, course_type_text, t)),
        Table(_("Vermittlungen nach Kursträger"), (_("Kursträger"), _("Vermittlungen")),
              _count_rows(f.by_provider, None, t)),
        Table(_("Vermittlungen nach Stand"), (_("Stand"), _("Vermittlungen")), _count_rows(f.by_state, _state, t)),
        Table(_("Anmeldung der Verpflichteten (§ 44a AufenthG)"), (_("Fälle"), _("Anzahl")), obliged),
    )  # fmt: skip
    charts = (_chart(_("Vermittlungen nach Kursträger"), f.by_provider, None, t),)
    return Section("referrals", _("Vermittlungen"), lines, tables, charts)


def _waiting(r: KimReport, t: int) -> Section:
    overall = r.waiting_overall()
    weeks = r.target_days // 7
    lines = (
        _("Tage von der ersten Beratung bis zum Kursbeginn, für alle Kursbeginne im Zeitraum. Ziel: {w} Wochen "
          "({d} Tage).").format(w=weeks, d=r.target_days),
        _("Median: {m} Tage; innerhalb des Ziels: {share}").format(
            m=days_text(overall.median, overall.count, t), share=share_text(overall.within_target, overall.count, t)),
    )  # fmt: skip
    header = (_("Gruppe"), _("Kursbeginne"), _("1. Quartil"), _("Median"), _("3. Quartil"),
              _("innerhalb {w} Wochen").format(w=weeks))  # fmt: skip
    by_type = [_quartile_row(course_type_text(k), q, t) for k, q in r.waiting_by("course_type")]
    by_place = [_quartile_row(_place(k), q, t) for k, q in r.waiting_by("municipality")]
    total = _quartile_row(_("Alle"), overall, t)
    tables = (
        Table(_("Wartezeit nach Kursart (Tage)"), header, (*by_type, total)),
        Table(_("Wartezeit nach Gemeinde (Tage)"), header, (*by_place, total)),
    )
    bars = tuple(
        (course_type_text(k), q.median) for k, q in r.waiting_by("course_type") if q.median is not None and q.count >= t
    )
    return Section("waiting", _("Zeit bis Kursbeginn"), lines, tables, (Chart(_("Median in Tagen nach Kursart"), bars,
                                                                               _("Tage")),))  # fmt: skip


def _seats(r: KimReport, t: int) -> Section:
    referrals = {row.key[0]: row.value for row in r.referrals.by_provider.rows}
    providers = [
        (p, str(offered), suppress(res, t), suppress(reg, t), str(free), suppress(referrals.get(p, 0), t))
        for p, offered, res, reg, free in r.seats_by_provider()
    ]
    for provider, count in sorted(referrals.items()):  # providers referred to without a course start
        if provider not in {p[0] for p in providers}:
            providers.append((provider, "0", "0", "0", "0", suppress(count, t)))
    courses = tuple(
        (s.provider, s.course, course_type_text(s.course_type), f"{s.start_date:%d.%m.%Y}", str(s.offered),
         suppress(s.reserved, t), suppress(s.registered, t), str(s.free))
        for s in r.seats
    )  # fmt: skip
    lines = (
        _("Kurse mit Beginn im Zeitraum: {n}; angebotene Plätze {o}, frei bei Kursbeginn {f}").format(
            n=len(r.seats), o=sum(s.offered for s in r.seats), f=sum(s.free for s in r.seats)
        ),
    )
    tables = (
        Table(_("Plätze und Vermittlungen je Kursträger"),
              (_("Kursträger"), _("Plätze"), _("reserviert"), _("angemeldet"), _("frei"), _("Vermittlungen")),
              tuple(sorted(providers))),
        Table(_("Plätze je Kurs (Beginn im Zeitraum)"),
              (_("Kursträger"), _("Kurs"), _("Kursart"), _("Beginn"), _("Plätze"), _("reserviert"), _("angemeldet"),
               _("frei")), courses, numeric_from=4, detail_counts=(5, 6)),
    )  # fmt: skip
    bars = tuple((p, float(free)) for p, _o, _r, _g, free in r.seats_by_provider())
    return Section("seats", _("Transparenz der Platzvergabe"), lines, tables,
                   (Chart(_("Freie Plätze bei Kursbeginn je Kursträger"), bars),))  # fmt: skip


def gap_sentence(count: str, municipality: str, course_type: str, part: str, childcare: bool,
                 minutes: int | None, location: str) -> str:  # fmt: skip
    """One planning sentence: how many people need which course where, and how far the nearest one is."""
    need = _("{n} Personen in {place} brauchen: {kind}, {part}{care}").format(
        n=count, place=_place(municipality), kind=course_type_text(course_type), part=_parts(part),
        care=_(", mit Kinderbetreuung") if childcare else "",
    )  # fmt: skip
    if minutes is None:
        return need + _("; kein passender Kurs mit bekannter Fahrzeit geplant.")
    return need + _("; nächster passender Kurs {m} Min. mit Bus und Bahn ({where}).").format(m=minutes, where=location)


def _demand(r: KimReport, t: int) -> Section:
    rows = tuple(
        (_place(d.municipality), course_type_text(d.course_type), _parts(d.parts_of_day),
         _("ja") if d.childcare else _("nein"), suppress(d.count, t),
         days_text(d.waiting_days_total / d.count, d.count, t), days_text(d.waiting_days_max, d.count, t))
        for d in r.demand
    )  # fmt: skip
    lines = (
        _("Offene Einträge auf der Warteliste am Ende des Zeitraums: {n}").format(n=suppress(r.demand_total(), t)),
        _("Mögliche Lücken im Angebot (eine Person kann zu mehreren Tageszeiten zählen):"),
        *(gap_sentence(suppress(g.count, t), g.municipality, g.course_type, g.part_of_day, g.childcare,
                       g.nearest_minutes, g.nearest_location) for g in r.gaps[:12]),
    )  # fmt: skip
    table = Table(
        _("Warteliste nach Gemeinde, Kursart, Tageszeit und Kinderbetreuung"),
        (_("Gemeinde"), _("Kursart"), _("Tageszeit"), _("Kinderbetreuung"), _("Wartende"), _("Ø Tage"),
         _("längste (Tage)")), rows, numeric_from=4, detail_counts=(4,),
    )  # fmt: skip
    places: dict[str, int] = {}
    for d in r.demand:
        places[_place(d.municipality)] = places.get(_place(d.municipality), 0) + d.count
    bars = tuple((p, float(n)) for p, n in sorted(places.items()) if not is_suppressed(n, t))
    return Section("demand", _("Ungedeckter Bedarf"), lines, (table,), (Chart(_("Wartende nach Gemeinde"), bars),))


def _barriers(r: KimReport, t: int) -> Section:
    people = {row.key[0]: row.value for row in r.barrier_people.rows}
    rows = tuple(
        (row.key[0], suppress(row.value, t), suppress(people.get(row.key[0], 0), t)) for row in r.barrier_sessions.rows
    )
    lines = (_("Themen, die als Hindernis gelten (Kinderbetreuung, Fahrtweg, Kurszeiten …), in Beratungen des "
               "Zeitraums."),)  # fmt: skip
    table = Table(_("Hindernisse in der Beratung"), (_("Thema"), _("Beratungen"), _("Personen")), rows)
    return Section("barriers", _("Hindernisse"), lines, (table,),
                   (_chart(_("Beratungen mit Hindernis nach Thema"), r.barrier_sessions, None, t),))  # fmt: skip
