"""The Protokoll page (administrators): the audit trail filtered by period, action, account and person; CSV export."""

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import N_, _
from kim_desktop.services.audit import AuditAction, AuditFilter, AuditRow, export_audit_csv, list_audit_events
from kim_desktop.services.counselling import list_advisors
from kim_desktop.services.database import DbSession
from kim_desktop.services.people_dto import Choice
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.locale_format import format_datetime, qt_date_format
from kim_desktop.ui.operations import in_error_colour, run_operation
from kim_desktop.whole_files import write_whole_text

# German names of the recorded actions (unknown names are shown as stored).
ACTION_LABELS: dict[str, str] = {
    AuditAction.SIGN_IN: N_("Anmeldung"),
    AuditAction.SIGN_IN_FAILED: N_("Anmeldung fehlgeschlagen"),
    AuditAction.SIGN_IN_LOCKED: N_("Anmeldung gesperrt"),
    AuditAction.SCREEN_UNLOCKED: N_("Bildschirm entsperrt"),
    AuditAction.ACCOUNT_CREATED: N_("Konto angelegt"),
    AuditAction.ACCOUNT_CHANGED: N_("Konto geändert"),
    AuditAction.PASSWORD_RESET: N_("Passwort zurückgesetzt"),
    AuditAction.PASSWORD_CHANGED: N_("Passwort geändert"),
    AuditAction.CASE_READ: N_("Fallakte gelesen"),
    AuditAction.CASE_CREATED: N_("Fallakte angelegt"),
    AuditAction.CASE_CHANGED: N_("Fallakte geändert"),
    AuditAction.LETTER_PRINTED: N_("Schreiben gedruckt"),
    AuditAction.EXPORTED: N_("Export"),
    AuditAction.IMPORTED: N_("Import"),
    AuditAction.CONSENT_RECORDED: N_("Einwilligung erfasst"),
    AuditAction.CONSENT_REVOKED: N_("Einwilligung widerrufen"),
    AuditAction.CONSENT_PURPOSE_ASSIGNED: N_("Zweck einer Einwilligung zugeordnet"),
    AuditAction.PERSON_ERASED: N_("Person gelöscht"),
    AuditAction.RETENTION_APPLIED: N_("Löschfristen angewendet"),
    AuditAction.ACCESS_REQUEST: N_("Auskunft erstellt"),
    AuditAction.AUDIT_EXPORTED: N_("Protokoll exportiert"),
    AuditAction.PEOPLE_SEARCHED: N_("Personen gesucht"),
    AuditAction.NETWORK_CHANGED: N_("Netzwerk geändert"),
    AuditAction.SETTINGS_CHANGED: N_("Einstellung geändert"),
}
HEADERS = (N_("Zeit"), N_("Wer"), N_("Aktion"), N_("Art"), N_("Datensatz"), N_("Person"), N_("Änderungen"))


def action_label(action: str) -> str:
    """The German name of a recorded action."""
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def _changes_text(row: AuditRow) -> str:
    return "; ".join(f"{name}: {old!s} → {new!s}" for name, old, new in row.changes)


class AuditPage(QWidget):
    """Filters above, the entries newest first below; nothing here can change an entry."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        today = date.today()
        self.from_date = QDateEdit(QDate(today - timedelta(days=30)))
        self.from_date.setObjectName("auditFrom")
        self.to_date = QDateEdit(QDate(today))
        self.to_date.setObjectName("auditTo")
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(qt_date_format())
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.addItem(_("alle Aktionen"), None)
        for name in ACTION_LABELS:
            self.action.addItem(action_label(name), name)
        self.advisor = QComboBox()
        self.advisor.setObjectName("auditAdvisor")
        self.advisor.addItem(_("alle Konten"), None)
        self.person = QLineEdit()
        self.person.setObjectName("auditPerson")
        self.person.setPlaceholderText(_("Personen-Nr."))
        self.person.setMaximumWidth(110)
        self.show_button = QPushButton(_("Anzeigen"))
        self.show_button.setObjectName("auditShow")
        self.export_button = QPushButton(_("Als CSV exportieren …"))
        self.export_button.setObjectName("auditExport")
        self.show_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self._ask_export)
        self.person.returnPressed.connect(self.reload)

        filters = QHBoxLayout()
        for label, widget in (
            (_("Von:"), self.from_date),
            (_("Bis:"), self.to_date),
            (_("Aktion:"), self.action),
            (_("Konto:"), self.advisor),
            (_("Person:"), self.person),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)  # screen readers name the field after its caption
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.show_button)
        filters.addStretch(1)
        filters.addWidget(self.export_button)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName(_("Protokolleinträge"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("auditMessage")

        layout = QVBoxLayout(self)
        title = QLabel(_("Protokoll"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(
            QLabel(_("Wer wann welche Fallakte gelesen oder geändert hat. Einträge können nicht geändert werden."))
        )
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)
        self._load_advisors()
        self.reload()

    def _load_advisors(self) -> None:
        def work(session: DbSession) -> list[Choice]:
            return list_advisors(session)

        def done(advisors: list[Choice]) -> None:
            for choice in advisors:
                self.advisor.addItem(choice.label, choice.id)

        run_operation(self.ctx, work, done, parent=self, errors=self._show_error)

    def current_filter(self) -> AuditFilter | None:
        """The filter as entered; None (with a message) when the person number is not a number."""
        person_text = self.person.text().strip()
        if person_text and not person_text.isdigit():
            self.message_label.setText(_("Personen-Nr.: bitte nur Ziffern eingeben."))
            return None
        return AuditFilter(
            from_date=self.from_date.date().toPython(),  # type: ignore[arg-type]
            to_date=self.to_date.date().toPython(),  # type: ignore[arg-type]
            advisor_id=self.advisor.currentData(),
            action=self.action.currentData(),
            person_id=int(person_text) if person_text else None,
        )

    def reload(self) -> None:
        """Read the entries matching the filter in the background."""
        flt = self.current_filter()
        if flt is None:
            return
        actor = self.ctx.actor

        def work(session: DbSession) -> list[AuditRow]:
            return list_audit_events(session, actor, flt)

        run_operation(self.ctx, work, self._show_rows, parent=self, errors=self._show_error)

    def _show_rows(self, rows: list[AuditRow]) -> None:
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                format_datetime(row.at, seconds=True),
                row.actor,
                action_label(row.action),
                row.entity_type,
                "" if row.entity_id is None else str(row.entity_id),
                "" if row.person_id is None else str(row.person_id),
                _changes_text(row),
            )
            for column, text in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.message_label.setText(_("{n} Einträge").format(n=len(rows)))

    def _ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Protokoll exportieren"), _("protokoll.csv"), _("CSV (*.csv)")
        )
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> None:
        """Write the filtered entries as CSV (the export itself is recorded in the trail)."""
        flt = self.current_filter()
        if flt is None:
            return
        actor = self.ctx.actor

        def work(session: DbSession) -> Path:
            write_whole_text(path, export_audit_csv(session, actor, flt), encoding="utf-8-sig")
            return path

        def done(written: Path) -> None:
            self.message_label.setText(_("Protokoll exportiert nach {path}").format(path=written))
            self.reload()

        run_operation(
            self.ctx, work, done, parent=self, label=_("Export läuft …"), errors=self._show_error, expected=(OSError,)
        )

    def _show_error(self, message: str) -> None:
        in_error_colour(self.message_label)(message)
