"""„Für Außentermin mitnehmen“: which municipalities go along, for how many days, where, under which passphrase."""

import platform
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from kim_desktop.domain.errors import FieldError, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.i18n import _
from kim_desktop.services.case_file import list_municipalities
from kim_desktop.services.database import DbSession
from kim_desktop.services.encryption import passphrase_problem
from kim_desktop.services.outreach_copy import DEFAULT_DAYS, CopyTaken, take_outreach_copy
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_session, run_operation

COPY_FILTER = "KIM (*.kim)"  # a file filter, not a sentence


class OutreachTakeDialog(FormDialog):
    """Take a copy of the chosen municipalities' people onto this computer (or a stick) for an outreach day."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Für Außentermin mitnehmen"), parent)
        self.save_button.setText(_("Kopie anlegen"))
        self.towns = QListWidget()
        self.towns.setMinimumHeight(160)
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(_(" Tage"))
        self.target = QLineEdit(str(Path.home() / "aussentermin.kim"))
        choose = QPushButton(_("Wählen …"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_file)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(choose)
        holder = QWidget()
        holder.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.laptop = QLineEdit(platform.node())
        self.add_field("municipality_ids", _("Gemeinden *"), self.towns)
        self.add_field("days", _("Gültig für"), self.days)
        self.add_field("target", _("Datei der Kopie *"), holder)
        self.add_field("passphrase", _("Passphrase *"), self.passphrase)
        self.add_field("repeat", _("Passphrase wiederholen *"), self.repeat)
        self.add_field("laptop", _("Name des Laptops"), self.laptop)
        self.taken: CopyTaken | None = None
        run_operation(ctx, list_municipalities, self._show_towns, parent=self)
        self.resize(560, self.sizeHint().height())

    def _show_towns(self, choices: list) -> None:  # type: ignore[type-arg]
        for choice in choices:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.towns.addItem(item)

    def _choose_file(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Datei der Kopie"), self.target.text(), COPY_FILTER)
        if chosen:
            self.target.setText(chosen)

    def chosen_towns(self) -> list[int]:
        """The ids of the ticked municipalities."""
        items = (self.towns.item(i) for i in range(self.towns.count()))
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        """Check the passphrase here, then take the copy in the background."""
        problem = passphrase_problem(self.passphrase.text(), self.repeat.text())
        if problem is not None:
            self.errors.clear()
            self._failed(ValidationFailed([FieldError("passphrase", problem)]))
            return
        towns, target, days = self.chosen_towns(), Path(self.target.text().strip()), self.days.value()
        passphrase, laptop = self.passphrase.text(), self.laptop.text().strip() or _("Laptop")
        office = self.ctx.settings.office.name or _("Büro")
        actor = self.ctx.actor
        if not self.target.text().strip():
            self._failed(ValidationFailed([FieldError("target", Text(N_("Datei der Kopie: bitte angeben.")))]))
            return

        def work(session: DbSession) -> CopyTaken:
            return take_outreach_copy(session, target, municipality_ids=towns, office=office, laptop=laptop,
                                      days=days, passphrase=passphrase, actor=actor)  # fmt: skip

        self.save_in_background(in_session(self.ctx, work), self._taken)

    def _taken(self, taken: CopyTaken) -> None:
        self.taken = taken
        parent = self.parentWidget()
        message = _("Kopie angelegt: {people} Personen, gültig bis {until}.").format(
            people=taken.counts.get("people", 0), until=format_date(taken.copy.expires_at.date())
        )
        status = getattr(parent, "statusBar", None)
        if status is not None:
            status().showMessage(message, 15000)
