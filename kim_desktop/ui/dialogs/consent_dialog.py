"""Recording a consent (Einwilligung erfassen) and printing the consent form for the person to sign."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from kim_desktop.domain.enums import ConsentMethod
from kim_desktop.i18n import N_, _
from kim_desktop.services.consent_form import ConsentFormRequest, consent_form
from kim_desktop.services.database import DbSession
from kim_desktop.services.issued_documents import IssuedPdf
from kim_desktop.services.network import OrganisationRow, list_organisations
from kim_desktop.services.privacy import ConsentInput, record_consent
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.operations import in_session, run_operation
from kim_desktop.ui.widgets.consent_scope_fields import DataList, PurposeBox
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit

METHOD_LABELS: dict[ConsentMethod, str] = {
    ConsentMethod.SIGNED_FORM: N_("unterschriebenes Formular"),
    ConsentMethod.VERBAL_WITNESSED: N_("mündlich, mit Zeugin/Zeuge"),
}


def method_label(method: ConsentMethod) -> str:
    """German name of how a consent was given."""
    return _(METHOD_LABELS[method])


def open_consent_form(ctx: UiContext, request: ConsentFormRequest, parent: QWidget) -> DocumentPreviewDialog:
    """Open the form in the document preview (rendered on the worker); printing or saving records it.

    The second language can be changed in the preview; the request's language is what it starts with.
    """
    office = ctx.settings.office

    def issuer(language: str | None, issue: bool) -> Callable[[DbSession], IssuedPdf]:
        asked = replace(request, language=language or request.language)
        return lambda session: consent_form(session, ctx.actor, asked, office, datetime.now(), issue=issue)

    preview = DocumentPreviewDialog(
        ctx, _("Einwilligungsformular"), _("Einwilligung.pdf"), issuer=issuer, languages=True, parent=parent
    )
    preview.open()
    return preview


class ConsentDialog(FormDialog):
    """Purpose (from the list), which data (ticks), which partners, given on, valid until, how; prints the form."""

    def __init__(self, ctx: UiContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Einwilligung erfassen"), parent)
        self.person_id = person_id
        self.saved_id: int | None = None
        self.preview: DocumentPreviewDialog | None = None  # the form opened last
        self.purpose = PurposeBox()
        self.add_field("purpose", _("Zweck: *"), self.purpose)
        self.purpose_text = QLineEdit()
        self.purpose_text.setPlaceholderText(_("z. B. Anmeldung zum Integrationskurs bei der VHS"))
        self.add_field("purpose_text", _("Zweck genauer:"), self.purpose_text)
        self.data = DataList(self.purpose)
        self.add_field("data", _("Welche Daten: *"), self.data)
        self.data_text = QLineEdit()
        self.data_text.setPlaceholderText(_("weitere Angaben zu den Daten (freiwillig)"))
        self.add_field("data_text", _("Daten genauer:"), self.data_text)
        self.recipients = QListWidget()
        self.recipients.setMinimumHeight(90)
        self.add_field("recipient_ids", _("An wen: *"), self.recipients)
        self.given_on = QDateEdit(QDate.currentDate())
        self.given_on.setDisplayFormat("dd.MM.yyyy")
        self.given_on.setCalendarPopup(True)
        self.given_on.setMaximumDate(QDate.currentDate())
        self.add_field("given_on", _("Erteilt am:"), self.given_on)
        self.valid_until = OptionalDateEdit()
        self.add_field("valid_until", _("Gültig bis:"), self.valid_until)
        self.method = QComboBox()
        for method in ConsentMethod:
            self.method.addItem(method_label(method), method.value)
        self.add_field("method", _("Wie erteilt:"), self.method)
        self.witness = QLineEdit()
        self.witness.setPlaceholderText(_("Name der Zeugin oder des Zeugen"))
        self.add_field("witness", _("Zeugin/Zeuge:"), self.witness)
        self.method.currentIndexChanged.connect(self._method_changed)
        self.print_button = QPushButton(_("Formular drucken …"))
        self.print_button.setObjectName("consentPrintForm")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_form)
        self.form.addRow("", self.print_button)
        self._method_changed()
        self.resize(560, 0)
        run_operation(self.ctx, list_organisations, self._show_partners, parent=self, errors=self.summary)

    def _show_partners(self, rows: list[OrganisationRow]) -> None:
        for row in rows:
            item = QListWidgetItem(row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.recipients.addItem(item)

    def _method_changed(self) -> None:
        self.witness.setEnabled(self.method.currentData() == ConsentMethod.VERBAL_WITNESSED)

    def check_partner(self, name: str) -> None:
        """Tick a partner organisation by its name."""
        for index in range(self.recipients.count()):
            item = self.recipients.item(index)
            if item.text() == name:
                item.setCheckState(Qt.CheckState.Checked)
                return
        raise KeyError(name)

    def set_method(self, method: ConsentMethod) -> None:
        """Choose how the consent was given."""
        self.method.setCurrentIndex(self.method.findData(method.value))

    def recipient_ids(self) -> tuple[int, ...]:
        """Ids of the ticked partner organisations."""
        items = (self.recipients.item(i) for i in range(self.recipients.count()))
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole)) for item in items if item.checkState() == Qt.CheckState.Checked
        )

    def print_form(self) -> None:
        """Open the consent form with what is entered so far, for the person to sign."""
        request = ConsentFormRequest(
            self.person_id, self.purpose.purpose(), self.data.chosen(), self.recipient_ids(),
            purpose_text=self.purpose_text.text(), data_text=self.data_text.text(),
            valid_until=self.valid_until.value(),
        )  # fmt: skip
        self.preview = open_consent_form(self.ctx, request, self)

    def save(self) -> None:
        """Record the consent in the background."""
        method = ConsentMethod(self.method.currentData())
        data = ConsentInput(
            person_id=self.person_id,
            purpose=self.purpose.purpose(),
            data=self.data.chosen(),
            purpose_text=self.purpose_text.text(),
            data_text=self.data_text.text(),
            valid_until=self.valid_until.value(),
            recipient_ids=self.recipient_ids(),
            given_on=self.given_on.date().toPython(),  # type: ignore[arg-type]
            method=method,
            witness=self.witness.text() if method == ConsentMethod.VERBAL_WITNESSED else None,
        )
        ctx = self.ctx

        def work(session: DbSession) -> int:
            return record_consent(session, ctx.actor, data, datetime.now())

        def saved(consent_id: int) -> None:
            self.saved_id = consent_id

        self.save_in_background(in_session(ctx, work), saved)
