"""What a list document prints (title, one table, notes), as plain data; documents/table_pdf.py lays it out."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    """A cell of several lines, the first one bold (an organisation with its address), or one emphasised figure."""

    lines: tuple[str, ...]
    bold_first: bool = False
    large: bool = False

    def text(self) -> str:
        """The cell's text as one string (for column widths)."""
        return "\n".join(self.lines)


CellValue = str | Cell


@dataclass(frozen=True)
class TableDocument:
    """What a list document prints. `groups` gives rows per block whose first cell spans the block (contacts)."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    preferred_mm: tuple[float, ...]  # their sum is the table's width
    empty: str  # printed in place of the rows when there are none
    lines: tuple[str, ...] = ()  # under the title
    notes: tuple[str, ...] = ()  # after the table
    metadata_title: str = ""  # the PDF's title (no personal data); the printed title when empty
    author: str = ""
    footer: str = ""  # left in the footer; the page number is on the right
    wide: bool = True  # A4 landscape; else portrait
    size: float = 8.0
    dark_header: bool = False
    groups: tuple[int, ...] = field(default=())
