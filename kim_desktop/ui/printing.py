"""Printing PDFs: the PDF itself to a CUPS queue, else page images through Qt; page ranges, job names, confirmation."""

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, ngettext
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


def chosen_pages(printer: QPrinter, page_count: int) -> range:
    """The pages (0-based) the print dialog's range asks for: all, or "von … bis …" clipped to the document."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(page_count, printer.toPage() or page_count)
        return range(first - 1, last)
    return range(page_count)


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print the chosen pages of a PDF as page images (a printer without a PDF queue, or the printer's PDF file).

    Returns the pages printed. The job carries printer.docName() (a name without personal data).
    """
    loaded = PdfBytes(pdf)
    pages = chosen_pages(printer, loaded.page_count())
    if not pages:
        raise KimError(_("Der gewählte Seitenbereich enthält keine Seite (das Dokument hat {n} Seiten).").format(
            n=loaded.page_count()))  # fmt: skip
    printer.setFullPage(True)  # the letter has its own DIN 5008 margins
    first = loaded.document.pagePointSize(pages[0])
    printer.setPageSize(QPageSize(first.toSize()))  # a QSize is taken as points
    printer.setFromTo(0, 0)  # the pages are chosen here; Qt must not skip any of the ones painted
    painter = QPainter()
    if not painter.begin(printer):
        raise KimError(_("Der Drucker kann nicht angesprochen werden."))
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            points = loaded.document.pagePointSize(page)
            image = loaded.document.render(
                page, QSize(round(points.width() * PRINT_DPI / 72), round(points.height() * PRINT_DPI / 72))
            )
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(target, image)
    finally:
        painter.end()
    return len(pages)


@dataclass(frozen=True)
class PrintJob:
    """What went to which printer: for the confirmation the advisor sees."""

    printer: str
    pages: int
    job: str  # the print queue's job id ("Buero-7"), or "" where the system gives none


def print_queue_command() -> str | None:
    """The CUPS client `lp` where the system prints through CUPS (Linux, macOS); None elsewhere."""
    if sys.platform.startswith("win"):
        return None
    return shutil.which("lp")


def send_to_print_queue(lp: str, pdf: bytes, printer: QPrinter, page_count: int) -> PrintJob:
    """Hand the PDF itself to the print queue (sharp text, small jobs, the address stays in the envelope window)."""
    pages = chosen_pages(printer, page_count)
    command = [lp, "-d", printer.printerName(), "-t", printer.docName() or "KIM Desktop", "-o", "fit-to-page=false"]
    if len(pages) != page_count:
        command += ["-P", f"{pages.start + 1}-{pages.stop}"]
    if printer.copyCount() > 1:
        command += ["-n", str(printer.copyCount())]
    command.append("-")
    try:
        done = subprocess.run(command, input=pdf, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KimError(_("Der Druckauftrag konnte nicht übergeben werden: {why}").format(why=exc)) from exc
    answer = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        raise KimError(_("Der Drucker hat den Auftrag abgelehnt: {why}").format(why=answer.strip()))
    found = re.search(r"request id is (\S+)", answer)
    return PrintJob(printer.printerName(), len(pages), found.group(1) if found else "")


def print_document(pdf: bytes, printer: QPrinter) -> PrintJob:
    """Print a PDF: as the PDF itself through the print queue where there is one, else as page images."""
    lp = print_queue_command()
    to_queue = printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and bool(printer.printerName())
    if lp is not None and to_queue:
        return send_to_print_queue(lp, pdf, printer, PdfBytes(pdf).page_count())
    pages = print_pdf(pdf, printer)
    return PrintJob(printer.printerName() or printer.outputFileName(), pages, "")


def confirmation(job: PrintJob) -> str:
    """What the advisor is told after printing."""
    if job.job:
        return ngettext(
            "An „{printer}“ gesendet: {n} Seite (Auftrag {job}).",
            "An „{printer}“ gesendet: {n} Seiten (Auftrag {job}).",
            job.pages,
        ).format(printer=job.printer, n=job.pages, job=job.job)
    return ngettext("An „{printer}“ gesendet: {n} Seite.", "An „{printer}“ gesendet: {n} Seiten.", job.pages).format(
        printer=job.printer, n=job.pages
    )


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


def ask_printer(parent: QWidget, ctx: UiContext, pages: int = 0, job_name: str = "") -> QPrinter | None:
    """The print dialog on the last printer and paper size used, with "Seiten von … bis …"; None if cancelled.

    job_name names the job in the print queue; it must carry no personal data ("KIM Vermittlungsschreiben 102").
    """
    printer = prepared_printer(ctx)
    printer.setDocName(job_name or "KIM Desktop")
    dialog = QPrintDialog(printer, parent)
    if pages:
        dialog.setMinMax(1, pages)
        printer.setFromTo(1, pages)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_remembering(ctx: UiContext, pdf: bytes, printer: QPrinter) -> PrintJob:
    """Print a PDF and keep the printer and paper size as the next print's defaults; what went where."""
    # Read before printing: print_pdf sets the page size to the document's own.
    chosen = printer.printerName() if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat else ""
    paper = printer.pageLayout().pageSize().key()
    job = print_document(pdf, printer)
    remember_printer(ctx, chosen, paper)
    return job
