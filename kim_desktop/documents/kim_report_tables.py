"""The KIM report as labelled, anonymised tables and charts: one layout shared by PDF, CSV/XLSX and the screen."""

from collections.abc import Callable
from dataclasses import dataclass

from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS, PART_OF_DAY_LABELS
from kim_desktop.domain.enums import Channel, CourseType, PartOfDay, ReferralState
from kim_desktop.domain.report_disclosure import OTHER_PLACES, Disclosure, demand_rows, disclosure, waiting_places
from kim_desktop.domain.report_figures import (
    SUPPRESSED,
    TOO_FEW,
    UNKNOWN,
    Cell,
    CountTable,
    KimReport,
    Quartiles,
    days_text,
    period_label,
    share_text,
)
from kim_desktop.i18n import _

Label = Callable[[str], str] | None


@dataclass(frozen=True)
class Table:
    """A table ready to print: texts only, secret counts already replaced by their mark."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric_from: int = 1  # columns from here on hold figures (right-aligned)


@dataclass(frozen=True)
class Chart:
    """A bar chart; bars of secret counts are left out (and counted, so that an empty chart can say why)."""

    title: str
    bars: tuple[tuple[str, float], ...]
    unit: str = ""
    left_out: int = 0


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
    if value == OTHER_PLACES:
        return _("übrige Gemeinden")
    return value if value != UNKNOWN else _("ohne Angabe")


def _interpreter(value: str) -> str:
    return _("mit Dolmetschung") if value == "with" else _("ohne Dolmetschung")


def _month(value: str) -> str:
    year, month = value.split("-")
    return f"{month}/{year}"


def _count_rows(
    name: str, table: CountTable, label: Label, d: Disclosure, total: Cell | None
) -> tuple[tuple[str, ...], ...]:
    text = label or str
    rows = [(text(r.key[0]), d.text((name, *r.key))) for r in table.rows]
    return (*rows, (_("Summe"), d.text(total))) if total is not None else tuple(rows)


def _chart(title: str, bars: list[tuple[str, Cell]], d: Disclosure) -> Chart:
    shown = tuple((label, float(d.values[cell])) for label, cell in bars if d.shown(cell))
    return Chart(title, shown, left_out=len(bars) - len(shown))


def _table_chart(title: str, name: str, table: CountTable, label: Label, d: Disclosure) -> Chart:
    text = label or str
    return _chart(title, [(text(r.key[0]), (name, *r.key)) for r in table.rows], d)


def _quartile_row(name: str, q: Quartiles, cell: Cell, d: Disclosure) -> tuple[str, ...]:
    t = d.threshold
    return (
        name,
        d.text(cell),
        days_text(q.q1, q.count, t),
        days_text(q.median, q.count, t),
        days_text(q.q3, q.count, t),
        share_text(q.within_target, q.count, d.shown(cell) and q.count >= t),
    )


def report_sections(report: KimReport) -> list[Section]:
    """All sections of the report, in print order, with primary and secondary suppression applied."""
    d = disclosure(report)
    return [_counselling(report, d), _referrals(report, d), _waiting(report, d), _seats(report, d),
            _demand(report, d), _barriers(report, d)]  # fmt: skip


def report_heading(report: KimReport) -> tuple[str, str]:
    """Title and a line with period, offices, the day of computing and what the marks mean."""
    offices = ", ".join(report.offices) or _("eigene Dienststelle")
    line = _("Zeitraum {period} · {offices} · berechnet am {day} · „{hidden}“: geheim gehaltene Fallzahl (unter {t} "
             "oder eine, aus der sie sich errechnen ließe) · „{few}“: zu wenige Fälle für Tage oder Anteile").format(
        period=period_label(report.period_start, report.period_end), offices=offices,
        day=f"{report.computed_on:%d.%m.%Y}", t=report.suppression_threshold, hidden=SUPPRESSED, few=TOO_FEW,
    )  # fmt: skip
    return _("KIM-Bericht: Beratung, Vermittlung, Wartezeiten und Bedarf"), line


def unfinished_note(report: KimReport) -> str:
    """For a period that had not ended when the report was computed, the warning it carries; else ""."""
    if not report.unfinished:
        return ""
    return _("VORLÄUFIG: Der Zeitraum endet am {end}, berechnet wurde am {day}. Die Zahlen ändern sich noch.").format(
        end=f"{report.period_end:%d.%m.%Y}", day=f"{report.computed_on:%d.%m.%Y}"
    )


def _counselling(r: KimReport, d: Disclosure) -> Section:
    c = r.counselling
    sessions = ("sessions",)
    lines = (
        _("Beratungen im Zeitraum: {n}").format(n=d.text(sessions)),
        _("Beratene Personen: {n}, davon zum ersten Mal beraten: {m}").format(
            n=d.text(("people",)), m=d.text(("new_people",))
        ),
    )
    tables = (
        Table(_("Beratungen nach Monat"), (_("Monat"), _("Beratungen")),
              _count_rows("month", c.by_month, _month, d, sessions)),
        Table(_("Beratungen nach Kanal"), (_("Kanal"), _("Beratungen")),
              _count_rows("channel", c.by_channel, _channel, d, sessions)),
        Table(_("Beratungen nach Thema (je Thema gezählt)"), (_("Thema"), _("Beratungen")),
              _count_rows("topic", c.by_topic, None, d, None)),
        Table(_("Dolmetschung"), (_("Dolmetschung"), _("Beratungen")),
              _count_rows("interpreter", c.by_interpreter, _interpreter, d, sessions)),
    )  # fmt: skip
    charts = (_table_chart(_("Beratungen nach Monat"), "month", c.by_month, _month, d),
              _table_chart(_("Beratungen nach Thema"), "topic", c.by_topic, None, d))  # fmt: skip
    return Section("counselling", _("Beratung"), lines, tables, charts)


def _obliged_base_shown(d: Disclosure, decided: int) -> bool:
    """Whether the share's base (decided cases) follows from shown counts, and its part is shown."""
    parts = [("obliged", k) for k in ("without_delay", "late", "overdue")]
    derivable = all(d.shown(p) for p in parts) or (d.shown(("permissions",)) and d.shown(("obliged", "pending")))
    return decided >= d.threshold and derivable and d.shown(("obliged", "without_delay"))


def _referrals(r: KimReport, d: Disclosure) -> Section:
    f, o = r.referrals, r.referrals.obliged
    total = ("referrals",)
    lines = (
        _("Vermittlungen im Zeitraum vorgeschlagen: {n} (Stand heute)").format(n=d.text(total)),
        _("Verpflichtete ohne Verzögerung angemeldet (innerhalb von {d} Tagen nach Ausstellung): {share}").format(
            d=r.registration_days, share=share_text(o.without_delay, o.decided, _obliged_base_shown(d, o.decided))
        ),
    )
    obliged = (
        (_("Verpflichtungen ausgestellt im Zeitraum"), d.text(("permissions",))),
        (_("angemeldet innerhalb von {d} Tagen").format(d=r.registration_days), d.text(("obliged", "without_delay"))),
        (_("später angemeldet"), d.text(("obliged", "late"))),
        (_("nicht angemeldet, Frist verstrichen"), d.text(("obliged", "overdue"))),
        (_("nicht angemeldet, Frist läuft noch"), d.text(("obliged", "pending"))),
    )
    tables = (
        Table(_("Vermittlungen nach Kursart"), (_("Kursart"), _("Vermittlungen")),
              _count_rows("ref_type", f.by_course_type, course_type_text, d, total)),
        Table(_("Vermittlungen nach Kursträger"), (_("Kursträger"), _("Vermittlungen")),
              _count_rows("ref_provider", f.by_provider, None, d, total)),
        Table(_("Vermittlungen nach Stand"), (_("Stand"), _("Vermittlungen")),
              _count_rows("ref_state", f.by_state, _state, d, total)),
        Table(_("Anmeldung der Verpflichteten (§ 44a AufenthG)"), (_("Fälle"), _("Anzahl")), obliged),
    )  # fmt: skip
    charts = (_table_chart(_("Vermittlungen nach Kursträger"), "ref_provider", f.by_provider, None, d),)
    return Section("referrals", _("Vermittlungen"), lines, tables, charts)


def _waiting(r: KimReport, d: Disclosure) -> Section:
    t = d.threshold
    overall = r.waiting_overall()
    weeks = r.target_days // 7
    lines = (
        _("Tage von der ersten Beratung bis zum Kursbeginn, für alle Kursbeginne im Zeitraum. Ziel: {w} Wochen "
          "({d} Tage).").format(w=weeks, d=r.target_days),
        _("Median: {m} Tage; innerhalb des Ziels: {share}").format(
            m=days_text(overall.median, overall.count, t),
            share=share_text(overall.within_target, overall.count, d.shown(("waiting",)) and overall.count >= t)),
    )  # fmt: skip
    header = (_("Gruppe"), _("Kursbeginne"), _("1. Quartil"), _("Median"), _("3. Quartil"),
              _("innerhalb {w} Wochen").format(w=weeks))  # fmt: skip
    by_type = [_quartile_row(course_type_text(k), q, ("waiting_type", k), d) for k, q in r.waiting_by("course_type")]
    by_place = [_quartile_row(_place(k), q, ("waiting_place", k), d) for k, q in waiting_places(r)]
    total = _quartile_row(_("Alle"), overall, ("waiting",), d)
    tables = (
        Table(_("Wartezeit nach Kursart (Tage)"), header, (*by_type, total)),
        Table(_("Wartezeit nach Gemeinde (Tage)"), header, (*by_place, total)),
    )
    groups = r.waiting_by("course_type")
    bars = tuple((course_type_text(k), q.median) for k, q in groups if q.median is not None and q.count >= t)
    chart = Chart(_("Median in Tagen nach Kursart"), bars, _("Tage"), left_out=len(groups) - len(bars))
    return Section("waiting", _("Zeit bis Kursbeginn"), lines, tables, (chart,))


def _seats(r: KimReport, d: Disclosure) -> Section:
    # Seats are a course's occupancy, not counts of people, and the free-seat list tells them to the network:
    # never hidden. Only the referrals per provider (people) follow the disclosure.
    referrals = {row.key[0] for row in r.referrals.by_provider.rows}
    providers = [
        (p, str(offered), str(res), str(reg), str(free), d.text(("ref_provider", p)))
        for p, offered, res, reg, free in r.seats_by_provider()
    ]
    for provider in sorted(referrals):  # providers referred to without a course start
        if provider not in {p[0] for p in providers}:
            providers.append((provider, "0", "0", "0", "0", d.text(("ref_provider", provider))))
    courses = tuple(
        (s.provider, s.course, course_type_text(s.course_type), f"{s.start_date:%d.%m.%Y}", str(s.offered),
         str(s.reserved), str(s.registered), str(s.free))
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
               _("frei")), courses, numeric_from=4),
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


def _gap_sentences(r: KimReport, d: Disclosure) -> list[str]:
    """Gaps counted from the shown waiting-list rows only ("mindestens").

    A gap's exact count minus the shown rows would give away the rare combinations in "übrige Kombinationen".
    """
    rows = [row for row in demand_rows(r) if not row.is_rest and d.shown(row.cell)]
    counted = []
    for g in r.gaps:
        n = sum(row.count for row in rows if (row.municipality, row.course_type, row.childcare)
                == (g.municipality, g.course_type, g.childcare)
                and (not row.parts_of_day or g.part_of_day in row.parts_of_day.split(",")))  # fmt: skip
        if n:
            counted.append((-n, r.gaps.index(g), g))
    return [
        gap_sentence(_("mindestens {n}").format(n=-n), g.municipality, g.course_type, g.part_of_day, g.childcare,
                     g.nearest_minutes, g.nearest_location)
        for n, _i, g in sorted(counted)[:12]
    ]  # fmt: skip


def _demand(r: KimReport, d: Disclosure) -> Section:
    t = d.threshold
    rest = _("übrige Kombinationen (je unter {t} Personen)").format(t=t)
    rows = tuple(
        (_place(row.municipality), rest if row.is_rest else course_type_text(row.course_type),
         "" if row.is_rest else _parts(row.parts_of_day),
         "" if row.childcare is None else _("ja") if row.childcare else _("nein"), d.text(row.cell),
         days_text(row.waiting_days_total / row.count, row.count, t), days_text(row.waiting_days_max, row.count, t))
        for row in demand_rows(r)
    )  # fmt: skip
    lines = (
        _("Offene Einträge auf der Warteliste am Ende des Zeitraums: {n}").format(n=d.text(("demand",))),
        _("Mögliche Lücken im Angebot (eine Person kann zu mehreren Tageszeiten zählen):"),
        *_gap_sentences(r, d),
    )
    table = Table(
        _("Warteliste nach Gemeinde, Kursart, Tageszeit und Kinderbetreuung"),
        (_("Gemeinde"), _("Kursart"), _("Tageszeit"), _("Kinderbetreuung"), _("Wartende"), _("Ø Tage"),
         _("längste (Tage)")), rows, numeric_from=4,
    )  # fmt: skip
    places = dict.fromkeys(row.municipality for row in demand_rows(r))  # in the table's order
    chart = _chart(_("Wartende nach Gemeinde"), [(_place(m), ("demand_place", m)) for m in places], d)
    return Section("demand", _("Ungedeckter Bedarf"), lines, (table,), (chart,))


def _barriers(r: KimReport, d: Disclosure) -> Section:
    people = {row.key[0] for row in r.barrier_people.rows}
    rows = tuple(
        (row.key[0], d.text(("barrier_sessions", *row.key)),
         d.text(("barrier_people", *row.key)) if row.key[0] in people else "0")
        for row in r.barrier_sessions.rows
    )  # fmt: skip
    lines = (_("Themen, die als Hindernis gelten (Kinderbetreuung, Fahrtweg, Kurszeiten …), in Beratungen des "
               "Zeitraums."),)  # fmt: skip
    table = Table(_("Hindernisse in der Beratung"), (_("Thema"), _("Beratungen"), _("Personen")), rows)
    return Section("barriers", _("Hindernisse"), lines, (table,),
                   (_table_chart(_("Beratungen mit Hindernis nach Thema"), "barrier_sessions", r.barrier_sessions,
                                 None, d),))  # fmt: skip
