"""Texts of the Fahrplan tab: the import's check report and the state line."""

from html import escape

from kim_desktop.i18n import _, translate_text
from kim_desktop.services.timetable_import import FeedSummary
from kim_desktop.services.timetable_stops import TimetableStatus


def summary_text(s: FeedSummary) -> str:
    """The validation summary as lines for the read-only box."""
    days = f"{s.first_day:%d.%m.%Y} – {s.last_day:%d.%m.%Y}" if s.first_day and s.last_day else "–"
    lines = [
        _("Eingelesen: {file}").format(file=s.file_name) if s.imported
        else _("Nicht eingelesen (Fehler): {file}. Der bisherige Fahrplan bleibt.").format(file=s.file_name),
        _("Verkehrsunternehmen: {names}").format(names=", ".join(s.agencies) or "–"),
        _("{stops} Haltestellen, {routes} Linien, {trips} Fahrten, {times} Halte; Verkehrstage {days}").format(
            stops=s.stops, routes=s.routes, trips=s.trips, times=s.stop_times, days=days),
    ]  # fmt: skip
    if s.imported:
        lines.append(_("{n} Gemeinden und Kursorten wurden Haltestellen zugeordnet (bitte prüfen).").format(
            n=s.matched_places))  # fmt: skip
    if s.error_count:
        lines.append(_("{n} Fehler:").format(n=s.error_count))
        lines += [f"  • {translate_text(e)}" for e in s.errors]
    if s.warning_count:
        lines.append(_("{n} Hinweise:").format(n=s.warning_count))
        lines += [f"  • {translate_text(w)}" for w in s.warnings[:50]]
    return "\n".join(lines)


def status_html(status: TimetableStatus) -> str:
    """The line above the buttons: what is imported and computed."""
    if status.file_name is None:
        return _("Kein Fahrplan eingelesen: Suche und Briefe nutzen die eingetragenen Fahrzeiten (Tab Kursorte).")
    days = f"{status.first_day:%d.%m.%Y} – {status.last_day:%d.%m.%Y}" if status.first_day and status.last_day else ""
    text = _("<b>Fahrplan:</b> {file} ({agencies}), Verkehrstage {days}, {stops} Haltestellen.").format(
        file=escape(status.file_name), agencies=escape(", ".join(status.agencies)), days=days, stops=status.stops
    )
    if status.computed_at is None:
        return text + " " + _("Erreichbarkeit noch nicht berechnet.")
    computed = _("Erreichbarkeit vom {at:%d.%m.%Y %H:%M}: {ok} von {n} Verbindungen an allen Kurstagen.")
    return text + " " + computed.format(at=status.computed_at, ok=status.reachable, n=status.answers)
