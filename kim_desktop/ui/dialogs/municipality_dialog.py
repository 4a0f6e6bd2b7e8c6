"""The municipality form: name, postcodes, official key (AGS), town."""

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.municipalities import (
    MunicipalityInput,
    MunicipalityRow,
    add_municipality,
    update_municipality,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session


class MunicipalityDialog(FormDialog):
    """Add a municipality (row None) or rename / correct one."""

    def __init__(self, ctx: UiContext, row: MunicipalityRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Gemeinde bearbeiten") if row else _("Neue Gemeinde"), parent)
        self.row = row
        self.saved_id: int | None = None
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.postcodes = QLineEdit()
        self.postcodes.setPlaceholderText(_("z. B. 49565 49593"))
        self.ags = QLineEdit()
        self.ags.setMaxLength(8)
        self.ags.setPlaceholderText(_("8 Ziffern, z. B. 03459008"))
        self.is_town = QCheckBox(_("Stadt"))
        self.add_field("name", _("Name *"), self.name)
        self.add_field("postcodes", _("Postleitzahlen"), self.postcodes)
        self.add_field("ags", _("Gemeindeschlüssel (AGS)"), self.ags)
        self.add_field("is_town", "", self.is_town)
        if row is not None:
            data = row.input()
            self.name.setText(data.name)
            self.postcodes.setText(data.postcodes)
            self.ags.setText(data.ags)
            self.is_town.setChecked(data.is_town)
        self.resize(460, self.sizeHint().height())
        self.name.setFocus()

    def municipality_input(self) -> MunicipalityInput:
        """The form's values."""
        return MunicipalityInput(self.name.text(), self.postcodes.text(), self.ags.text(), self.is_town.isChecked())

    def save(self) -> None:
        """Save in the background; errors appear beside the fields."""
        data, row, actor = self.municipality_input(), self.row, self.ctx.actor

        def work(session: DbSession) -> int:
            if row is None:
                return add_municipality(session, data, actor=actor)
            update_municipality(session, row.id, data, actor=actor)
            return row.id

        self.save_in_background(in_session(self.ctx, work), self._saved)

    def _saved(self, municipality_id: int) -> None:
        self.saved_id = municipality_id
        self.ctx.events.data_changed.emit(DataKind.NETWORK)
