"""With English chosen, the consent screens and the registration list's left-out message show English only."""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose
from kim_desktop.domain.enums import Role
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.consent_dialog import ConsentDialog
from kim_desktop.ui.dialogs.consent_review_dialog import ConsentReviewDialog
from kim_desktop.ui.pages.referrals_page import ReferralsPage
from tests.gui.test_english_ui import english, german_on_screen  # noqa: F401 - english: the fixture, used by name
from tests.integration.referral_setup import TODAY, add_consent, build_network


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.usefixtures("english")
def test_consent_dialog_assignment_and_review_list_are_english(qtbot: QtBot, ui_context: UiContext) -> None:
    net = build_network(ui_context.db, max_seats=5)
    add_consent(ui_context.db, net.rania, [net.provider], purpose=None, data=frozenset())
    ui_context = replace(ui_context, actor=Actor(net.advisor, "Anna Krüger", Role.ADVISOR))
    dialog = shown(qtbot, ConsentDialog(ui_context, net.rania))
    assert isinstance(dialog, ConsentDialog)
    dialog.purpose.set_purpose(ConsentPurpose.COURSE_REGISTRATION)
    assert [t for t in german_on_screen(dialog) if not t.startswith("recipient_ids:")] == []  # partner names: data
    assert dialog.purpose.currentText() == "Registration with the course provider"
    review = shown(qtbot, ConsentReviewDialog(ui_context))
    assert isinstance(review, ConsentReviewDialog)
    assert review.table.rowCount() == 1
    review.table.selectRow(0)
    assign = review.assign()
    assert assign is not None
    qtbot.waitExposed(assign)
    # The consent's own words (German, typed by an advisor) are data, not UI text: only the frame is checked.
    texts = [t for t in german_on_screen(assign) if "assignPurposeText" not in t]
    assert texts == []
    assign.close()
    review.close()


@pytest.mark.usefixtures("english")
def test_the_left_out_message_gives_the_reason_in_english(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, no_modal_message_boxes: list[str]
) -> None:
    net = build_network(ui_context.db, max_seats=5)
    for person in (net.rania, net.tesfaye):
        with ui_context.db.sessions() as session:
            reserve_seat(session, person, net.course, actor_id=net.advisor, today=TODAY)
    add_consent(ui_context.db, net.rania, [net.provider])
    add_consent(ui_context.db, net.tesfaye, [net.provider], purpose=ConsentPurpose.CHILDCARE_SEARCH)
    page = ReferralsPage(ui_context)
    page.today = TODAY
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.table.selectRow(0)
    page.save_registration_list(tmp_path / "list.csv", csv=True)
    (told,) = no_modal_message_boxes
    assert "Abebe, Tesfaye: Consent only for another purpose: Childcare search." in told
    assert "Haddad" in (tmp_path / "list.csv").read_text(encoding="utf-8")  # the provider's list stays German
