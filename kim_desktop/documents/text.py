"""Text for reportlab: markup escaping, font runs per script, and right-to-left lines (wrap, then shape and reorder)."""

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

from kim_desktop.documents.fonts import ALL_FAMILIES, FontFamily, covers, face_for_char
from kim_desktop.documents.to_unicode import split_ligatures

RTL_LANGUAGES = frozenset({"ar", "fa", "ps", "ur", "he", "ckb"})

# Control characters would end up as boxes or break the PDF text; tabs and line breaks are kept apart.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Zero-width joiners and direction marks have done their work once the text is shaped and reordered.
_INVISIBLE_AFTER_SHAPING = str.maketrans(
    "", "", "\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def is_rtl(language: str) -> bool:
    """Whether the language (a code such as 'fa' or 'ar-SY') is written right to left."""
    return language.lower().split("-")[0] in RTL_LANGUAGES


@lru_cache(maxsize=4096)
def has_rtl_chars(text: str) -> bool:
    """Whether the text contains Arabic or Hebrew letters."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


LRE, PDF, RLM = "\u202a", "\u202c", "\u200f"


def embed_ltr(value: str) -> str:
    """A value without Arabic letters (phone number, German address) kept left-to-right inside right-to-left text."""
    if not value or has_rtl_chars(value):
        return value
    # The marks outside make neighbouring brackets and punctuation follow the right-to-left text.
    return f"{RLM}{LRE}{value}{PDF}{RLM}"


def _balance_embeddings(lines: list[str]) -> list[str]:
    """Close embeddings open at a line's end and reopen them on the next line, as bidi works line by line."""
    balanced: list[str] = []
    depth = 0
    for line in lines:
        opened = depth
        for char in line:
            if char == LRE:
                depth += 1
            elif char == PDF and depth:
                depth -= 1
        balanced.append(LRE * opened + line + PDF * depth)
    return balanced


NBSP = "\u00a0"
# A phone or file number with spaces inside ("+49 541 501-123456", "0541 501 12"): printed on one line.
_NUMBER_WITH_SPACES = re.compile(r"\+?\d[\d/()-]*(?: [\d/()-]*\d[\d/()-]*)+")


def keep_together(text: str) -> str:
    """The text with the spaces inside phone and file numbers made non-breaking."""
    return _NUMBER_WITH_SPACES.sub(lambda found: found.group(0).replace(" ", NBSP), text)


# Printed for a character no shipped font has (an emoji, say): visible, so nothing silently disappears.
REPLACEMENT = "\ufffd"


@lru_cache(maxsize=4096)
def _printable(char: str) -> str:
    """The character if a shipped font has it; else nothing for an invisible mark, else the replacement sign."""
    if char.isspace() or any(covers(family.regular, char) for family in ALL_FAMILIES):
        return char
    # Variation selectors, skin-tone-less joiners and other format marks print nothing in any font.
    return "" if unicodedata.category(char) in ("Mn", "Me", "Cf") else REPLACEMENT


def clean_text(text: str) -> str:
    """Drop control characters and unify line breaks; tabs become spaces; unprintable characters show as '�'."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROL_CHARS.sub("", text)
    if text.isascii():
        return text
    return "".join(_printable(char) for char in text)


def escape_markup(text: str) -> str:
    """Make a user-supplied string print literally inside reportlab Paragraph markup."""
    return clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=4096)
def font_runs(text: str, primary: FontFamily, bold: bool) -> tuple[tuple[str, str], ...]:
    """The text as runs of (face, characters): the primary face where it has the glyphs, a face that has them else."""
    runs: list[tuple[str, str]] = []
    run: list[str] = []
    run_face = primary.face(bold)
    for char in text:
        face = run_face if char == " " else face_for_char(char, primary, bold)
        if face != run_face:
            if run:
                runs.append((run_face, "".join(run)))
                run = []
            run_face = face
        run.append(char)
    if run:
        runs.append((run_face, "".join(run)))
    return tuple(runs)


@lru_cache(maxsize=4096)
def font_runs_markup(text: str, primary: FontFamily, bold: bool) -> str:
    """Escaped Paragraph markup with each run of characters the primary font lacks set in a font that has them."""
    primary_face = primary.face(bold)
    return "".join(
        escape_markup(chunk) if face == primary_face else f'<font face="{face}">{escape_markup(chunk)}</font>'
        for face, chunk in font_runs(text, primary, bold)
    )


# Wrapping measures every growing candidate line, and reportlab wraps a table cell several times: the same
# strings come back again and again. These are pure functions of their arguments, so their results are kept.
@lru_cache(maxsize=8192)
def _char_width(char: str, primary: FontFamily, bold: bool, size: float) -> float:
    return float(stringWidth(char, face_for_char(char, primary, bold), size))


@lru_cache(maxsize=16384)
def text_width(text: str, primary: FontFamily, bold: bool, size: float) -> float:
    """Printed width of a text in points, each character measured in the face that will print it."""
    width = 0.0
    for char in text:
        width += _char_width(char, primary, bold, size)
    return width


@lru_cache(maxsize=16384)
def _reshape(text: str) -> str:
    """Arabic letters in their joined forms (arabic_reshaper is pure but slow: it reads its settings per call).

    Imported here, not at the top: it brings fontTools (about 40 ms), which a German-only document never needs.
    """
    import arabic_reshaper

    return str(arabic_reshaper.reshape(text))


def get_display(text: str, base_dir: str) -> str:
    """Text in visual order (python-bidi), imported only when a text has right-to-left letters."""
    # The pure-Python algorithm mirrors brackets on right-to-left runs; the newer bidi.get_display does not.
    from bidi.algorithm import get_display as visual_order

    return str(visual_order(text, base_dir=base_dir))


def _reshape_words(line: str) -> str:
    """A line reshaped word by word (letters join only within a word): the words of standard texts are reused."""
    return " ".join(_reshape(word) for word in line.split(" "))


@lru_cache(maxsize=16384)
def _rtl_width(logical: str, primary: FontFamily, bold: bool, size: float) -> float:
    """Width of a logical right-to-left line as it will print: shaped, marks removed."""
    return text_width(_reshape(logical).translate(_INVISIBLE_AFTER_SHAPING), primary, bold, size)


def wrap_words(text: str, max_width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap of one logical paragraph; words wider than a line are broken between characters."""
    lines: list[str] = []
    current = ""
    for word in (word for word in text.split(" ") if word):
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while measure(word) > max_width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and measure(word[:cut]) > max_width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


@lru_cache(maxsize=4096)
def shape_rtl_line(line: str, base_dir: str = "R") -> str:
    """One logical line in visual order: Arabic letters joined (presentation forms), then reordered by bidi."""
    visual = get_display(_reshape_words(line), base_dir=base_dir)
    return split_ligatures(str(visual).translate(_INVISIBLE_AFTER_SHAPING))


def rtl_visual_lines(
    text: str, max_width: float, primary: FontFamily, bold: bool, size: float, base_dir: str | None = None
) -> list[str]:
    """Wrap a text with right-to-left words into lines at the width first, then shape and reorder each line.

    base_dir "L" keeps a German line's order around an Arabic name; None takes "R" for a paragraph with Arabic
    letters (a right-to-left language's text), else "L".
    """
    return list(_rtl_visual_lines(text, max_width, primary, bold, size, base_dir))


@lru_cache(maxsize=2048)
def _rtl_visual_lines(
    text: str, max_width: float, primary: FontFamily, bold: bool, size: float, base_dir: str | None = None
) -> tuple[str, ...]:
    """Wrap a right-to-left text into lines at the width first, then shape and reorder each line.

    Reordering a whole paragraph before wrapping would put its end on the first line; so the logical
    lines come first, measured with the widths the shaped glyphs will have.
    """
    space = text_width(" ", primary, bold, size)

    def measure(logical: str) -> float:
        # Arabic letters join only within a word, so a line is as wide as its shaped words and the spaces between:
        # measuring word by word reuses the words of the standard texts instead of reshaping every candidate line.
        words = logical.split(" ")
        return sum(_rtl_width(word, primary, bold, size) for word in words) + space * (len(words) - 1)

    lines: list[str] = []
    for paragraph in keep_together(clean_text(text)).split("\n"):
        # A value with no Arabic letters (a German address, say) keeps its own order, only right-aligned.
        direction = base_dir or ("R" if has_rtl_chars(paragraph) else "L")
        logical_lines = _balance_embeddings(wrap_words(paragraph, max_width, measure)) or [""]
        lines.extend(shape_rtl_line(line, direction) for line in logical_lines)
    return tuple(lines)


def ltr_visual_text(text: str) -> str:
    """Text for a left-to-right paragraph; Arabic-script words in it (a name, say) are shaped and put in order."""
    text = clean_text(text)
    if not has_rtl_chars(text):
        return text
    return "\n".join(
        split_ligatures(str(get_display(_reshape(line), base_dir="L")).translate(_INVISIBLE_AFTER_SHAPING))
        for line in text.split("\n")
    )


def paragraph_markup(text: str, primary: FontFamily, bold: bool = False) -> str:
    """Paragraph markup of a left-to-right text: escaped, Arabic-script words shaped and in order, fonts per script.

    The one text path of every document's left-to-right text (letters, lists, reports); line breaks are kept.
    """
    lines = ltr_visual_text(keep_together(text)).split("\n")
    return "<br/>".join(font_runs_markup(line, primary, bold) for line in lines)


@lru_cache(maxsize=8192)
def prints_plain(text: str, primary: FontFamily) -> bool:
    """Whether a text can be drawn as a plain string in the primary regular face (no other script, no shaping)."""
    return not has_rtl_chars(text) and all(char.isspace() or covers(primary.regular, char) for char in text)


def visual_runs(text: str, primary: FontFamily, bold: bool = False) -> list[tuple[str, str]]:
    """One line for a canvas or a chart label: (face, characters) runs in visual order, Arabic shaped."""
    runs: list[tuple[str, str]] = []
    for char in ltr_visual_text(" ".join(text.split())):
        face = runs[-1][0] if runs and char == " " else face_for_char(char, primary, bold)
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + char)
        else:
            runs.append((face, char))
    return runs
