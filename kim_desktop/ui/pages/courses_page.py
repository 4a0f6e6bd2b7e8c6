"""The Kurse page: the network's course catalogue with filters, editing, cancelling, lookup, import and export."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.access import Action
from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS
from kim_desktop.domain.enums import CourseType
from kim_desktop.i18n import _, ngettext, translate_text
from kim_desktop.services.courses import (
    CourseFilter,
    CourseRow,
    cancel_course,
    cancel_impact,
    copy_course,
    list_courses,
)
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_form import CourseFormDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.models.courses_table_model import (
    COLUMNS,
    FREE_COLUMN,
    CourseFilterProxy,
    CoursesTableModel,
    search_text,
    sorted_rows,
)
from kim_desktop.ui.operations import in_error_colour, run_operation
from kim_desktop.ui.widgets.column_widths import fit_columns, keep_column_in_view

if TYPE_CHECKING:  # the exporters, the import and the lookup load when first used, not on the page switch
    from kim_desktop.services.course_export import ExportResult
    from kim_desktop.ui.dialogs.course_import_dialog import CourseImportDialog
    from kim_desktop.ui.dialogs.lookup_picker import LookupPickerDialog


# Columns of names that may be narrowed (elided) to keep "Frei" in view: Träger, Kursort, Gemeinde.
NAME_COLUMNS = tuple(i for i, c in enumerate(COLUMNS) if c.title in ("Träger", "Kursort", "Gemeinde"))


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class CoursesPage(QWidget):
    """Catalogue table with text and pick-list filters; actions on the selected course."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = date.today()
        self.model = CoursesTableModel()
        self.proxy = CourseFilterProxy()
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("courseSearch")
        self.search.setAccessibleName(_("Kurse suchen"))
        self.search.setMinimumWidth(160)  # the placeholder stays readable next to the filters
        self.search.setPlaceholderText(_("Suchen: Träger, Ort, Kursart …"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search.svg"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.type_filter = QComboBox()
        self.type_filter.addItem(_("Alle Kursarten"), None)
        for course_type, label in COURSE_TYPE_LABELS.items():
            self.type_filter.addItem(translate_text(label), course_type.value)
        self.place_filter = QComboBox()
        self.provider_filter = QComboBox()
        self.only_free = QCheckBox(_("nur mit freien Plätzen"))
        self.include_closed = QCheckBox(_("auch beendete und abgesagte"))
        for combo in (self.type_filter, self.place_filter, self.provider_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.only_free.toggled.connect(self._apply_filters)
        self.include_closed.toggled.connect(self.reload)
        filters = QHBoxLayout()
        for widget in (self.search, self.type_filter, self.place_filter, self.provider_filter, self.only_free,
                       self.include_closed):  # fmt: skip
            filters.addWidget(widget)
        filters.setStretch(0, 1)

        self.new_button = _button(_("Neuer Kurs"), "newCourse")
        self.edit_button = _button(_("Bearbeiten"), "editCourse")
        self.copy_button = _button(_("Nächster Termin (kopieren)"), "copyCourse")
        self.cancel_button = _button(_("Kurs absagen …"), "cancelCourse")
        self.lookup_button = _button(_("Passende Kurse für Person …"), "lookupButton")
        self.import_button = _button(_("Importieren …"), "importCourses")
        self.export_button = QToolButton()
        self.export_button.setText(_("Exportieren"))
        self.export_button.setIcon(icon("export.svg"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.import_button.setIcon(icon("import.svg"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for text, free, pattern in (
            (_("Katalog als CSV/XLSX …"), False, _("Tabellen (*.csv *.xlsx)")),
            (_("Freie Kursplätze als CSV/XLSX/PDF …"), True, _("Listen (*.pdf *.csv *.xlsx)")),
        ):
            action = QAction(text, menu)
            action.triggered.connect(lambda _c=False, f=free, p=pattern: self._ask_export(f, p))
            menu.addAction(action)
        self.export_button.setMenu(menu)
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.copy_button.clicked.connect(self.copy_selected)
        self.cancel_button.clicked.connect(self._ask_cancel)
        self.lookup_button.clicked.connect(self.open_lookup_picker)
        self.import_button.clicked.connect(self._ask_import)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.copy_button, self.cancel_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for tool in (self.lookup_button, self.import_button, self.export_button):
            actions.addWidget(tool)
        # Lesen looks courses up only: no editing, no import, no lookup for a person (that reads a case file).
        for button in (self.new_button, self.edit_button, self.copy_button, self.cancel_button):
            button.setVisible(ctx.shows(Action.EDIT_COURSES))
        self.import_button.setVisible(ctx.shows(Action.IMPORT))
        self.lookup_button.setVisible(ctx.shows(Action.READ_CASES))

        self.table = QTableView()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setObjectName("coursesTable")
        self.table.setAccessibleName(_("Kursliste"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # Column widths from the first 50 rows, not 1,000 (resizeColumnsToContents took 0.5 s at 10,000 courses).
        self.table.horizontalHeader().setResizeContentsPrecision(50)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{_('Kurse')}</h2>"))
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.message_label, 1)
        layout.addLayout(bottom)
        ctx.events.data_changed.connect(self._on_data_changed)
        self._loaded = False
        self._stale = False
        self._natural_widths: dict[int, int] = {}
        self.table.viewport().installEventFilter(self)

    # --- loading and filtering ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the catalogue in the background."""
        flt = CourseFilter(include_closed=self.include_closed.isChecked())
        today, sort = self.today, (self.model.sort_column, self.model.sort_order)

        def work(session: DbSession) -> tuple[list[CourseRow], list[str]]:
            rows = sorted_rows(list_courses(session, today, flt), *sort)  # the model's re-sort is then cheap
            return rows, [search_text(row) for row in rows]  # off the GUI thread: 10,000 rows take 0.4 s

        run_operation(
            self.ctx, work, lambda loaded: self._show_rows(*loaded), parent=self, label=_("Kurse werden geladen …")
        )

    def _show_rows(self, rows: list[CourseRow], search_texts: list[str] | None = None) -> None:
        self._loaded = True
        selected = self.selected_course_id()
        for combo, values, everything in (
            (self.place_filter, sorted({r.municipality for r in rows}), _("Alle Gemeinden")),
            (self.provider_filter, sorted({r.provider for r in rows}), _("Alle Träger")),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(value, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.blockSignals(False)
        # The filters first, quietly: the model's reset filters the 10,000 rows once, not twice.
        proxy = self.proxy
        proxy.course_type, proxy.municipality, proxy.provider, proxy.only_free = self._filter_values()
        self.model.set_rows(rows, search_texts)
        fit_columns(self.table, self._cell_text, self.proxy.rowCount())
        header = self.table.horizontalHeader()
        self._natural_widths = {c: header.sectionSize(c) for c in NAME_COLUMNS}
        self._keep_free_in_view()
        self._show_count()
        if selected is not None:
            self.select_course(selected)

    def _keep_free_in_view(self) -> None:
        """Narrow the name columns (Träger, Kursort, Gemeinde) so that "Frei" shows without scrolling sideways."""
        keep_column_in_view(self.table, FREE_COLUMN, list(NAME_COLUMNS), self._natural_widths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """The list got wider or narrower (window, vertical scroll bar): the name columns as wide as there is room."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize and self._natural_widths:
            self._keep_free_in_view()
        return super().eventFilter(watched, event)

    def _cell_text(self, row: int, column: int) -> str:
        source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
        return COLUMNS[column].text(self.model.rows[source])

    def _filter_values(self) -> tuple[CourseType | None, str | None, str | None, bool]:
        type_value = self.type_filter.currentData()
        return (
            CourseType(type_value) if type_value else None,
            self.place_filter.currentData(),
            self.provider_filter.currentData(),
            self.only_free.isChecked(),
        )

    def _apply_filters(self) -> None:
        self.proxy.set_filters(*self._filter_values())
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            ngettext("{shown} von {total} Kurs", "{shown} von {total} Kursen", total).format(shown=shown, total=total)
        )

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.COURSES, DataKind.REFERRALS, DataKind.NETWORK, DataKind.ALL) and self._loaded:
            self._stale = not self.isVisible()  # a hidden catalogue reloads when shown, not on every change
            if not self._stale:
                self.reload()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Load on first show, and again when something changed while the page was hidden."""
        if not self._loaded or self._stale:
            self._stale = False
            self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    # --- selection and actions ---------------------------------------------------------------------------

    def selected_course_id(self) -> int | None:
        """Id of the selected course, if any."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return int(rows[0].data(Qt.ItemDataRole.UserRole)) if rows else None

    def select_course(self, course_id: int) -> None:
        """Select a course by id (if it is shown)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole) == course_id:
                self.table.selectRow(row)
                return

    def edit_selected(self) -> CourseFormDialog | None:
        """Open the form for the selected course."""
        course_id = self.selected_course_id()
        if course_id is None or not self.ctx.shows(Action.EDIT_COURSES):
            return None
        return self.open_form(course_id)

    def open_form(self, course_id: int | None) -> CourseFormDialog:
        """Open the course form (None: a new course), non-blocking."""
        dialog = CourseFormDialog(self.ctx, course_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def copy_selected(self) -> None:
        """Copy the selected course to its next start date and select the copy."""
        course_id = self.selected_course_id()
        if course_id is None:
            return

        actor = self.ctx.actor

        def work(session: DbSession) -> int:
            return copy_course(session, course_id, actor=actor)

        def done(new_id: int) -> None:
            self.message_label.setText(_("Kurs für den nächsten Termin angelegt (Status: geplant)."))
            self.ctx.events.data_changed.emit(DataKind.COURSES)
            self.select_course(new_id)

        run_operation(self.ctx, work, done, parent=self, errors=self._show_error)

    def _ask_cancel(self) -> None:
        course_id = self.selected_course_id()
        if course_id is None:
            return

        def work(session: DbSession) -> int:
            return cancel_impact(session, course_id)

        run_operation(self.ctx, work, lambda active: self._ask_reason(course_id, active), errors=self._show_error)

    def _ask_reason(self, course_id: int, active: int) -> None:
        question = _("Der Kurs wird abgesagt.") + " " + ngettext(
            "{n} aktive Vermittlung wird dabei storniert.", "{n} aktive Vermittlungen werden dabei storniert.", active
        ).format(n=active) + "\n\n" + _("Grund der Absage:")  # fmt: skip
        reason, ok = QInputDialog.getText(self, _("Kurs absagen"), question)
        if ok:
            self.cancel_with_reason(course_id, reason)

    def cancel_with_reason(self, course_id: int, reason: str) -> None:
        """Cancel a course and its active referrals (one transaction) and say how many were cancelled."""
        actor = self.ctx.actor

        def work(session: DbSession) -> int:
            return cancel_course(session, course_id, reason, actor=actor)

        def done(count: int) -> None:
            self.message_label.setText(
                ngettext(
                    "Kurs abgesagt; {n} Vermittlung storniert.", "Kurs abgesagt; {n} Vermittlungen storniert.", count
                ).format(n=count)
            )
            self.ctx.events.data_changed.emit(DataKind.COURSES)
            self.ctx.events.data_changed.emit(DataKind.REFERRALS)

        run_operation(self.ctx, work, done, parent=self, errors=self._show_error)

    def _show_error(self, message: str) -> None:
        in_error_colour(self.message_label)(message)

    def open_lookup_picker(self) -> "LookupPickerDialog":
        """Ask whom to look up courses for."""
        from kim_desktop.ui.dialogs.lookup_picker import LookupPickerDialog

        dialog = LookupPickerDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _ask_import(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Kursangebote importieren"), "", _("Kurslisten (*.csv *.xlsx *.txt)")
        )
        if name:
            self.open_import(Path(name))

    def open_import(self, path: Path) -> "CourseImportDialog":
        """Show the import preview of a file (nothing is written until the advisor confirms)."""
        from kim_desktop.ui.dialogs.course_import_dialog import CourseImportDialog

        dialog = CourseImportDialog(self.ctx, path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _ask_export(self, free_seats: bool, pattern: str) -> None:
        default = _("freie-kursplaetze.pdf") if free_seats else _("kurskatalog.xlsx")
        name, _filter = QFileDialog.getSaveFileName(self, _("Exportieren"), default, pattern)
        if name:
            self.export(Path(name), free_seats)

    def export(self, path: Path, free_seats: bool) -> None:
        """Write the catalogue or the free-seats list; the format follows the file extension."""
        today, issuer = self.today, self.ctx.settings.office.name
        flt = CourseFilter(include_closed=self.include_closed.isChecked())

        def work(session: DbSession) -> "ExportResult":
            from kim_desktop.services.course_export import export_catalogue, export_free_seats

            if free_seats:
                return export_free_seats(session, path, today, issuer, actor=self.ctx.actor)
            return export_catalogue(session, path, today, flt, actor=self.ctx.actor)

        def done(result: "ExportResult") -> None:
            self.message_label.setText(_("{n} Kurse exportiert nach {path}").format(n=result.courses, path=result.path))

        run_operation(
            self.ctx, work, done, parent=self, label=_("Export läuft …"), errors=self._show_error, expected=(OSError,)
        )
