"""The partner tab of the Netzwerk page: search, the partners table, details with contacts, exports."""

from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import N_, _, ngettext
from kim_desktop.services.database import DbSession
from kim_desktop.services.network import (
    KIND_LABELS,
    OrganisationDetails,
    OrganisationRow,
    get_organisation,
    list_organisations,
    remove_contact,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.contact_dialog import ContactDialog
from kim_desktop.ui.dialogs.organisation_dialog import OrganisationDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_error_colour, run_operation

if TYPE_CHECKING:  # reportlab and the exporters load in the worker on the first export, not on the page switch
    from kim_desktop.services.network_export import ContactExport

SEARCH_DELAY_MS = 150
EXPORTS = {  # kind -> (menu text, default file name, file filter)
    "csv": (N_("Kontakte als CSV …"), N_("netzwerk-kontakte.csv"), "CSV (*.csv)"),
    "vcard": (N_("Kontakte als vCard (Adressbuch) …"), N_("netzwerk-kontakte.vcf"), "vCard (*.vcf)"),
    "pdf": (N_("Kontaktliste als PDF …"), N_("netzwerk-kontaktliste.pdf"), "PDF (*.pdf)"),
}


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    return table


def _key(table: QTableWidget, row: int) -> int | None:
    item = table.item(row, 0)
    return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def _item(text: str, key: int | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if key is not None:
        item.setData(Qt.ItemDataRole.UserRole, key)
    return item


def _day(value: date | None) -> str:
    return format_date(value)


class PartnersTab(QWidget):
    """Search field, partner table, the selected partner's details and contacts, actions and exports."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[OrganisationRow] = []
        self.details: OrganisationDetails | None = None
        self.search = QLineEdit()
        self.search.setObjectName("networkSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Suchen: Name, Art, Ort oder Ansprechperson"))
        self.search.setAccessibleName(_("Partner suchen"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.table = _table(
            "partnersTable",
            [_("Name"), _("Art"), _("Ort"), _("Telefon"), _("Ansprechpersonen"), _("Vereinbarung seit")],
        )
        self.table.setAccessibleName(_("Partner"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((300, 190, 120, 130, 240)):
            self.table.setColumnWidth(column, width)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)

        self.new_button = _button(_("Neuer Partner"), "newPartner")
        self.edit_button = _button(_("Bearbeiten"), "editPartner")
        self.contact_button = _button(_("Ansprechperson hinzufügen"), "addContact")
        self.export_button = QToolButton()
        self.export_button.setObjectName("exportContacts")
        self.export_button.setText(_("Exportieren"))
        self.export_button.setIcon(icon("export.svg"))
        self.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for kind, (text, _name, _pattern) in EXPORTS.items():
            action = QAction(_(text), menu)
            action.triggered.connect(lambda _c=False, k=kind: self._ask_export(k))
            menu.addAction(action)
        self.export_button.setMenu(menu)
        self.new_button.clicked.connect(lambda: self.open_organisation(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.contact_button.clicked.connect(lambda: self.open_contact(None))
        actions = QHBoxLayout()
        for widget in (self.new_button, self.edit_button, self.contact_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.export_button)

        self.detail_label = QLabel(_("Bitte oben einen Partner wählen."))
        self.detail_label.setObjectName("partnerDetails")
        self.detail_label.setWordWrap(True)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.contacts = _table("contactsTable", [_("Name"), _("Funktion"), _("Telefon"), _("E-Mail")])
        self.contacts.setAccessibleName(_("Ansprechpersonen"))
        self.contacts.horizontalHeader().setStretchLastSection(True)
        self.contacts.doubleClicked.connect(lambda _i: self.edit_contact())
        self.edit_contact_button = _button(_("Ansprechperson bearbeiten"), "editContact")
        self.remove_contact_button = _button(_("Entfernen"), "removeContact")
        self.edit_contact_button.clicked.connect(self.edit_contact)
        self.remove_contact_button.clicked.connect(self.remove_selected_contact)
        contact_actions = QHBoxLayout()
        contact_actions.addWidget(self.edit_contact_button)
        contact_actions.addWidget(self.remove_contact_button)
        contact_actions.addStretch(1)
        details_box = QWidget()
        details_layout = QHBoxLayout(details_box)
        details_layout.setContentsMargins(0, 4, 0, 0)
        self.detail_label.setMinimumWidth(320)
        self.detail_label.setMaximumWidth(420)
        details_layout.addWidget(self.detail_label)
        contacts_column = QVBoxLayout()
        contacts_column.addWidget(QLabel(f"<b>{_('Ansprechpersonen')}</b>"))
        contacts_column.addWidget(self.contacts, 1)
        contacts_column.addLayout(contact_actions)
        details_layout.addLayout(contacts_column, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(details_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.message_label, 1)
        layout.addLayout(bottom)
        self._update_buttons()

    # --- loading ----------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Load the partners matching the search field."""
        query = self.search.text()

        def work(session: DbSession) -> list[OrganisationRow]:
            return list_organisations(session, query)

        run_operation(self.ctx, work, lambda rows: self._show_rows(rows, query))

    def _show_rows(self, rows: list[OrganisationRow], query: str) -> None:
        if query != self.search.text():
            return  # an older search; the newer one is on its way
        selected = self.selected_id()
        self.rows = rows
        self.table.blockSignals(True)
        self.table.clearSelection()  # rows change under the selection: select again below so details follow
        self.table.blockSignals(False)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.name, _(KIND_LABELS[row.kind]), row.city, row.phone, ", ".join(row.contact_names),
                     _day(row.agreement_signed_on))  # fmt: skip
            for c, text in enumerate(cells):
                self.table.setItem(r, c, _item(text, row.id if c == 0 else None))
        self.count_label.setText(ngettext("{n} Partner", "{n} Partner", len(rows)).format(n=len(rows)))
        if (selected is None or not self.select(selected)) and rows:
            self.table.selectRow(0)  # show the first partner's details rather than an empty panel
        if self.selected_id() is None:
            self._show_details(None)

    def selected_id(self) -> int | None:
        """Id of the selected partner."""
        items = self.table.selectedItems()
        if not items:
            return None
        return _key(self.table, items[0].row())

    def select(self, organisation_id: int) -> bool:
        """Select a partner if it is listed."""
        for r, row in enumerate(self.rows):
            if row.id == organisation_id:
                self.table.selectRow(r)
                return True
        return False

    def _selection_changed(self) -> None:
        org_id = self.selected_id()
        if org_id is None:
            self._show_details(None)
            return

        def work(session: DbSession) -> OrganisationDetails:
            return get_organisation(session, org_id)

        run_operation(self.ctx, work, self._show_details, errors=self._show_error)

    def _show_details(self, details: OrganisationDetails | None) -> None:
        self.details = details
        self.contacts.setRowCount(0)
        self._update_buttons()
        if details is None:
            self.detail_label.setText(_("Bitte oben einen Partner wählen."))
            return
        d = details.data
        place = " ".join(p for p in (d.postcode, d.city) if p)
        lines = [f"<h3>{escape(d.name)}</h3>", escape(_(KIND_LABELS[d.kind]))]
        for text in (", ".join(p for p in (d.street, place) if p), d.phone, d.email, d.website):
            if text:
                lines.append(escape(text))
        if d.bamf_provider_number:
            lines.append(escape(_("BAMF-Trägernummer: {n}").format(n=d.bamf_provider_number)))
        if d.agreement_signed_on:
            agreement = _("Kooperationsvereinbarung seit {d}").format(d=_day(d.agreement_signed_on))
            if d.agreement_renewed_on:
                agreement += _(", verlängert am {d}").format(d=_day(d.agreement_renewed_on))
            lines.append(escape(agreement))
        else:
            lines.append(f"<i>{escape(_('Keine Kooperationsvereinbarung eingetragen'))}</i>")
        if d.notes:
            lines.append(f"<i>{escape(d.notes)}</i>")
        self.detail_label.setText("<br>".join(lines))
        self.contacts.setRowCount(len(details.contacts))
        for r, c in enumerate(details.contacts):
            for col, text in enumerate((c.name, c.role, c.phone, c.email)):
                self.contacts.setItem(r, col, _item(text, c.id if col == 0 else None))
        self.contacts.resizeColumnsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.details is not None
        for button in (self.edit_button, self.contact_button, self.edit_contact_button, self.remove_contact_button):
            button.setEnabled(chosen)

    # --- actions ----------------------------------------------------------------------------------------

    def edit_selected(self) -> OrganisationDialog | None:
        """Open the form of the selected partner."""
        org_id = self.selected_id()
        return self.open_organisation(org_id) if org_id is not None else None

    def open_organisation(self, organisation_id: int | None) -> OrganisationDialog:
        """Open the partner form (None: a new partner), non-blocking; the new partner is selected after saving."""
        dialog = OrganisationDialog(self.ctx, organisation_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._after_save(dialog.saved_id))
        dialog.open()
        return dialog

    def _after_save(self, organisation_id: int | None) -> None:
        if organisation_id is not None and not self.select(organisation_id):
            self.search.clear()  # the new partner may not match the current search
            self.reload()
            self.select(organisation_id)

    def selected_contact_id(self) -> int | None:
        """Id of the selected contact person."""
        items = self.contacts.selectedItems()
        if not items:
            return None
        return _key(self.contacts, items[0].row())

    def open_contact(self, contact_id: int | None) -> ContactDialog | None:
        """Open the contact form for the selected partner (None: a new contact person)."""
        if self.details is None:
            return None
        contact = next((c for c in self.details.contacts if c.id == contact_id), None)
        dialog = ContactDialog(self.ctx, self.details.id, contact, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def edit_contact(self) -> ContactDialog | None:
        """Edit the selected contact person."""
        contact_id = self.selected_contact_id()
        return self.open_contact(contact_id) if contact_id is not None else None

    def remove_selected_contact(self) -> None:
        """Remove the selected contact person."""
        contact_id = self.selected_contact_id()
        if contact_id is None:
            return

        def work(session: DbSession) -> None:
            remove_contact(session, contact_id, actor=self.ctx.actor)

        def done(_result: None) -> None:
            self.message_label.setText(_("Ansprechperson entfernt."))
            self.ctx.events.data_changed.emit(DataKind.NETWORK)

        run_operation(self.ctx, work, done, parent=self, errors=self._show_error)

    def _ask_export(self, kind: str) -> None:
        _text, default, pattern = EXPORTS[kind]
        name, _filter = QFileDialog.getSaveFileName(self, _("Exportieren"), _(default), _(pattern))
        if name:
            self.save_export(Path(name), kind)

    def save_export(self, path: Path, kind: str) -> None:
        """Write the partners shown (the current search) as CSV, vCard or PDF contact list."""
        query, office, today = self.search.text(), self.ctx.settings.office.name, date.today()

        def work(session: DbSession) -> "ContactExport":
            from kim_desktop.services.network_export import (
                export_contact_list_pdf,
                export_contacts_csv,
                export_contacts_vcard,
            )

            if kind == "csv":
                return export_contacts_csv(session, path, query, actor=self.ctx.actor)
            if kind == "vcard":
                return export_contacts_vcard(session, path, query, actor=self.ctx.actor)
            return export_contact_list_pdf(session, path, office, today, query, actor=self.ctx.actor)

        def done(result: "ContactExport") -> None:
            self.message_label.setText(
                _("{o} Partner mit {c} Ansprechpersonen gespeichert: {path}").format(
                    o=result.organisations, c=result.contacts, path=result.path
                )
            )

        run_operation(
            self.ctx, work, done, parent=self, label=_("Export läuft …"), errors=self._show_error, expected=(OSError,)
        )

    def _show_error(self, message: str) -> None:
        in_error_colour(self.message_label)(message)
