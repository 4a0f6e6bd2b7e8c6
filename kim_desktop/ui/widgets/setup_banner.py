"""A line above the pages that says what set-up is still missing for which task, with a button that goes there."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from kim_desktop.domain.access import Action
from kim_desktop.domain.setup_steps import MissingPiece, SetupCounts, SetupStep, missing_pieces
from kim_desktop.i18n import _, ngettext, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.setup_status import setup_counts
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours


class SetupBanner(QFrame):
    """Hidden while nothing blocks a task; otherwise the first blocking piece and how many more there are."""

    open_step = Signal(int)  # the SetupStep to open the assistant at

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("setupBanner")
        self.pieces: list[MissingPiece] = []
        text, background, border = status_colours().warning_box
        self.setStyleSheet(
            f"#setupBanner {{ background: {background}; border-left: 4px solid {border}; }}"
            f"#setupBanner QLabel {{ color: {text}; }}"
        )
        self.label = QLabel()
        self.label.setObjectName("setupBannerText")
        self.label.setWordWrap(True)
        self.button = QPushButton(_("Jetzt einrichten …"))
        self.button.setObjectName("setupBannerButton")
        self.button.clicked.connect(self._go)
        self.button.setVisible(ctx.shows(Action.EDIT_NETWORK))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()
        ctx.events.data_changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        """Count the reference data in the background and show what blocks a task."""
        office = self.ctx.settings.office

        def work(session: DbSession) -> SetupCounts:
            return setup_counts(session, office)

        run_operation(self.ctx, work, self._counted, errors=self._failed)

    def _counted(self, counts: SetupCounts) -> None:
        self.pieces = [piece for piece in missing_pieces(counts) if piece.blocking]
        if not self.pieces:
            self.hide()
            return
        text = _("Einrichtung unvollständig: {what}").format(what=translate_text(self.pieces[0].message))
        if len(self.pieces) > 1:
            more = len(self.pieces) - 1
            text += " " + ngettext("(und {count} weiterer Punkt)", "(und {count} weitere Punkte)", more).format(
                count=more
            )
        if not self.button.isVisible() and not self.ctx.shows(Action.EDIT_NETWORK):
            text += " " + _("Bitte wenden Sie sich an die Administration.")
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.show()

    def first_step(self) -> SetupStep:
        """The assistant step that fixes the first missing piece."""
        return self.pieces[0].step if self.pieces else SetupStep.OFFICE

    def _go(self) -> None:
        self.open_step.emit(self.first_step().value)

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.NETWORK, DataKind.SETTINGS, DataKind.ALL):
            self.refresh()

    def _failed(self, _message: str) -> None:
        self.hide()  # the status line reports an unreachable database; the banner has nothing to add
