"""A provider's account on the network: it signs in, sees only consented referrals, confirms; the case shows it."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose
from kim_desktop.domain.enums import ConsentMethod, ReferralState, Role
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import AccountInput, create_first_admin
from kim_desktop.services.privacy import ConsentInput, record_consent
from kim_desktop.services.referrals import get_referral, reserve_seat
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.account_dialog import NewAccountDialog
from kim_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.network_provider_page import ProviderPage
from kim_desktop.ui.pages.referrals_page import ReferralsPage
from kim_desktop.ui.tasks import SyncTaskRunner
from tests.integration.network_fixtures import NetworkUnderTest, add_course, add_municipality, add_person, network

pytestmark = pytest.mark.postgres
ADVISOR = Actor(None, "Anna Krüger", Role.ADVISOR)  # type: ignore[arg-type]  # no account row: unchecked audit


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    today = date.today()
    with network() as made:
        add_municipality(made)
        course = made.org["course"] = add_course(made, "vhs", 10, "Integrationskurs Vormittag")
        made.org["rania"] = add_person(made, "jc", "Haddad", "Rania")
        made.org["olena"] = add_person(made, "mbe", "Petrenko", "Olena")
        with made.desk("jc") as db, db.sessions() as session:
            consent = ConsentInput(
                made.org["rania"], ConsentPurpose.COURSE_REGISTRATION, REGISTRATION_LIST_DATA, (made.org["vhs"],),
                today, ConsentMethod.SIGNED_FORM,
            )  # fmt: skip
            record_consent(session, ADVISOR, consent, datetime.now().replace(microsecond=0))
        for partner, person in (("jc", "rania"), ("mbe", "olena")):
            with made.desk(partner) as db, db.sessions() as session:
                made.org[f"ref_{person}"] = reserve_seat(session, made.org[person], course, today=today).referral_id
        yield made


def _context(net: NetworkUnderTest, partner: str, tmp_path: Path) -> Iterator[UiContext]:
    with net.desk(partner) as db:
        paths = resolve_paths(tmp_path / partner, portable=False).create()
        yield UiContext(db=db, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents())


@pytest.fixture
def provider_ctx(net: NetworkUnderTest, tmp_path: Path) -> Iterator[UiContext]:
    yield from _context(net, "vhs", tmp_path)


@pytest.fixture
def advisor_ctx(net: NetworkUnderTest, tmp_path: Path) -> Iterator[UiContext]:
    yield from _context(net, "jc", tmp_path)


PASSWORD = "Kurs-Konto-2026"
NOW = datetime(2026, 3, 2, 9)


def _provider_account(ctx: UiContext) -> None:
    """The provider's administration makes the account of its staff in the account dialog (role Kursträger)."""
    with ctx.db.sessions() as session:
        admin = create_first_admin(session, AccountInput("leitung", "Leitung VHS", Role.ADMIN, PASSWORD), NOW)
    dialog = NewAccountDialog(replace(ctx, actor=admin))
    dialog.username.setText("kurt")
    dialog.display_name.setText("Kurt Träger")
    dialog.role.setCurrentIndex(dialog.role.findText("Kursträger"))
    dialog.password.setText(PASSWORD)
    dialog.password_repeat.setText(PASSWORD)
    dialog.save()
    assert dialog.created is not None and dialog.created.role == Role.PROVIDER


def _sign_in(qtbot: QtBot, ctx: UiContext, username: str) -> Actor:
    dialog = SignInDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in) as blocker:
        dialog.submit()
    actor = blocker.args[0]
    assert isinstance(actor, Actor)
    return actor


def test_a_provider_signs_in_confirms_and_the_referring_office_sees_it(
    qtbot: QtBot, net: NetworkUnderTest, provider_ctx: UiContext, advisor_ctx: UiContext, tmp_path: Path
) -> None:
    _provider_account(provider_ctx)
    actor = _sign_in(qtbot, provider_ctx, "kurt")
    assert actor.role == Role.PROVIDER
    window = MainWindow(replace(provider_ctx, actor=actor))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    nav = window.navigation
    # Only what a provider's staff use: the catalogue (its own courses editable) and the referrals into them.
    assert [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()] == [
        "Kurse", "Vermittlungen in unsere Kurse",
    ]  # fmt: skip
    assert window.advisor_label.text() == "Angemeldet: Kurt Träger (Kursträger)"
    assert window.current_page_key() == "provider"  # it starts where its work is
    page = window.stack.currentWidget()
    assert isinstance(page, ProviderPage)
    table = page.table
    assert table.rowCount() == 1  # Olena's office has no consent for this provider: not listed
    assert table.item(0, 1).text() == "Haddad, Rania"  # type: ignore[union-attr]
    assert table.item(0, 3).text() == "Platz reserviert"  # type: ignore[union-attr]
    table.selectRow(0)
    qtbot.mouseClick(page.buttons[ReferralState.REGISTERED], Qt.MouseButton.LeftButton)
    assert table.item(0, 3).text() == "beim Träger angemeldet"  # type: ignore[union-attr]
    assert page.message.text() == "Rania Haddad: „beim Träger angemeldet“ gemeldet."
    window.grab().save(str(tmp_path / "provider.png"))
    # The referring office: its referral list shows the provider's confirmation at once.
    referrals = ReferralsPage(advisor_ctx)
    qtbot.addWidget(referrals)
    referrals.show()
    qtbot.waitExposed(referrals)
    assert referrals.model.rowCount() == 1  # its own referral only; Olena's office's is not there
    assert referrals.model.index(0, 0).data() == "Haddad, Rania"
    assert referrals.model.index(0, 1).data() == "beim Träger angemeldet"
    referrals.table.selectRow(0)
    assert referrals.action_buttons[ReferralState.STARTED].isEnabled()  # the office goes on from there
    with advisor_ctx.db.sessions() as session:
        details = get_referral(session, net.org["ref_rania"], actor=ADVISOR)
    assert details.row.state == ReferralState.REGISTERED
    assert details.events[-1].reason.startswith("VHS Osnabrück")
    window.close()


def test_a_counselling_office_is_told_the_provider_role_is_not_for_its_staff(
    qtbot: QtBot, advisor_ctx: UiContext
) -> None:
    with advisor_ctx.db.sessions() as session:
        admin = create_first_admin(session, AccountInput("verwaltung", "Verwaltung", Role.ADMIN, PASSWORD), NOW)
    dialog = NewAccountDialog(replace(advisor_ctx, actor=admin))
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "anna")
    dialog.display_name.setText("Anna Krüger")
    dialog.role.setCurrentIndex(dialog.role.findText("Kursträger"))
    dialog.password.setText(PASSWORD)
    dialog.password_repeat.setText(PASSWORD)
    dialog.save()
    assert dialog.created is None
    assert dialog.isVisible()
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
    assert "„Kursträger“ gibt es nur für die Konten eines Kursträgers im Netzwerk" in shown
