"""Handing a person over to another counselling partner of the network: choose who takes over, with consent."""

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.network_handover import HandoverPartner, hand_over_person
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.operations import in_session


class HandoverDialog(FormDialog):
    """The receiving partner; the copy holds only what the person's consent names, the case file stays here."""

    def __init__(
        self,
        ctx: UiContext,
        person_id: int,
        person_name: str,
        partners: list[HandoverPartner],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("An einen Partner übergeben"), parent)
        self.person_id = person_id
        self.person_name = person_name
        self.handed_to: HandoverPartner | None = None
        intro = QLabel(
            _(
                "{name} wechselt zu einem anderen Beratungsdienst des Netzwerks. Übergeben wird eine Kopie: nur die "
                "Daten, die die Einwilligung der Person zur „Übergabe an einen anderen Beratungsdienst“ nennt. Die "
                "Fallakte bleibt hier; beide Protokolle vermerken die Übergabe."
            ).format(name=person_name)
        )
        intro.setWordWrap(True)
        intro.setObjectName("handoverIntro")
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, intro)  # above the form: a wrapped text in a form row gets too little height
        self.partner = QComboBox()
        for partner in partners:
            self.partner.addItem(partner.name, partner.organisation_id)
        self.add_field("partner", _("Übernehmender Partner: *"), self.partner)
        self.save_button.setText(_("Übergeben"))
        self.save_button.setEnabled(bool(partners))
        if not partners:
            self.summary.setText(_("Im Netzwerk gibt es keinen anderen Beratungsdienst."))
            self.summary.show()
        self.setMinimumWidth(560)

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)
        self.adjustSize()  # the missing consent's explanation below the field gets its lines

    def save(self) -> None:
        """Hand over in the background; a missing consent is named under the partner field."""
        index = self.partner.currentIndex()
        if index < 0:
            return
        chosen = HandoverPartner(int(self.partner.currentData()), self.partner.currentText())
        actor, person_id, today = self.ctx.actor, self.person_id, date.today()

        def work(session: DbSession) -> int:
            return hand_over_person(session, person_id, chosen.organisation_id, actor=actor, today=today)

        def saved(_new_id: int) -> None:
            self.handed_to = chosen

        self.save_in_background(in_session(self.ctx, work), saved)
