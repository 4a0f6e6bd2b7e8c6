"""The "Kursorte & Fahrzeiten" tab: the providers' course locations and the editable travel-time grid."""

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.network_locations import (
    MAX_MINUTES,
    LocationRow,
    TravelGrid,
    list_locations,
    set_travel_time,
    travel_time_grid,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.location_dialog import LocationDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours, text_style

Loaded = tuple[list[LocationRow], TravelGrid]


def _key(table: QTableWidget, row: int) -> int | None:
    item = table.item(row, 0)
    return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def _item(text: str, key: int | None = None, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, key)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class LocationsTab(QWidget):
    """Locations table with its form, and below the grid municipalities x locations in minutes by bus."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[LocationRow] = []
        self.grid_data: TravelGrid | None = None
        headers = [_("Kursträger"), _("Kursort"), _("Adresse"), _("Gemeinde"), _("ÖPNV"), _("barrierefrei"),
                   _("Kinderbetreuung")]  # fmt: skip
        self.table = QTableWidget(0, len(headers))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setObjectName("locationsTable")
        self.table.setAccessibleName(_("Kursorte"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.new_button = QPushButton(_("Neuer Kursort"))
        self.new_button.setObjectName("newLocation")
        self.edit_button = QPushButton(_("Bearbeiten"))
        self.edit_button.setObjectName("editLocation")
        self.new_button.clicked.connect(lambda: self.open_location(None))
        self.edit_button.clicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)

        self.grid = QTableWidget()
        self.grid.setTabKeyNavigation(False)  # Tab leaves the grid; arrows move, Tab in an open editor goes on
        self.grid.setObjectName("travelGrid")
        self.grid.setAccessibleName(_("Fahrzeiten mit Bus und Bahn (Minuten)"))
        self.grid.setAlternatingRowColors(True)
        self.grid.horizontalHeader().setDefaultSectionSize(96)
        self.grid.itemChanged.connect(self._cell_changed)
        explanation = QLabel(
            _(
                "Fahrzeit mit Bus und Bahn in Minuten (0 bis {max}) von der Gemeinde (Zeile) zum Kursort (Spalte). "
                "Zelle leeren: keine brauchbare Verbindung."
            ).format(max=MAX_MINUTES)
        )
        explanation.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("gridMessage")
        self.message_label.setWordWrap(True)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel(f"<b>{_('Fahrzeiten')}</b>"))
        bottom_layout.addWidget(explanation)
        bottom_layout.addWidget(self.grid, 1)
        bottom_layout.addWidget(self.message_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def reload(self) -> None:
        """Load locations and the travel-time table."""

        def work(session: DbSession) -> Loaded:
            return list_locations(session), travel_time_grid(session)

        run_operation(self.ctx, work, self._show)

    def _show(self, loaded: Loaded) -> None:
        self.rows, self.grid_data = loaded
        self.table.setRowCount(len(self.rows))
        yes = _("ja")
        for r, row in enumerate(self.rows):
            cells = (row.provider, row.name, f"{row.street}, {row.postcode}", row.municipality, row.transit_notes,
                     yes if row.accessible else "", yes if row.childcare_on_site else "")  # fmt: skip
            for c, text in enumerate(cells):
                self.table.setItem(r, c, _item(text, row.id if c == 0 else None))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, min(self.table.columnWidth(4), 320))
        grid = self.grid_data
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.setRowCount(len(grid.municipalities))
        self.grid.setColumnCount(len(grid.locations))
        self.grid.setVerticalHeaderLabels([m.label for m in grid.municipalities])
        by_id = {row.id: row for row in self.rows}
        for c, loc in enumerate(grid.locations):
            location = by_id.get(loc.id)
            # Two short lines (place, provider) keep the columns narrow; the tooltip names the whole location.
            header = _item(f"{location.municipality}\n{location.provider}" if location else loc.label)
            header.setToolTip(f"{loc.label}\n{location.street}, {location.postcode}" if location else loc.label)
            self.grid.setHorizontalHeaderItem(c, header)
        for r, muni in enumerate(grid.municipalities):
            for c, loc in enumerate(grid.locations):
                minutes = grid.get(muni.id, loc.id)
                item = _item("" if minutes is None else str(minutes), editable=True)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(r, c, item)
        self.grid.resizeColumnsToContents()
        self.grid.blockSignals(False)

    def selected_location_id(self) -> int | None:
        """Id of the selected location."""
        items = self.table.selectedItems()
        return _key(self.table, items[0].row()) if items else None

    def edit_selected(self) -> LocationDialog | None:
        """Open the form of the selected location."""
        location_id = self.selected_location_id()
        return self.open_location(location_id) if location_id is not None else None

    def open_location(self, location_id: int | None) -> LocationDialog:
        """Open the location form (None: a new location), non-blocking."""
        dialog = LocationDialog(self.ctx, location_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_minutes(self, row: int, column: int, text: str) -> None:
        """Enter a cell's text as if typed (tests and the grid's own edits)."""
        item = self.grid.item(row, column)
        if item is not None:
            item.setText(text)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        grid = self.grid_data
        if grid is None:
            return
        muni, loc = grid.municipalities[item.row()], grid.locations[item.column()]
        text = item.text().strip()
        previous = grid.get(muni.id, loc.id)
        if text and not text.isdigit():
            self._revert(item, previous, _("Fahrzeit: bitte eine ganze Zahl von 0 bis {max} Minuten eingeben.").format(
                max=MAX_MINUTES))  # fmt: skip
            return
        minutes = int(text) if text else None

        def work(session: DbSession) -> None:
            set_travel_time(session, muni.id, loc.id, minutes, actor=self.ctx.actor)

        def done(_result: None) -> None:
            grid.minutes.pop((muni.id, loc.id), None)
            if minutes is not None:
                grid.minutes[(muni.id, loc.id)] = minutes
            self.message_label.setStyleSheet("")
            shown = _("keine Verbindung") if minutes is None else _("{m} Minuten").format(m=minutes)
            self.message_label.setText(_("Gespeichert: {muni} → {loc}: {shown}").format(
                muni=muni.label, loc=loc.label, shown=shown))  # fmt: skip
            self.ctx.events.data_changed.emit(DataKind.NETWORK)

        run_operation(self.ctx, work, done, errors=lambda message: self._revert(item, previous, message))

    def _revert(self, item: QTableWidgetItem, previous: int | None, message: str) -> None:
        self.grid.blockSignals(True)
        item.setText("" if previous is None else str(previous))
        self.grid.blockSignals(False)
        self.message_label.setStyleSheet(text_style(status_colours().error))
        self.message_label.setText(escape(message))
