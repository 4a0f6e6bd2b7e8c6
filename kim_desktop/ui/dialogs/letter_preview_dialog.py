"""Preview of a referral letter (QtPdf) with print, save as PDF and a choice of the second language."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
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
from kim_desktop.i18n import _
from kim_desktop.services.letters import IssuedLetter, issue_referral_letter
from kim_desktop.settings import save_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind

PRINT_DPI = 300  # enough for text; the printer's own 1200 dpi would make huge page images


class PdfBytes:
    """A QPdfDocument loaded from bytes (keeps the buffer alive as long as the document)."""

    def __init__(self, pdf: bytes) -> None:
        self.document = QPdfDocument()
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)

    def page_count(self) -> int:
        """Number of pages."""
        return int(self.document.pageCount())


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print every page of a PDF on a printer (or into the printer's PDF file); returns the pages printed."""
    loaded = PdfBytes(pdf)
    printer.setFullPage(True)  # the letter has its own DIN 5008 margins
    first = loaded.document.pagePointSize(0)
    printer.setPageSize(QPageSize(first.toSize()))  # a QSize is taken as points
    painter = QPainter()
    if not painter.begin(printer):
        raise KimError(_("Der Drucker kann nicht angesprochen werden."))
    try:
        for page in range(loaded.page_count()):
            if page:
                printer.newPage()
            points = loaded.document.pagePointSize(page)
            image = loaded.document.render(
                page, QSize(round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72))
            )
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return loaded.page_count()


def prepared_printer(ctx: UiContext) -> QPrinter:
    """A printer set to the last printer and paper size used."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if ctx.settings.last_printer:
        printer.setPrinterName(ctx.settings.last_printer)
    size_id = getattr(QPageSize.PageSizeId, ctx.settings.paper_size, None)
    if isinstance(size_id, QPageSize.PageSizeId):
        printer.setPageSize(QPageSize(size_id))
    return printer


def remember_printer(ctx: UiContext, printer_name: str, paper_size: str) -> None:
    """Keep the printer and paper size of a print as the next print's defaults (a PDF file is no printer)."""
    settings = replace(
        ctx.settings, last_printer=printer_name or ctx.settings.last_printer, paper_size=paper_size or "A4"
    )
    if settings != ctx.settings:
        save_settings(ctx.paths.settings_file, settings)
        ctx.settings = settings


def ask_printer(parent: QWidget, ctx: UiContext) -> QPrinter | None:
    """The print dialog, starting on the last printer and paper size used; None if cancelled."""
    printer = prepared_printer(ctx)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


class LetterPreviewDialog(QDialog):
    """Shows the letter as it will print; printing or saving records the letter as issued."""

    def __init__(self, ctx: UiContext, referral_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from kim_desktop.documents.letter_texts import available_languages, load_letter_texts

        self.ctx = ctx
        self.referral_id = referral_id
        self.today = date.today()
        self.pdf: bytes = b""
        self.language: str = ""
        self._loaded: PdfBytes | None = None
        self.setWindowTitle(_("Vermittlungsschreiben"))
        self.resize(760, 900)
        self.language_box = QComboBox()
        self.language_box.addItem(_("Sprache der Person / wie zuletzt gedruckt"), None)
        for code in available_languages():
            texts = load_letter_texts(code)
            self.language_box.addItem(f"{texts.language_name if texts else code} ({code})", code)
        self.language_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel()
        self.print_button = QPushButton(_("Drucken …"))
        self.save_button = QPushButton(_("Als PDF speichern …"))
        close = QPushButton(_("Schließen"))
        self.print_button.clicked.connect(self._ask_print)
        self.save_button.clicked.connect(self._ask_save)
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Zweite Sprache:")))
        top.addWidget(self.language_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.print_button, self.save_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.refresh()

    def chosen_language(self) -> str | None:
        """The language picked, or None for the stored / the person's language."""
        value = self.language_box.currentData()
        return str(value) if value else None

    def set_language(self, code: str | None) -> None:
        """Pick a language (re-renders the preview)."""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(code)))

    def _issue(self, record: bool) -> IssuedLetter:
        with self.ctx.db.sessions() as session:
            return issue_referral_letter(
                session,
                self.referral_id,
                self.ctx.settings.office,
                actor_id=None,  # no sign-in yet: accounts come with the multi-desk mode
                today=self.today,
                language=self.chosen_language(),
                record=record,
            )

    def refresh(self) -> None:
        """Render the letter for the preview (nothing is recorded)."""
        self.ctx.tasks.run(lambda: self._issue(False), self._show, self._fail, parent=self)

    def _show(self, letter: IssuedLetter) -> None:
        self.pdf, self.language = letter.pdf, letter.language
        # Hand the view the new document before the old one is freed: the view must never hold a dead document.
        loaded = PdfBytes(letter.pdf)
        self.view.setDocument(loaded.document)
        self._loaded = loaded
        self.status.setText(
            _("{pages} Seiten · Deutsch + {language}").format(pages=self.page_count(), language=letter.language)
            if letter.language != "de"
            else _("{pages} Seiten · nur Deutsch").format(pages=self.page_count())
        )

    def page_count(self) -> int:
        """Pages of the letter shown."""
        return self._loaded.page_count() if self._loaded else 0

    def document(self) -> QPdfDocument | None:
        """The QtPdf document shown (for tests and printing)."""
        return self._loaded.document if self._loaded else None

    def _fail(self, exc: BaseException) -> None:
        if not isinstance(exc, KimError):
            raise exc
        self.status.setText(str(exc))

    def _recorded(self) -> bytes:
        letter = self._issue(True)
        self.ctx.events.data_changed.emit(DataKind.REFERRALS)
        return letter.pdf

    def print_to(self, printer: QPrinter) -> int:
        """Record the letter as issued and print it; returns the pages printed; remembers printer and paper."""
        # Read before printing: print_pdf sets the page size to the letter's own.
        chosen = printer.printerName() if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat else ""
        paper = printer.pageLayout().pageSize().key()
        pages = print_pdf(self._recorded(), printer)
        remember_printer(self.ctx, chosen, paper)
        return pages

    def save_to(self, path: Path) -> None:
        """Record the letter as issued and write it as a PDF file."""
        path.write_bytes(self._recorded())

    def _ask_print(self) -> None:
        printer = ask_printer(self, self.ctx)
        if printer is not None:
            self._guarded(lambda: self.print_to(printer))

    def _ask_save(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Schreiben speichern"), f"Vermittlung-{self.referral_id}.pdf", _("PDF-Dateien (*.pdf)")
        )
        if name:
            self._guarded(lambda: self.save_to(Path(name)))

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (KimError, OSError) as exc:
            QMessageBox.warning(self, _("Vermittlungsschreiben"), str(exc))
