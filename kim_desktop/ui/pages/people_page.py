"""The people page: search as you type, the list with status at a glance, and the case view of one person."""

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.i18n import _, error_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.people_search import count_people
from kim_desktop.ui.accessibility import announce
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.models.people_table_model import PeopleTableModel
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.pages.case_view import CaseView
from kim_desktop.ui.widgets.column_widths import level_widths

SEARCH_DELAY_MS = 150
COUNT_CAP = 1000


NAME_MIN_WIDTH = 260  # "Al-Homsi, Mohammad Abdulrahman" nearly in full
# Geburtsdatum … Warteliste at their natural widths; the dates (columns 1 and 4) never narrow: they tell people apart
OTHER_COLUMN_WIDTHS = (95, 120, 115, 95, 125, 110, 80)
FIXED_COLUMNS = frozenset({1, 4})
NARROW_COLUMN = 60


class NameDelegate(QStyledItemDelegate):
    """A name too long for its column loses its middle, so the given names of one family stay apart."""

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Elide in the middle (the view elides the other columns at the end)."""
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class PeopleList(QWidget):
    """Search field, hit count, the lazily filled table and the buttons."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        heading = QLabel(_("Personen"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setClearButtonEnabled(True)
        self.search_field.addAction(icon("search.svg"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_field.setPlaceholderText(
            _("Suchen: Name (auch Teil), Geburtsdatum TT.MM.JJJJ, Aktenzeichen oder Telefon")
        )
        self.search_field.setAccessibleName(_("Personen suchen"))
        self.count_label = QLabel(_("Wird geladen …"))
        self.count_label.setObjectName("overviewLine")
        self.model = PeopleTableModel(ctx)
        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setObjectName("peopleTable")
        self.table.setAccessibleName(_("Personenliste"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name gets what is left
        header.setMinimumSectionSize(60)
        # A name too long for its column loses its middle, not its end: two people of one family stay apart
        # ("Al-Homsi, Moha…rahman" / "Al-Homsi, Moha…dulkarim"); the tooltip has the whole name.
        self.name_delegate = NameDelegate(self.table)
        self.table.setItemDelegateForColumn(0, self.name_delegate)
        self._fit_columns()
        self.table.installEventFilter(self)  # resized: the name keeps NAME_MIN_WIDTH, the other columns give way
        self.new_button = QPushButton(icon("person-add.svg"), _("Neue Person …"))
        self.new_button.setObjectName("newPerson")
        self.open_button = QPushButton(_("Öffnen"))
        self.open_button.setObjectName("openPerson")
        self.open_button.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.search_field)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search_field.textChanged.connect(lambda _text: self.timer.start())
        self.search_field.returnPressed.connect(self._enter_in_search)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self.open_button.setEnabled(self.table.currentIndex().isValid())
        )
        self.model.page_loaded.connect(self._page_loaded)
        self._reselect: int | None = None
        self._total: int | None = None  # hits of the current search, as counted
        self._announced: tuple[str, int] | None = None  # the search whose count was last said

    def run_search(self) -> None:
        """Search now for the text in the field (the timer calls this after typing stops)."""
        self.timer.stop()
        text = self.search_field.text()
        self.model.search(text)

        def work(session: DbSession) -> int:
            return count_people(session, text, cap=COUNT_CAP, actor=self.ctx.actor)

        self.ctx.tasks.run(
            in_session(self.ctx, work), lambda n: self._counted(text, n), lambda exc: self._refused(text, exc)
        )

    def _refused(self, text: str, exc: BaseException) -> None:
        """A search text the service refuses (too long, too many words): its message instead of a hit count."""
        if not isinstance(exc, ValidationFailed):
            raise exc
        if text == self.search_field.text():
            self.count_label.setText(error_text(exc))
            self._total = None
            self._describe_table()
            announce(self.count_label, self.count_label.text())

    def _counted(self, text: str, count: int) -> None:
        if text != self.search_field.text():
            return
        if not text.strip():
            shown = _("mehr als {n}").format(n=COUNT_CAP - 1) if count >= COUNT_CAP else str(count)
            self.count_label.setText(_("In der Datenbank: {n} Personen").format(n=shown))
        elif count >= COUNT_CAP:
            self.count_label.setText(_("mehr als {n} Treffer – bitte genauer suchen").format(n=COUNT_CAP - 1))
        else:
            self.count_label.setText(_("{n} Treffer").format(n=count))
        self._total = count
        self._describe_table()
        # What the typing found, said once the typing pauses; the list as it opens is not announced, nor the same
        # count again when a refresh (a change at another desk) finds what was found before.
        if text.strip() and (text, count) != self._announced:
            announce(self.count_label, self.count_label.text())
        self._announced = (text, count)

    def _describe_table(self) -> None:
        """The table's accessible description: the hit count, and how many rows are loaded when not all are.

        The table loads 100 rows at a time (more when scrolled to the end), so a screen reader's "row 5 of 100"
        would hide the other 200 hits; the description tells the whole count.
        """
        loaded = self.model.rowCount()
        text = self.count_label.text()
        if self._total is not None and loaded < self._total:
            text += " · " + _("{loaded} geladen, weitere am Ende der Liste").format(loaded=loaded)
        self.table.setAccessibleDescription(text)

    def refresh(self) -> None:
        """Search again for the same text (data changed, maybe at another desk); the selected person stays selected."""
        self._reselect = self.current_person_id()
        self.run_search()

    def _page_loaded(self, rows: int) -> None:
        self._describe_table()
        keep, self._reselect = self._reselect, None
        if keep is not None:
            row = next((r for r in range(self.model.rowCount()) if self.model.row_at(r).id == keep), None)
            if row is not None:
                self.table.selectRow(row)
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Fit the columns when the table changes size."""
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """The other columns at their natural widths, narrowed (elided) where the name would get too little room."""
        room = self.table.viewport().width() - NAME_MIN_WIDTH
        fixed = sum(OTHER_COLUMN_WIDTHS[c - 1] for c in FIXED_COLUMNS)
        narrowable = [c for c in range(1, len(OTHER_COLUMN_WIDTHS) + 1) if c not in FIXED_COLUMNS]
        natural = [OTHER_COLUMN_WIDTHS[c - 1] for c in narrowable]
        widths = level_widths(natural, fixed + sum(natural) - room, minimum=NARROW_COLUMN)
        for column in FIXED_COLUMNS:
            self.table.setColumnWidth(column, OTHER_COLUMN_WIDTHS[column - 1])
        for column, width in zip(narrowable, widths, strict=True):
            self.table.setColumnWidth(column, width)

    def _enter_in_search(self) -> None:
        if self.timer.isActive():
            self.run_search()
        if self.model.rowCount() > 0:
            self.table.setFocus()

    def current_person_id(self) -> int | None:
        """The selected person's id."""
        index = self.table.currentIndex()
        return None if not index.isValid() else self.model.row_at(index.row()).id


class PeoplePage(QWidget):
    """The list and the case view on one page (a stack: list ↔ case)."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.list = PeopleList(ctx)
        self.case_view = CaseView(ctx)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.case_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.list.new_button.clicked.connect(self.new_person)
        self.list.open_button.clicked.connect(self._open_selected)
        self.list.table.doubleClicked.connect(lambda index: self.open_person(self.list.model.row_at(index.row()).id))
        self.list.table.activated.connect(self._activated)
        self.case_view.back_requested.connect(self.show_list)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_person)
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        self._loaded = False
        self._stale = False
        ctx.events.data_changed.connect(self._on_data_changed)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Search on first show; reload after changes made elsewhere."""
        if not self._loaded:
            self.list.search_field.setFocus()  # the desk starts with a search
        if not self._loaded or self._stale:
            self._loaded, self._stale = True, False
            self.list.run_search()
        super().showEvent(event)  # type: ignore[arg-type]

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.PEOPLE, DataKind.SESSIONS, DataKind.REFERRALS, DataKind.ALL):
            if self.isVisible() and self.stack.currentWidget() is self.list:
                self.list.refresh()
            else:
                self._stale = True

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_person(self.list.model.row_at(index.row()).id)

    def _open_selected(self) -> None:
        person_id = self.list.current_person_id()
        if person_id is not None:
            self.open_person(person_id)

    def open_person(self, person_id: int) -> CaseView:
        """Show one person's case file."""
        self.case_view.show_person(person_id)
        self.stack.setCurrentWidget(self.case_view)
        return self.case_view

    def show_list(self) -> None:
        """Back to the search list, refreshed if something changed meanwhile."""
        self.stack.setCurrentWidget(self.list)
        if self._stale:
            self._stale = False
            self.list.refresh()
        self.list.table.setFocus()

    def show_start(self) -> None:
        """The page as Ctrl+1 opens it: the list with the cursor in the search field."""
        self.focus_search()

    def focus_search(self) -> None:
        """Jump to the search field (Ctrl+F), from the case view too."""
        self.show_list()
        self.list.search_field.setFocus()
        self.list.search_field.selectAll()

    def new_person(self) -> PersonForm:
        """Open the form for a new person (non-blocking); the case opens after saving."""
        form = PersonForm(self.ctx, None, self)
        text = self.list.search_field.text().strip()
        if text and not any(c.isdigit() for c in text):
            family, _sep, given = text.partition(" ")
            form.prefill_name(family, given)
        form.saved.connect(self.open_person)
        form.open_existing.connect(self.open_person)
        form.open()
        return form
