"""Label/value rows: laid out like the tables they replace, split between rows across pages, never inside one."""

from io import BytesIO

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from kim_desktop.documents.cell_rows import BOTTOM, TOP, CellRows
from kim_desktop.documents.typesetting import Typesetter


def test_rows_are_as_high_as_their_highest_cell_plus_padding() -> None:
    german = Typesetter.for_language("de")
    rows = CellRows(
        [
            [
                german.paragraph("Kurs", bold=True, space_after=0),
                german.paragraph("Allgemeiner Kurs " * 20, space_after=0),
            ]
        ],
        [100.0, 300.0],
    )
    width, height = rows.wrap(400, 1000)
    value_height = rows.rows[0][1].wrap(300 - 4, 1000)[1]
    assert width == 400 and height == value_height + TOP + BOTTOM
    assert value_height > rows.rows[0][0].wrap(96, 1000)[1]  # the long value wraps onto several lines


def test_a_long_block_continues_on_the_next_page_row_by_row() -> None:
    for language in ("de", "ar"):
        typesetter = Typesetter.for_language(language)
        pairs = [(f"Feld {n:02d}", f"Wert {n:02d} " + "lang " * (n % 7)) for n in range(80)]
        out = BytesIO()
        SimpleDocTemplate(out, pagesize=A4).build([typesetter.field_table(pairs, 400)])
        pages = [page.extract_text() for page in PdfReader(BytesIO(out.getvalue())).pages]
        assert len(pages) >= 2
        text = "\n".join(pages)
        positions = [text.index(f"Wert {n:02d}") for n in range(80)]
        assert positions == sorted(positions)  # every row once, in order
        for page in pages:  # a row is never cut: its label and value are on the same page
            for n in range(80):
                assert (f"Feld {n:02d}" in page) == (f"Wert {n:02d}" in page)


def test_a_first_row_higher_than_the_page_does_not_split() -> None:
    german = Typesetter.for_language("de")
    rows = CellRows([[german.paragraph("x", space_after=0), german.paragraph("y", space_after=0)]], [50.0, 50.0])
    assert rows.split(100, 1) == []
