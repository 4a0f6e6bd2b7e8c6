"""The "Fahrplan" tab: import a GTFS timetable, see its check, confirm or pick the stops, compute reachability."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.timetable_answers import AnswerRow, answers_of_place
from kim_desktop.services.timetable_import import FeedSummary, import_timetable
from kim_desktop.services.timetable_reach import ReachSummary, compute_reachability
from kim_desktop.services.timetable_stops import (
    PlaceStops,
    StopChoice,
    TimetableStatus,
    search_stops,
    set_place_stops,
    stop_matches,
    timetable_status,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.pages.timetable_summary import status_html, summary_text
from kim_desktop.ui.widgets.list_table import list_table

Loaded = tuple[TimetableStatus, list[PlaceStops]]


class TimetableTab(QWidget):
    """Import and check a feed; the places with their stops; a picker to confirm or choose stops."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.places: list[PlaceStops] = []
        self.status_label = QLabel()
        self.status_label.setObjectName("timetableStatus")
        self.status_label.setWordWrap(True)
        self.import_button = QPushButton(_("Fahrplan einlesen (GTFS-ZIP) …"))
        self.import_button.setObjectName("importTimetable")
        self.import_button.clicked.connect(self._ask_import)
        self.compute_button = QPushButton(_("Erreichbarkeit berechnen"))
        self.compute_button.setObjectName("computeReach")
        self.compute_button.clicked.connect(self.compute)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.compute_button)
        buttons.addStretch(1)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("timetableSummary")
        self.summary.setReadOnly(True)
        self.summary.setAccessibleName(_("Prüfbericht des Fahrplans"))
        self.summary.setMaximumHeight(110)
        self.summary.hide()

        headers = [_("Gemeinde / Kursort"), _("Haltestellen (Fußweg)"), _("Stand")]
        self.table = list_table("placeStops", _("Haltestellen je Gemeinde und Kursort"), headers, stretch_last=False)
        self.table.setAlternatingRowColors(True)
        self.table.itemSelectionChanged.connect(self._place_selected)

        self.place_label = QLabel(_("Ort in der Liste wählen"))
        self.place_label.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("stopSearch")
        self.search.setPlaceholderText(_("Haltestelle suchen"))
        self.search.setAccessibleName(_("Haltestelle suchen"))
        self.search.returnPressed.connect(self.find_stops)
        self.results = QListWidget()
        self.results.setObjectName("stopResults")
        self.results.setAccessibleName(_("Gefundene Haltestellen"))
        self.walk = QSpinBox()
        self.walk.setObjectName("walkMinutes")
        self.walk.setRange(0, 120)
        self.walk.setValue(5)
        self.walk.setSuffix(_(" Min. zu Fuß"))
        self.walk.setAccessibleName(_("Fußweg in Minuten"))
        self.confirm_button = QPushButton(_("Vorschlag bestätigen"))
        self.confirm_button.setObjectName("confirmStops")
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.pick_button = QPushButton(_("Diese Haltestelle nehmen"))
        self.pick_button.setObjectName("pickStop")
        self.pick_button.clicked.connect(self.pick_stop)
        self.message_label = QLabel()
        self.message_label.setObjectName("timetableMessage")
        self.message_label.setWordWrap(True)
        picker = QWidget()
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(self.place_label)
        picker_layout.addWidget(self.confirm_button)
        picker_layout.addWidget(self.search)
        picker_layout.addWidget(self.results, 1)
        picker_layout.addWidget(self.walk)
        picker_layout.addWidget(self.pick_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(picker)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        answer_headers = [_("Gemeinde"), _("Kursort"), _("Kurszeiten"), _("jeden Kurstag"), _("Verbindung")]
        self.answers = QTableWidget(0, len(answer_headers))
        self.answers.setObjectName("reachAnswers")
        self.answers.setAccessibleName(_("Verbindungen aus dem Fahrplan"))
        self.answers.setTabKeyNavigation(False)
        self.answers.setHorizontalHeaderLabels(answer_headers)
        self.answers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.answers.setAlternatingRowColors(True)
        self.answers.verticalHeader().hide()
        self.answers.horizontalHeader().setStretchLastSection(True)
        self.answers.setWordWrap(True)
        answers_box = QWidget()
        answers_layout = QVBoxLayout(answers_box)
        answers_layout.setContentsMargins(0, 0, 0, 0)
        self.answers_label = QLabel(_("Verbindungen: Gemeinde oder Kursort in der Liste wählen"))
        answers_layout.addWidget(self.answers_label)
        answers_layout.addWidget(self.answers, 1)
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.addWidget(splitter)
        lower.addWidget(answers_box)
        lower.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(lower, 1)
        layout.addWidget(self.message_label)

    def reload(self) -> None:
        """Load the state and the places."""

        def work(session: DbSession) -> Loaded:
            return timetable_status(session), stop_matches(session)

        run_operation(self.ctx, work, self._show)

    def _show(self, loaded: Loaded) -> None:
        status, self.places = loaded
        self.status_label.setText(status_html(status))
        self.compute_button.setEnabled(status.file_name is not None)
        self.table.setRowCount(len(self.places))
        for r, place in enumerate(self.places):
            stops = ", ".join(_("{name} ({walk} Min.)").format(name=s.name, walk=s.walk_minutes) for s in place.stops)
            state = _("keine Haltestelle") if not place.stops else _("bestätigt") if place.confirmed else _("Vorschlag")
            kind = _("Gemeinde") if place.location_id is None else _("Kursort")
            for c, text in enumerate((f"{place.name} · {kind}", stops, state)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def selected_place(self) -> PlaceStops | None:
        """The place selected in the table."""
        rows = {i.row() for i in self.table.selectedItems()}
        return self.places[min(rows)] if rows else None

    def _place_selected(self) -> None:
        place = self.selected_place()
        if place is not None:
            self.place_label.setText(_("Haltestellen für {place}").format(place=place.name))
            self.search.setText(place.name.split(" (")[0])
            self.find_stops()
            self.show_answers(place)

    def show_answers(self, place: PlaceStops) -> None:
        """List the computed answers of the place: each schedule reached on every course day, how, or why not."""

        def work(session: DbSession) -> list[AnswerRow]:
            return answers_of_place(session, place.municipality_id, place.location_id)

        def done(rows: list[AnswerRow]) -> None:
            self.answers_label.setText(_("Verbindungen für {place}: {ok} von {n} an allen Kurstagen").format(
                place=place.name, ok=sum(r.reachable for r in rows), n=len(rows)))  # fmt: skip
            self.answers.setRowCount(len(rows))
            yes, no = _("ja"), _("nein")
            for r, row in enumerate(rows):
                cells = (row.municipality, row.location, translate_text(row.schedule), yes if row.reachable else no,
                         translate_text(row.text))  # fmt: skip
                for c, text in enumerate(cells):
                    self.answers.setItem(r, c, QTableWidgetItem(text))
            header = self.answers.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            self.answers.resizeColumnsToContents()
            self.answers.setColumnWidth(1, min(self.answers.columnWidth(1), 200))
            self.answers.setColumnWidth(2, min(self.answers.columnWidth(2), 230))
            header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)  # the sentence wraps in the rest
            self.answers.resizeRowsToContents()

        run_operation(self.ctx, work, done)

    def _ask_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Fahrplan einlesen"), "", _("GTFS-Fahrplan (*.zip)"))
        if name:
            self.import_feed(Path(name))

    def import_feed(self, path: Path) -> None:
        """Check and import a feed; the summary shows what it holds and what is wrong with it."""

        def work(session: DbSession) -> FeedSummary:
            return import_timetable(session, path, actor=self.ctx.actor)

        def done(summary: FeedSummary) -> None:
            self.summary.setPlainText(summary_text(summary))
            self.summary.show()
            if summary.imported:
                self.compute()  # answers from the suggested stops at once; again after stops are confirmed
            else:
                self.reload()

        run_operation(self.ctx, work, done, parent=self, label=_("Fahrplan wird eingelesen …"),
                      changed=DataKind.NETWORK)  # fmt: skip

    def compute(self) -> None:
        """Compute reachability for every municipality, course location and course schedule (in the background)."""
        today = date.today()

        def work(session: DbSession) -> ReachSummary:
            return compute_reachability(session, today, actor=self.ctx.actor)

        def done(result: ReachSummary) -> None:
            self.message_label.setText(_("{ok} von {n} Verbindungen an allen Kurstagen erreichbar ({s:.1f} s).").format(
                ok=result.reachable, n=result.pairs, s=result.seconds))  # fmt: skip
            self.reload()

        run_operation(self.ctx, work, done, parent=self, label=_("Erreichbarkeit wird berechnet …"),
                      changed=DataKind.COURSES)  # fmt: skip

    def find_stops(self) -> None:
        """List the stops matching the search text."""
        text = self.search.text()

        def work(session: DbSession) -> list[StopChoice]:
            return search_stops(session, text)

        def done(found: list[StopChoice]) -> None:
            self.results.clear()
            for stop in found:
                item = QListWidgetItem(stop.name)
                item.setData(Qt.ItemDataRole.UserRole, stop.stop_id)
                self.results.addItem(item)

        run_operation(self.ctx, work, done)

    def _save(self, place: PlaceStops, stops: list[tuple[int, int]]) -> None:
        def work(session: DbSession) -> None:
            set_place_stops(session, place.municipality_id, place.location_id, stops, actor=self.ctx.actor)

        def done(_result: None) -> None:
            self.message_label.setText(_("Gespeichert: {place}. Bitte die Erreichbarkeit neu berechnen.").format(
                place=place.name))  # fmt: skip
            self.reload()

        run_operation(self.ctx, work, done, errors=self.message_label.setText, changed=DataKind.NETWORK)

    def confirm_selected(self) -> None:
        """Confirm the suggested stops of the selected place as they are."""
        place = self.selected_place()
        if place is not None:
            self._save(place, [(s.stop_id, s.walk_minutes) for s in place.stops])

    def pick_stop(self) -> None:
        """Make the stop chosen in the result list the place's only stop, with the walk minutes set."""
        place, item = self.selected_place(), self.results.currentItem()
        if place is not None and item is not None:
            self._save(place, [(int(item.data(Qt.ItemDataRole.UserRole)), self.walk.value())])
