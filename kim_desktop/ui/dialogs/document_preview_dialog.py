"""The one preview of every document (QtPdf): print, save, second language, warnings; records what goes out."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.document_language import letter_language_names
from kim_desktop.services.issued_documents import IssuedPdf
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.icons import icon
from kim_desktop.ui.operations import in_session, run_operation, run_task, show_expected_error
from kim_desktop.ui.printing import PdfBytes, ask_printer, confirmation, print_remembering
from kim_desktop.ui.screen_fit import resize_to_screen
from kim_desktop.ui.style import note_style, status_colours
from kim_desktop.whole_files import write_whole

# A document's issuing use case for the worker: given the second language picked (None: the stored or the person's)
# and whether to record it as issued (printing and saving do; the preview does not).
Issuer = Callable[[str | None, bool], Callable[[DbSession], IssuedPdf]]


class DocumentPreviewDialog(QDialog):
    """Shows a document as it will print; printing or saving records it first when it comes from an issuer.

    Either fixed PDF bytes (a file already written) or an issuer: the preview renders through the issuer
    without recording, and print or save issue it again with record=True, so what goes out is what is stored.
    With `languages`, a choice of the second language re-renders the preview. What the advisor must know first
    (a passed registration deadline, a seat no longer held …) shows as a warning line above the document.
    """

    def __init__(
        self,
        ctx: UiContext,
        title: str,
        file_name: str | None = None,
        *,
        pdf: bytes | None = None,
        issuer: Issuer | None = None,
        languages: bool = False,
        changed: str | None = None,  # a DataKind: what printing or saving changed
        on_recorded: Callable[[IssuedPdf], None] | None = None,
        job_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job_name = job_name or f"KIM {title}"  # the print queue's name for the job: no personal data
        self.pdf = pdf or b""
        self.file_name = file_name or _("Dokument.pdf")
        self.issuer = issuer
        self.changed = changed
        self.on_recorded = on_recorded
        self.language = ""  # the second language of the document shown ("" when not known)
        self._loaded: PdfBytes | None = None
        self._previous: PdfBytes | None = None
        self.setWindowTitle(title)
        resize_to_screen(self, 760, 900)  # a page's height where there is room; 768-px screens have less
        self.language_box = QComboBox()
        self.language_box.addItem(_("Sprache der Person / wie zuletzt gedruckt"), None)
        for code, name in letter_language_names():
            self.language_box.addItem(f"{name} ({code})", code)
        self.language_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(note_style(status_colours().warning_box))
        self.warning_label.hide()
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel()
        self.print_button = QPushButton(icon("print.svg"), _("Drucken …"))
        self.save_button = QPushButton(_("Als PDF speichern …"))
        close = QPushButton(_("Schließen"))
        self.print_button.clicked.connect(self._ask_print)
        self.save_button.clicked.connect(self._ask_save)
        close.clicked.connect(self.reject)
        close.setAutoDefault(False)
        self.save_button.setAutoDefault(False)
        self.print_button.setDefault(True)  # Enter prints
        self.print_button.setToolTip(_("Drucken (Strg+P)"))
        self.save_button.setToolTip(_("Als PDF speichern (Strg+S)"))
        QShortcut(QKeySequence.StandardKey.Print, self, self._ask_print)
        QShortcut(QKeySequence.StandardKey.Save, self, self._ask_save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        if languages:
            top = QHBoxLayout()
            top.addWidget(QLabel(_("Zweite Sprache:")))
            top.addWidget(self.language_box, 1)
            layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if issuer is not None:
            self.refresh()
        elif pdf is not None:
            self.set_pdf(pdf)

    # --- what is shown -----------------------------------------------------------------------------------

    def chosen_language(self) -> str | None:
        """The language picked, or None for the stored / the person's language."""
        value = self.language_box.currentData()
        return str(value) if value else None

    def set_language(self, code: str | None) -> None:
        """Pick a language (re-renders the preview)."""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(code)))

    def refresh(self) -> None:
        """Render the document again through its issuer (nothing is recorded)."""
        if self.issuer is not None:
            run_operation(self.ctx, self.issuer(self.chosen_language(), False), self.show_issued, parent=self,
                          errors=self.status)  # fmt: skip

    def show_issued(self, document: IssuedPdf) -> None:
        """Show a rendered document with its languages and warnings."""
        self.language = document.language
        self.set_pdf(document.pdf)
        self.show_warnings(document.warnings)

    def show_warnings(self, warnings: tuple[Any, ...]) -> None:
        """Show what the advisor should know before printing, or hide the line when there is nothing."""
        lines = [_("Achtung: {warning}").format(warning=translate_text(warning)) for warning in warnings]
        self.warning_label.setText("\n".join(lines))
        self.warning_label.setVisible(bool(lines))

    def focus_print(self) -> None:
        """Put the focus on "Drucken" (the step after a preview opens)."""
        self.print_button.setFocus()

    def set_pdf(self, pdf: bytes) -> None:
        """Show other PDF bytes (e.g. after the document was rendered again) and say what they hold."""
        self.pdf = pdf
        loaded = PdfBytes(pdf)
        self.view.setDocument(loaded.document)
        # Only now may the old document go: freeing it while the view still shows it crashes Qt (segfault).
        self._previous, self._loaded = self._loaded, loaded
        pages = self.page_count()
        if not self.language:
            self.status.setText(_("{pages} Seiten").format(pages=pages))
        elif self.language == "de":
            self.status.setText(_("{pages} Seiten · nur Deutsch").format(pages=pages))
        else:
            self.status.setText(_("{pages} Seiten · Deutsch + {language}").format(pages=pages, language=self.language))

    def page_count(self) -> int:
        """Pages of the PDF shown."""
        return self._loaded.page_count() if self._loaded else 0

    def document(self) -> QPdfDocument | None:
        """The QtPdf document shown (for tests)."""
        return self._loaded.document if self._loaded else None

    # --- printing and saving -----------------------------------------------------------------------------

    def _recorded(self, document: IssuedPdf) -> bytes:
        """On the GUI thread once the document is recorded: show it, announce the change; the PDF to use."""
        self.language = document.language  # before the preview shows the recorded PDF: its status line names it
        self.show_warnings(document.warnings)
        if self.changed is not None:
            self.ctx.events.data_changed.emit(self.changed)
        if self.on_recorded is not None:
            self.on_recorded(document)
        return document.pdf

    def _with_final_pdf(self, use: Callable[[bytes], int]) -> int:
        """Record first (on the worker) where this preview records, then use(pdf); what use returned, else 0.

        use's result is there when the work was done before this returns (always with the synchronous task runner).
        """
        used: list[int] = []

        def ready(pdf: bytes) -> None:
            self._guarded(lambda: used.append(use(pdf)))

        def recorded(document: IssuedPdf) -> None:
            pdf = self._recorded(document)
            self.set_pdf(pdf)  # the recorded document is the one shown
            ready(pdf)

        if self.issuer is None:
            ready(self.pdf)
        else:
            work = in_session(self.ctx, self.issuer(self.chosen_language(), True))
            run_task(self.ctx, work, recorded, parent=self, errors=self._warn)
        return used[0] if used else 0

    def print_to(self, printer: QPrinter) -> int:
        """Print (after recording, if this preview records); returns the pages printed; remembers printer and paper."""
        if not printer.docName():
            printer.setDocName(self.job_name)

        def send(pdf: bytes) -> int:
            job = print_remembering(self.ctx, pdf, printer)
            self.status.setText(confirmation(job))
            return job.pages

        return self._with_final_pdf(send)

    def save_to(self, path: Path) -> None:
        """Write the PDF to a file (after recording, if this preview records)."""

        def write(pdf: bytes) -> int:
            write_whole(path, pdf)  # whole or not at all: a full disk leaves no half letter
            return 0

        self._with_final_pdf(write)

    def _ask_print(self) -> None:
        printer = ask_printer(self, self.ctx, self.page_count(), self.job_name)
        if printer is not None:
            self._guarded(lambda: self.print_to(printer))

    def _ask_save(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Als PDF speichern"), self.file_name, _("PDF-Dateien (*.pdf)")
        )
        if name:
            self._guarded(lambda: self.save_to(Path(name)))

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (KimError, OSError) as exc:
            show_expected_error(exc, errors=self._warn, expected=(OSError,))

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, self.windowTitle(), message)
