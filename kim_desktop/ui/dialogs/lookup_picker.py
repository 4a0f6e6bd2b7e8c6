"""A small name search to pick whom to look up courses for (from the Kurse page)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _
from kim_desktop.services.course_lookup import PersonHit, search_people_by_name
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog, open_course_lookup
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import run_operation


class LookupPickerDialog(QDialog):
    """Type part of a name, pick the person, and the course lookup opens for them."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.lookup: CourseLookupDialog | None = None
        self.setWindowTitle(_("Passende Kurse für Person …"))
        self.resize(460, 380)
        self.search = QLineEdit()
        self.search.setObjectName("nameSearch")
        self.search.setPlaceholderText(_("Name oder Vorname eingeben"))
        self.search.textChanged.connect(self.search_names)
        self.hits = QListWidget()
        self.hits.setObjectName("hitList")
        self.hits.itemActivated.connect(self._picked)
        self.hint = QLabel(_("Mindestens zwei Buchstaben eingeben."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: self._picked(self.hits.currentItem()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.hint)
        layout.addWidget(self.hits, 1)
        layout.addWidget(buttons)

    def search_names(self, text: str) -> None:
        """Search people by name while typing."""
        if len(text.strip()) < 2:
            self.hits.clear()
            return

        def work(session: DbSession) -> list[PersonHit]:
            return search_people_by_name(session, text, actor=self.ctx.actor)

        run_operation(self.ctx, work, self._show, errors=self._refused)

    def _refused(self, message: str) -> None:
        """A search text the service refuses (too long, too many words): its message as the hint."""
        self.hits.clear()
        self.hint.setText(message)

    def _show(self, hits: list[PersonHit]) -> None:
        self.hits.clear()
        for hit in hits:
            born = _(", geb. {date}").format(date=format_date(hit.birth_date)) if hit.birth_date else ""
            item = QListWidgetItem(f"{hit.name}{born} – {hit.municipality or _('Wohnort unbekannt')}")
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            self.hits.addItem(item)
        self.hint.setText(_("{n} Treffer").format(n=len(hits)) if hits else _("Niemand gefunden."))
        if hits:
            self.hits.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.lookup = open_course_lookup(self.ctx, int(item.data(Qt.ItemDataRole.UserRole)), self.parentWidget())
        self.accept()
