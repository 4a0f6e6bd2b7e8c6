"""The Stammdaten tab of Einstellungen: municipalities, counselling topics, and the way into the set-up assistant."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.municipalities_panel import MunicipalitiesPanel
from kim_desktop.ui.pages.topics_panel import TopicsPanel


class ReferenceDataTab(QWidget):
    """Gemeinden and Beratungsthemen; partners, providers and locations are on the Netzwerk page."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.municipalities = MunicipalitiesPanel(ctx)
        self.topics = TopicsPanel(ctx)
        self.inner = QTabWidget()
        self.inner.setObjectName("referenceTabs")
        self.inner.addTab(self.municipalities, _("Gemeinden"))
        self.inner.addTab(self.topics, _("Beratungsthemen"))
        self.assistant_button = QPushButton(_("Einrichtungsassistent …"))
        self.assistant_button.setObjectName("openSetupAssistant")
        self.assistant_button.clicked.connect(self.open_assistant)
        hint = QLabel(
            _("Netzwerkpartner, Kursträger (auch als ausstellende Behörden: Ausländerbehörde, Jobcenter), Kursorte "
              "und Fahrzeiten pflegen Sie auf der Seite Netzwerk.")
        )  # fmt: skip
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.assistant_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.inner, 1)

    def reload(self) -> None:
        """Load both lists."""
        self.municipalities.reload()
        self.topics.reload()

    def open_assistant(self) -> QWidget:
        """The set-up assistant at its first step (non-blocking)."""
        from kim_desktop.ui.dialogs.setup_assistant import SetupAssistant

        assistant = SetupAssistant(self.ctx, parent=self)
        assistant.open()
        return assistant
