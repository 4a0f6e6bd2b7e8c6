"""Rows of side-by-side cells without rules (label/value pairs, bullets): a light stand-in for reportlab's Table.

A letter has several such blocks; reportlab's Table measures every cell twice over and draws through its cell
styles, which cost more than the paragraphs themselves. These rows lay each cell out once per width, put the cells
top-aligned with the same paddings the tables had (left 0, right 4, top 1, bottom 2 points) and split between rows.
"""

from collections.abc import Sequence

from reportlab.platypus import Flowable

LEFT, RIGHT, TOP, BOTTOM = 0.0, 4.0, 1.0, 2.0


class CellRows(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Rows of flowables in columns of fixed widths; splits between rows, never inside one."""

    def __init__(self, rows: Sequence[Sequence[Flowable]], widths: Sequence[float], space_after: float = 4.0) -> None:
        super().__init__()
        self.rows = [list(row) for row in rows]
        self.widths = list(widths)
        self.hAlign = "LEFT"
        self.spaceAfter = space_after
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        """Lay every cell out at its column's width; the rows' heights give the block's."""
        self._heights = [
            max(cell.wrap(width - LEFT - RIGHT, availHeight)[1] for cell, width in zip(row, self.widths, strict=True))
            + TOP
            + BOTTOM
            for row in self.rows
        ]
        self.width, self.height = sum(self.widths), sum(self._heights)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        """The rows that fit, and the rest (nothing if not even the first row fits)."""
        self.wrap(availWidth, availHeight)
        used, fitting = 0.0, 0
        for height in self._heights:
            if used + height > availHeight:
                break
            used += height
            fitting += 1
        if fitting == 0 or fitting == len(self.rows):
            return []
        return [
            CellRows(self.rows[:fitting], self.widths, 0.0),
            CellRows(self.rows[fitting:], self.widths, self.spaceAfter),
        ]

    def draw(self) -> None:
        """Draw each cell at the top of its row."""
        top = self.height
        for row, height in zip(self.rows, self._heights, strict=True):
            left = 0.0
            for cell, width in zip(row, self.widths, strict=True):
                cell.drawOn(self.canv, left + LEFT, top - TOP - cell.height)
                left += width
            top -= height
