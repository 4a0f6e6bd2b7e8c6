"""The printable contact list: names in the PDF's text, user markup printed literally, many pages."""

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from kim_desktop.documents.contact_list_pdf import ContactLine, ContactList, OrganisationBlock, render_contact_list


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_names_and_details_are_printed() -> None:
    data = ContactList(
        "KIM Musterkreis",
        date(2026, 5, 4),
        (
            OrganisationBlock(
                "VHS Musterau",
                ("Kursträger", "Markt 1, 49999 Musterau"),
                (
                    ContactLine("Anna Schulz", "Leitung", "04991 123", "a@vhs.example"),
                    ContactLine("Jürgen Öztürk", "Beratung", "", ""),
                ),
            ),
            OrganisationBlock("Jobcenter", ("Jobcenter",), ()),
        ),
    )
    text = _text(render_contact_list(data))
    for expected in ("Kontaktliste", "KIM Musterkreis", "04.05.2026", "VHS Musterau", "Anna Schulz", "Jürgen Öztürk",
                     "a@vhs.example", "Jobcenter", "Markt 1, 49999 Musterau"):  # fmt: skip
        assert expected in text


def test_hostile_markup_is_printed_literally() -> None:
    hostile = '<b>Fett</b> & <font color="red">rot</font> <br/>'
    data = ContactList("Amt", date(2026, 1, 1), (OrganisationBlock(hostile, (), (ContactLine(hostile, "", "", ""),)),))
    text = "".join(_text(render_contact_list(data)).split())  # cells wrap; compare without whitespace
    assert text.count('<b>Fett</b>&<fontcolor="red">rot</font><br/>') == 2


def test_long_list_breaks_across_pages() -> None:
    blocks = tuple(
        OrganisationBlock(f"Partner {i:03d}", ("Sonstige",), (ContactLine(f"Person {i}", "Rolle", "0", "x@y.de"),))
        for i in range(120)
    )
    pdf = render_contact_list(ContactList("Amt", date(2026, 1, 1), blocks))
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) > 1
    assert "Partner 119" in _text(pdf)
