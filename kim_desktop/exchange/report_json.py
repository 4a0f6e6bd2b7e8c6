"""The anonymised KIM report as a JSON exchange file (docs/report-exchange.md): pure write and read, no database."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.report_figures import (
    CounsellingFigures,
    Count,
    CountTable,
    CourseSeats,
    DemandCell,
    DemandGap,
    KimReport,
    ObligedRegistration,
    ReferralFigures,
    WaitingDays,
)
from kim_desktop.whole_files import write_whole_text

FORMAT = "kim-desktop/kim-report"
VERSION = 1
# The file's first line: whoever opens it sees at once that it is not the anonymised report.
EXACT_COUNTS_NOTICE = (
    "EXAKTE FALLZAHLEN, nicht anonymisiert (keine Geheimhaltung kleiner Zahlen): nur für Administratoren und "
    "die Partner der Kooperationsvereinbarung, nicht zur Veröffentlichung."
)


class ReportFileInvalid(KimError):  # noqa: N818 - names the situation, like the other KimErrors
    """The file is not a KIM report exchange file this version can read."""


def _table(table: CountTable) -> dict[str, Any]:
    return {"columns": list(table.columns), "rows": [[*r.key, r.value] for r in table.rows]}


def report_to_dict(report: KimReport) -> dict[str, Any]:
    """The report as JSON-ready data (counts are exact: suppression happens when the report is shown)."""
    c, f = report.counselling, report.referrals
    return {
        "format": FORMAT,
        "version": VERSION,
        "period": {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()},
        "offices": list(report.offices),
        "computed_on": report.computed_on.isoformat(),
        "rules": {
            "suppression_threshold": report.suppression_threshold,
            "target_days": report.target_days,
            "registration_days": report.registration_days,
        },
        "counselling": {
            "sessions": c.sessions,
            "people": c.people,
            "new_people": c.new_people,
            "by_month": _table(c.by_month),
            "by_channel": _table(c.by_channel),
            "by_topic": _table(c.by_topic),
            "by_interpreter": _table(c.by_interpreter),
        },
        "referrals": {
            "total": f.total,
            "by_course_type": _table(f.by_course_type),
            "by_provider": _table(f.by_provider),
            "by_state": _table(f.by_state),
            "obliged": {
                "permissions": f.obliged.permissions,
                "without_delay": f.obliged.without_delay,
                "late": f.obliged.late,
                "overdue": f.obliged.overdue,
                "pending": f.obliged.pending,
            },
        },
        "waiting_days": [
            {"course_type": w.course_type, "municipality": w.municipality, "days": list(w.days)} for w in report.waiting
        ],
        "seats": [
            {
                "provider": s.provider,
                "course": s.course,
                "course_type": s.course_type,
                "start_date": s.start_date.isoformat(),
                "offered": s.offered,
                "reserved": s.reserved,
                "registered": s.registered,
            }
            for s in report.seats
        ],
        "demand": [
            {
                "municipality": d.municipality,
                "course_type": d.course_type,
                "parts_of_day": d.parts_of_day,
                "childcare": d.childcare,
                "count": d.count,
                "waiting_days_total": d.waiting_days_total,
                "waiting_days_max": d.waiting_days_max,
            }
            for d in report.demand
        ],
        "gaps": [
            {
                "municipality": g.municipality,
                "course_type": g.course_type,
                "part_of_day": g.part_of_day,
                "childcare": g.childcare,
                "count": g.count,
                "nearest_minutes": g.nearest_minutes,
                "nearest_location": g.nearest_location,
            }
            for g in report.gaps
        ],
        "barriers": {"sessions": _table(report.barrier_sessions), "people": _table(report.barrier_people)},
    }


def _read_table(raw: Any) -> CountTable:
    columns = tuple(str(c) for c in raw["columns"])
    rows = []
    for row in raw["rows"]:
        if len(row) != len(columns) + 1:
            raise ReportFileInvalid(f"Eine Tabellenzeile hat {len(row)} Werte statt {len(columns) + 1}.")
        rows.append(Count(tuple(str(k) for k in row[:-1]), _count(row[-1])))
    return CountTable(columns, tuple(rows))


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReportFileInvalid(f"Keine gültige Anzahl: {value!r}")
    return value


def report_from_dict(raw: Any) -> KimReport:
    """Rebuild the report from JSON data; ReportFileInvalid if the data does not fit the format."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ReportFileInvalid("Die Datei ist keine Austauschdatei eines KIM-Berichts.")
    if raw.get("version") != VERSION:
        raise ReportFileInvalid(
            f"Version {raw.get('version')!r} der Austauschdatei wird nicht unterstützt (erwartet: {VERSION})."
        )
    try:
        c, f, rules = raw["counselling"], raw["referrals"], raw["rules"]
        o = f["obliged"]
        return KimReport(
            period_start=date.fromisoformat(raw["period"]["start"]),
            period_end=date.fromisoformat(raw["period"]["end"]),
            offices=tuple(str(x) for x in raw["offices"]),
            computed_on=date.fromisoformat(raw["computed_on"]),
            suppression_threshold=_count(rules["suppression_threshold"]),
            target_days=_count(rules["target_days"]),
            registration_days=_count(rules["registration_days"]),
            counselling=CounsellingFigures(
                _count(c["sessions"]),
                _count(c["people"]),
                _count(c["new_people"]),
                _read_table(c["by_month"]),
                _read_table(c["by_channel"]),
                _read_table(c["by_topic"]),
                _read_table(c["by_interpreter"]),
            ),
            referrals=ReferralFigures(
                _count(f["total"]),
                _read_table(f["by_course_type"]),
                _read_table(f["by_provider"]),
                _read_table(f["by_state"]),
                ObligedRegistration(
                    *(_count(o[k]) for k in ("permissions", "without_delay", "late", "overdue", "pending"))
                ),
            ),
            waiting=tuple(
                WaitingDays(str(w["course_type"]), str(w["municipality"]), tuple(sorted(_count(d) for d in w["days"])))
                for w in raw["waiting_days"]
            ),
            seats=tuple(
                CourseSeats(
                    str(s["provider"]),
                    str(s["course"]),
                    str(s["course_type"]),
                    date.fromisoformat(s["start_date"]),
                    _count(s["offered"]),
                    _count(s["reserved"]),
                    _count(s["registered"]),
                )
                for s in raw["seats"]
            ),
            demand=tuple(
                DemandCell(
                    str(d["municipality"]),
                    str(d["course_type"]),
                    str(d["parts_of_day"]),
                    bool(d["childcare"]),
                    _count(d["count"]),
                    _count(d["waiting_days_total"]),
                    _count(d["waiting_days_max"]),
                )
                for d in raw["demand"]
            ),
            gaps=tuple(
                DemandGap(
                    str(g["municipality"]),
                    str(g["course_type"]),
                    str(g["part_of_day"]),
                    bool(g["childcare"]),
                    _count(g["count"]),
                    None if g["nearest_minutes"] is None else _count(g["nearest_minutes"]),
                    str(g["nearest_location"]),
                )
                for g in raw["gaps"]
            ),
            barrier_sessions=_read_table(raw["barriers"]["sessions"]),
            barrier_people=_read_table(raw["barriers"]["people"]),
        )
    except ReportFileInvalid:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise ReportFileInvalid(f"Die Datei passt nicht zum Format (Feld oder Wert {exc}).") from exc


def report_json_text(report: KimReport) -> str:
    """The exchange file's text: a first line with the notice (key "hinweis", ignored when read), then the data."""
    body = json.dumps(report_to_dict(report), ensure_ascii=False, indent=1)
    return '{"hinweis": ' + json.dumps(EXACT_COUNTS_NOTICE, ensure_ascii=False) + "," + body[1:] + "\n"


def write_report_json(report: KimReport, path: Path) -> None:
    """Write the exchange file (UTF-8, indented, stable key order); only the administrators' use case calls it."""
    write_whole_text(path, report_json_text(report))


def read_report_json(path: Path) -> KimReport:
    """Read an exchange file; ReportFileInvalid for anything that is not one."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportFileInvalid(f"{path.name}: keine lesbare JSON-Datei ({exc}).") from exc
    return report_from_dict(raw)
