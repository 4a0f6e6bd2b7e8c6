"""Erasure of one person on request (Art. 17 GDPR): confirmed by typing the person's family name."""

from datetime import datetime
from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.erasure import ErasureResult
from kim_desktop.services.privacy import erase_person
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.style import status_colours, text_style


def name_matches(typed: str, family_name: str) -> bool:
    """Whether the typed text is the family name (spaces around and letter case do not matter)."""
    return bool(family_name.strip()) and typed.strip().casefold() == family_name.strip().casefold()


class ErasePersonDialog(QDialog):
    """Names what goes, asks for the family name; only then the erase button works."""

    erased = Signal(int)

    def __init__(
        self, ctx: UiContext, person_id: int, display_name: str, family_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.family_name = family_name
        self.setWindowTitle(_("Person löschen (Art. 17 DSGVO)"))
        explanation = QLabel(
            _(
                "<b>{name}</b> wird mit allen Daten endgültig gelöscht: Personendaten, Berechtigungen, Kinder, "
                "Einwilligungen, Beratungen, Wiedervorlagen, Vermittlungen und ausgestellte Schreiben. "
                "Wartelisten-Einträge bleiben ohne Person für die Statistik. Im Protokoll bleibt nur ein "
                "Eintrag ohne Einzelheiten. Das kann nicht rückgängig gemacht werden."
            ).format(name=escape(display_name))
        )
        explanation.setWordWrap(True)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("eraseConfirmName")
        self.confirm.setPlaceholderText(_("Familienname"))
        self.confirm.textChanged.connect(self._typed)
        self.message = QLabel()
        self.message.setObjectName("eraseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(text_style(status_colours().error))
        buttons = QDialogButtonBox()
        self.erase_button = buttons.addButton(_("Endgültig löschen"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setEnabled(False)
        self.erase_button.setAutoDefault(False)
        self.cancel_button = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setDefault(True)
        self.erase_button.clicked.connect(self.erase)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(QLabel(_("Zur Bestätigung den Familiennamen der Person eintippen:")))
        layout.addWidget(self.confirm)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        explanation.setMinimumHeight(explanation.heightForWidth(500))

    def _typed(self, text: str) -> None:
        self.erase_button.setEnabled(name_matches(text, self.family_name))

    def erase(self) -> None:
        """Erase the person (only when the name was typed); tell the window and close."""
        if not name_matches(self.confirm.text(), self.family_name):
            return
        ctx, person_id = self.ctx, self.person_id
        self.erase_button.setEnabled(False)

        def work(session: DbSession) -> ErasureResult:
            return erase_person(session, ctx.actor, person_id, datetime.now())

        def done(result: ErasureResult) -> None:
            self.erased.emit(person_id)
            ctx.events.data_changed.emit(DataKind.PEOPLE)
            pending = result.message()
            if pending is None:
                self.accept()
                return
            # Another program still reads the database: the person is gone, but say honestly what is left.
            self.message.setStyleSheet("")
            self.message.setText(translate_text(pending))
            self.confirm.setEnabled(False)
            self.erase_button.hide()
            self.cancel_button.setText(_("Schließen"))
            self.cancel_button.clicked.disconnect()
            self.cancel_button.clicked.connect(self.accept)

        ctx.tasks.run(in_session(ctx, work), done, self._failed, label=_("Löschen läuft …"), parent=self)

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KimError):
            raise exc
        self.message.setText(error_text(exc))
        self._typed(self.confirm.text())
