"""ToUnicode maps that give joined Arabic glyphs (presentation forms) back as the letters that were typed."""

import unicodedata
from collections.abc import Sequence
from functools import cache

from reportlab.pdfbase import ttfonts

# Arabic Presentation Forms-A and -B: the joined shapes arabic_reshaper puts in the PDF.
_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_original_make_cmap = ttfonts.makeToUnicodeCMap

# A lam-alef ligature is one glyph for two letters. Text extractors put right-to-left runs back into logical
# order character by character, so a ligature mapped to "lam alef" comes out as "alef lam" (pdftotext). So the
# ligature reads back as lam alone, and an invisible zero-width glyph drawn just left of it (before it, in
# visual order) reads back as its alef: one private-use code point per kind of alef.
_LAM_ALEF = {0xFEF5: 0x0622, 0xFEF6: 0x0622, 0xFEF7: 0x0623, 0xFEF8: 0x0623,
             0xFEF9: 0x0625, 0xFEFA: 0x0625, 0xFEFB: 0x0627, 0xFEFC: 0x0627}  # fmt: skip
_ALEF_CARRIER = {alef: 0xF500 + (alef & 0xFF) for alef in _LAM_ALEF.values()}
_CARRIER_TEXT = {carrier: chr(alef) for alef, carrier in _ALEF_CARRIER.items()}
_SPLIT_LIGATURES = str.maketrans({chr(lig): chr(_ALEF_CARRIER[alef]) + chr(lig) for lig, alef in _LAM_ALEF.items()})
_ZERO_WIDTH_GLYPH_OF = 0x200D  # the zero-width joiner: an empty glyph without advance in the Noto fonts


def split_ligatures(visual: str) -> str:
    """Visual-order text with an alef carrier put before (left of) each lam-alef ligature."""
    return visual.translate(_SPLIT_LIGATURES)


def add_alef_carriers(face: object) -> None:
    """Give a registered font face the invisible alef carriers (the glyph of the zero-width joiner)."""
    char_to_glyph: dict[int, int] = face.charToGlyph  # type: ignore[attr-defined]
    char_widths: dict[int, float] = face.charWidths  # type: ignore[attr-defined]
    glyph = char_to_glyph.get(_ZERO_WIDTH_GLYPH_OF)
    if glyph is None:
        return
    for carrier in _CARRIER_TEXT:
        char_to_glyph[carrier] = glyph
        char_widths[carrier] = 0


@cache
def readable_text(code_point: int) -> str:
    """What a glyph drawn for this code point should read back as: base letters for a presentation form."""
    char = chr(code_point)
    if code_point in _CARRIER_TEXT:
        return _CARRIER_TEXT[code_point]
    if code_point in _LAM_ALEF:
        return "\u0644"
    if any(low <= code_point <= high for low, high in _PRESENTATION_FORMS):
        # NFKC turns an initial/medial/final form into its letter and a lam-alef ligature into two letters;
        # the isolated forms of vowel marks come with a space in front, which is not part of the word.
        base = unicodedata.normalize("NFKC", char).strip()
        return base or char
    return char


def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap reportlab writes, with presentation forms mapped to their letters (UTF-16BE, as PDF wants)."""
    if not any(readable_text(code) != chr(code) for code in subset):
        return str(_original_make_cmap(fontname, subset))
    entries = [
        f"<{index:02X}> <{readable_text(code).encode('utf-16-be').hex().upper()}>" for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def install() -> None:
    """Make reportlab write these maps for every embedded TrueType subset (it looks the function up per font)."""
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
