"""The case view's handover button: only on a network desk, names a missing consent, hands over with one."""

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import ConsentMethod, Role
from kim_desktop.paths import resolve_paths
from kim_desktop.services.privacy import ConsentInput, record_consent
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.case_handover_dialog import HandoverDialog
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.pages.case_view import CaseView
from kim_desktop.ui.tasks import SyncTaskRunner
from tests.integration.network_fixtures import NetworkUnderTest, add_municipality, add_person, network

pytestmark = pytest.mark.postgres
ADVISOR = Actor(None, "Anna Krüger", Role.ADVISOR)  # type: ignore[arg-type]  # no account row: unchecked audit


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    with network() as made:
        add_municipality(made)
        made.org["rania"] = add_person(made, "jc", "Haddad", "Rania")
        made.org["tesfaye"] = add_person(made, "jc", "Bekele", "Tesfaye")
        with made.desk("jc") as db, db.sessions() as session:
            consent = ConsentInput(
                made.org["rania"], ConsentPurpose.COUNSELLING_HANDOVER,
                frozenset({DataCategory.IDENTITY, DataCategory.ADDRESS}), (made.org["mbe"],), date.today(),
                ConsentMethod.SIGNED_FORM,
            )  # fmt: skip
            record_consent(session, ADVISOR, consent, datetime.now().replace(microsecond=0))
        yield made


@pytest.fixture
def jc_ctx(net: NetworkUnderTest, tmp_path: Path) -> Iterator[UiContext]:
    with net.desk("jc") as db:
        paths = resolve_paths(tmp_path / "jc", portable=False).create()
        yield UiContext(db=db, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents(),
                        actor=ADVISOR)  # fmt: skip


def _case(qtbot: QtBot, ctx: UiContext, person_id: int) -> tuple[QMainWindow, CaseView]:
    window = QMainWindow()
    view = CaseView(ctx)
    window.setCentralWidget(view)
    qtbot.addWidget(window)
    view.show_person(person_id)
    window.show()
    qtbot.waitExposed(window)
    return window, view


def _open_dialog(qtbot: QtBot, view: CaseView) -> HandoverDialog:
    button = view.privacy.handover.button
    assert button.isVisible() and button.text() == "An Partner übergeben …"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = view.privacy.handover.dialog
    assert isinstance(dialog, HandoverDialog) and dialog.isVisible()
    return dialog


def test_without_consent_the_dialog_names_what_is_missing(
    qtbot: QtBot, net: NetworkUnderTest, jc_ctx: UiContext
) -> None:
    _window, view = _case(qtbot, jc_ctx, net.org["tesfaye"])
    dialog = _open_dialog(qtbot, view)
    # The network's other counselling partners only: not the Jobcenter itself, not the course provider.
    assert [dialog.partner.itemText(i) for i in range(dialog.partner.count())] == ["Migrationsberatung Caritas"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.handed_to is None
    shown = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert (
        "Übergabe an „Migrationsberatung Caritas“ nicht möglich: Keine Einwilligung für diesen Empfänger. Nötig ist "
        "eine Einwilligung der Person zur „Übergabe an einen anderen Beratungsdienst“ an „Migrationsberatung "
        "Caritas“ mit Name und Geburtsdatum (Fallakte → Einwilligungen)."
    ) in shown
    with net.connect("mbe") as mbe:
        assert mbe.execute("SELECT count(*) FROM people").fetchone() == (0,)
    dialog.reject()


def test_with_consent_the_person_is_handed_over_as_a_copy(
    qtbot: QtBot, net: NetworkUnderTest, jc_ctx: UiContext
) -> None:
    window, view = _case(qtbot, jc_ctx, net.org["rania"])
    dialog = _open_dialog(qtbot, view)
    assert "Rania Haddad wechselt" in dialog.findChild(QLabel, "handoverIntro").text()  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    message = "Rania Haddad an „Migrationsberatung Caritas“ übergeben (Kopie; die Fallakte bleibt hier)."
    assert window.statusBar().currentMessage() == message
    assert view.case is not None and view.case.person.id == net.org["rania"]  # the case file stays here
    with net.connect("mbe") as mbe:
        assert mbe.execute("SELECT family_name, given_names FROM people").fetchall() == [("Haddad", "Rania")]
        assert [a for (a,) in mbe.execute("SELECT action FROM audit_events").fetchall()] == ["case_created"]
    with net.connect("jc") as jc:
        sent = jc.execute("SELECT details FROM audit_events WHERE person_id = %s AND action = 'exported'",
                          (net.org["rania"],)).fetchall()  # fmt: skip
        assert len(sent) == 1 and "Migrationsberatung Caritas" in sent[0][0]


def test_a_single_office_desk_has_no_handover_button(qtbot: QtBot, ui_context: UiContext) -> None:
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    view.show()
    assert not view.privacy.handover.button.isVisibleTo(view)


def test_a_reader_on_the_network_has_none_either(qtbot: QtBot, net: NetworkUnderTest, jc_ctx: UiContext) -> None:
    reader = UiContext(db=jc_ctx.db, paths=jc_ctx.paths, settings=jc_ctx.settings, tasks=jc_ctx.tasks,
                       events=jc_ctx.events, actor=Actor(None, "Leo Lesend", Role.READER))  # type: ignore[arg-type]  # fmt: skip
    view = CaseView(reader)
    qtbot.addWidget(view)
    view.show()
    assert not view.privacy.handover.button.isVisibleTo(view)
