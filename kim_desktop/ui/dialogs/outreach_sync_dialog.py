"""„Abgleichen“: what goes up and the outcome in words; on the laptop directly or by file, at the office by file."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _, translate_text
from kim_desktop.services import outreach_journal
from kim_desktop.services.database import DbSession
from kim_desktop.services.outreach_bundle import import_journal_bundle, read_answer_bundle, write_journal_bundle
from kim_desktop.services.outreach_copy import copy_info
from kim_desktop.services.outreach_dto import CopyInfo, SyncReport
from kim_desktop.services.outreach_incoming import Incoming, incoming_from_server
from kim_desktop.services.outreach_sync import Outgoing, outgoing, sync_with_server
from kim_desktop.ui.accessibility import announce
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.outreach_decisions_dialog import OutreachDecisionsDialog, count_open
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import format_datetime
from kim_desktop.ui.operations import in_error_colour, run_operation

SERVER_EXAMPLE = "postgresql+psycopg://…"  # a URL's shape, not a sentence
BUNDLE_NAME = "aussentermin.kimx"  # a file name


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class DuplicateChoice(QWidget):
    """One registration from the laptop that may be a person the office has: which one, or a new person."""

    def __init__(self, operation_id: str, candidates: tuple[tuple[int, str], ...],
                 decide: Callable[[str, int | None], None]) -> None:  # fmt: skip
        super().__init__()
        self.people = QComboBox()
        for person_id, name in candidates:
            self.people.addItem(f"{name} ({person_id})", person_id)
        same = QPushButton(_("Ist diese Person"))
        same.clicked.connect(lambda: decide(operation_id, int(self.people.currentData())))
        new = QPushButton(_("Neue Person anlegen"))
        new.clicked.connect(lambda: decide(operation_id, None))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Schon im Büro?")))
        row.addWidget(self.people, 1)
        row.addWidget(same)
        row.addWidget(new)


class OutreachSyncDialog(QDialog):
    """On an outreach copy: sync with the office's server or write/read the files; at the office: read a file."""

    synced = Signal(str)  # the office's server URL, after a sync there that settled everything

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Abgleichen"))
        self.heading = QLabel(_("Wird geladen …"))
        self.heading.setWordWrap(True)
        self.going = QLabel()
        self.going.setWordWrap(True)
        self.outcome_label = QLabel()
        self.outcome_label.setObjectName("syncResult")
        self.outcome_label.setWordWrap(True)
        server = ctx.settings.database_url or ""
        self.server = QLineEdit(server if server.startswith("postgresql") else "")
        self.server.setPlaceholderText(SERVER_EXAMPLE)
        self.file_passphrase = _password_field()
        self.coming = QLabel()
        self.coming.setObjectName("syncIncoming")
        self.coming.setWordWrap(True)
        self.preview_button = QPushButton(_("Vorschau: was kommt aus dem Büro?"))
        self.preview_button.clicked.connect(self.preview)
        self.sync_button = QPushButton(_("Jetzt abgleichen"))
        self.sync_button.clicked.connect(self.sync_now)
        self.write_button = QPushButton(_("Vorgänge als Datei speichern …"))
        self.write_button.clicked.connect(self.write_file)
        self.answer_button = QPushButton(_("Antwortdatei lesen …"))
        self.answer_button.clicked.connect(self.read_answer)
        self.import_button = QPushButton(_("Datei vom Laptop einlesen …"))
        self.import_button.clicked.connect(self.import_file)
        self.choose_button = QPushButton()
        self.choose_button.clicked.connect(self.choose_fields)
        self.choose_button.hide()
        form = QFormLayout()
        form.addRow(_("Server des Büros"), self.server)
        form.addRow("", self.preview_button)
        form.addRow("", self.sync_button)
        form.addRow(_("Kennwort der Datei"), self.file_passphrase)
        form.addRow("", self.write_button)
        form.addRow("", self.answer_button)
        form.addRow("", self.import_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.going, self.coming):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.outcome_label)
        self.decisions = QVBoxLayout()
        layout.addLayout(self.decisions)
        layout.addWidget(self.choose_button)
        layout.addWidget(buttons)
        self.fields_dialog: OutreachDecisionsDialog | None = None
        self._again: Callable[[frozenset[str], dict[str, int]], None] | None = None
        self.copy: CopyInfo | None = None
        self._set_mode(None)
        run_operation(ctx, copy_info, self._show_copy, parent=self)
        self.resize(620, self.sizeHint().height())

    def _set_mode(self, copy: CopyInfo | None) -> None:
        on_laptop = copy is not None
        for widget in (self.server, self.preview_button, self.sync_button, self.write_button, self.answer_button):
            widget.setVisible(on_laptop)
        self.import_button.setVisible(not on_laptop)

    def _show_copy(self, copy: CopyInfo | None) -> None:
        self.copy = copy
        self._set_mode(copy)
        if copy is None:
            self.heading.setText(_("Im Büro: die Datei eines Laptops einlesen; die Antwortdatei geht zurück."))
            self._count_open()
            return
        self.heading.setText(
            _("Außentermin-Kopie von {office} auf {laptop}, genommen {taken}, gültig bis {until}.").format(
                office=copy.office, laptop=copy.laptop, taken=format_datetime(copy.taken_at),
                until=format_datetime(copy.expires_at),
            )
        )  # fmt: skip
        run_operation(self.ctx, outgoing, self._show_going, parent=self)

    def _show_going(self, going: Outgoing) -> None:
        self.going.setText(translate_text(going.describe()))

    def _say(self, text: str) -> None:
        self.outcome_label.setText(text)
        announce(self.outcome_label, text)

    def _report(self, report: SyncReport) -> None:
        self._say(translate_text(report.summary()))
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))  # room for the outcome
        self._offer_decisions(report)
        self._count_open()
        if self.copy is not None:
            run_operation(self.ctx, outgoing, self._show_going, parent=self)

    def _office_url(self) -> str | None:
        """On the laptop the office is the server; at the office it is the window's own database."""
        return self.server.text().strip() if self.copy is not None else None

    def _count_open(self) -> None:
        count_open(self.ctx, self._office_url(), self._show_open, self)

    def _show_open(self, n: int) -> None:
        self.choose_button.setText(_("Felder wählen ({n}) …").format(n=n))
        self.choose_button.setVisible(n > 0)

    def choose_fields(self) -> None:
        """The fields changed on both sides: pick a value per field (afterwards the count is read again)."""
        self.fields_dialog = OutreachDecisionsDialog(self.ctx, self._office_url(), self)
        self.fields_dialog.finished.connect(lambda _result: self._count_open())
        self.fields_dialog.open()

    def _offer_decisions(self, report: SyncReport) -> None:
        """For each registration that may be a person the office has: pick that person, or register anew."""
        while (item := self.decisions.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for outcome in report.outcomes:
            if outcome.outcome == "held" and outcome.candidates:
                self.decisions.addWidget(DuplicateChoice(outcome.operation_id, outcome.candidates, self._decide))

    def _decide(self, operation_id: str, person_id: int | None) -> None:
        if self._again is not None:
            if person_id is None:
                self._again(frozenset({operation_id}), {})
            else:
                self._again(frozenset(), {operation_id: person_id})

    def preview(self) -> None:
        """Before applying: what the office has changed since the copy was taken (courses, free seats, people)."""
        url, actor = self.server.text().strip(), self.ctx.actor

        def work(session: DbSession) -> Incoming:
            return incoming_from_server(session, url, actor=actor, today=outreach_journal.wall_clock().date())

        run_operation(self.ctx, work, lambda came: self.coming.setText(translate_text(came.describe())), parent=self,
                      label=_("Büro wird gefragt …"), errors=in_error_colour(self.coming))  # fmt: skip

    def sync_now(self) -> None:
        """Apply the journal at the office's server, then say the outcome."""
        url, actor = self.server.text().strip(), self.ctx.actor

        def done(report: SyncReport) -> None:
            self._report(report)
            if report.settled:
                self.synced.emit(url)

        def run(decided: frozenset[str], merged: dict[str, int]) -> None:
            def work(session: DbSession) -> SyncReport:
                return sync_with_server(session, url, actor=actor, today=date.today(), decided=decided, merged=merged)

            run_operation(self.ctx, work, done, parent=self, label=_("Abgleich läuft …"),
                          errors=in_error_colour(self.outcome_label), changed=DataKind.PEOPLE)  # fmt: skip

        self._again = run
        run(frozenset(), {})

    def write_file(self) -> None:
        """Write the journal to an encrypted file (a USB stick)."""
        target, _filter = QFileDialog.getSaveFileName(self, _("Vorgänge speichern"), BUNDLE_NAME)
        if not target:
            return
        passphrase, actor = self.file_passphrase.text(), self.ctx.actor

        def work(session: DbSession) -> int:
            return write_journal_bundle(session, Path(target), passphrase, actor=actor)

        done = _("{n} Vorgänge verschlüsselt gespeichert.")
        run_operation(self.ctx, work, lambda n: self._say(done.format(n=n)), parent=self,
                      errors=in_error_colour(self.outcome_label))  # fmt: skip

    def read_answer(self) -> None:
        """Read the office's answer file: what it settled is confirmed here."""
        source, _filter = QFileDialog.getOpenFileName(self, _("Antwortdatei lesen"))
        if not source:
            return
        passphrase, actor = self.file_passphrase.text(), self.ctx.actor

        def work(session: DbSession) -> tuple[str, int]:
            return read_answer_bundle(session, Path(source), passphrase, actor=actor)

        def show(answer: tuple[str, int]) -> None:
            summary, still_open = answer
            rest = _("{n} Vorgänge sind noch offen.").format(n=still_open) if still_open else _("Alles ist im Büro.")
            self._say(f"{summary}\n{rest}")
            run_operation(self.ctx, outgoing, self._show_going, parent=self)

        run_operation(self.ctx, work, show, parent=self, errors=in_error_colour(self.outcome_label))

    def import_file(self) -> None:
        """At the office: apply a laptop's file and write the answer beside it."""
        source, _filter = QFileDialog.getOpenFileName(self, _("Datei vom Laptop einlesen"))
        if not source:
            return
        answer = Path(source).with_name(Path(source).stem + "-antwort.kimx")
        passphrase, actor = self.file_passphrase.text(), self.ctx.actor

        def show(report: SyncReport) -> None:
            self._report(report)
            self._say(translate_text(report.summary()) + "\n" + _("Antwortdatei: {path}").format(path=answer))

        def run(decided: frozenset[str], merged: dict[str, int]) -> None:
            def work(session: DbSession) -> SyncReport:
                return import_journal_bundle(session, Path(source), passphrase, answer, actor=actor,
                                             today=date.today(), decided=decided, merged=merged)  # fmt: skip

            run_operation(self.ctx, work, show, parent=self, label=_("Datei wird übernommen …"),
                          errors=in_error_colour(self.outcome_label), changed=DataKind.PEOPLE)  # fmt: skip

        self._again = run
        run(frozenset(), {})
