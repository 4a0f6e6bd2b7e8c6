"""The Löschfristen page (administrators): the monthly review of records due; confirmed ones are erased."""

from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.retention import RetentionKind
from kim_desktop.i18n import N_, _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.erasure import SCRUB_PENDING
from kim_desktop.services.retention import (
    DueRecord,
    RetentionResult,
    apply_under_current_rules,
    due_under_current_rules,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_error_colour, run_operation
from kim_desktop.ui.widgets.list_table import list_table

HEADERS = (N_("Löschen"), N_("Art"), N_("Datensatz"), N_("Fällig seit"))
KIND_LABELS: dict[RetentionKind, str] = {
    RetentionKind.PERSON: N_("Fallakte (Person wird gelöscht)"),
    RetentionKind.COUNSELLING_NOTES: N_("Beratungsnotizen (werden geleert)"),
    RetentionKind.PLACEMENT_TEST: N_("Einstufungstest (wird geleert)"),
    RetentionKind.AUDIT: N_("Protokolleintrag (wird gelöscht)"),
}
# How the confirmation counts each kind: "{n} …".
KIND_COUNTS: dict[RetentionKind, str] = {
    RetentionKind.PERSON: N_("{n} Fallakte(n) ganz löschen"),
    RetentionKind.COUNSELLING_NOTES: N_("Beratungsnotizen von {n} Person(en) leeren"),
    RetentionKind.PLACEMENT_TEST: N_("Einstufungstest von {n} Person(en) leeren"),
    RetentionKind.AUDIT: N_("{n} Protokolleintrag/-einträge löschen"),
}


def counts_text(counts: Mapping[RetentionKind, int]) -> str:
    """'2 Fallakte(n) ganz löschen, …' in the order of the kinds."""
    return ", ".join(_(KIND_COUNTS[kind]).format(n=counts[kind]) for kind in KIND_COUNTS if counts.get(kind))


class RetentionPage(QWidget):
    """Records due, all ticked; the administrator unticks exceptions and confirms."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.records: list[DueRecord] = []
        self.table = list_table("retentionTable", _("Fällige Datensätze"), [_(h) for h in HEADERS])
        self.all_button = QPushButton(_("Alle auswählen"))
        self.all_button.clicked.connect(lambda: self.set_all_checked(True))
        self.none_button = QPushButton(_("Keine auswählen"))
        self.none_button.clicked.connect(lambda: self.set_all_checked(False))
        self.reload_button = QPushButton(_("Neu prüfen"))
        self.reload_button.clicked.connect(self.reload)
        self.apply_button = QPushButton(_("Löschen/Anonymisieren …"))
        self.apply_button.setObjectName("retentionApply")
        self.apply_button.clicked.connect(self.ask_apply)
        self.message_label = QLabel()
        self.message_label.setObjectName("retentionMessage")
        self.message_label.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.all_button, self.none_button, self.reload_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        title = QLabel(_("Löschfristen"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        intro = QLabel(
            _(
                "Monatliche Prüfung: Daten, deren Aufbewahrungsfrist laut Regeltabelle abgelaufen ist. "
                "Fallakten werden ganz gelöscht, Notizen und Einstufungstests geleert, alte Protokolleinträge gelöscht."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        self.reload()

    def reload(self) -> None:
        """Read the review list in the background."""
        actor, today = self.ctx.actor, date.today()

        def work(session: DbSession) -> list[DueRecord]:
            return due_under_current_rules(session, actor, today)

        run_operation(self.ctx, work, self._show_records, parent=self, errors=self._show_error)

    def _show_records(self, records: list[DueRecord]) -> None:
        self.records = records
        self.table.setRowCount(len(records))
        for index, record in enumerate(records):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            check.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(index, 0, check)
            for column, text in enumerate(
                (_(KIND_LABELS[record.kind]), record.label, format_date(record.due_since)), start=1
            ):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.apply_button.setEnabled(bool(records))
        if not records:
            self.message_label.setText(_("Zurzeit ist nichts zu löschen."))

    def set_all_checked(self, checked: bool) -> None:
        """Tick or untick every record."""
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for index in range(self.table.rowCount()):
            item = self.table.item(index, 0)
            if item is not None:
                item.setCheckState(state)

    def checked_records(self) -> list[DueRecord]:
        """The ticked records."""
        ticked = []
        for index, record in enumerate(self.records):
            item = self.table.item(index, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ticked.append(record)
        return ticked

    def ask_apply(self) -> None:
        """Ask, naming how many records of which kind, then erase them."""
        chosen = self.checked_records()
        if not chosen:
            self.message_label.setText(_("Bitte mindestens einen Datensatz auswählen."))
            return
        question = _("Wirklich {what}? Das kann nicht rückgängig gemacht werden.").format(
            what=counts_text(Counter(r.kind for r in chosen))
        )
        answer = QMessageBox.question(
            self,
            _("Löschfristen anwenden"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.apply(chosen)

    def apply(self, chosen: list[DueRecord]) -> None:
        """Erase or anonymise the chosen records (those still due) and read the list again."""
        ctx, today, now = self.ctx, date.today(), datetime.now()

        def work(session: DbSession) -> RetentionResult:
            return apply_under_current_rules(session, ctx.actor, chosen, today, now)

        def reread(session: DbSession) -> list[DueRecord]:
            return due_under_current_rules(session, ctx.actor, today)

        def done(result: RetentionResult) -> None:
            what = counts_text(result.counts) or _("nichts (nichts mehr fällig)")
            text = _("Erledigt: {what}.").format(what=what)
            if result.scrub_pending:  # another program still reads: say what is left to do
                text += " " + translate_text(SCRUB_PENDING)
            self.message_label.setText(text)
            self.ctx.events.data_changed.emit(DataKind.ALL)
            run_operation(ctx, reread, self._show_after_apply, parent=self, errors=self._show_error)

        run_operation(ctx, work, done, parent=self, label=_("Löschen läuft …"), errors=self._show_error)

    def _show_after_apply(self, records: list[DueRecord]) -> None:
        message = self.message_label.text()
        self._show_records(records)
        self.message_label.setText(message)

    def _show_error(self, message: str) -> None:
        in_error_colour(self.message_label)(message)
