"""The provider's tab on the network: it lists only consented referrals, confirms, and the referring case shows it."""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose
from kim_desktop.domain.enums import ConsentMethod, ReferralState, Role
from kim_desktop.paths import resolve_paths
from kim_desktop.services.privacy import ConsentInput, record_consent
from kim_desktop.services.referrals import get_referral, reserve_seat
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.pages.network_page import NetworkPage
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


def test_the_provider_confirms_and_the_referring_office_sees_it(
    qtbot: QtBot, net: NetworkUnderTest, provider_ctx: UiContext, advisor_ctx: UiContext, tmp_path: Path
) -> None:
    page = NetworkPage(provider_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.tabs.isTabVisible(page.provider_index)  # a network desk: the provider's tab is there
    page.tabs.setCurrentIndex(page.provider_index)
    tab = page.provider
    table = tab.table
    assert table.rowCount() == 1  # Olena's office has no consent for this provider: not listed
    assert table.item(0, 1).text() == "Haddad, Rania"  # type: ignore[union-attr]
    assert table.item(0, 3).text() == "Platz reserviert"  # type: ignore[union-attr]
    table.selectRow(0)
    qtbot.mouseClick(tab.buttons[ReferralState.REGISTERED], Qt.MouseButton.LeftButton)
    assert table.item(0, 3).text() == "beim Träger angemeldet"  # type: ignore[union-attr]
    assert "gemeldet" in tab.message.text()
    page.grab().save(str(tmp_path / "provider.png"))
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
    shown = referrals.grab()
    assert not shown.isNull()


def test_a_single_office_desk_has_no_provider_tab(qtbot: QtBot, ui_context: UiContext) -> None:
    page = NetworkPage(ui_context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.tabs.isTabVisible(page.provider_index)
