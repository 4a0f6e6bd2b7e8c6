"""The partner form: name, kind, address, phone, e-mail, BAMF provider number, cooperation agreement dates."""

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.network import (
    KIND_LABELS,
    OrganisationDetails,
    OrganisationInput,
    create_organisation,
    get_organisation,
    update_organisation,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session, run_operation
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit


class OrganisationDialog(FormDialog):
    """Create a partner (organisation_id None) or edit one; a stale save says what another desk changed."""

    def __init__(self, ctx: UiContext, organisation_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Partner bearbeiten") if organisation_id else _("Neuer Partner"), parent)
        self.organisation_id = organisation_id
        self.saved_id: int | None = None
        self.loaded: OrganisationInput | None = None
        self.version = 0
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.kind = QComboBox()
        for kind, kind_label in KIND_LABELS.items():
            self.kind.addItem(translate_text(kind_label), kind.value)
        self.street = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(10)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.website = QLineEdit()
        self.provider_number = QLineEdit()
        self.provider_number.setPlaceholderText(_("nur bei Kursträgern, z. B. 312.4567"))
        self.signed_on = OptionalDateEdit()
        self.renewed_on = OptionalDateEdit()
        for edit in (self.signed_on, self.renewed_on):
            edit.set_value(None)  # OptionalDateEdit's constructor leaves today's date in it; start empty
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on instead of typing a tab character
        self.notes.setFixedHeight(56)
        self.notes.setTabChangesFocus(True)
        rows = (
            ("name", _("Name *"), self.name), ("short_name", _("Kurzname"), self.short_name),
            ("kind", _("Art *"), self.kind), ("street", _("Straße"), self.street),
            ("postcode", _("Postleitzahl"), self.postcode), ("city", _("Ort"), self.city),
            ("phone", _("Telefon"), self.phone), ("email", _("E-Mail"), self.email),
            ("website", _("Webseite"), self.website),
            ("bamf_provider_number", _("BAMF-Trägernummer"), self.provider_number),
            ("agreement_signed_on", _("Vereinbarung unterzeichnet am"), self.signed_on),
            ("agreement_renewed_on", _("Vereinbarung verlängert am"), self.renewed_on),
            ("notes", _("Notizen"), self.notes),
        )  # fmt: skip
        for name, label, widget in rows:
            self.add_field(name, label, widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.resize(560, self.sizeHint().height())
        self.name.setFocus()
        if organisation_id is not None:
            self.save_button.setEnabled(False)  # until the organisation is loaded

            def load(session: DbSession) -> OrganisationDetails:
                return get_organisation(session, organisation_id)

            run_operation(ctx, load, self._loaded, parent=self, errors=self.summary)

    def _loaded(self, details: OrganisationDetails) -> None:
        self._load(details)
        self.save_button.setEnabled(True)

    def _kind_changed(self) -> None:
        self.provider_number.setEnabled(self.kind.currentData() == OrganisationKind.KURSTRAEGER.value)

    def _load(self, details: OrganisationDetails) -> None:
        d = details.data
        self.loaded, self.version = d, details.version
        self.name.setText(d.name)
        self.short_name.setText(d.short_name)
        self.kind.setCurrentIndex(self.kind.findData(d.kind.value))
        for edit, value in ((self.street, d.street), (self.postcode, d.postcode), (self.city, d.city),
                            (self.phone, d.phone), (self.email, d.email), (self.website, d.website),
                            (self.provider_number, d.bamf_provider_number)):  # fmt: skip
            edit.setText(value)
        self.signed_on.set_value(d.agreement_signed_on)
        self.renewed_on.set_value(d.agreement_renewed_on)
        self.notes.setPlainText(d.notes)

    def organisation_input(self) -> OrganisationInput:
        """The form's values."""
        kind = OrganisationKind(self.kind.currentData())
        return OrganisationInput(
            name=self.name.text(), kind=kind, short_name=self.short_name.text(), street=self.street.text(),
            postcode=self.postcode.text(), city=self.city.text(), phone=self.phone.text(), email=self.email.text(),
            website=self.website.text(),
            bamf_provider_number=self.provider_number.text() if kind == OrganisationKind.KURSTRAEGER else "",
            agreement_signed_on=self.signed_on.value(), agreement_renewed_on=self.renewed_on.value(),
            notes=self.notes.toPlainText(),
        )  # fmt: skip

    def save(self) -> None:
        """Save in the background; errors appear beside the fields."""
        data, org_id, version, loaded = self.organisation_input(), self.organisation_id, self.version, self.loaded

        def work(session: DbSession) -> int:
            if org_id is None:
                return create_organisation(session, data, actor=self.ctx.actor)
            update_organisation(session, org_id, data, expected_version=version, actor=self.ctx.actor, loaded=loaded)
            return org_id

        self.save_in_background(in_session(self.ctx, work), self._saved)

    def _saved(self, organisation_id: int) -> None:
        self.saved_id = organisation_id
        self.ctx.events.data_changed.emit(DataKind.NETWORK)
