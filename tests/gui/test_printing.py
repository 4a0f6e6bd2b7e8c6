"""Printing as an office prints: the chosen page range, the PDF itself to a CUPS queue with a job name, a
confirmation; page images only where there is no queue (tested through a PDF file as the printer)."""

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from kim_desktop.ui import printing
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog


def _three_pages() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out)
    for number in range(1, 4):
        canvas.drawString(100, 700, f"Seite {number}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _file_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_the_page_range_is_printed_not_the_whole_document(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    preview = DocumentPreviewDialog(ui_context, "Probe", pdf=_three_pages())
    qtbot.addWidget(preview)
    printer = _file_printer(tmp_path / "seite2.pdf")
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)  # "Seiten 2 bis 2" in the print dialog
    assert preview.print_to(printer) == 1
    assert len(PdfReader(tmp_path / "seite2.pdf").pages) == 1
    everything = _file_printer(tmp_path / "alle.pdf")
    assert preview.print_to(everything) == 3
    assert preview.status.text().startswith("An „") and "3 Seiten" in preview.status.text()


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for CUPS' `lp` on PATH: keeps its arguments and the bytes it was given, answers like lp."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{tmp_path}/lp-args.txt"\n'
        f'cat > "{tmp_path}/lp-input.pdf"\n'
        'echo "request id is Buero-7 (1 file(s))"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return tmp_path


@pytest.mark.skipif(os.name == "nt", reason="CUPS' lp exists on Linux and macOS only")
def test_a_cups_printer_gets_the_pdf_itself_with_a_job_name_and_the_range(
    qtbot: QtBot, ui_context: UiContext, fake_lp: Path
) -> None:
    pdf = _three_pages()
    preview = DocumentPreviewDialog(
        ui_context, "Vermittlungsschreiben", pdf=pdf, job_name="KIM Vermittlungsschreiben 102"
    )
    qtbot.addWidget(preview)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPrinterName("Buero")
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(1, 2)
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat or printer.printerName() != "Buero":
        pytest.skip("Qt has no print system here to name a printer (no CUPS library)")
    assert preview.print_to(printer) == 2
    args = (fake_lp / "lp-args.txt").read_text(encoding="utf-8").split("\n")
    assert args[:4] == ["-d", "Buero", "-t", "KIM Vermittlungsschreiben 102"]
    assert "-P" in args and args[args.index("-P") + 1] == "1-2"
    assert (fake_lp / "lp-input.pdf").read_bytes() == pdf  # the PDF itself, not page images
    assert preview.status.text() == "An „Buero“ gesendet: 2 Seiten (Auftrag Buero-7)."


def test_the_range_rule() -> None:
    printer = QPrinter()
    assert printing.chosen_pages(printer, 3) == range(3)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)
    assert printing.chosen_pages(printer, 3) == range(1, 3)
    printer.setFromTo(4, 5)
    assert printing.chosen_pages(printer, 3) == range(0)


class _QueuePrinter:
    """The parts of a QPrinter the print-queue path reads (Qt here has no print system to name a printer)."""

    def __init__(self, name: str, job: str, pages: tuple[int, int] | None = None, copies: int = 1) -> None:
        self.name, self.job, self.pages, self.copies = name, job, pages, copies

    def printerName(self) -> str:  # noqa: N802 - Qt's name
        return self.name

    def docName(self) -> str:  # noqa: N802
        return self.job

    def copyCount(self) -> int:  # noqa: N802
        return self.copies

    def printRange(self) -> QPrinter.PrintRange:  # noqa: N802
        return QPrinter.PrintRange.PageRange if self.pages else QPrinter.PrintRange.AllPages

    def fromPage(self) -> int:  # noqa: N802
        return self.pages[0] if self.pages else 0

    def toPage(self) -> int:  # noqa: N802
        return self.pages[1] if self.pages else 0

    def outputFormat(self) -> QPrinter.OutputFormat:  # noqa: N802
        return QPrinter.OutputFormat.NativeFormat


@pytest.mark.skipif(os.name == "nt", reason="CUPS' lp exists on Linux and macOS only")
def test_the_print_queue_gets_the_pdf_a_name_the_range_and_copies(fake_lp: Path) -> None:
    pdf = _three_pages()
    printer = _QueuePrinter("Buero", "KIM Vermittlungsschreiben 102", pages=(2, 3), copies=2)
    job = printing.print_document(pdf, printer)  # type: ignore[arg-type]
    assert job == printing.PrintJob("Buero", 2, "Buero-7")
    args = (fake_lp / "lp-args.txt").read_text(encoding="utf-8").split("\n")
    assert args[:4] == ["-d", "Buero", "-t", "KIM Vermittlungsschreiben 102"]
    assert args[args.index("-P") + 1] == "2-3" and args[args.index("-n") + 1] == "2"
    assert (fake_lp / "lp-input.pdf").read_bytes() == pdf  # the PDF itself, not 300-dpi page images
    assert printing.confirmation(job) == "An „Buero“ gesendet: 2 Seiten (Auftrag Buero-7)."


def test_a_refused_job_is_a_message(fake_lp: Path) -> None:
    (fake_lp / "bin" / "lp").write_text('#!/bin/sh\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(printing.KimError, match="Der Drucker hat den Auftrag abgelehnt: lp: The printer"):
        printing.print_document(_three_pages(), _QueuePrinter("Weg", "KIM Probe"))  # type: ignore[arg-type]


def test_the_window_can_show_tigrinya_and_arabic(qtbot: QtBot, ui_context: UiContext) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from kim_desktop.documents.letter_texts import load_letter_texts
    from kim_desktop.ui.fonts import register_bundled_fonts
    from kim_desktop.ui.main_window import MainWindow

    window = MainWindow(ui_context)  # registers the bundled fonts
    qtbot.addWidget(window)
    assert {"Noto Sans Ethiopic", "Noto Naskh Arabic"} <= set(register_bundled_fonts())
    tigrinya = load_letter_texts("ti")  # the "Zweite Sprache" list names it in its own script
    assert tigrinya is not None
    ethiopic = QFontMetrics(QFont("Noto Sans Ethiopic"))
    letters = [ch for ch in tigrinya.language_name if not ch.isspace()]
    assert letters and all(ethiopic.inFontUcs4(ord(ch)) for ch in letters)
    arabic = QFontMetrics(QFont("Noto Naskh Arabic"))
    assert all(arabic.inFontUcs4(ord(ch)) for ch in "العربية")
