"""The case view's 'An Partner übergeben …': only on a network desk, for roles that edit case files."""

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from kim_desktop.domain.access import Action
from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.network_handover import HandoverPartner, handover_partners
from kim_desktop.services.provider_desk import works_in_network
from kim_desktop.ui.accessibility import announce
from kim_desktop.ui.dialogs.case_handover_dialog import HandoverDialog
from kim_desktop.ui.operations import run_operation

if TYPE_CHECKING:
    from kim_desktop.ui.pages.case_view import CaseView


class HandoverActions:
    """Adds the handover button to a case view; it appears once a check finds the network's server."""

    def __init__(self, view: "CaseView") -> None:
        self.view = view
        self.ctx = view.ctx
        self.dialog: HandoverDialog | None = None
        self.last_message = ""
        self.button = view.add_action_button(_("An Partner übergeben …"), self.open_handover)
        self.button.setObjectName("handOver")
        self.button.setVisible(False)
        if self.ctx.shows(Action.EDIT_CASES):
            run_operation(self.ctx, works_in_network, self.button.setVisible, errors=self._quiet, expected=(KimError,))

    @staticmethod
    def _quiet(_message: str) -> None:
        """No server, no button: the status bar already says the server is unreachable."""

    def open_handover(self, person_id: int) -> None:
        """Load the network's other counselling partners, then open the dialog for the shown person."""

        def work(session: DbSession) -> list[HandoverPartner]:
            return handover_partners(session, actor=self.ctx.actor)

        run_operation(self.ctx, work, lambda partners: self._open(person_id, partners), parent=self.view)

    def _open(self, person_id: int, partners: list[HandoverPartner]) -> None:
        case = self.view.case
        if case is None or case.person.id != person_id:
            return
        name = f"{case.person.data.given_names} {case.person.data.family_name}"
        dialog = HandoverDialog(self.ctx, person_id, name, partners, self.view)
        dialog.accepted.connect(lambda: self._handed_over(dialog))
        dialog.open()
        self.dialog = dialog

    def _handed_over(self, dialog: HandoverDialog) -> None:
        if dialog.handed_to is None:
            return
        self.last_message = _("{name} an „{partner}“ übergeben (Kopie; die Fallakte bleibt hier).").format(
            name=dialog.person_name, partner=dialog.handed_to.name
        )
        window = self.view.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.last_message, 10000)
        announce(self.button, self.last_message)
        self.view.reload()
