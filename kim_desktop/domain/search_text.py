"""Folding names for search: case, umlauts, diacritics, apostrophes and hyphens do not decide a match."""

import unicodedata

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
