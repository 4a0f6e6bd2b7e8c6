"""Data-protection actions of the case view: access report (Art. 15), erasure (Art. 17), handover in the network."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from kim_desktop.domain.access import Action
from kim_desktop.i18n import _
from kim_desktop.services.access_request import access_report_json, access_report_pdf, collect_access_report
from kim_desktop.services.database import DbSession
from kim_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from kim_desktop.ui.dialogs.erase_person_dialog import ErasePersonDialog
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.pages.case_handover import HandoverActions
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.whole_files import write_whole, write_whole_text

if TYPE_CHECKING:
    from kim_desktop.ui.pages.case_view import CaseView


@dataclass(frozen=True)
class WrittenReport:
    """Where the access report went, and the PDF to show."""

    pdf_path: Path
    json_path: Path
    pdf: bytes


class PrivacyActions:
    """Adds 'Auskunft …' and 'Person löschen …' to a case view, shown only to roles that may use them."""

    def __init__(self, view: "CaseView") -> None:
        self.view = view
        self.ctx = view.ctx
        self.preview: DocumentPreviewDialog | None = None
        self.erase_dialog: ErasePersonDialog | None = None
        self.access_button = view.add_action_button(_("Auskunft (Art. 15) …"), self.ask_access_report)
        self.access_button.setObjectName("accessRequest")
        self.access_button.setVisible(self.ctx.shows(Action.ACCESS_REQUEST))
        self.erase_button = view.add_action_button(_("Person löschen …"), self._erase_clicked)
        self.erase_button.setObjectName("erasePerson")
        self.erase_button.setStyleSheet(text_style(status_colours().error))
        self.erase_button.setVisible(self.ctx.shows(Action.ERASE))
        self.handover = HandoverActions(view)  # to another counselling partner, with consent (network only)

    def ask_access_report(self, person_id: int) -> None:
        """Ask for a folder, then write the access report there as PDF and JSON and show the PDF."""
        folder = QFileDialog.getExistingDirectory(self.view, _("Ordner für die Auskunft wählen"))
        if folder:
            self.write_access_report(person_id, Path(folder))

    def write_access_report(self, person_id: int, folder: Path) -> None:
        """Collect (logged and filed as issued), write auskunft-<nr>-<date>.pdf/.json, open the PDF."""
        ctx = self.ctx
        now = datetime.now().replace(microsecond=0)

        def work(session: DbSession) -> WrittenReport:
            report = collect_access_report(session, ctx.actor, person_id, now, ctx.settings.office.name)
            stem = f"auskunft-{person_id}-{now:%Y%m%d-%H%M}"
            pdf = access_report_pdf(report)
            pdf_path, json_path = folder / f"{stem}.pdf", folder / f"{stem}.json"
            write_whole(pdf_path, pdf)
            write_whole_text(json_path, access_report_json(report))
            return WrittenReport(pdf_path, json_path, pdf)

        def done(written: WrittenReport) -> None:
            self.preview = DocumentPreviewDialog(
                ctx, _("Auskunft nach Art. 15 DSGVO"), written.pdf_path.name, pdf=written.pdf, parent=self.view
            )
            self.preview.status.setText(
                _("Gespeichert: {pdf} und {json}").format(pdf=written.pdf_path, json=written.json_path.name)
            )
            self.preview.open()

        run_operation(
            ctx, work, done, parent=self.view, label=_("Auskunft wird erstellt …"), errors=self._failed,
            expected=(OSError,),
        )  # fmt: skip

    def _erase_clicked(self, person_id: int) -> None:
        self.open_erase(person_id)

    def open_erase(self, person_id: int) -> ErasePersonDialog | None:
        """Open the erasure confirmation for the shown person (non-blocking)."""
        case = self.view.case
        if case is None or case.person.id != person_id:
            return None
        dialog = ErasePersonDialog(
            self.ctx, person_id, case.person.display_name, case.person.data.family_name, self.view
        )
        dialog.erased.connect(lambda _id: self.view.back_requested.emit())
        dialog.open()
        self.erase_dialog = dialog
        return dialog

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self.view, _("Auskunft"), message)
