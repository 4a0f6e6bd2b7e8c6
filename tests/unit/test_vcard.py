"""vCard 3.0 export: escaping of , ; \\ and newlines, line folding by octets, one card per contact."""

from kim_desktop.exchange.vcard import VCardContact, escape_value, fold_line, vcard, vcards


def test_escape_value() -> None:
    assert escape_value("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_card_has_the_fields_and_crlf() -> None:
    card = vcard(
        VCardContact(
            "Anna Maria Schulz",
            "VHS Musterau; Außenstelle",
            "Leitung",
            "04991 123",
            "a@vhs.example",
            "Markt 1",
            "49999",
            "Musterau",
        )
    )
    lines = card.split("\r\n")
    assert lines[:5] == ["BEGIN:VCARD", "VERSION:3.0", "N:Schulz;Anna Maria;;;", "FN:Anna Maria Schulz",
                         "ORG:VHS Musterau\\; Außenstelle"]  # fmt: skip
    assert "TITLE:Leitung" in lines
    assert "TEL;TYPE=WORK,VOICE:04991 123" in lines
    assert "EMAIL;TYPE=INTERNET,WORK:a@vhs.example" in lines
    assert "ADR;TYPE=WORK:;;Markt 1;Musterau;;49999;Deutschland" in lines
    assert card.endswith("END:VCARD\r\n")
    assert "\n" not in card.replace("\r\n", "")


def test_empty_fields_are_left_out() -> None:
    card = vcard(VCardContact("Ali", "Jobcenter"))
    assert "TEL" not in card and "EMAIL" not in card and "ADR" not in card and "TITLE" not in card
    assert "N:Ali;;;;\r\n" in card


def test_long_lines_fold_without_splitting_characters() -> None:
    line = "NOTE:" + "ä" * 100
    folded = fold_line(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_one_card_per_contact() -> None:
    text = vcards([VCardContact("A B", "Org 1"), VCardContact("C D", "Org 2")])
    assert text.count("BEGIN:VCARD") == 2 and text.count("END:VCARD") == 2
    assert "ORG:Org 1" in text and "ORG:Org 2" in text
