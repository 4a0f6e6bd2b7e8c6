"""Every dialog fits a 1366×768 laptop at 100 % and at 125 % scaling (1093×614 logical px), buttons in view."""

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

import kim_desktop.ui.dialogs as dialogs_package
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.setup_steps import SetupStep
from kim_desktop.services.accounts import AccountInput, create_first_admin, list_accounts, sign_in
from kim_desktop.services.network_handover import HandoverPartner
from kim_desktop.services.privacy import consents_of
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.ui import screen_fit
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.screen_fit import FRAME, LAPTOP_100, LAPTOP_125, client_area, install_screen_fit
from tests.integration.referral_setup import TODAY, Network, add_consent, build_network

NOW = datetime(2026, 3, 2, 9, 0)
# Dialog classes that are not built here, and why.
NOT_BUILT = {
    "FormDialog": "the base of the small forms, each of which is built here",
}


@pytest.fixture
def admin_context(ui_context: UiContext) -> UiContext:
    with ui_context.db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with ui_context.db.sessions() as session:
        admin: Actor = sign_in(session, "admin", "Verwaltung-2026", NOW)
    return replace(ui_context, actor=admin)


def _pdf() -> bytes:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Probe")
    canvas.save()
    return out.getvalue()


def _builders(ctx: UiContext, net: Network, tmp_path: Path) -> dict[str, Callable[[], QDialog]]:
    from kim_desktop.ui.dialogs import (
        about_dialog,
        account_dialog,
        appointment_dialog,
        assign_purpose_dialog,
        case_handover_dialog,
        consent_dialog,
        consent_review_dialog,
        contact_dialog,
        course_form,
        course_import_dialog,
        course_lookup_dialog,
        document_preview_dialog,
        erase_person_dialog,
        first_admin_dialog,
        letter_preview_dialog,
        location_dialog,
        lookup_picker,
        municipality_dialog,
        municipality_import_dialog,
        organisation_dialog,
        outreach_decisions_dialog,
        outreach_sync_dialog,
        outreach_take_dialog,
        passphrase_dialog,
        password_dialogs,
        person_form,
        refer_dialog,
        revoke_consent_dialog,
        session_form,
        setup_assistant,
        sign_in_dialog,
        topic_dialog,
    )  # fmt: skip

    csv = tmp_path / "kurse.csv"
    csv.write_text("Kursart;Träger\nAlpha;VHS\n", encoding="utf-8")
    add_consent(ctx.db, net.rania, [net.provider])
    with ctx.db.sessions() as session:
        referral = reserve_seat(session, net.olena, net.course, today=TODAY).referral_id
    with ctx.db.sessions() as session:
        consent = consents_of(session, net.rania)[0]
    with ctx.db.sessions() as session:
        account = list_accounts(session, ctx.actor)[0]
    return {
        "AboutDialog": lambda: about_dialog.AboutDialog(ctx),
        "NewAccountDialog": lambda: account_dialog.NewAccountDialog(ctx),
        "AppointmentDialog": lambda: appointment_dialog.AppointmentDialog(ctx, net.rania),
        "HandoverDialog": lambda: case_handover_dialog.HandoverDialog(
            ctx, net.rania, "Rania Haddad", [HandoverPartner(net.authority, "Migrationsberatung Caritas Osnabrück")]
        ),
        "ConsentDialog": lambda: consent_dialog.ConsentDialog(ctx, net.rania),
        "ContactDialog": lambda: contact_dialog.ContactDialog(ctx, net.provider),
        "CourseFormDialog": lambda: course_form.CourseFormDialog(ctx, net.course),
        "CourseImportDialog": lambda: course_import_dialog.CourseImportDialog(ctx, csv),
        "CourseLookupDialog": lambda: course_lookup_dialog.CourseLookupDialog(ctx, net.rania, None, today=TODAY),
        "ErasePersonDialog": lambda: erase_person_dialog.ErasePersonDialog(ctx, net.rania, "Haddad, Rania", "Haddad"),
        "FirstAdminDialog": lambda: first_admin_dialog.FirstAdminDialog(ctx, None, clock=lambda: NOW),
        "LetterPreviewDialog": lambda: letter_preview_dialog.LetterPreviewDialog(ctx, referral),
        "LocationDialog": lambda: location_dialog.LocationDialog(ctx),
        "LookupPickerDialog": lambda: lookup_picker.LookupPickerDialog(ctx),
        "OrganisationDialog": lambda: organisation_dialog.OrganisationDialog(ctx, net.provider),
        "PassphraseDialog": lambda: passphrase_dialog.PassphraseDialog(tmp_path / "kim.db"),
        "ResetPasswordDialog": lambda: password_dialogs.ResetPasswordDialog(ctx, account),
        "ChangeOwnPasswordDialog": lambda: password_dialogs.ChangeOwnPasswordDialog(ctx),
        "DocumentPreviewDialog": lambda: document_preview_dialog.DocumentPreviewDialog(ctx, "Probe", pdf=_pdf()),
        "PersonForm": lambda: person_form.PersonForm(ctx, net.rania),
        "ReferDialog": lambda: refer_dialog.ReferDialog(ctx, net.rania, net.course, today=TODAY),
        "RevokeConsentDialog": lambda: revoke_consent_dialog.RevokeConsentDialog(ctx, consent, today=TODAY),
        "SessionForm": lambda: session_form.SessionForm(ctx, net.rania, "Rania Haddad"),
        "SignInDialog": lambda: sign_in_dialog.SignInDialog(ctx, None, clock=lambda: NOW),
        "MunicipalityDialog": lambda: municipality_dialog.MunicipalityDialog(ctx),
        "MunicipalityImportDialog": lambda: municipality_import_dialog.MunicipalityImportDialog(ctx),
        "TopicDialog": lambda: topic_dialog.TopicDialog(ctx),
        "AssignPurposeDialog": lambda: assign_purpose_dialog.AssignPurposeDialog(ctx, consent),
        "ConsentReviewDialog": lambda: consent_review_dialog.ConsentReviewDialog(ctx),
        "SetupAssistant": lambda: setup_assistant.SetupAssistant(ctx, SetupStep.ACCOUNTS),
        "OutreachTakeDialog": lambda: outreach_take_dialog.OutreachTakeDialog(ctx),
        "OutreachSyncDialog": lambda: outreach_sync_dialog.OutreachSyncDialog(ctx),
        "OutreachDecisionsDialog": lambda: outreach_decisions_dialog.OutreachDecisionsDialog(ctx),
    }


def dialog_classes() -> Iterator[str]:
    """The names of every QDialog subclass defined under ui/dialogs/."""
    for module_info in pkgutil.iter_modules(dialogs_package.__path__):
        module = importlib.import_module(f"{dialogs_package.__name__}.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__ == module.__name__:
                yield name


def buttons_out_of_view(dialog: QDialog) -> list[str]:
    """Visible buttons of the dialog that lie (partly) outside its client area."""
    outside = []
    for button in dialog.findChildren(QAbstractButton):
        if not button.isVisibleTo(dialog) or button.window() is not dialog:
            continue
        if button.parentWidget() is not None and _in_scrolled_area(button):
            continue
        top_left = button.mapTo(dialog, button.rect().topLeft())
        bottom_right = button.mapTo(dialog, button.rect().bottomRight())
        if not (dialog.rect().contains(top_left) and dialog.rect().contains(bottom_right)):
            outside.append(button.text() or button.objectName() or type(button).__name__)
    return outside


def _in_scrolled_area(widget: QWidget) -> bool:
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("screen", [LAPTOP_100, LAPTOP_125], ids=["100 %", "125 %"])
def test_every_dialog_fits_the_laptop_screen(
    qtbot: QtBot, admin_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: QSize
) -> None:
    """Shown as the application shows them (the screen fit installed), on a screen with the laptop's room."""
    monkeypatch.setattr(screen_fit, "available_rect", lambda _window: QRect(QPoint(0, 0), screen))
    install_screen_fit()
    net = build_network(admin_context.db, max_seats=3)
    builders = _builders(admin_context, net, tmp_path)
    found = set(dialog_classes())
    assert found - set(builders) - set(NOT_BUILT) == set(), "a new dialog: build it here or say why not"
    area = client_area(screen)
    too_big: dict[str, str] = {}
    for name, build in builders.items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        problems = []
        if dialog.width() > area.width() or dialog.height() > area.height():
            problems.append(f"size {dialog.width()}×{dialog.height()}")
        if minimum.width() > area.width() or minimum.height() > area.height():
            problems.append(f"minimum {minimum.width()}×{minimum.height()}")
        if hidden := buttons_out_of_view(dialog):
            problems.append(f"buttons out of view: {hidden}")
        frame = QRect(dialog.pos(), dialog.size() + FRAME)
        if not QRect(QPoint(0, 0), screen).contains(frame):
            problems.append(f"frame {frame.getRect()} off the screen")
        if problems:
            too_big[name] = ", ".join(problems)
        dialog.close()
    assert too_big == {}


def test_the_laptop_areas_are_what_the_screens_leave() -> None:
    assert client_area(LAPTOP_100) == QSize(1350, 689)
    assert client_area(LAPTOP_125) == QSize(1077, 535)


def test_the_free_seats_column_is_in_view_on_the_laptop_screen(qtbot: QtBot, ui_context: UiContext) -> None:
    """On the Kurse page at 1366 px the "Frei" column shows without scrolling sideways (demo county's texts)."""
    from kim_desktop.services.demo_data import generate_demo_data
    from kim_desktop.ui.main_window import MainWindow
    from kim_desktop.ui.models.courses_table_model import FREE_COLUMN
    from kim_desktop.ui.pages.courses_page import CoursesPage

    generate_demo_data(ui_context.db.sessions, today=date.today())
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.resize(client_area(LAPTOP_100))
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("courses")
    assert isinstance(page, CoursesPage)
    qtbot.waitUntil(lambda: page.proxy.rowCount() > 0)
    QApplication.processEvents()
    header = page.table.horizontalHeader()
    assert page.table.horizontalScrollBar().value() == 0
    right_edge = header.sectionViewportPosition(FREE_COLUMN) + header.sectionSize(FREE_COLUMN)
    assert right_edge <= page.table.viewport().width(), (right_edge, page.table.viewport().width())
