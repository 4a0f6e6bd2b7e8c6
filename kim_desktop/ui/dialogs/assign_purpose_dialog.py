"""Reviewing a free-text consent: the advisor reads what it said and assigns the purpose and data it was given for."""

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.privacy import ConsentRow, assign_purpose
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.widgets.consent_scope_fields import DataList, PurposeBox


class AssignPurposeDialog(FormDialog):
    """Shows the consent's own words; until a purpose is saved here the consent covers nothing."""

    def __init__(self, ctx: UiContext, row: ConsentRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Zweck zuordnen"), parent)
        self.consent_id = row.id
        explanation = QLabel(
            _(
                "Diese Einwilligung vom {given} wurde als freier Text erfasst und gilt deshalb für nichts. "
                "Ordnen Sie den Zweck und die Daten zu, für die die Person eingewilligt hat – nur was im "
                "Text steht.\n\nZweck (Text): {purpose}\nDaten (Text): {data}\nAn wen: {to}"
            ).format(
                given=format_date(row.given_on),
                purpose=row.purpose_text or "–",
                data=row.data_text or "–",
                to=", ".join(row.recipients) or "–",
            )
        )
        explanation.setObjectName("assignPurposeText")
        explanation.setTextFormat(Qt.TextFormat.PlainText)  # typed text, never markup
        explanation.setWordWrap(True)
        explanation.setMinimumWidth(460)
        self.form.addRow(explanation)
        self.purpose = PurposeBox()
        self.add_field("purpose", _("Zweck: *"), self.purpose)
        self.data = DataList(self.purpose, propose=False)  # only what the text says: nothing ticked for the advisor
        self.add_field("data", _("Welche Daten: *"), self.data)
        self.save_button.setText(_("Zweck zuordnen"))

    def save(self) -> None:
        """Assign in the background; the service refuses a consent that already has a purpose."""
        ctx, consent_id = self.ctx, self.consent_id
        purpose, data = self.purpose.purpose(), self.data.chosen()

        def work(session: DbSession) -> None:
            assign_purpose(session, ctx.actor, consent_id, purpose, data, datetime.now())

        self.save_in_background(in_session(self.ctx, work), lambda _result: None)
