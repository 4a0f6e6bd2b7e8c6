"""The Vermittlungen page, the letter preview and the refer dialog, offscreen with a synchronous task runner."""

from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from kim_desktop.domain.enums import ReferralState as R
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.settings import load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.letter_preview_dialog import LetterPreviewDialog
from kim_desktop.ui.dialogs.refer_dialog import ReferDialog
from kim_desktop.ui.pages.referrals_page import ReferralsPage
from kim_desktop.ui.printing import prepared_printer
from tests.integration.referral_setup import TODAY, Network, add_consent, build_network


@pytest.fixture
def net(ui_context: UiContext) -> Network:
    return build_network(ui_context.db, max_seats=3)


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


@pytest.fixture
def page(qtbot: QtBot, ui_context: UiContext, net: Network) -> ReferralsPage:
    for person in (net.rania, net.tesfaye):
        with ui_context.db.sessions() as session:
            reserve_seat(
                session, person, net.course, actor_id=net.advisor, today=TODAY, now=datetime.combine(TODAY, time(9))
            )
    widget = ReferralsPage(ui_context)
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_filter_select_and_register(qtbot: QtBot, page: ReferralsPage, net: Network) -> None:
    assert page.model.rowCount() == 2
    page.obliged.setChecked(True)  # only Rania has an obligation
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "Haddad, Rania"
    page.table.selectRow(0)
    register = page.action_buttons[R.REGISTERED]
    assert register.isEnabled()
    assert not page.action_buttons[R.STARTED].isEnabled()
    assert not page.action_buttons[R.DROPPED_OUT].isEnabled()
    with qtbot.waitSignal(page.ctx.events.data_changed):
        qtbot.mouseClick(register, Qt.MouseButton.LeftButton)
    page.obliged.setChecked(False)
    page.state_filter.setCurrentIndex(page.state_filter.findData(R.REGISTERED.value))
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "Haddad, Rania"
    assert page.model.index(0, 1).data() == "beim Träger angemeldet"
    page.table.selectRow(0)
    assert page.action_buttons[R.STARTED].isEnabled()
    assert not page.action_buttons[R.REGISTERED].isEnabled()


def test_reason_is_passed_and_refused_moves_show_a_message(page: ReferralsPage) -> None:
    page.table.selectRow(1)
    page.transition_selected(R.DECLINED, reason="keine Zeit")
    page.state_filter.setCurrentIndex(page.state_filter.findData(R.DECLINED.value))
    assert page.model.rowCount() == 1
    page.table.selectRow(0)
    assert not any(b.isEnabled() for b in page.action_buttons.values())
    page.transition_selected(R.STARTED, reason="")
    assert "kann nicht" in page.message_label.text()


def test_preview_print_and_save(qtbot: QtBot, page: ReferralsPage, tmp_path: Path) -> None:
    page.table.selectRow(0)
    dialog = page.show_letter()
    assert isinstance(dialog, LetterPreviewDialog)
    qtbot.addWidget(dialog)
    document = dialog.document()
    assert document is not None
    assert document.pageCount() == dialog.page_count() >= 2  # German and the person's language
    image = document.render(0, document.pagePointSize(0).toSize())
    assert not image.isNull()
    dialog.set_language("de")
    assert dialog.page_count() >= 1
    assert dialog.language == "de"
    out = tmp_path / "printed.pdf"
    pages = dialog.print_to(pdf_printer(out))
    assert len(PdfReader(out).pages) == pages == dialog.page_count()
    recorded = PdfReader(BytesIO(dialog.pdf)).pages[0].extract_text()
    assert TODAY.strftime("%d.%m.%Y") in recorded  # dated the page's day, as the preview showed it
    saved = tmp_path / "saved.pdf"
    dialog.save_to(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    dialog.close()


def test_printing_remembers_paper_size_for_the_next_print(
    qtbot: QtBot, page: ReferralsPage, ui_context: UiContext, tmp_path: Path
) -> None:
    page.table.selectRow(0)
    dialog = page.show_letter()
    assert isinstance(dialog, LetterPreviewDialog)
    qtbot.addWidget(dialog)
    printer = pdf_printer(tmp_path / "printed.pdf")
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    assert dialog.print_to(printer) == dialog.page_count()
    assert ui_context.settings.paper_size == "A5"
    assert ui_context.settings.last_printer == ""  # a PDF file is not a printer to come back to
    assert load_settings(ui_context.paths.settings_file).paper_size == "A5"
    assert prepared_printer(ui_context).pageLayout().pageSize().id() == QPageSize.PageSizeId.A5
    dialog.close()


def test_batch_and_registration_list(page: ReferralsPage, tmp_path: Path) -> None:
    out = tmp_path / "batch.pdf"
    assert page.print_letters_of_today(pdf_printer(out)) == 2
    assert len(PdfReader(out).pages) >= 4
    page.table.selectRow(0)
    page.save_registration_list(tmp_path / "list.pdf", csv=False)
    page.save_registration_list(tmp_path / "list.csv", csv=True)
    assert (tmp_path / "list.pdf").read_bytes().startswith(b"%PDF")
    assert "2 weitere Personen ohne Einwilligung" in (tmp_path / "list.csv").read_text(encoding="utf-8")


def test_saving_the_registration_list_names_who_was_left_out_and_why(
    page: ReferralsPage, ui_context: UiContext, net: Network, tmp_path: Path, no_modal_message_boxes: list[str]
) -> None:
    add_consent(ui_context.db, net.rania, [net.provider])  # Rania may be listed; Tesfaye revoked his consent
    add_consent(ui_context.db, net.tesfaye, [net.provider], revoked_on=date(2026, 2, 20))
    page.table.selectRow(0)
    page.save_registration_list(tmp_path / "list.csv", csv=True)
    (told,) = no_modal_message_boxes
    assert told.startswith("1 Person steht nicht auf der Anmeldeliste:")
    assert "Tesfaye" in told and "am 20.02.2026 widerrufen" in told and "Haddad" not in told
    assert "enthält ihre Daten nicht" in told
    assert "list.csv" in page.message_label.text()
    saved = (tmp_path / "list.csv").read_text(encoding="utf-8")
    assert "Haddad" in saved and "Tesfaye" not in saved and "1 weitere Person ohne Einwilligung" in saved

    add_consent(ui_context.db, net.tesfaye, [net.provider])  # a new consent: nobody is left out, nothing to tell
    page.save_registration_list(tmp_path / "list.pdf", csv=False)
    assert len(no_modal_message_boxes) == 1
    assert "list.pdf" in page.message_label.text()


def test_refer_dialog_reserves_and_offers_the_letter(qtbot: QtBot, ui_context: UiContext, net: Network) -> None:
    dialog = ReferDialog(ui_context, net.olena, net.course, today=TODAY)
    qtbot.addWidget(dialog)
    assert "05.03.2026" in dialog.summary.text()  # hold end shown before reserving
    assert not dialog.letter_button.isEnabled()
    with qtbot.waitSignal(ui_context.events.data_changed):
        qtbot.mouseClick(dialog.reserve_button, Qt.MouseButton.LeftButton)
    assert dialog.referral_id is not None
    assert dialog.letter_button.isEnabled()
    preview = dialog.show_letter()
    assert preview is not None
    qtbot.addWidget(preview)
    second = ReferDialog(ui_context, net.olena, net.course, today=TODAY)
    qtbot.addWidget(second)
    second.reserve()
    assert "bereits einen Platz" in second.message.text()


def test_filter_choices_and_the_table_model(page: ReferralsPage) -> None:
    courses = [page.course_filter.itemText(i) for i in range(page.course_filter.count())]
    assert courses == ["Alle Kurse", page.rows[0].course_label]
    assert page.provider_filter.itemText(1) == page.rows[0].provider
    page.course_filter.setCurrentIndex(1)
    assert page.model.rowCount() == 2
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Stand"
    assert page.model.index(1, 0).data(Qt.ItemDataRole.UserRole) == page.rows[1].id
    assert page.model.index(0, 2).data() == "05.03.2026"  # reserved: the hold's end is shown
