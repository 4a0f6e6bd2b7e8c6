"""The availability grid: Monday to Saturday x morning / afternoon / evening as check boxes."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from kim_desktop.domain.enums import PartOfDay
from kim_desktop.domain.schedule import WEEKDAY_SHORT_DE
from kim_desktop.i18n import _, translate_text

DAYS = range(6)  # Monday to Saturday
PARTS = (PartOfDay.MORNING, PartOfDay.AFTERNOON, PartOfDay.EVENING)


def part_label(part: PartOfDay) -> str:
    """German name of a part of the day."""
    return {
        PartOfDay.MORNING: _("vormittags"),
        PartOfDay.AFTERNOON: _("nachmittags"),
        PartOfDay.EVENING: _("abends"),
    }[part]


class AvailabilityGrid(QWidget):
    """Check boxes for each weekday and part of the day; value() gives the checked slots."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[tuple[int, PartOfDay], QCheckBox] = {}
        for column, day in enumerate(DAYS, start=1):
            header = QLabel(translate_text(WEEKDAY_SHORT_DE[day]))
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(header, 0, column)
        for row, part in enumerate(PARTS, start=1):
            layout.addWidget(QLabel(part_label(part)), row, 0)
            for column, day in enumerate(DAYS, start=1):
                box = QCheckBox()
                box.setAccessibleName(f"{translate_text(WEEKDAY_SHORT_DE[day])} {part_label(part)}")
                box.setObjectName(f"slot_{day}_{part.value}")
                box.toggled.connect(self.changed)
                layout.addWidget(box, row, column, Qt.AlignmentFlag.AlignCenter)
                self.boxes[(day, part)] = box

    def value(self) -> frozenset[tuple[int, PartOfDay]]:
        """The checked slots."""
        return frozenset(slot for slot, box in self.boxes.items() if box.isChecked())

    def set_value(self, slots: frozenset[tuple[int, PartOfDay]]) -> None:
        """Check exactly these slots."""
        for slot, box in self.boxes.items():
            box.setChecked(slot in slots)
