"""The course lookup for one person: the criteria, filters to relax, and ranked courses with reasons in words."""

import html
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.matching import CourseMatch, Relaxation
from kim_desktop.i18n import _, ngettext, translate_text
from kim_desktop.services.course_lookup import LookupResult, find_courses_for_person
from kim_desktop.services.database import DbSession
from kim_desktop.services.outreach_holds import provisional_per_course
from kim_desktop.services.waiting_list import WaitingEntry, add_to_waiting_list, unmet_need_from
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.models.course_matches_model import COLUMNS, COURSE_COLUMN, CourseMatchesModel, MatchRow, match_rows
from kim_desktop.ui.operations import run_operation

COLUMN_WIDTHS = (36, 56, 260, 86, 120, 44, 330, 200)
WRAPPED_COLUMNS = (2, 4, 6, 7)  # two-line cells and the reasons, which wrap
CELL_PADDING = 8  # the delegate's text margins left and right, and the grid line
ROW_PADDING = 4  # above and below the text


def fit_row_heights(table: QTableView, rows: list[MatchRow]) -> None:
    """Each row as high as its tallest wrapped text, measured with the font (no per-cell model calls)."""
    metrics = table.fontMetrics()
    flags = int(Qt.TextFlag.TextWordWrap)
    widths = {column: max(1, table.columnWidth(column) - CELL_PADDING) for column in WRAPPED_COLUMNS}
    measured: dict[tuple[int, str], int] = {}  # times, places and reasons repeat from row to row

    def height(column: int, text: str) -> int:
        key = (column, text)
        if key not in measured:
            measured[key] = metrics.boundingRect(QRect(0, 0, widths[column], 10_000), flags, text).height()
        return measured[key]

    header = table.verticalHeader()
    for r, row in enumerate(rows):
        header.resizeSection(r, max(height(column, row.cells[column]) for column in WRAPPED_COLUMNS) + ROW_PADDING)


def with_provisional_holds(rows: list[MatchRow], held: dict[int, int]) -> list[MatchRow]:
    """On an outreach copy: the course cell says how many of its taken seats are provisional holds made offline."""
    if not held:
        return rows
    marked = []
    for row in rows:
        if n := held.get(row.course_id, 0):
            note = ngettext("{n} Platz vorläufig (Außentermin)", "{n} Plätze vorläufig (Außentermin)", n).format(n=n)
            cells = (*row.cells[:COURSE_COLUMN], f"{row.cells[COURSE_COLUMN]}\n{note}", *row.cells[COURSE_COLUMN + 1 :])
            row = replace(row, cells=cells)
        marked.append(row)
    return marked


class CourseLookupDialog(QDialog):
    """Shows what the person needs, lets the advisor relax filters, and lists the ranked courses."""

    def __init__(self, ctx: UiContext, person_id: int, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.today = today or date.today()
        self.lookup_result: LookupResult | None = None
        self._shown_once = False
        self.setWindowTitle(_("Passende Kurse"))
        self.resize(1150, 680)

        self.heading = QLabel()
        self.heading.setObjectName("lookupHeading")
        self.criteria_label = QLabel()
        self.criteria_label.setObjectName("criteriaLabel")
        self.criteria_label.setWordWrap(True)
        self.criteria_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        criteria_box = QGroupBox(_("Was die Person braucht"))
        QVBoxLayout(criteria_box).addWidget(self.criteria_label)

        self.ignore_times = QCheckBox(_("Zeiten nicht beachten"))
        self.ignore_childcare = QCheckBox(_("Kinderbetreuung nicht beachten"))
        self.ignore_travel = QCheckBox(_("Fahrzeit-Grenze nicht beachten"))
        self.wider_start = QCheckBox(_("Späteren Kursbeginn zulassen (doppelter Zeitraum)"))
        self.show_excluded = QCheckBox(_("Ausgeschlossene Kurse mit Grund zeigen"))
        self.show_excluded.setChecked(True)
        relax_box = QGroupBox(_("Filter lockern"))
        relax_layout = QVBoxLayout(relax_box)
        for box in (self.ignore_times, self.ignore_childcare, self.ignore_travel, self.wider_start):
            relax_layout.addWidget(box)
            box.toggled.connect(self.refresh)
        relax_layout.addWidget(self.show_excluded)
        self.show_excluded.toggled.connect(self._fill_table)
        top = QHBoxLayout()
        top.addWidget(criteria_box, 3)
        top.addWidget(relax_box, 2)

        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        self.model = CourseMatchesModel()
        self.match_rows: list[MatchRow] = []
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setObjectName("matchesTable")
        self.table.setAccessibleName(_("Passende Kurse"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        self.refer_button = QPushButton(_("Vermitteln …"))
        self.refer_button.setObjectName("referButton")
        self.refer_button.setToolTip(_("Einen Platz im gewählten Kurs reservieren und das Schreiben drucken"))
        self.refer_button.setEnabled(False)
        self.refer_button.clicked.connect(self.refer_selected)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_args: self._update_refer_button())
        self.table.doubleClicked.connect(lambda _index: self.refer_selected())

        self.waiting_button = QPushButton(_("Auf die Warteliste setzen"))
        self.waiting_button.setObjectName("waitingButton")
        self.waiting_button.setToolTip(
            _("Den ungedeckten Bedarf (Kursart, Modul, Ort, Zeiten, Kinderbetreuung) erfassen")
        )
        self.waiting_button.setAutoDefault(False)  # Enter never puts someone on the waiting list unasked
        self.waiting_button.clicked.connect(self.ask_waiting_list)
        self.table.installEventFilter(self)  # Enter on a course reserves it (see eventFilter)
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("waitingLabel")
        self.waiting_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.refer_button)
        bottom.addWidget(self.waiting_button)
        bottom.addWidget(self.waiting_label, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        ctx.events.data_changed.connect(self._on_data_changed)
        self.refresh()

    def _on_data_changed(self, kind: str) -> None:
        # A seat taken here or at another desk: show the new free seats (and drop the course if none are left).
        if kind in (DataKind.COURSES, DataKind.REFERRALS, DataKind.ALL) and self.isVisible():
            self.refresh()

    def selected_match(self) -> CourseMatch | None:
        """The match in the selected row, if it is a course one can refer to."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        matches = self.visible_matches()
        if len(rows) != 1 or (row := rows.pop()) >= len(matches) or matches[row].is_excluded:
            return None
        return matches[row]

    def _update_refer_button(self) -> None:
        self.refer_button.setEnabled(self.selected_match() is not None)

    def refer_selected(self) -> QDialog | None:
        """Reserve a seat in the selected course for the person (opens the refer dialog)."""
        match = self.selected_match()
        if match is None:
            return None
        from kim_desktop.ui.dialogs.refer_dialog import refer_person

        return refer_person(self.ctx, self.person_id, match.course.course_id, self, self.today)

    def relaxation(self) -> Relaxation:
        """The filters as the checkboxes say."""
        return Relaxation(
            ignore_times=self.ignore_times.isChecked(),
            ignore_childcare=self.ignore_childcare.isChecked(),
            ignore_travel_limit=self.ignore_travel.isChecked(),
            wider_start_window=self.wider_start.isChecked(),
        )

    def refresh(self) -> None:
        """Run the lookup again with the current filters (in the background)."""
        relax, person_id, today = self.relaxation(), self.person_id, self.today

        def work(session: DbSession) -> tuple[LookupResult, list[MatchRow]]:
            result = find_courses_for_person(session, person_id, today, relax, actor=self.ctx.actor)
            return result, with_provisional_holds(match_rows(result.matches), provisional_per_course(session))

        self.summary_label.setText(_("Suche läuft …"))
        run_operation(self.ctx, work, self._show, parent=self, label=_("Kurse werden gesucht …"))

    def _show(self, loaded: tuple[LookupResult, list[MatchRow]]) -> None:
        result, self.match_rows = loaded
        self.lookup_result = result
        self.setWindowTitle(_("Passende Kurse für {name}").format(name=result.person.name))
        self.heading.setText(f"<h2>{_('Passende Kurse für {name}').format(name=result.person.name)}</h2>")
        self.criteria_label.setText("<br>".join(html.escape(translate_text(line)) for line in result.person.lines))
        fitting = len(result.fitting)
        excluded = len(result.matches) - fitting
        if fitting:
            text = ngettext("{n} Kurs passt", "{n} Kurse passen", fitting).format(n=fitting)
        else:
            text = _("Kein Kurs passt. Filter lockern oder die Person auf die Warteliste setzen.")
        if excluded:
            text += " " + ngettext("({n} ausgeschlossen)", "({n} ausgeschlossen)", excluded).format(n=excluded)
        hidden = result.hidden_by_filters
        if hidden:
            text += "; " + ngettext(
                "{n} weiterer Kurs passt nicht zu Zeiten, Kinderbetreuung oder Fahrweg (Filter lockern zeigt ihn)",
                "{n} weitere Kurse passen nicht zu Zeiten, Kinderbetreuung oder Fahrweg (Filter lockern zeigt sie)",
                hidden,
            ).format(n=hidden)
        self.summary_label.setText(text)
        first_result = not self._shown_once
        self._shown_once = True
        self._fill_table()
        self.refer_button.setDefault(fitting > 0)
        self.waiting_button.setDefault(fitting == 0)
        if first_result and fitting:  # the best fit selected, Enter reserves it
            self.table.selectRow(0)
            self.table.setFocus()
        elif first_result:
            self.waiting_button.setFocus()

    def visible_matches(self) -> list[CourseMatch]:
        """The matches the table shows (excluded ones only when asked for)."""
        if self.lookup_result is None:
            return []
        return [m for m in self.lookup_result.matches if self.show_excluded.isChecked() or not m.is_excluded]

    def _fill_table(self) -> None:
        show = self.show_excluded.isChecked()
        rows = [row for row in self.match_rows if show or not row.excluded]
        self.model.set_rows(rows)
        fit_row_heights(self.table, rows)
        self._update_refer_button()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter on a course row means "vermitteln" (the dialog would otherwise press its default button)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.refer_selected()
            return True
        return super().eventFilter(watched, event)

    def ask_waiting_list(self) -> None:
        """Ask first, then put the person on the waiting list (Enter or a slip of the mouse must not do it)."""
        if self.lookup_result is None:
            return
        answer = QMessageBox.question(
            self,
            _("Warteliste"),
            _("{name} mit diesem Bedarf auf die Warteliste setzen?\n{need}").format(
                name=self.lookup_result.person.name,
                need=translate_text(unmet_need_from(self.lookup_result.person.criteria).describe()),
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.put_on_waiting_list()

    def put_on_waiting_list(self) -> None:
        """Record the person's unmet need on the waiting list (one click)."""
        if self.lookup_result is None:
            return
        need = unmet_need_from(self.lookup_result.person.criteria, note=_("aus der Kurssuche"))
        person_id = self.person_id

        def work(session: DbSession) -> WaitingEntry:
            return add_to_waiting_list(session, person_id, need, actor=self.ctx.actor)

        run_operation(self.ctx, work, self._waiting_done, parent=self)

    def _waiting_done(self, entry: WaitingEntry) -> None:
        text = _("Eintrag aktualisiert") if entry.updated_existing else _("Auf die Warteliste gesetzt")
        self.waiting_label.setText(f"{text}: {translate_text(entry.need.describe())}")
        self.ctx.events.data_changed.emit(DataKind.REFERRALS)


def open_course_lookup(ctx: UiContext, person_id: int, parent: QWidget | None = None) -> CourseLookupDialog:
    """Open the course lookup for a person (non-blocking) and return the dialog."""
    dialog = CourseLookupDialog(ctx, person_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
