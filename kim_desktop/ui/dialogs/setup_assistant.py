"""The set-up assistant: office, municipalities, partners and providers, locations and travel times, accounts."""

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.setup_steps import (
    STEP_TITLES,
    MissingPiece,
    SetupCounts,
    SetupStep,
    missing_pieces,
    step_done,
)
from kim_desktop.domain.text import N_
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.setup_status import setup_counts
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.screen_fit import resize_to_screen
from kim_desktop.ui.style import status_colours, text_style

STEP_HELP: dict[SetupStep, str] = {
    SetupStep.OFFICE: N_(
        "Name und Anschrift des Büros, Telefon, E-Mail und Öffnungszeiten stehen im Kopf jedes Schreibens. "
        "Mit „Speichern“ übernehmen."
    ),
    SetupStep.MUNICIPALITIES: N_(
        "Die Gemeinden des Kreises, in denen Ratsuchende wohnen. Am schnellsten: das amtliche Gemeindeverzeichnis "
        "(GV100AD) des Statistischen Bundesamts einlesen und den Kreisschlüssel angeben (z. B. 03459)."
    ),
    SetupStep.PARTNERS: N_(
        "Die Partner des KIM-Netzwerks: Kursträger, Jobcenter, Ausländerbehörden (sie stellen Berechtigungen und "
        "Verpflichtungen aus), Beratungsdienste – mit Ansprechpersonen."
    ),
    SetupStep.LOCATIONS: N_(
        "Wo die Kursträger unterrichten, und wie lange man von jeder Gemeinde mit Bus und Bahn dorthin braucht. "
        "Danach können auf der Seite Kurse die Kurse angelegt werden."
    ),
    SetupStep.ACCOUNTS: N_(
        "Eigene Konten für Beraterinnen und Berater (Rolle Beratung) und für Leserechte (Rolle Lesen). "
        "Jede Person meldet sich mit ihrem eigenen Konto an."
    ),
}


class SetupAssistant(QDialog):
    """Five steps, each skippable; each page is the same screen the office uses later, so nothing is learnt twice."""

    def __init__(self, ctx: UiContext, start: SetupStep = SetupStep.OFFICE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Einrichtungsassistent"))
        self.setObjectName("setupAssistant")
        self.steps = QListWidget()
        self.steps.setObjectName("setupSteps")
        self.steps.setAccessibleName(_("Schritte der Einrichtung"))
        self.steps.setFixedWidth(230)
        for step in SetupStep:
            item = QListWidgetItem(f"{step.value + 1}. {_(STEP_TITLES[step])}")
            item.setData(Qt.ItemDataRole.UserRole, step.value)
            item.setSizeHint(QSize(0, 36))
            self.steps.addItem(item)
        self.title = QLabel()
        self.title.setObjectName("setupTitle")
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.missing = QLabel()
        self.missing.setObjectName("setupMissing")
        self.missing.setWordWrap(True)
        self.pages = QStackedWidget()
        self._factories: list[Callable[[UiContext], QWidget]] = [_office, _municipalities, _partners, _locations,
                                                                 _accounts]  # fmt: skip
        self._built: dict[SetupStep, QWidget] = {}
        for _step in SetupStep:
            self.pages.addWidget(QWidget())
        buttons = QDialogButtonBox()
        self.back_button = buttons.addButton(_("Zurück"), QDialogButtonBox.ButtonRole.ActionRole)
        self.back_button.setObjectName("setupBack")
        self.next_button = buttons.addButton(_("Weiter"), QDialogButtonBox.ButtonRole.ActionRole)
        self.next_button.setObjectName("setupNext")
        self.finish_button = buttons.addButton(_("Fertig – später fortsetzen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.finish_button.setObjectName("setupFinish")
        for button in (self.back_button, self.next_button, self.finish_button):
            button.setAutoDefault(False)  # Enter belongs to the forms inside the steps
        self.back_button.clicked.connect(lambda: self.go(SetupStep(max(0, self.current().value - 1))))
        self.next_button.clicked.connect(lambda: self.go(SetupStep(min(len(SetupStep) - 1, self.current().value + 1))))
        self.finish_button.clicked.connect(self.accept)
        hint = QLabel(
            _("Jeder Schritt kann übersprungen und später unter Einstellungen → Stammdaten fortgesetzt werden.")
        )
        hint.setStyleSheet(text_style(status_colours().muted))
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.help)
        right.addWidget(self.missing)
        right.addWidget(self.pages, 1)
        body = QHBoxLayout()
        body.addWidget(self.steps)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.steps.currentRowChanged.connect(lambda row: self._show(SetupStep(row)) if row >= 0 else None)
        ctx.events.data_changed.connect(self._on_data_changed)
        resize_to_screen(self, 1180, 720)
        self.pieces: list[MissingPiece] = []
        self.go(start)

    def current(self) -> SetupStep:
        """The step on screen."""
        return SetupStep(max(0, self.steps.currentRow()))

    def go(self, step: SetupStep) -> None:
        """Show a step (builds its page on first use)."""
        if self.steps.currentRow() == step.value:
            self._show(step)
        else:
            self.steps.setCurrentRow(step.value)

    def page(self, step: SetupStep) -> QWidget:
        """The screen of a step, built on first use."""
        if step not in self._built:
            widget = self._factories[step.value](self.ctx)
            # The screens are the office's everyday ones; a scroll area keeps the widest (accounts) from making
            # the assistant wider than a laptop at 125 %.
            holder = QScrollArea()
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            holder.setWidget(widget)
            old = self.pages.widget(step.value)
            self.pages.insertWidget(step.value, holder)
            if old is not None:
                self.pages.removeWidget(old)
                old.deleteLater()
            self._built[step] = widget
            self._reload(widget)
        return self._built[step]

    def _show(self, step: SetupStep) -> None:
        self.page(step)
        self.pages.setCurrentIndex(step.value)
        self.title.setText(f"{step.value + 1}. {_(STEP_TITLES[step])}")
        self.help.setText(_(STEP_HELP[step]))
        self.back_button.setEnabled(step.value > 0)
        last = step.value == len(SetupStep) - 1
        self.next_button.setEnabled(not last)
        self.next_button.setText(_("Überspringen / Weiter"))
        self.refresh_status()

    def refresh_status(self) -> None:
        """Read what is still missing (in the background) and mark the steps."""
        office = self.ctx.settings.office

        def work(session: DbSession) -> SetupCounts:
            return setup_counts(session, office)

        run_operation(self.ctx, work, self._counted, errors=self.missing)

    def _counted(self, counts: SetupCounts) -> None:
        self.pieces = missing_pieces(counts)
        for step in SetupStep:
            item = self.steps.item(step.value)
            done = step_done(counts, step)
            item.setText(f"{step.value + 1}. {_(STEP_TITLES[step])}{'  ✓' if done else ''}")
            item.setToolTip(_("erledigt") if done else _("noch offen"))
        here = [piece for piece in self.pieces if piece.step == self.current()]
        if here:
            self.missing.setText("\n".join(translate_text(piece.message) for piece in here))
            blocking = any(piece.blocking for piece in here)
            self.missing.setStyleSheet(text_style(status_colours().error if blocking else status_colours().muted))
        else:
            self.missing.setText(_("Dieser Schritt ist erledigt."))
            self.missing.setStyleSheet(text_style(status_colours().ok))

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.NETWORK, DataKind.ALL):
            # A new provider or municipality shows in the location form's lists and the travel grid at once.
            for step in (SetupStep.PARTNERS, SetupStep.LOCATIONS):
                if step in self._built:
                    self._reload(self._built[step])
        if kind in (DataKind.NETWORK, DataKind.SETTINGS, DataKind.ALL, DataKind.PEOPLE):
            self.refresh_status()

    @staticmethod
    def _reload(widget: QWidget) -> None:
        reload = getattr(widget, "reload", None)
        if callable(reload):
            reload()


def _office(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.settings_office_tab import OfficeTab

    return OfficeTab(ctx)


def _municipalities(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.municipalities_panel import MunicipalitiesPanel

    return MunicipalitiesPanel(ctx)


def _partners(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.network_partners_tab import PartnersTab

    return PartnersTab(ctx)


def _locations(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.network_locations_tab import LocationsTab

    return LocationsTab(ctx)


def _accounts(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.accounts_page import AccountsPage

    return AccountsPage(ctx)
