"""Table model of the Vermittlungen page: the view asks only for the cells it shows (2,000 rows cost nothing)."""

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from kim_desktop.domain.enums import ReferralState
from kim_desktop.i18n import N_, _
from kim_desktop.services.referral_dto import ReferralRow
from kim_desktop.ui.labels import referral_state_label
from kim_desktop.ui.locale_format import format_date

Index = QModelIndex | QPersistentModelIndex
# The state comes right after the name: it is what the advisor scans for, and must never scroll out of view.
COLUMNS = (
    N_("Person"),
    N_("Stand"),
    N_("Reserviert bis"),
    N_("Geburtsdatum"),
    N_("Kurs"),
    N_("Beginn"),
    N_("Träger"),
    N_("Beratung"),
    N_("Schreiben"),
)


def _day(value: date | None) -> str:
    return format_date(value)


def cell_text(row: ReferralRow, column: int) -> str:
    """The text of one cell."""
    if column == 0:
        return row.person_name
    if column == 1:
        state = referral_state_label(row.state)
        return _("{state} (vorläufig)").format(state=state) if row.provisional else state
    if column == 2:
        if row.state != ReferralState.RESERVED:
            return ""
        return _("angefragt (Außentermin)") if row.provisional else _day(row.hold_until)
    if column == 3:
        return _day(row.birth_date)
    if column == 4:
        return row.course_label
    if column == 5:
        return _day(row.course_start)
    if column == 6:
        return row.provider
    if column == 7:
        return row.advisor
    return _day(row.letter_printed_at.date() if row.letter_printed_at else None)


class ReferralsTableModel(QAbstractTableModel):
    """Rows of ReferralRow, replaced as a whole after each (background) load."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ReferralRow] = []
        self._titles = [_(title) for title in COLUMNS]

    @property
    def rows(self) -> list[ReferralRow]:
        """The referrals shown, in order."""
        return self._rows

    def set_rows(self, rows: list[ReferralRow]) -> None:
        """Show these referrals."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ReferralRow:
        """The referral in a row."""
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Referrals shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """German column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the referral's id as UserRole."""
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None
