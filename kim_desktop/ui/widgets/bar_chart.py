"""A small horizontal bar chart drawn with QPainter (no QtCharts): one labelled bar per value."""

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kim_desktop.i18n import _, ngettext
from kim_desktop.ui.locale_format import format_number
from kim_desktop.ui.style import status_colours

BAR_HEIGHT = 16
GAP = 5
MAX_BARS = 20


def _number(value: float) -> str:
    return format_number(value, 0 if value == int(value) else 1)


class BarChart(QWidget):
    """Title, then bars from a common zero line; labels left, values at the bar's end; at most MAX_BARS bars."""

    def __init__(
        self, title: str, bars: tuple[tuple[str, float], ...], unit: str = "", hidden: int = 0,
        parent: QWidget | None = None,
    ):  # fmt: skip
        super().__init__(parent)
        self.hidden = hidden  # bars left out because their counts are kept secret
        self.title = title
        self.bars = bars[:MAX_BARS]
        self.left_out = len(bars) - len(self.bars)
        self.unit = unit
        self.setObjectName("barChart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(280)
        self.setAccessibleName(title)
        # A screen reader cannot see the bars: it reads the values from the description.
        described = "; ".join(f"{label}: {_number(value)} {unit}".strip() for label, value in bars)
        self.setAccessibleDescription(described or self.empty_text())

    def empty_text(self) -> str:
        """What an empty chart says instead of an axis without bars."""
        if not self.hidden:
            return _("keine Daten")
        return ngettext(
            "keine Daten zu zeigen: {n} Wert geheim gehalten",
            "keine Daten zu zeigen: {n} Werte geheim gehalten",
            self.hidden,
        ).format(n=self.hidden)

    def _rows(self) -> int:
        return max(1, len(self.bars)) + (1 if self.left_out else 0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Height grows with the number of bars."""
        line = QFontMetrics(self.font()).height()
        return QSize(420, line + 8 + self._rows() * (BAR_HEIGHT + GAP) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As tall as the bars need."""
        return QSize(280, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw the title, the bars, their labels and values."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        bold = self.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(0, 0, self.width(), line + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        top = line + 8
        if not self.bars:
            painter.drawText(QRectF(0, top, self.width(), BAR_HEIGHT), Qt.AlignmentFlag.AlignLeft,
                             self.empty_text())  # fmt: skip
            return
        label_width = min(max(metrics.horizontalAdvance(label) for label, _v in self.bars) + 8, self.width() * 0.45)
        value_width = max(metrics.horizontalAdvance(_number(v) + " " + self.unit) for _l, v in self.bars) + 8
        span = max(10.0, self.width() - label_width - value_width)
        biggest = max((v for _l, v in self.bars), default=0) or 1
        for index, (label, value) in enumerate(self.bars):
            y = top + index * (BAR_HEIGHT + GAP)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 8))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, y, label_width - 8, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)  # fmt: skip
            width = span * value / biggest
            painter.fillRect(QRectF(label_width, y + 2, width, BAR_HEIGHT - 4), QColor(status_colours().chart_bar))
            text = f"{_number(value)} {self.unit}".strip()
            painter.drawText(QRectF(label_width + width + 4, y, value_width, BAR_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)  # fmt: skip
        if self.left_out:
            y = top + len(self.bars) * (BAR_HEIGHT + GAP)
            painter.drawText(QRectF(0, y, self.width(), BAR_HEIGHT), Qt.AlignmentFlag.AlignLeft,
                             _("… und {n} weitere").format(n=self.left_out))  # fmt: skip
