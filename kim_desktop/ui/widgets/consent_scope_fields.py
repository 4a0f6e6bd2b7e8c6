"""The purpose of a consent (one, from the list) and the data categories it names, as ticks; with their labels."""

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from kim_desktop.domain.consent_scope import (
    CATEGORY_NAMES,
    PURPOSE_NAMES,
    USUAL_DATA,
    ConsentPurpose,
    DataCategory,
    ordered,
)
from kim_desktop.i18n import _


def purpose_label(purpose: ConsentPurpose | None) -> str:
    """Name of a purpose in the UI language; a consent without one is marked for review."""
    return _(PURPOSE_NAMES[purpose]) if purpose is not None else _("ohne Zweck – bitte prüfen")


def data_label(categories: Iterable[DataCategory]) -> str:
    """The data categories, comma-separated, in the UI language."""
    return ", ".join(_(CATEGORY_NAMES[c]) for c in ordered(categories))


class PurposeBox(QComboBox):
    """One purpose out of the list; starts empty so that nobody records a purpose by leaving the default."""

    def __init__(self) -> None:
        super().__init__()
        self.addItem(_("– bitte wählen –"), None)
        for purpose in ConsentPurpose:
            self.addItem(purpose_label(purpose), purpose.value)

    def purpose(self) -> ConsentPurpose | None:
        """The chosen purpose, None while none is chosen."""
        value = self.currentData()
        return ConsentPurpose(value) if value else None

    def set_purpose(self, purpose: ConsentPurpose | None) -> None:
        """Choose a purpose (None: none)."""
        self.setCurrentIndex(self.findData(purpose.value) if purpose else 0)


class DataList(QListWidget):
    """Every data category with a tick box; with propose=True choosing a purpose ticks what it usually needs."""

    def __init__(self, purposes: PurposeBox, *, propose: bool = True) -> None:
        super().__init__()
        self.setMinimumHeight(110)  # scrolls; the dialog must fit a 1366x768 laptop at 125 %
        for category in DataCategory:
            item = QListWidgetItem(_(CATEGORY_NAMES[category]))
            item.setData(Qt.ItemDataRole.UserRole, category.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMinimumWidth(self.sizeHintForColumn(0) + 40)  # every name readable without scrolling sideways
        if propose:
            purposes.currentIndexChanged.connect(lambda _i: self._propose(purposes.purpose()))

    def _propose(self, purpose: ConsentPurpose | None) -> None:
        if purpose is not None:
            self.set_data(USUAL_DATA[purpose])

    def set_data(self, categories: Iterable[DataCategory]) -> None:
        """Tick exactly these categories."""
        chosen = set(categories)
        for index in range(self.count()):
            item = self.item(index)
            ticked = DataCategory(item.data(Qt.ItemDataRole.UserRole)) in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def chosen(self) -> frozenset[DataCategory]:
        """The ticked categories."""
        items = (self.item(i) for i in range(self.count()))
        return frozenset(
            DataCategory(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )
