"""Escaping, font runs, and right-to-left wrapping/reordering."""

import arabic_reshaper

from kim_desktop.documents.fonts import ARABIC, LATIN, family_for_language
from kim_desktop.documents.text import (
    embed_ltr,
    escape_markup,
    font_runs_markup,
    is_rtl,
    rtl_visual_lines,
    shape_rtl_line,
    wrap_words,
)


def test_escape_markup_makes_tags_literal() -> None:
    assert escape_markup("<font size=80>Ali</font>") == "&lt;font size=80&gt;Ali&lt;/font&gt;"
    assert escape_markup("A & B <b>") == "A &amp; B &lt;b&gt;"
    assert escape_markup("&amp;") == "&amp;amp;"
    assert escape_markup("a\x00b\x07c") == "abc"


def test_font_runs_use_a_fallback_face_for_other_scripts() -> None:
    markup = font_runs_markup("Name: محمد & Co", LATIN, bold=False)
    assert '<font face="NotoNaskhArabic">' in markup
    assert "&amp; Co" in markup
    assert font_runs_markup("Plain <text>", LATIN, bold=True) == "Plain &lt;text&gt;"


def test_is_rtl() -> None:
    assert is_rtl("ar") and is_rtl("fa") and is_rtl("ar-SY")
    assert not is_rtl("de") and not is_rtl("ti") and not is_rtl("de-LS")
    assert family_for_language("fa") == ARABIC


def test_wrap_words_breaks_at_width_and_splits_overlong_words() -> None:
    lines = wrap_words("aaa bbb ccc", 7, len)
    assert lines == ["aaa bbb", "ccc"]
    assert wrap_words("x" * 25, 10, len) == ["x" * 10, "x" * 10, "x" * 5]


def test_rtl_paragraph_is_wrapped_before_it_is_reordered() -> None:
    first = "السطر الأول من الفقرة"
    second = "ثم يأتي السطر الثاني"
    # Narrow enough that each logical half becomes its own line.
    width = (
        max(
            _width(first),
            _width(second),
        )
        + 1
    )
    lines = rtl_visual_lines(f"{first} {second}", width, ARABIC, False, 10)
    assert lines == [shape_rtl_line(first), shape_rtl_line(second)]
    # Each visual line reads right to left: the first logical word is at the end of the string.
    assert lines[0].endswith(arabic_reshaper.reshape("السطر")[::-1])


def _width(text: str) -> float:
    from kim_desktop.documents.text import text_width

    return text_width(arabic_reshaper.reshape(text), ARABIC, False, 10)


def test_rtl_line_mirrors_brackets_and_keeps_latin_values_in_order() -> None:
    line = shape_rtl_line(f"الهاتف {embed_ltr('05401 1234-0')} (مهم)")
    assert "05401 1234-0" in line
    assert line.startswith("(") and ")" in line[1:]
    assert "\u202a" not in line and "\u200f" not in line


def test_rtl_value_without_arabic_keeps_its_order() -> None:
    (line,) = rtl_visual_lines("49124 Georgsmarienhütte", 500, ARABIC, False, 10)
    assert line == "49124 Georgsmarienhütte"
