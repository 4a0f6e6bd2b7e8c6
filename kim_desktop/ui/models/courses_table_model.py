"""Table model of the course catalogue: one row per course, display text, sortable raw values, tooltips."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from kim_desktop.domain.course_labels import COURSE_STATUS_LABELS, COURSE_TYPE_LABELS
from kim_desktop.domain.enums import CourseType
from kim_desktop.domain.schedule import weekdays_text
from kim_desktop.i18n import N_, _, ngettext, translate_text
from kim_desktop.services.courses import CourseRow
from kim_desktop.ui.locale_format import format_date, format_datetime, format_time
from kim_desktop.ui.style import status_colours

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


def _d(value: object) -> str:
    return format_date(value)  # type: ignore[arg-type]


def _hours(row: CourseRow) -> str:
    return f"{format_time(row.start_time)}–{format_time(row.end_time)}"


def _report(row: CourseRow) -> str:
    return "" if row.booked_reported is None else str(row.booked_reported)


def _free_text(row: CourseRow) -> str:
    """The free seats; on an outreach copy with holds taken offline, how many of the held ones are provisional."""
    if not row.provisional:
        return str(row.free)
    return ngettext("{free} · {n} vorläufig reserviert", "{free} · {n} vorläufig reserviert", row.provisional).format(
        free=row.free, n=row.provisional
    )


def _provisional_tip(row: CourseRow) -> str:
    return ngettext(
        "Davon {n} Platz vorläufig reserviert (Außentermin): bestätigt erst beim Abgleich im Büro.",
        "Davon {n} Plätze vorläufig reserviert (Außentermin): bestätigt erst beim Abgleich im Büro.",
        row.provisional,
    ).format(n=row.provisional)


def _report_tip(row: CourseRow) -> str:
    if row.booked_reported is None or row.booked_reported_at is None:
        return _("Der Träger hat keine eigene Belegung gemeldet.")
    own = format_datetime(row.own_changed_at) if row.own_changed_at else _("keine Vermittlungen")
    return _(
        "Träger meldet {n} belegt – {by}, {at}.\nUnsere Zählung: {own_n} belegt, letzte Änderung {own}."
        "\nGezählt: {counted} belegt (die Meldung plus unsere Anmeldungen seit ihrem Tag, mindestens unsere Zahl);"
        " unsere Reservierungen kommen dazu."
    ).format(n=row.booked_reported, by=row.booked_reported_by or "?", at=format_datetime(row.booked_reported_at),
             own_n=row.booked, own=own, counted=row.booked_counted)  # fmt: skip


@dataclass(frozen=True)
class Column:
    """One column: title, display text, sort value."""

    title: str
    text: Callable[[CourseRow], str]
    sort: Callable[[CourseRow], Any]


COLUMNS: tuple[Column, ...] = (
    Column(
        N_("Kursart"),
        lambda r: translate_text(COURSE_TYPE_LABELS[r.course_type]),
        lambda r: translate_text(COURSE_TYPE_LABELS[r.course_type]),
    ),
    Column(N_("Träger"), lambda r: r.provider, lambda r: r.provider.casefold()),
    Column(N_("Kursort"), lambda r: r.location, lambda r: r.location.casefold()),
    Column(N_("Gemeinde"), lambda r: r.municipality, lambda r: r.municipality.casefold()),
    Column(N_("Beginn"), lambda r: _d(r.start_date), lambda r: r.start_date.toordinal()),
    Column(N_("Ende"), lambda r: _d(r.end_date), lambda r: r.end_date.toordinal()),
    # The seats next to the dates: "Frei" in view without scrolling sideways at 1366 px.
    Column(N_("Plätze"), lambda r: str(r.max_seats), lambda r: r.max_seats),
    Column(N_("Belegt"), lambda r: str(r.booked), lambda r: r.booked),
    Column(N_("Reserviert"), lambda r: str(r.reserved), lambda r: r.reserved),
    Column(N_("Frei"), lambda r: _free_text(r), lambda r: r.free),
    Column(
        N_("Tage und Zeiten"),
        lambda r: f"{translate_text(weekdays_text(r.weekdays_mask))} {_hours(r)}",
        lambda r: (r.start_time.isoformat(), r.weekdays_mask),
    ),
    Column(N_("Modul"), lambda r: str(r.current_module), lambda r: r.current_module),
    Column(N_("UE/Woche"), lambda r: str(r.ue_per_week), lambda r: r.ue_per_week),
    Column(N_("Trägermeldung"), _report, lambda r: -1 if r.booked_reported is None else r.booked_reported),
    Column(
        N_("Kinderbetreuung"),
        lambda r: str(r.childcare_places) if r.childcare_places else "–",
        lambda r: r.childcare_places,
    ),
    Column(
        N_("Anmeldeschluss"),
        lambda r: _d(r.registration_deadline),
        lambda r: r.registration_deadline.toordinal() if r.registration_deadline else 0,
    ),
    Column(
        N_("Status"),
        lambda r: translate_text(COURSE_STATUS_LABELS[r.status]),
        lambda r: translate_text(COURSE_STATUS_LABELS[r.status]),
    ),
)
FREE_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.title == "Frei")
REPORT_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.title == "Trägermeldung")


def sorted_rows(rows: list[CourseRow], column: int, order: Qt.SortOrder) -> list[CourseRow]:
    """The rows in the order the model shows them when sorted by this column (to sort off the GUI thread)."""
    if not 0 <= column < len(COLUMNS):
        return rows
    return sorted(rows, key=COLUMNS[column].sort, reverse=order == Qt.SortOrder.DescendingOrder)


def search_text(row: CourseRow) -> str:
    """All cells' text of a course, casefolded, for the search field."""
    return "\n".join(column.text(row) for column in COLUMNS).casefold()


class CoursesTableModel(QAbstractTableModel):
    """The catalogue's rows; set_rows replaces them all after a reload.

    The model sorts itself (in Python, by each column's sort key) and keeps a casefolded search text per row:
    with 10,000 courses, sorting and text filtering in QSortFilterProxyModel cost a few hundred thousand
    data() calls, a GUI-thread stall of about a second.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CourseRow] = []
        self.search_texts: list[str] = []
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    def set_rows(self, rows: list[CourseRow], search_texts: list[str] | None = None) -> None:
        """Show these courses (search_texts: search_text() of each row, best made off the GUI thread)."""
        self.beginResetModel()
        self.rows = list(rows)
        self.search_texts = [search_text(row) for row in self.rows] if search_texts is None else list(search_texts)
        self._sort_rows()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column's raw values (kept for later set_rows)."""
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.rows
        old = self.persistentIndexList()
        self._sort_rows()
        position = {id(row): i for i, row in enumerate(self.rows)}
        self.changePersistentIndexList(old, [self.index(position[id(before[i.row()])], i.column()) for i in old])
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        if not 0 <= self.sort_column < len(COLUMNS) or not self.rows:
            return
        key = COLUMNS[self.sort_column].sort
        pairs = sorted(
            zip(self.rows, self.search_texts, strict=True),
            key=lambda pair: key(pair[0]),
            reverse=self.sort_order == Qt.SortOrder.DescendingOrder,
        )
        self.rows = [row for row, _text in pairs]
        self.search_texts = [text for _row, text in pairs]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of courses."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """German column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, sort value, tooltip and colour of a cell."""
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            return column.sort(row)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == REPORT_COLUMN:
                return _report_tip(row)
            if index.column() == FREE_COLUMN:
                return (
                    _("Frei = {m} Plätze − {b} belegt − {r} reserviert (gültige Reservierungen)").format(
                        m=row.max_seats, b=row.booked_counted, r=row.reserved
                    )
                    + ("\n" + _provisional_tip(row) if row.provisional else "")
                    + ("\n" + _report_tip(row) if row.booked_reported is not None else "")
                )
            return f"{row.title}\n{row.location_address}" if row.title else row.location_address
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == FREE_COLUMN and row.free == 0:
            return QBrush(QColor(status_colours().error))
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(column.sort(row), int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CourseFilterProxy(QSortFilterProxyModel):
    """Filters by text, course type, municipality, provider and free seats; sorting is the source model's."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.course_type: CourseType | None = None
        self.municipality: str | None = None
        self.provider: str | None = None
        self.only_free = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The view's header sorts the source model (cheap); the proxy keeps the source order."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def setFilterFixedString(self, pattern: str) -> None:  # noqa: N802 - Qt API
        """Filter by a piece of text in any cell (case-insensitive), matched on the model's search texts."""
        self.beginFilterChange()
        self.text = pattern.casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filters(
        self, course_type: CourseType | None, municipality: str | None, provider: str | None, only_free: bool
    ) -> None:
        """Apply the page's pick-list filters."""
        self.beginFilterChange()
        self.course_type, self.municipality, self.provider, self.only_free = (
            course_type,
            municipality,
            provider,
            only_free,
        )
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt API
        """Whether a course passes all filters."""
        if not (self.text or self.only_free) and self.course_type is self.municipality is self.provider is None:
            return True  # nothing to filter by (the usual case): 10,000 calls on every reload, keep them cheap
        model = self.sourceModel()
        assert isinstance(model, CoursesTableModel)
        row = model.rows[source_row]
        if self.course_type is not None and row.course_type != self.course_type:
            return False
        if self.municipality is not None and row.municipality != self.municipality:
            return False
        if self.provider is not None and row.provider != self.provider:
            return False
        if self.only_free and row.free <= 0:
            return False
        return not self.text or self.text in model.search_texts[source_row]
