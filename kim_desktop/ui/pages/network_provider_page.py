"""A course provider's page in the network: the referrals to its courses it may see, and its confirmations."""

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.referral_flow import STATE_NAMES, needs_reason
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.provider_desk import ProviderReferral, confirm_referral, list_provider_referrals
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation

R = ReferralState


def _day(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


class ProviderPage(QWidget):
    """Referrals to the provider's own courses (only with the person's consent); buttons confirm what happened.

    The start page of a provider's account (role Kursträger); the navigation offers it only on a network desk.
    """

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[ProviderReferral] = []
        self._stale = True
        heading = QLabel(_("Vermittlungen in unsere Kurse"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        intro = QLabel(
            _(
                "Vermittlungen in Ihre Kurse – nur von Personen, die in die Anmeldung bei Ihnen eingewilligt haben. "
                "Ihre Rückmeldung sieht die vermittelnde Stelle sofort."
            )
        )
        intro.setWordWrap(True)
        headers = [_("Kurs"), _("Name"), _("Geburtsdatum"), _("Stand"), _("Angemeldet am"), _("Begonnen am")]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("providerReferrals")
        self.table.setAccessibleName(_("Vermittlungen in Ihre Kurse"))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons: dict[ReferralState, QPushButton] = {}
        row = QHBoxLayout()
        for state, label in (
            (R.REGISTERED, _("Angemeldet")),
            (R.STARTED, _("Kurs begonnen")),
            (R.NO_SHOW, _("Nicht erschienen …")),
            (R.DROPPED_OUT, _("Abgebrochen …")),
        ):
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, s=state: self.confirm(s))
            self.buttons[state] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        ctx.events.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, kind: str) -> None:
        if kind not in (DataKind.REFERRALS, DataKind.COURSES, DataKind.ALL):
            return
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Load on first show and after a change made elsewhere."""
        if self._stale:
            self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def reload(self) -> None:
        """Load the referrals the provider may see."""
        self._stale = False
        actor, today = self.ctx.actor, date.today()

        def work(session: DbSession) -> list[ProviderReferral]:
            return list_provider_referrals(session, actor=actor, today=today)

        run_operation(self.ctx, work, self._show, errors=self.message, expected=(KimError,))

    def _show(self, rows: list[ProviderReferral]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, r in enumerate(rows):
            values = (r.course_title, f"{r.family_name}, {r.given_names}", _day(r.birth_date),
                      translate_text(STATE_NAMES[r.state]), _day(r.registered_on), _day(r.started_on))  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        if not rows:
            self.message.setText(_("Keine Vermittlungen mit Einwilligung in Ihre Kurse."))

    def selected(self) -> ProviderReferral | None:
        """The referral of the selected row."""
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def confirm(self, state: ReferralState) -> None:
        """Confirm registered, started, did not appear or left for the selected referral (a reason where needed)."""
        chosen = self.selected()
        if chosen is None:
            self.message.setText(_("Bitte zuerst eine Vermittlung auswählen."))
            return
        reason = ""
        if needs_reason(state):
            reason, ok = QInputDialog.getText(self, _("Rückmeldung"), _("Grund (sieht die vermittelnde Stelle):"))
            if not ok:
                return
        actor, today, referral_id = self.ctx.actor, date.today(), chosen.referral_id

        def work(session: DbSession) -> None:
            confirm_referral(session, referral_id, state, actor=actor, today=today, reason=reason)

        run_operation(
            self.ctx, work, lambda _none: self._confirmed(chosen, state), changed=DataKind.REFERRALS,
            errors=self.message, expected=(KimError,),
        )  # fmt: skip

    def _confirmed(self, referral: ProviderReferral, state: ReferralState) -> None:
        self.message.setText(
            _("{name}: „{state}“ gemeldet.").format(
                name=f"{referral.given_names} {referral.family_name}", state=translate_text(STATE_NAMES[state])
            )
        )
