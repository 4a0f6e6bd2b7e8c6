"""Revoking a consent: the advisor picks the day it was revoked (today unless the person revoked it earlier)."""

from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.privacy import ConsentRow, revoke_consent
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.widgets.consent_scope_fields import purpose_label


class RevokeConsentDialog(FormDialog):
    """Names the consent and its recipients; the date lies between the day it was given and today."""

    def __init__(
        self, ctx: UiContext, row: ConsentRow, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(ctx, _("Einwilligung widerrufen"), parent)
        self.consent_id = row.id
        self.today = today or date.today()
        explanation = QLabel(
            _(
                "Einwilligung „{purpose}“ vom {given} als widerrufen eintragen? Ab dem Tag des Widerrufs gehen "
                "keine Daten mehr an: {to}."
            ).format(purpose=purpose_label(row.purpose), given=format_date(row.given_on), to=", ".join(row.recipients))
        )
        explanation.setTextFormat(Qt.TextFormat.PlainText)  # purpose and names are typed text, never markup
        explanation.setWordWrap(True)
        explanation.setMinimumWidth(440)  # wide enough that the wrapped text gets its full height
        self.form.addRow(explanation)
        self.revoked_on = QDateEdit(QDate(self.today))
        self.revoked_on.setDisplayFormat("dd.MM.yyyy")
        self.revoked_on.setCalendarPopup(True)
        self.revoked_on.setMinimumDate(QDate(row.given_on))
        self.revoked_on.setMaximumDate(QDate(self.today))
        self.add_field("revoked_on", _("Widerrufen am:"), self.revoked_on)
        self.save_button.setText(_("Widerruf eintragen"))

    def set_revoked_on(self, day: date) -> None:
        """Choose the day of the revocation (the field keeps it between the consent's day and today)."""
        self.revoked_on.setDate(QDate(day))

    def save(self) -> None:
        """Record the revocation in the background; the service refuses a day before the consent or in the future."""
        revoked_on: date = self.revoked_on.date().toPython()  # type: ignore[assignment]
        ctx, consent_id = self.ctx, self.consent_id

        def work(session: DbSession) -> None:
            revoke_consent(session, ctx.actor, consent_id, revoked_on, datetime.now())

        self.save_in_background(in_session(self.ctx, work), lambda _result: None)
