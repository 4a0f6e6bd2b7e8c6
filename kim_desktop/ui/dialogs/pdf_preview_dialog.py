"""Preview of any rendered PDF (QtPdf) with print (QPrinter) and save; optionally records it first."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.icons import icon
from kim_desktop.ui.operations import run_task, show_expected_error
from kim_desktop.ui.printing import PdfBytes, ask_printer, confirmation, print_remembering
from kim_desktop.ui.screen_fit import resize_to_screen

# Run on the worker before printing or saving: records the document as issued and returns the PDF to print or save.
IssueCallback = Callable[[], bytes]
# Asked on the GUI thread when printing or saving starts: the work that records the document (for the worker) and
# what then runs on the GUI thread with its result, returning the PDF to print or save.
Recording = tuple[Callable[[], Any], Callable[[Any], bytes]]


class PdfPreviewDialog(QDialog):
    """Shows PDF bytes as they will print; print and save go through `issue` when given (e.g. to record a letter)."""

    def __init__(
        self,
        ctx: UiContext,
        pdf: bytes | None,
        title: str,
        file_name: str | None = None,
        issue: IssueCallback | None = None,
        parent: QWidget | None = None,
        job_name: str = "",
        recording: Callable[[], Recording] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job_name = job_name or f"KIM {title}"  # the print queue's name for the job: no personal data
        self.pdf = pdf or b""
        self.file_name = file_name or _("Dokument.pdf")
        self.issue = issue
        self.recording = recording
        self._loaded: PdfBytes | None = None
        self._previous: PdfBytes | None = None
        self.setWindowTitle(title)
        resize_to_screen(self, 760, 900)  # a page's height where there is room; 768-px screens have less
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
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        if pdf is not None:  # None: a subclass renders the PDF itself
            self.set_pdf(pdf)

    def focus_print(self) -> None:
        """Put the focus on "Drucken" (the step after a preview opens)."""
        self.print_button.setFocus()

    def set_pdf(self, pdf: bytes) -> None:
        """Show other PDF bytes (e.g. after the letter was rendered again)."""
        self.pdf = pdf
        loaded = PdfBytes(pdf)
        self.view.setDocument(loaded.document)
        # Only now may the old document go: freeing it while the view still shows it crashes Qt (segfault).
        self._previous, self._loaded = self._loaded, loaded
        self.status.setText(_("{pages} Seiten").format(pages=self.page_count()))

    def page_count(self) -> int:
        """Pages of the PDF shown."""
        return self._loaded.page_count() if self._loaded else 0

    def document(self) -> QPdfDocument | None:
        """The QtPdf document shown (for tests)."""
        return self._loaded.document if self._loaded else None

    def _recording(self) -> Recording | None:
        """What records the document before it is printed or saved (see Recording); None: nothing to record."""
        if self.recording is not None:
            return self.recording()
        if self.issue is not None:
            return self.issue, bytes
        return None

    def _with_final_pdf(self, use: Callable[[bytes], int]) -> int:
        """Record first (on the worker) where this preview records, then use(pdf); what use returned, else 0.

        use's result is there when the work was done before this returns (always with the synchronous task runner).
        """
        used: list[int] = []

        def ready(pdf: bytes) -> None:
            self._guarded(lambda: used.append(use(pdf)))

        def recorded(finish: Callable[[Any], bytes], result: Any) -> None:
            pdf = finish(result)
            self.set_pdf(pdf)  # the recorded document is the one shown
            ready(pdf)

        recording = self._recording()
        if recording is None:
            ready(self.pdf)
        else:
            work, finish = recording
            run_task(self.ctx, work, lambda result: recorded(finish, result), parent=self, errors=self._warn)
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
        self._with_final_pdf(path.write_bytes)

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
