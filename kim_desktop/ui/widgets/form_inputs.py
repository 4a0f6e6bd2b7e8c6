"""Small input helpers of the forms: enum combo boxes, number fields that may be empty, a child's line."""

from collections.abc import Callable, Iterable
from enum import StrEnum

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit

NONE_VALUE = -1  # spin boxes show "—" at their minimum: no value


def enum_combo[E: StrEnum](values: Iterable[E], label: Callable[[E], str], optional: bool = False) -> QComboBox:
    """A combo box of enum members with German labels (first entry "—" when optional)."""
    combo = QComboBox()
    if optional:
        combo.addItem("—", None)
    for value in values:
        combo.addItem(label(value), value)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    """Select the entry whose data equals value (the first entry if none does)."""
    index = combo.findData(value)
    combo.setCurrentIndex(max(0, index))


def optional_spin(maximum: int, suffix: str = "") -> QSpinBox:
    """A number field that can be empty ("—")."""
    spin = QSpinBox()
    spin.setRange(NONE_VALUE, maximum)
    spin.setSpecialValueText("—")
    spin.setSuffix(suffix)
    spin.setValue(NONE_VALUE)
    return spin


def spin_value(spin: QSpinBox) -> int | None:
    """A spin box's value, None when empty."""
    return None if spin.value() == NONE_VALUE else spin.value()


def text_or_none(edit: QLineEdit) -> str | None:
    """A line's text as typed, None when empty."""
    return edit.text() or None


class ChildRow(QWidget):
    """One child: date of birth, needs care, remove."""

    def __init__(self, index: int, on_remove: Callable[["ChildRow"], None]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.birth_date = OptionalDateEdit()
        self.birth_date.setObjectName(f"child_{index}_birth_date")
        self.birth_date.setAccessibleName(_("Kind {n}, Geburtsdatum").format(n=index + 1))
        self.needs_care = QCheckBox(_("braucht Betreuung"))
        self.needs_care.setChecked(True)
        remove = QPushButton(_("Entfernen"))
        remove.setAutoDefault(False)
        remove.clicked.connect(lambda: on_remove(self))
        self.label = QLabel(_("Kind {n}:").format(n=index + 1))
        layout.addWidget(self.label)
        layout.addWidget(self.birth_date)
        layout.addWidget(self.needs_care)
        layout.addWidget(remove)
        layout.addStretch(1)
