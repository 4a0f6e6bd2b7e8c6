"""The referral letter in the document preview: second language to choose, warnings, recorded when it goes out."""

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.issued_documents import IssuedPdf
from kim_desktop.services.letters import issue_referral_letter
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from kim_desktop.ui.events import DataKind


class LetterPreviewDialog(DocumentPreviewDialog):
    """A referral's letter as it will print; printing or saving records it (a printed letter is reprinted as it was)."""

    def __init__(
        self, ctx: UiContext, referral_id: int, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        office, actor, day = ctx.settings.office, ctx.actor, today or date.today()

        def issuer(language: str | None, record: bool) -> Callable[[DbSession], IssuedPdf]:
            return lambda session: issue_referral_letter(
                session, referral_id, office, actor=actor, today=day, language=language, record=record
            )

        super().__init__(
            ctx, _("Vermittlungsschreiben"), _("Vermittlung-{id}.pdf").format(id=referral_id), issuer=issuer,
            languages=True, changed=DataKind.REFERRALS, job_name=f"KIM Vermittlungsschreiben {referral_id}",
            parent=parent,
        )  # fmt: skip
        self.referral_id = referral_id
        self.today = day  # the day the letter is dated (fixed when the preview opens; the page's day in tests)
