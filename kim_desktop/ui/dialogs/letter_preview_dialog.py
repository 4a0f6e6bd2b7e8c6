"""Preview of a referral letter (QtPdf) with print, save as PDF and a choice of the second language."""

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.letters import IssuedLetter, issue_referral_letter, letter_language_names
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog, Recording
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session, run_operation
from kim_desktop.ui.style import note_style, status_colours


class LetterPreviewDialog(PdfPreviewDialog):
    """Shows the referral letter as it will print, with a choice of the second language.

    Printing or saving records the letter as issued. What the advisor must know first (registration deadline
    passed, seat no longer held …) shows as a warning line above the letter.
    """

    def __init__(
        self, ctx: UiContext, referral_id: int, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(
            ctx, None, _("Vermittlungsschreiben"), _("Vermittlung-{id}.pdf").format(id=referral_id), parent=parent,
            job_name=f"KIM Vermittlungsschreiben {referral_id}",
        )  # fmt: skip
        self.referral_id = referral_id
        self.today = today or date.today()
        self.language: str = ""
        self.language_box = QComboBox()
        self.language_box.addItem(_("Sprache der Person / wie zuletzt gedruckt"), None)
        for code, name in letter_language_names():
            self.language_box.addItem(f"{name} ({code})", code)
        self.language_box.currentIndexChanged.connect(lambda _index: self.refresh())
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Zweite Sprache:")))
        top.addWidget(self.language_box, 1)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(note_style(status_colours().warning_box))
        self.warning_label.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, top)
        layout.insertWidget(1, self.warning_label)
        self.refresh()

    def chosen_language(self) -> str | None:
        """The language picked, or None for the stored / the person's language."""
        value = self.language_box.currentData()
        return str(value) if value else None

    def set_language(self, code: str | None) -> None:
        """Pick a language (re-renders the preview)."""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(code)))

    def _issue(self, record: bool) -> Callable[[DbSession], IssuedLetter]:
        """The letter's use case for the worker, with what the dialog shows now (read here, on the GUI thread)."""
        referral_id, office, actor, today = self.referral_id, self.ctx.settings.office, self.ctx.actor, self.today
        language = self.chosen_language()
        return lambda session: issue_referral_letter(
            session, referral_id, office, actor=actor, today=today, language=language, record=record
        )

    def refresh(self) -> None:
        """Render the letter for the preview (nothing is recorded)."""
        run_operation(self.ctx, self._issue(False), self._show, parent=self, errors=self.status)

    def _show(self, letter: IssuedLetter) -> None:
        self.language = letter.language
        self.set_pdf(letter.pdf)
        self.show_warnings(letter.warnings)

    def show_warnings(self, warnings: tuple[str, ...]) -> None:
        """Show what the advisor should know before printing, or hide the line when there is nothing."""
        lines = [_("Achtung: {warning}").format(warning=translate_text(warning)) for warning in warnings]
        self.warning_label.setText("\n".join(lines))
        self.warning_label.setVisible(bool(lines))

    def set_pdf(self, pdf: bytes) -> None:
        """Show the letter and which languages it holds."""
        super().set_pdf(pdf)
        self.status.setText(
            _("{pages} Seiten · Deutsch + {language}").format(pages=self.page_count(), language=self.language)
            if self.language != "de"
            else _("{pages} Seiten · nur Deutsch").format(pages=self.page_count())
        )

    def _recording(self) -> Recording:
        # Printing or saving records the letter first (a method, not an `issue` callback: no reference cycle).
        return in_session(self.ctx, self._issue(True)), self._recorded

    def _recorded(self, letter: IssuedLetter) -> bytes:
        self.language = letter.language  # before the preview shows the recorded PDF: its status line names it
        self.show_warnings(letter.warnings)
        self.ctx.events.data_changed.emit(DataKind.REFERRALS)
        return letter.pdf
