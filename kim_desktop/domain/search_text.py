"""Search text: cleaning and limiting what was typed; folding so case, umlauts, diacritics and hyphens do not matter."""

import unicodedata

from kim_desktop.domain.errors import FieldError, ValidationFailed
from kim_desktop.domain.text import N_, Text

SEARCH_FIELD = "search"
# Far above any name, date, phone or file number, far below what the databases refuse: SQLite's expression
# depth (1,000 terms) and LIKE pattern length (50,000 bytes).
MAX_SEARCH_CHARS = 100
MAX_SEARCH_WORDS = 12

# German transcriptions first (so "Özdemir" and "Oezdemir" meet), then letters NFKD cannot decompose.
_SPELLED_OUT = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "ı": "i",  # Turkish dotless i: people type "Yildiz" for "Yıldız"
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
    }
)
# Apostrophes (straight, typographic, modifier letters, accents typed as apostrophes) and dashes.
_SEPARATORS = str.maketrans(dict.fromkeys("'’‘`´ʼʻʹ‛-‐‑‒–—―_", " "))


def fold_for_search(text: str) -> str:
    """Lower-case, spell out umlauts, strip Latin diacritics, turn apostrophes/hyphens into single spaces."""
    folded = unicodedata.normalize("NFC", text).lower().translate(_SPELLED_OUT)
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", folded):
        # Only marks on Latin letters go; Cyrillic й or Arabic vowel signs are letters of their own script.
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    result = unicodedata.normalize("NFC", "".join(kept)).translate(_SEPARATORS)
    return " ".join(result.split())


def clean_search_text(text: str) -> str:
    """What was typed, made safe for both databases (control characters become spaces, surrogates go).

    NUL, tab and line breaks become spaces, lone surrogates are dropped, runs of spaces shrink to one.
    Refused with a message naming the search field when longer than MAX_SEARCH_CHARS characters or, folded
    (hyphens split words), more than MAX_SEARCH_WORDS words.
    """
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text if unicodedata.category(c) != "Cs")
    cleaned = " ".join(kept.split())
    if len(cleaned) > MAX_SEARCH_CHARS:
        message = N_("Suchfeld: bitte höchstens {limit} Zeichen eingeben (eingegeben: {count}).")
        raise ValidationFailed([FieldError(SEARCH_FIELD, Text(message, limit=MAX_SEARCH_CHARS, count=len(cleaned)))])
    words = len(fold_for_search(cleaned).split())
    if words > MAX_SEARCH_WORDS:
        message = N_("Suchfeld: bitte höchstens {limit} Wörter eingeben (eingegeben: {count}).")
        raise ValidationFailed([FieldError(SEARCH_FIELD, Text(message, limit=MAX_SEARCH_WORDS, count=words))])
    return cleaned
