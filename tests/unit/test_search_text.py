import unicodedata

import pytest

from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.domain.search_text import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, clean_search_text, fold_for_search


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Özdemir", "oezdemir"),
        ("Oezdemir", "oezdemir"),
        ("Straße", "strasse"),
        ("STRASSE", "strasse"),
        ("Müller-Lüdenscheidt", "mueller luedenscheidt"),
        ("Al'Hassan", "al hassan"),
        ("Al’Hassan", "al hassan"),
        ("Ja`fari", "ja fari"),
        ("Şahin Ayşe", "sahin ayse"),
        ("Yıldız", "yildiz"),
        ("İbrahim", "ibrahim"),
        ("Aïssatou Baldé", "aissatou balde"),
        ("  Al -  Khatib\tReem ", "al khatib reem"),
        ("", ""),
    ],
)
def test_fold_for_search(text: str, expected: str) -> None:
    assert fold_for_search(text) == expected


def test_decomposed_umlaut_folds_like_composed() -> None:
    assert fold_for_search(unicodedata.normalize("NFD", "Özdemir")) == "oezdemir"


def test_non_latin_letters_are_kept_lower_cased() -> None:
    assert fold_for_search("ЙОВЕНКО Олена") == "йовенко олена"
    assert fold_for_search("Олександр Ковальчук-Шевченко") == "олександр ковальчук шевченко"
    assert fold_for_search("محمد  الحسن") == "محمد الحسن"
    assert fold_for_search("Ṭesfay ተስፋይ") == "tesfay ተስፋይ"


def test_folding_is_idempotent() -> None:
    for text in ("Özdemir-Şahin", "Al'Hassan", "Йовенко", "Straße"):
        assert fold_for_search(fold_for_search(text)) == fold_for_search(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Özdemir\x00", "Özdemir"),
        ("  Haddad\t\nSamira\r\n", "Haddad Samira"),
        ("Had\x00dad", "Had dad"),
        ("Had\ud800dad", "Haddad"),  # a lone surrogate cannot be encoded for any database
        ("\x1b[31m", "[31m"),
        ("فاطمة\u200cزاده", "فاطمة\u200cزاده"),  # the Persian zero-width non-joiner is part of the name
        ("1" * MAX_SEARCH_CHARS, "1" * MAX_SEARCH_CHARS),
        (" ".join(["a"] * MAX_SEARCH_WORDS), " ".join(["a"] * MAX_SEARCH_WORDS)),
    ],
)
def test_clean_search_text_drops_control_characters(text: str, expected: str) -> None:
    assert clean_search_text(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1" * 25_000, "Suchfeld: bitte höchstens 100 Zeichen eingeben (eingegeben: 25000)."),
        (" ".join(["a"] * 1000), "Suchfeld: bitte höchstens 100 Zeichen eingeben (eingegeben: 1999)."),
        (" ".join(["a"] * 13), "Suchfeld: bitte höchstens 12 Wörter eingeben (eingegeben: 13)."),
        ("-".join(["a"] * 13), "Suchfeld: bitte höchstens 12 Wörter eingeben (eingegeben: 13)."),
        (
            "ﷺ" * 4,  # NFKD spells the ligature out: four words each, joined where they meet
            "Suchfeld: bitte höchstens 12 Wörter eingeben (eingegeben: 13).",
        ),
    ],
)
def test_too_long_search_text_is_refused_naming_the_field(text: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        clean_search_text(text)
    assert caught.value.for_field("search") == message
