"""„Felder wählen“: each field changed offline and at the office, the two values side by side; the advisor picks."""

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _, ngettext
from kim_desktop.services.database import DbSession
from kim_desktop.services.outreach_decisions import LAPTOP, OFFICE, OpenDecision, decide_all, open_decisions
from kim_desktop.services.outreach_sync import office_session
from kim_desktop.ui.accessibility import announce
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_error_colour, run_operation


class DecisionRow:
    """One field: the two values as radio buttons (nothing picked until the advisor picks)."""

    def __init__(self, decision: OpenDecision, grid: QGridLayout, row: int) -> None:
        self.decision = decision
        self.office = QRadioButton(_("Büro: {value}").format(value=decision.office_value))
        self.laptop = QRadioButton(_("Laptop: {value}").format(value=decision.laptop_value))
        self.group = QButtonGroup(grid)
        for button in (self.office, self.laptop):
            self.group.addButton(button)
        grid.addWidget(QLabel(decision.person), row, 0)
        grid.addWidget(QLabel(decision.label), row, 1)
        grid.addWidget(self.office, row, 2)
        grid.addWidget(self.laptop, row, 3)

    def choice(self) -> str | None:
        """OFFICE, LAPTOP or None (not picked yet)."""
        if self.office.isChecked():
            return OFFICE
        return LAPTOP if self.laptop.isChecked() else None


class OutreachDecisionsDialog(QDialog):
    """The open field decisions of the office (on the laptop: over the office's server URL)."""

    def __init__(self, ctx: UiContext, office_url: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.office_url = office_url
        self.setWindowTitle(_("Felder wählen"))
        self.heading = QLabel(_("Wird geladen …"))
        self.heading.setWordWrap(True)
        self.grid = QGridLayout()
        inner = QWidget()
        inner.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        self.apply_button = QPushButton(_("Auswahl übernehmen"))
        self.apply_button.clicked.connect(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.outcome_label)
        layout.addWidget(buttons)
        self.rows: list[DecisionRow] = []
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        """Read the open decisions again and show them."""
        actor = self.ctx.actor

        def work(session: DbSession) -> list[OpenDecision]:
            with _at_office(self.office_url, session) as office:
                return open_decisions(office, actor=actor)

        run_operation(self.ctx, work, self._show, parent=self, errors=in_error_colour(self.outcome_label))

    def _show(self, decisions: list[OpenDecision]) -> None:
        while (item := self.grid.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        self.rows = [DecisionRow(d, self.grid, i) for i, d in enumerate(decisions)]
        self.grid.setRowStretch(len(decisions), 1)
        self.apply_button.setEnabled(bool(decisions))
        if decisions:
            self.heading.setText(
                ngettext(
                    "{n} Feld wurde offline und im Büro verschieden geändert. Bitte einen Wert wählen.",
                    "{n} Felder wurden offline und im Büro verschieden geändert. Bitte je Feld einen Wert wählen.",
                    len(decisions),
                ).format(n=len(decisions))
            )
        else:
            self.heading.setText(_("Keine offenen Entscheidungen."))

    def apply(self) -> None:
        """Save the picked values, person by person; the fields not picked yet stay open."""
        picked = {row.decision.id: choice for row in self.rows if (choice := row.choice()) is not None}
        if not picked:
            self._say(_("Bitte zuerst je Feld einen Wert wählen."))
            return
        actor = self.ctx.actor

        def work(session: DbSession) -> int:
            with _at_office(self.office_url, session) as office:
                return decide_all(office, picked, actor=actor, today=date.today())

        def done(n: int) -> None:
            self._say(ngettext("{n} Feld entschieden.", "{n} Felder entschieden.", n).format(n=n))
            self.reload()

        run_operation(self.ctx, work, done, parent=self, errors=in_error_colour(self.outcome_label),
                      changed=DataKind.PEOPLE)  # fmt: skip

    def _say(self, text: str) -> None:
        self.outcome_label.setText(text)
        announce(self.outcome_label, text)


def _at_office(office_url: str | None, session: DbSession) -> AbstractContextManager[DbSession]:
    """The office's database: the window's own (at the office) or the server by its URL (on the laptop)."""
    return office_session(office_url) if office_url else nullcontext(session)


def count_open(ctx: UiContext, office_url: str | None, show: Callable[[int], None], parent: QWidget) -> None:
    """How many decisions are open (for the sync dialog's button)."""
    actor = ctx.actor

    def work(session: DbSession) -> int:
        with _at_office(office_url, session) as office:
            return len(open_decisions(office, actor=actor))

    run_operation(ctx, work, show, parent=parent)
