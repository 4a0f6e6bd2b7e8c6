"""The course location form: provider, name, address, municipality, bus lines and stops, accessibility, childcare."""

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.network_locations import (
    LocationInput,
    LocationRow,
    Place,
    create_location,
    get_location,
    location_choices,
    update_location,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session, run_operation

# The pick-lists (providers, municipalities) and the location being edited.
Loaded = tuple[tuple[list[Place], list[Place]], LocationRow | None]


class LocationDialog(FormDialog):
    """Create a course location (location_id None) or edit one."""

    def __init__(self, ctx: UiContext, location_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Kursort bearbeiten") if location_id else _("Neuer Kursort"), parent)
        self.location_id = location_id
        self.saved_id: int | None = None
        self.provider = QComboBox()
        self.name = QLineEdit()
        self.street = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(10)
        self.municipality = QComboBox()
        self.transit = QPlainTextEdit()
        self.transit.setTabChangesFocus(True)  # Tab moves on instead of typing a tab character
        self.transit.setPlaceholderText(_("Buslinien und Haltestellen, Fußweg"))
        self.transit.setFixedHeight(64)
        self.transit.setTabChangesFocus(True)
        self.accessible = QCheckBox(_("barrierefrei erreichbar"))
        self.childcare = QCheckBox(_("Kinderbetreuung vor Ort"))
        for name, label, widget in (
            ("provider_id", _("Kursträger *"), self.provider), ("name", _("Name *"), self.name),
            ("street", _("Straße *"), self.street), ("postcode", _("Postleitzahl *"), self.postcode),
            ("municipality_id", _("Gemeinde *"), self.municipality), ("transit_notes", _("ÖPNV"), self.transit),
            ("accessible", "", self.accessible), ("childcare_on_site", "", self.childcare),
        ):  # fmt: skip
            self.add_field(name, label, widget)
        self.resize(520, self.sizeHint().height())
        self.name.setFocus()
        self.save_button.setEnabled(False)  # until the choices are there

        def load(session: DbSession) -> Loaded:
            choices = location_choices(session)
            return choices, (get_location(session, location_id) if location_id is not None else None)

        run_operation(ctx, load, self._loaded, parent=self, errors=self.summary)

    def _loaded(self, loaded: Loaded) -> None:
        (providers, municipalities), current = loaded
        for place in providers:
            self.provider.addItem(place.label, place.id)
        for place in municipalities:
            self.municipality.addItem(place.label, place.id)
        self.save_button.setEnabled(True)
        if current is not None:
            self.provider.setCurrentIndex(self.provider.findData(current.provider_id))
            self.name.setText(current.name)
            self.street.setText(current.street)
            self.postcode.setText(current.postcode)
            self.municipality.setCurrentIndex(self.municipality.findData(current.municipality_id))
            self.transit.setPlainText(current.transit_notes)
            self.accessible.setChecked(current.accessible)
            self.childcare.setChecked(current.childcare_on_site)

    def location_input(self) -> LocationInput:
        """The form's values."""
        return LocationInput(
            provider_id=int(self.provider.currentData() or 0), name=self.name.text(), street=self.street.text(),
            postcode=self.postcode.text(), municipality_id=int(self.municipality.currentData() or 0),
            transit_notes=self.transit.toPlainText(), accessible=self.accessible.isChecked(),
            childcare_on_site=self.childcare.isChecked(),
        )  # fmt: skip

    def save(self) -> None:
        """Save in the background; errors appear beside the fields."""
        data, location_id = self.location_input(), self.location_id

        def work(session: DbSession) -> int:
            if location_id is None:
                return create_location(session, data, actor=self.ctx.actor)
            update_location(session, location_id, data, actor=self.ctx.actor)
            return location_id

        self.save_in_background(in_session(self.ctx, work), self._saved)

    def _saved(self, location_id: int) -> None:
        self.saved_id = location_id
        self.ctx.events.data_changed.emit(DataKind.NETWORK)
