"""The dialog to add or edit a contact person of a partner (name, role, phone, e-mail)."""

from PySide6.QtWidgets import QLineEdit, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.network import ContactInput, ContactRow, add_contact, update_contact
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session


class ContactDialog(FormDialog):
    """Add a contact to organisation_id, or edit `contact` when given."""

    def __init__(
        self, ctx: UiContext, organisation_id: int, contact: ContactRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Ansprechperson bearbeiten") if contact else _("Ansprechperson hinzufügen"), parent)
        self.organisation_id = organisation_id
        self.contact = contact
        self.saved_id: int | None = None
        self.name = QLineEdit()
        self.role = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.role.setPlaceholderText(_("z. B. Leitung, Beratung, Kurskoordination"))
        self.add_field("name", _("Name *"), self.name)
        self.add_field("role", _("Funktion"), self.role)
        self.add_field("phone", _("Telefon"), self.phone)
        self.add_field("email", _("E-Mail"), self.email)
        if contact is not None:
            self.name.setText(contact.name)
            self.role.setText(contact.role)
            self.phone.setText(contact.phone)
            self.email.setText(contact.email)
        self.resize(460, self.sizeHint().height())
        self.name.setFocus()

    def contact_input(self) -> ContactInput:
        """The form's values."""
        return ContactInput(self.name.text(), self.role.text(), self.phone.text(), self.email.text())

    def save(self) -> None:
        """Save in the background; errors appear beside the fields."""
        data, org_id, contact = self.contact_input(), self.organisation_id, self.contact

        def work(session: DbSession) -> int:
            if contact is None:
                return add_contact(session, org_id, data, actor=self.ctx.actor)
            update_contact(session, contact.id, data, actor=self.ctx.actor)
            return contact.id

        self.save_in_background(in_session(self.ctx, work), self._saved)

    def _saved(self, contact_id: int) -> None:
        self.saved_id = contact_id
        self.ctx.events.data_changed.emit(DataKind.NETWORK)
