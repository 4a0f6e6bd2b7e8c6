"""The Netzwerk page: search, new partner via the dialog, field errors, contacts, exports, travel-time grid."""

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.db.models import Municipality
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.services.network import ContactInput, OrganisationInput, add_contact, create_organisation
from kim_desktop.services.network_locations import LocationInput, create_location, travel_time_grid
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.network_page import NetworkPage


def _seed(ctx: UiContext) -> tuple[int, int, int]:
    with ctx.db.sessions() as session:
        vhs = create_organisation(
            session, OrganisationInput("VHS Musterau", OrganisationKind.KURSTRAEGER, city="Musterau")
        )
        create_organisation(session, OrganisationInput("Jobcenter Landkreis", OrganisationKind.JOBCENTER))
        add_contact(session, vhs, ContactInput("Anna Schulz", "Leitung"))
    with ctx.db.sessions() as session, session.begin():
        muni = Municipality(name="Kleindorf", postcodes="49998")
        session.add(muni)
        session.flush()
        muni_id = muni.id
    with ctx.db.sessions() as session:
        loc = create_location(session, LocationInput(vhs, "Haupthaus", "Markt 1", "49999", muni_id))
    return vhs, muni_id, loc


def _page(qtbot: QtBot, ctx: UiContext) -> NetworkPage:
    page = NetworkPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def _names(page: NetworkPage) -> list[str]:
    table = page.partners.table
    return [table.item(r, 0).text() for r in range(table.rowCount())]  # type: ignore[union-attr]


def test_search_and_details(qtbot: QtBot, ui_context: UiContext) -> None:
    _seed(ui_context)
    page = _page(qtbot, ui_context)
    assert _names(page) == ["Jobcenter Landkreis", "VHS Musterau"]
    qtbot.keyClicks(page.partners.search, "schulz")
    qtbot.waitUntil(lambda: _names(page) == ["VHS Musterau"])
    page.partners.table.selectRow(0)
    assert "Kursträger" in page.partners.detail_label.text()
    assert page.partners.contacts.item(0, 0).text() == "Anna Schulz"  # type: ignore[union-attr]
    assert page.partners.table.item(0, 4).text() == "Anna Schulz"  # type: ignore[union-attr]


def test_new_partner_dialog_saves_and_shows_errors_beside_fields(qtbot: QtBot, ui_context: UiContext) -> None:
    page = _page(qtbot, ui_context)
    changes: list[str] = []
    ui_context.events.data_changed.connect(changes.append)
    dialog = page.partners.open_organisation(None)
    qtbot.waitExposed(dialog)
    assert dialog.signed_on.value() is None and dialog.renewed_on.value() is None
    dialog.name.setText("Migrationsberatung Süd")
    qtbot.keyClicks(dialog.postcode, "123")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors.message("postcode").startswith("Postleitzahl")
    assert "c62828" in dialog.postcode.styleSheet()
    assert dialog.errors.message("name") == ""
    dialog.postcode.setText("49999")
    qtbot.keyClick(dialog.postcode, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    assert changes == ["network"]
    assert "Migrationsberatung Süd" in _names(page)
    assert page.partners.selected_id() == dialog.saved_id


def test_add_contact_and_export(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    vhs, _muni, _loc = _seed(ui_context)
    page = _page(qtbot, ui_context)
    assert page.partners.select(vhs)
    dialog = page.partners.open_contact(None)
    assert dialog is not None
    qtbot.keyClicks(dialog.name, "Bernd Meyer")
    qtbot.keyClicks(dialog.email, "kaputt")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("email").startswith("E-Mail")
    dialog.email.setText("b.meyer@vhs.example")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: page.partners.contacts.rowCount() == 2)
    for kind, name in (("csv", "k.csv"), ("vcard", "k.vcf"), ("pdf", "k.pdf")):
        page.partners.save_export(tmp_path / name, kind)
        assert (tmp_path / name).stat().st_size > 0
    assert "Bernd Meyer" in (tmp_path / "k.vcf").read_text(encoding="utf-8")
    assert "gespeichert" in page.partners.message_label.text()


def test_escape_cancels_dialog(qtbot: QtBot, ui_context: UiContext) -> None:
    page = _page(qtbot, ui_context)
    dialog = page.partners.open_organisation(None)
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_locations_tab_and_travel_grid(qtbot: QtBot, ui_context: UiContext) -> None:
    _vhs, muni, loc = _seed(ui_context)
    page = _page(qtbot, ui_context)
    page.tabs.setCurrentIndex(1)
    tab = page.locations
    assert tab.table.rowCount() == 1 and tab.table.item(0, 1).text() == "Haupthaus"  # type: ignore[union-attr]
    assert tab.grid.rowCount() == 1 and tab.grid.columnCount() == 1
    tab.set_minutes(0, 0, "45")
    with ui_context.db.sessions() as session:
        assert travel_time_grid(session).get(muni, loc) == 45
    tab.set_minutes(0, 0, "999")
    assert tab.grid.item(0, 0).text() == "45"  # type: ignore[union-attr]
    assert "Fahrzeit" in tab.message_label.text()
    tab.set_minutes(0, 0, "")
    with ui_context.db.sessions() as session:
        assert travel_time_grid(session).get(muni, loc) is None
    tab.table.selectRow(0)
    dialog = tab.edit_selected()
    assert dialog is not None
    dialog.street.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.message("street").startswith("Straße")
    dialog.street.setText("Markt 2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: tab.table.item(0, 2).text().startswith("Markt 2"))  # type: ignore[union-attr]
