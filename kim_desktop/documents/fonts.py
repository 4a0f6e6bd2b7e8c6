"""The shipped Noto fonts: registration with reportlab (once) and the choice of font per language and character."""

import threading
from dataclasses import dataclass
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kim_desktop.documents import to_unicode
from kim_desktop.paths import resource


@dataclass(frozen=True)
class FontFamily:
    """A regular and a bold face, registered with reportlab under these names."""

    regular: str
    bold: str

    def face(self, bold: bool) -> str:
        """Name of the regular or bold face."""
        return self.bold if bold else self.regular


LATIN = FontFamily("NotoSans", "NotoSans-Bold")
ARABIC = FontFamily("NotoNaskhArabic", "NotoNaskhArabic-Bold")
ETHIOPIC = FontFamily("NotoSansEthiopic", "NotoSansEthiopic-Bold")
ALL_FAMILIES: tuple[FontFamily, ...] = (LATIN, ARABIC, ETHIOPIC)

_FONT_FILES = {
    LATIN.regular: "NotoSans-Regular.ttf",
    LATIN.bold: "NotoSans-Bold.ttf",
    ARABIC.regular: "NotoNaskhArabic-Regular.ttf",
    ARABIC.bold: "NotoNaskhArabic-Bold.ttf",
    ETHIOPIC.regular: "NotoSansEthiopic-Regular.ttf",
    ETHIOPIC.bold: "NotoSansEthiopic-Bold.ttf",
}

# Primary script of each letter language; anything not listed is written in Latin/Cyrillic.
_FAMILY_BY_LANGUAGE = {
    "ar": ARABIC,
    "fa": ARABIC,
    "ps": ARABIC,
    "ur": ARABIC,
    "ku-arab": ARABIC,
    "ti": ETHIOPIC,
    "am": ETHIOPIC,
}

_registration_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register the shipped fonts with reportlab; safe to call often and from several threads."""
    global _registered
    if _registered:
        return
    with _registration_lock:
        if _registered:
            return
        # Copy and paste, search and screen readers get the letters that were typed, not joined glyph forms.
        to_unicode.install()
        for name, file_name in _FONT_FILES.items():
            path = resource("fonts", file_name)
            if not path.is_file():
                raise FileNotFoundError(f"font file missing from the installation: {path}")
            font = TTFont(name, str(path))
            if name in (ARABIC.regular, ARABIC.bold):
                to_unicode.add_alef_carriers(font.face)
            pdfmetrics.registerFont(font)
        for family in ALL_FAMILIES:
            # Lets <b> inside a paragraph pick the bold face of the same family.
            addMapping(family.regular, 0, 0, family.regular)
            addMapping(family.regular, 1, 0, family.bold)
            addMapping(family.regular, 0, 1, family.regular)
            addMapping(family.regular, 1, 1, family.bold)
        _registered = True


def font_file(face_name: str) -> str:
    """File name (in resources/fonts) of a registered face, e.g. for Qt's font database."""
    return _FONT_FILES[face_name]


def family_for_language(language: str) -> FontFamily:
    """The font family whose script the language is written in (base language of 'de-LS' etc.)."""
    code = language.lower()
    return _FAMILY_BY_LANGUAGE.get(code) or _FAMILY_BY_LANGUAGE.get(code.split("-")[0], LATIN)


@cache
def _covered_code_points(face_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(face_name)
    return frozenset(font.face.charToGlyph)


def covers(face_name: str, char: str) -> bool:
    """Whether the face has a glyph for the character."""
    return ord(char) in _covered_code_points(face_name)


# A letter asks this for every character of every measured candidate line: worth remembering.
@cache
def face_for_char(char: str, primary: FontFamily, bold: bool) -> str:
    """The primary face if it has the glyph, else the first shipped face that has it, else the primary."""
    for family in (primary, *ALL_FAMILIES):
        if covers(family.regular, char):
            return family.face(bold)
    return primary.face(bold)
