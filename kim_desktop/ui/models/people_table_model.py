"""Table model of the people search: fetches pages lazily in the background, never the whole register."""

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.i18n import N_, _
from kim_desktop.services.database import DbSession
from kim_desktop.services.people_dto import PersonRow
from kim_desktop.services.people_search import search_people
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.labels import permission_label, referral_state_label
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.style import status_colours

PAGE_SIZE = 100
EXPIRY_SOON_DAYS = 30
Index = QModelIndex | QPersistentModelIndex


def german(day: date | None) -> str:
    """The day in the UI language's format, or empty."""
    return format_date(day)


class PeopleTableModel(QAbstractTableModel):
    """Rows of PersonRow; search(text) starts over, fetchMore() loads the next page off the GUI thread."""

    COLUMNS = (
        N_("Name"),
        N_("Geburtsdatum"),
        N_("Wohnort"),
        N_("Berechtigung"),
        N_("gültig bis"),
        N_("Vermittlung"),
        N_("Wiedervorlage"),
        N_("Warteliste"),
    )
    page_loaded = Signal(int)  # rows now held

    def __init__(self, ctx: UiContext, today: date | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self._today = today or date.today()
        self._rows: list[PersonRow] = []
        self._text = ""
        self._generation = 0  # results of an older search are dropped
        self._loading = False
        self._exhausted = True

    # --- loading -----------------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Start a new search and load its first page."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._text = text
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self._load_page()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt API
        """More pages exist and none is on its way."""
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008 - Qt API
        """Load the next page (called by the view when scrolled to the end)."""
        if self.canFetchMore(parent):
            self._load_page()

    def _load_page(self) -> None:
        self._loading = True
        generation, text, offset = self._generation, self._text, len(self._rows)

        def work(session: DbSession) -> list[PersonRow]:
            return search_people(session, text, limit=PAGE_SIZE, offset=offset, actor=self._ctx.actor)

        def done(rows: list[PersonRow]) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self._exhausted = len(rows) < PAGE_SIZE
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
            self.page_loaded.emit(len(self._rows))

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._loading = False
                self._exhausted = True
            if isinstance(exc, ValidationFailed):
                return  # a search text the service refuses: the page shows the message (from the count)
            raise exc

        self._ctx.tasks.run(in_session(self._ctx, work), done, failed)

    # --- table ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Rows held so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Fixed columns."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Column titles in the UI language."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.COLUMNS[section])
        return None

    def row_at(self, row: int) -> PersonRow:
        """The person in a row."""
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, tooltips and warning colours of a cell."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 4 and row.permission_expires_on is not None:
                days = (row.permission_expires_on - self._today).days
                if days < 0:
                    return QBrush(QColor(status_colours().error))
                if days <= EXPIRY_SOON_DAYS:
                    return QBrush(QColor(status_colours().warning))
            if column == 6 and row.next_follow_up_on is not None and row.next_follow_up_on <= self._today:
                return QBrush(QColor(status_colours().error))
        if role == Qt.ItemDataRole.ToolTipRole and column == 3 and row.file_number:
            return _("Aktenzeichen: {n}").format(n=row.file_number)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:  # the whole name where the column is too narrow
            return self._text_of(row, 0)
        return None

    def _text_of(self, row: PersonRow, column: int) -> str:
        if column == 0:
            return f"{row.family_name}, {row.given_names}" if row.given_names else row.family_name
        if column == 1:
            return german(row.birth_date)
        if column == 2:
            return row.municipality_name or ""
        if column == 3:
            return permission_label(row.permission_kind) if row.permission_kind else _("keine")
        if column == 4:
            if row.permission_expires_on is not None and row.permission_expires_on < self._today:
                return _("{d} (abgelaufen)").format(d=german(row.permission_expires_on))
            return german(row.permission_expires_on)
        if column == 5:
            return referral_state_label(row.open_referral_state) if row.open_referral_state else ""
        if column == 6:
            if row.next_follow_up_on is not None and row.next_follow_up_on < self._today:
                return _("{d} (überfällig)").format(d=german(row.next_follow_up_on))
            return german(row.next_follow_up_on)
        return _("ja") if row.on_waiting_list else ""
