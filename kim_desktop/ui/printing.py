"""Printing PDFs through Qt: load PDF bytes, print every page, remember the printer and paper size."""

from dataclasses import replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _
from kim_desktop.settings import save_settings
from kim_desktop.ui.context import UiContext

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


def print_remembering(ctx: UiContext, pdf: bytes, printer: QPrinter) -> int:
    """Print a PDF and keep the printer and paper size as the next print's defaults; returns the pages printed."""
    # Read before printing: print_pdf sets the page size to the document's own.
    chosen = printer.printerName() if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat else ""
    paper = printer.pageLayout().pageSize().key()
    pages = print_pdf(pdf, printer)
    remember_printer(ctx, chosen, paper)
    return pages
