"""The data-protection screens driven as a person would: accounts, own password, consents, erasure, Auskunft,
Löschfristen; and what each role sees."""

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.models import Advisor, AuditEvent, Consent, IssuedDocument, Organisation, Person
from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import ConsentMethod, DocumentKind
from kim_desktop.domain.errors import KimError
from kim_desktop.services.accounts import reset_password, sign_in
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.consent_review_dialog import ConsentReviewDialog
from kim_desktop.ui.dialogs.password_dialogs import ChangeOwnPasswordDialog
from kim_desktop.ui.dialogs.revoke_consent_dialog import RevokeConsentDialog
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.accounts_page import AccountsPage
from kim_desktop.ui.pages.case_view import CaseView
from kim_desktop.ui.pages.follow_ups_page import CounsellingPage
from kim_desktop.ui.pages.people_page import PeoplePage
from kim_desktop.ui.pages.retention_page import RetentionPage
from tests.integration.privacy_fixtures import FAMILY, World, build_world

LEFT = Qt.MouseButton.LeftButton
PASSWORD = "Neues-Passwort-26"


@pytest.fixture
def world(ui_context: UiContext) -> World:
    with ui_context.db.sessions() as session, session.begin():
        return build_world(session)


@pytest.fixture
def answer_yes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """QMessageBox.question answers Yes; the questions asked are recorded."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    yield asked


def as_actor(ctx: UiContext, actor: Actor) -> UiContext:
    return replace(ctx, actor=actor)


def cell(table: object, row: int, column: int) -> str:
    item = table.item(row, column)  # type: ignore[attr-defined]
    return item.text() if item is not None else ""


def column_values(table: object, column: int) -> list[str]:
    return [cell(table, r, column) for r in range(table.rowCount())]  # type: ignore[attr-defined]


def visible_titles(window: MainWindow) -> list[str]:
    nav = window.navigation
    return [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]


def open_case(qtbot: QtBot, ctx: UiContext, person_id: int) -> CaseView:
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.show_person(person_id)
    view.show()
    return view


# --- role gating --------------------------------------------------------------------------------------------


def test_admin_pages_and_actions_only_for_administration(qtbot: QtBot, ui_context: UiContext, world: World) -> None:
    for actor, sees_admin in ((world.admin, True), (world.advisor, False)):
        ctx = as_actor(ui_context, actor)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        titles = visible_titles(window)
        assert ("Benutzerkonten" in titles) is sees_admin and ("Löschfristen" in titles) is sees_admin
        view = open_case(qtbot, ctx, world.person)
        assert view.privacy.erase_button.isVisibleTo(view) is sees_admin
        assert view.privacy.access_button.isVisibleTo(view) is sees_admin
        assert view.consents.record_button.isVisibleTo(view)  # advisors record consents
    with pytest.raises(KimError):
        window.show_page("accounts")  # the advisor's window
    page = AccountsPage(as_actor(ui_context, world.advisor))  # even if built, the service refuses
    qtbot.addWidget(page)
    assert "erlaubt nicht" in page.message_label.text() and page.table.rowCount() == 0


# --- accounts -----------------------------------------------------------------------------------------------


def test_admin_creates_changes_resets_and_unlocks_accounts(qtbot: QtBot, ui_context: UiContext, world: World) -> None:
    ctx = as_actor(ui_context, world.admin)
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert sorted(column_values(page.table, 0)) == ["admin", "anna", "leo"]

    dialog = page.new_account()
    qtbot.keyClicks(dialog.username, "berta")
    qtbot.keyClicks(dialog.display_name, "Berta Neu")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password_repeat, PASSWORD + "x")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and "stimmt nicht" in dialog.errors.message("password_repeat")
    dialog.password_repeat.clear()
    qtbot.keyClicks(dialog.password_repeat, PASSWORD)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert "berta" in column_values(page.table, 0) and page.message_label.text() == "Konto „berta“ angelegt."
    with ui_context.db.sessions() as session:
        assert sign_in(session, "berta", PASSWORD, datetime.now()).display_name == "Berta Neu"

    page.select_username("anna")
    reset = page.reset_selected()
    assert reset is not None
    qtbot.keyClicks(reset.password, PASSWORD)
    qtbot.keyClicks(reset.password_repeat, PASSWORD)
    qtbot.mouseClick(reset.save_button, LEFT)
    assert not reset.isVisible()
    with ui_context.db.sessions() as session:
        assert sign_in(session, "anna", PASSWORD, datetime.now()).display_name == "Anna Krüger"

    with ui_context.db.sessions() as session, session.begin():
        anna = session.get(Advisor, world.advisor.advisor_id)
        assert anna is not None
        anna.failed_logins, anna.locked_until = 5, datetime.now() + timedelta(minutes=15)
    page.reload()
    row = column_values(page.table, 0).index("anna")
    assert cell(page.table, row, 4) and cell(page.table, row, 5) == "5"
    page.select_username("anna")
    assert page.unlock_button.isEnabled()
    qtbot.mouseClick(page.unlock_button, LEFT)
    row = column_values(page.table, 0).index("anna")
    assert (cell(page.table, row, 4), cell(page.table, row, 5)) == ("", "0")

    page.select_username("anna")
    page.role.setCurrentIndex(page.role.findText("Lesen"))
    page.active.setChecked(False)
    qtbot.mouseClick(page.apply_button, LEFT)
    row = column_values(page.table, 0).index("anna")
    assert (cell(page.table, row, 2), cell(page.table, row, 3)) == ("Lesen", "nein")
    assert page.message_label.text() == "Konto „anna“ geändert."


def test_accounts_page_shows_the_last_successful_sign_in(qtbot: QtBot, ui_context: UiContext, world: World) -> None:
    with ui_context.db.sessions() as session:
        reset_password(session, world.admin, world.advisor.advisor_id, PASSWORD, datetime.now())
    with ui_context.db.sessions() as session:
        sign_in(session, "anna", PASSWORD, datetime(2026, 3, 2, 8, 45))
    page = AccountsPage(as_actor(ui_context, world.admin))
    qtbot.addWidget(page)
    page.show()
    assert page.table.horizontalHeaderItem(6).text() == "Letzte Anmeldung"  # type: ignore[union-attr]
    users = column_values(page.table, 0)
    assert cell(page.table, users.index("anna"), 6) == "02.03.2026 08:45"
    assert cell(page.table, users.index("leo"), 6) == "noch nie"


def test_everyone_changes_their_own_password_from_the_menu(qtbot: QtBot, ui_context: UiContext, world: World) -> None:
    with ui_context.db.sessions() as session:
        reset_password(session, world.admin, world.advisor.advisor_id, "Altes-Passwort-1", datetime.now())
    window = MainWindow(as_actor(ui_context, world.advisor))
    qtbot.addWidget(window)
    entry = next(a for a in window.menuBar().actions()[0].menu().actions() if "Passwort" in a.text())  # type: ignore[union-attr]
    assert entry.isVisible()
    entry.trigger()
    (dialog,) = window.findChildren(ChangeOwnPasswordDialog)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.old_password, "falsch-falsch")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password_repeat, PASSWORD)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "stimmt nicht" in dialog.errors.message("old_password")
    dialog.old_password.clear()
    qtbot.keyClicks(dialog.old_password, "Altes-Passwort-1")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    with ui_context.db.sessions() as session:
        assert sign_in(session, "anna", PASSWORD, datetime.now()).advisor_id == world.advisor.advisor_id


# --- consents -----------------------------------------------------------------------------------------------


def test_advisor_records_revokes_and_prints_a_consent(
    qtbot: QtBot, ui_context: UiContext, world: World, tmp_path: Path
) -> None:
    ctx = as_actor(ui_context, world.advisor)
    view = open_case(qtbot, ctx, world.person)
    section = view.consents
    assert section.table.rowCount() == 1 and cell(section.table, 0, 2) == "VHS Melle"

    dialog = section.record()
    assert dialog is not None
    dialog.check_partner("Jobcenter Musterland")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "pauschale" in dialog.errors.message("purpose") and "ankreuzen" in dialog.errors.message("data")
    dialog.purpose.set_purpose(ConsentPurpose.CHILDCARE_SEARCH)  # ticks what a childcare search usually needs
    assert dialog.data.chosen() == {DataCategory.IDENTITY, DataCategory.ADDRESS, DataCategory.CHILDCARE}
    qtbot.keyClicks(dialog.purpose_text, "Kinderbetreuung anfragen")
    dialog.set_method(ConsentMethod.VERBAL_WITNESSED)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "Zeug" in dialog.errors.message("witness")
    qtbot.keyClicks(dialog.witness, "Ben Otte")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert section.table.rowCount() == 2
    newest = column_values(section.table, 0).index("Kita-Suche (Kinderbetreuung anfragen)")
    assert cell(section.table, newest, 1).startswith("Name und Geburtsdatum, Anschrift, Kinderbetreuung")
    assert cell(section.table, newest, 2) == "Jobcenter Musterland"
    assert "mündlich, mit Zeugin/Zeuge (Ben Otte)" in cell(section.table, newest, 3)

    section.table.selectRow(newest)
    qtbot.mouseClick(section.revoke_button, LEFT)
    revoke = section.revoke_dialog
    assert revoke is not None and revoke.isVisible()
    assert revoke.revoked_on.date().toPython() == date.today()  # the default
    qtbot.mouseClick(revoke.save_button, LEFT)
    assert not revoke.isVisible()
    row = column_values(section.table, 0).index("Kita-Suche (Kinderbetreuung anfragen)")
    assert cell(section.table, row, 5) == f"{date.today():%d.%m.%Y}"
    section.table.selectRow(row)
    assert not section.revoke_button.isEnabled()  # revoked once is revoked

    section.table.selectRow(
        column_values(section.table, 0).index("Anmeldung beim Kursträger (Anmeldung zum Integrationskurs)")
    )
    qtbot.mouseClick(section.print_button, LEFT)
    preview = section.preview
    assert preview is not None
    assert preview.isVisible() and preview.page_count() == 2  # German, then Persian (the first language)
    preview.save_to(tmp_path / "einwilligung.pdf")
    assert (tmp_path / "einwilligung.pdf").read_bytes().startswith(b"%PDF")
    with ui_context.db.sessions() as session:
        kinds = session.scalars(sa.select(IssuedDocument.kind).where(IssuedDocument.person_id == world.person))
        assert DocumentKind.CONSENT_FORM in list(kinds)
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "letter_printed")) == 1
    preview.close()


def test_revocation_date_is_picked_between_the_consent_and_today(
    qtbot: QtBot, ui_context: UiContext, world: World
) -> None:
    view = open_case(qtbot, as_actor(ui_context, world.advisor), world.person)
    section = view.consents
    section.table.selectRow(0)  # "Anmeldung zum Integrationskurs", given on 02.02.2026, to VHS Melle
    dialog = section.ask_revoke()
    assert dialog is not None and dialog.isVisible()
    assert any("VHS Melle" in label.text() for label in dialog.findChildren(QLabel))
    dialog.set_revoked_on(date(2026, 1, 15))  # before the consent: the field does not go there
    assert dialog.revoked_on.date().toPython() == date(2026, 2, 2)
    dialog.set_revoked_on(date.today() + timedelta(days=3))  # nor into the future
    assert dialog.revoked_on.date().toPython() == date.today()
    dialog.set_revoked_on(date(2026, 2, 20))  # the person revoked it by letter some days ago
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert cell(section.table, 0, 5) == "20.02.2026"
    with ui_context.db.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "consent_revoked")) == 1


def test_a_future_revocation_date_is_refused_by_the_service(qtbot: QtBot, ui_context: UiContext, world: World) -> None:
    view = open_case(qtbot, as_actor(ui_context, world.advisor), world.person)
    section = view.consents
    section.table.selectRow(0)
    row = section.selected()
    assert row is not None
    tomorrow = date.today() + timedelta(days=1)
    dialog = RevokeConsentDialog(section.ctx, row, section, today=tomorrow)  # a desk whose calendar runs ahead
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.isVisible() and "in der Zukunft" in dialog.errors.message("revoked_on")
    dialog.close()
    section.reload()
    assert cell(section.table, 0, 4) == ""


# --- erasure and access request -----------------------------------------------------------------------------


def test_admin_erases_a_person_after_typing_the_family_name(qtbot: QtBot, ui_context: UiContext, world: World) -> None:
    page = PeoplePage(as_actor(ui_context, world.admin))
    qtbot.addWidget(page)
    page.show()
    view = page.open_person(world.person)
    qtbot.mouseClick(view.privacy.erase_button, LEFT)
    dialog = view.privacy.erase_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm, "Brandt")
    assert not dialog.erase_button.isEnabled()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, FAMILY.lower())
    assert dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, LEFT)
    assert not dialog.isVisible()
    assert page.stack.currentWidget() is page.list
    shown = [page.list.model.row_at(r).id for r in range(page.list.model.rowCount())]
    assert world.person not in shown and world.other in shown
    with ui_context.db.sessions() as session:
        assert session.get(Person, world.person) is None


def test_erasure_while_another_program_reads_says_what_is_still_pending(
    qtbot: QtBot, ui_context: UiContext, world: World
) -> None:
    database = sqlite_path(ui_context.db.url)
    assert database is not None
    reader = sqlite3.connect(database, isolation_level=None)  # another program with the list of people open
    reader.execute("BEGIN")
    reader.execute("SELECT family_name FROM people").fetchall()
    try:
        page = PeoplePage(as_actor(ui_context, world.admin))
        qtbot.addWidget(page)
        page.show()
        view = page.open_person(world.person)
        qtbot.mouseClick(view.privacy.erase_button, LEFT)
        dialog = view.privacy.erase_dialog
        assert dialog is not None
        dialog.confirm.setText(FAMILY)
        qtbot.mouseClick(dialog.erase_button, LEFT)
        assert dialog.isVisible()  # it stays open to say honestly what is left
        assert "sobald alle anderen Programme die Datenbank schließen" in dialog.message.text()
        assert not dialog.erase_button.isVisible() and dialog.cancel_button.text() == "Schließen"
        with ui_context.db.sessions() as session:
            assert session.get(Person, world.person) is None  # the person is gone for everyone
        qtbot.mouseClick(dialog.cancel_button, LEFT)
        assert not dialog.isVisible()
    finally:
        reader.execute("COMMIT")
        reader.close()


def test_admin_writes_the_access_report_into_a_chosen_folder(
    qtbot: QtBot, ui_context: UiContext, world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *_a, **_k: str(tmp_path)))
    view = open_case(qtbot, as_actor(ui_context, world.admin), world.person)
    qtbot.mouseClick(view.privacy.access_button, LEFT)
    (pdf,) = tmp_path.glob("auskunft-*.pdf")
    (json_file,) = tmp_path.glob("auskunft-*.json")
    report = json.loads(json_file.read_text(encoding="utf-8"))
    assert report["person_id"] == world.person
    assert report["sections"]["people"]["records"][0]["family_name"] == FAMILY
    preview = view.privacy.preview
    assert preview is not None and preview.isVisible() and preview.page_count() >= 1
    assert pdf.read_bytes() == preview.pdf
    preview.close()


# --- retention ----------------------------------------------------------------------------------------------


def test_retention_review_names_the_counts_and_empties_the_list(
    qtbot: QtBot, ui_context: UiContext, world: World, answer_yes: list[str]
) -> None:
    with ui_context.db.sessions() as session, session.begin():
        other = session.get(Person, world.other)
        assert other is not None
        other.counselling_ended_on = date.today() - timedelta(days=4 * 366)
    page = RetentionPage(as_actor(ui_context, world.admin))
    qtbot.addWidget(page)
    page.show()
    kinds = column_values(page.table, 1)
    assert kinds.count("Fallakte (Person wird gelöscht)") == 1
    assert "Brandt, Ole" in column_values(page.table, 2)
    tests_due = kinds.count("Einstufungstest (wird geleert)")
    assert tests_due == 1  # the other person's test goes with their case file
    page.set_all_checked(False)
    qtbot.mouseClick(page.apply_button, LEFT)
    assert "mindestens einen" in page.message_label.text() and not answer_yes
    page.set_all_checked(True)
    qtbot.mouseClick(page.apply_button, LEFT)
    assert "1 Fallakte(n) ganz löschen" in answer_yes[-1]
    assert "Einstufungstest von 1 Person(en) leeren" in answer_yes[-1]
    assert page.table.rowCount() == 0
    assert page.message_label.text().startswith("Erledigt: 1 Fallakte(n)")
    with ui_context.db.sessions() as session:
        assert session.get(Person, world.other) is None
        person = session.get(Person, world.person)
        assert person is not None and person.placement_test_date is None


def test_a_free_text_consent_is_reviewed_from_the_case_and_from_the_review_list(
    qtbot: QtBot, ui_context: UiContext, world: World
) -> None:
    with ui_context.db.sessions() as session, session.begin():  # as revision 0006 leaves an older consent
        for person_id, text in ((world.person, "Kita-Anfrage"), (world.other, "Anmeldung VHS")):
            session.add(Consent(person_id=person_id, purpose=None, purpose_text=text, data_text="Name, Telefon",
                                given_on=date(2026, 1, 5), method=ConsentMethod.SIGNED_FORM,
                                recipients=[session.get_one(Organisation, world.provider)]))  # fmt: skip
    ctx = as_actor(ui_context, world.advisor)
    page = CounsellingPage(ctx)
    qtbot.addWidget(page)
    page.show()
    follow_ups = page.follow_ups
    assert follow_ups.review_label.isVisibleTo(page)
    assert follow_ups.review_label.text() == "2 Einwilligungen ohne Zweck gelten für nichts."

    view = open_case(qtbot, ctx, world.person)
    section = view.consents
    row = column_values(section.table, 0).index("ohne Zweck – bitte prüfen (Kita-Anfrage)")
    assert "gilt für nichts" in section.message.text()
    section.table.selectRow(row)
    assert section.assign_button.isEnabled() and not section.print_button.isEnabled()
    dialog = section.ask_assign()
    assert dialog is not None and dialog.isVisible()
    assert "Name, Telefon" in dialog.findChild(QLabel, "assignPurposeText").text()
    dialog.purpose.set_purpose(ConsentPurpose.CHILDCARE_SEARCH)
    dialog.data.set_data({DataCategory.IDENTITY, DataCategory.CONTACT})  # only what the text says
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    assert "Kita-Suche (Kita-Anfrage)" in column_values(section.table, 0)

    follow_ups.refresh()
    assert follow_ups.review_label.text() == "1 Einwilligung ohne Zweck gilt für nichts."
    review = follow_ups.open_review()
    assert isinstance(review, ConsentReviewDialog) and review.table.rowCount() == 1
    assert cell(review.table, 0, 0) == "Brandt, Ole" and cell(review.table, 0, 2) == "Anmeldung VHS"
    review.table.selectRow(0)
    assign = review.assign()
    assert assign is not None
    assign.purpose.set_purpose(ConsentPurpose.COURSE_REGISTRATION)
    assert assign.data.chosen() == frozenset()  # nothing proposed: the advisor ticks what the text says
    qtbot.mouseClick(assign.save_button, LEFT)
    assert "ankreuzen" in assign.errors.message("data")
    assign.data.set_data({DataCategory.IDENTITY, DataCategory.CONTACT})
    qtbot.mouseClick(assign.save_button, LEFT)
    assert review.table.rowCount() == 0 and review.message.text() == "Keine Einwilligung ohne Zweck."
    review.close()
    assert not follow_ups.review_label.isVisibleTo(page)
    with ui_context.db.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "consent_purpose_assigned")) == 2
