"""Table model of the course lookup: the ranked matches as prepared texts; the view asks only for what it shows."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS
from kim_desktop.domain.matching import CourseMatch
from kim_desktop.domain.schedule import weekdays_text
from kim_desktop.i18n import N_, _, translate_text
from kim_desktop.ui.locale_format import format_date, format_time
from kim_desktop.ui.style import status_colours

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    N_("Nr."),
    N_("Punkte"),
    N_("Kurs"),
    N_("Beginn"),
    N_("Zeiten"),
    N_("Frei"),
    N_("Was passt"),
    N_("Was nicht passt"),
)
COURSE_COLUMN, MISFITS_COLUMN = 2, len(COLUMNS) - 1


@dataclass(frozen=True)
class MatchRow:
    """One ranked course as the table shows it."""

    course_id: int
    excluded: bool
    cells: tuple[str, ...]
    course_tooltip: str


def match_rows(matches: Sequence[CourseMatch]) -> list[MatchRow]:
    """The texts of every match, ranked (plain Python: the worker prepares them while the window goes on)."""
    rows = []
    rank = 0
    for match in matches:
        c = match.course
        if not match.is_excluded:
            rank += 1
        misfits = [translate_text(m) for m in match.misfits]
        if match.excluded:
            misfits.insert(0, _("Ausgeschlossen: {why}").format(why=translate_text(match.excluded)))
        place = c.location if c.municipality in c.location else f"{c.location} ({c.municipality})"
        course_text = f"{translate_text(COURSE_TYPE_LABELS[c.course_type])}\n{c.provider}, {place}"
        cells = (
            str(rank) if not match.is_excluded else "–",
            f"{match.score:.0f}",
            course_text,
            format_date(c.start_date),
            f"{translate_text(weekdays_text(c.weekdays_mask))}\n{format_time(c.start_time)}–{format_time(c.end_time)}",
            str(c.free_seats),
            "; ".join(translate_text(f) for f in match.fits),
            "; ".join(misfits),
        )
        tooltip = f"{course_text}\n{c.connection_notes}".strip()
        rows.append(MatchRow(c.course_id, match.is_excluded, cells, tooltip))
    return rows


class CourseMatchesModel(QAbstractTableModel):
    """Rows of MatchRow, replaced as a whole after each (background) lookup."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[MatchRow] = []
        self._titles = [_(title) for title in COLUMNS]
        self._excluded, self._misfit = QBrush(), QBrush()

    @property
    def rows(self) -> list[MatchRow]:
        """The courses shown, in order."""
        return self._rows

    def set_rows(self, rows: list[MatchRow]) -> None:
        """Show these courses (in the colours readable on the palette now in use)."""
        self.beginResetModel()
        colours = status_colours()
        self._excluded, self._misfit = QBrush(QColor(colours.excluded)), QBrush(QColor(colours.misfit))
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Courses shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text and tooltip, grey for an excluded course, the misfits in their colour; course id as UserRole."""
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.course_tooltip if column == COURSE_COLUMN else row.cells[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.excluded:
                return self._excluded
            return self._misfit if column == MISFITS_COLUMN else None
        if role == Qt.ItemDataRole.UserRole:
            return row.course_id
        return None
