"""The letter preview warns the advisor, before printing, of a passed deadline or an ended seat hold."""

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from kim_desktop.services.referrals import reserve_seat
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.letter_preview_dialog import LetterPreviewDialog
from tests.integration.referral_setup import TODAY, build_network


def reserved(ctx: UiContext) -> int:
    net = build_network(ctx.db)
    with ctx.db.sessions() as session:
        return reserve_seat(session, net.olena, net.course, actor_id=net.advisor, today=TODAY).referral_id


def test_no_warning_while_deadline_and_hold_run(qtbot: QtBot, ui_context: UiContext) -> None:
    dialog = LetterPreviewDialog(ui_context, reserved(ui_context), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() >= 1
    assert not dialog.warning_label.isVisible()
    assert dialog.warning_label.text() == ""
    dialog.close()


def test_passed_deadline_and_ended_hold_show_as_a_warning_line(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    dialog = LetterPreviewDialog(ui_context, reserved(ui_context), today=date(2026, 4, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page_count() >= 1  # the letter is still shown: the advisor decides
    assert dialog.warning_label.isVisible()
    text = dialog.warning_label.text()
    assert "Achtung: Die Anmeldefrist des Kurses ist am 01.04.2026 abgelaufen" in text
    assert "Achtung: Die Platzreservierung ist am 05.03.2026 abgelaufen" in text
    assert dialog.warning_label.geometry().bottom() < dialog.view.geometry().top()  # above the letter
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.print_to(printer)
    assert dialog.warning_label.isVisible()  # still there after printing
    dialog.close()


def test_the_warning_goes_when_the_date_is_fine_again(qtbot: QtBot, ui_context: UiContext) -> None:
    dialog = LetterPreviewDialog(ui_context, reserved(ui_context), today=TODAY + timedelta(days=10))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning_label.isVisible() and "05.03.2026" in dialog.warning_label.text()
    dialog.show_warnings(())
    assert not dialog.warning_label.isVisible()
    dialog.close()
