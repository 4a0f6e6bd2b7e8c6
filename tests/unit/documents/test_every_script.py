"""Every document kind prints names in every script with embedded fonts, and gives the names back as typed."""

from functools import cache

import pytest

from tests.unit.documents import awkward_documents as awkward
from tests.unit.documents.pdf_checks import covered_text, document_info, pdffonts, text_pdftotext, text_pypdf

KINDS = (
    *(f"{kind}-{lang}" for kind in ("referral", "appointment", "consent") for lang in awkward.LETTER_LANGUAGE.values()),
    *(f"access-request-{index}" for index in range(len(awkward.AWKWARD_NAMES))),
    "registration-list",
    "free-seats",
    "contact-list",
    "kim-report",
)
# Names each document carries: a letter and an access report their person's, the lists every name.
_ONE_NAME = {**{lang: name for name, lang in awkward.LETTER_LANGUAGE.items()}}


@cache
def _documents() -> dict[str, bytes]:
    return awkward.every_document()


def _names(kind: str) -> tuple[str, ...]:
    if kind.startswith("access-request-"):
        return (awkward.AWKWARD_NAMES[int(kind.rsplit("-", 1)[1])],)
    for prefix in ("referral-", "appointment-", "consent-"):
        if kind.startswith(prefix):
            return (_ONE_NAME[kind.removeprefix(prefix)],)
    return awkward.AWKWARD_NAMES


@pytest.mark.parametrize("kind", KINDS)
def test_every_font_is_embedded(kind: str) -> None:
    fonts = pdffonts(_documents()[kind])
    assert fonts, kind
    assert all(embedded for _, _, embedded in fonts), fonts


@pytest.mark.parametrize("kind", KINDS)
def test_every_character_of_the_names_has_a_glyph(kind: str) -> None:
    covered = covered_text(_documents()[kind])
    for name in _names(kind):
        missing = {char for char in name if not char.isspace() and char not in covered}
        assert not missing, (kind, name, sorted(missing))


@pytest.mark.parametrize("kind", KINDS)
def test_names_come_back_as_typed(kind: str) -> None:
    pdf = _documents()[kind]
    for extract in (text_pypdf, text_pdftotext):
        text = extract(pdf)
        for name in _names(kind):
            assert name in text, (kind, extract.__name__, name)


@pytest.mark.parametrize("kind", KINDS)
def test_document_language_and_title_without_personal_data(kind: str) -> None:
    lang, title = document_info(_documents()[kind])
    assert lang.startswith("de"), (kind, lang)
    assert title, kind
    for name in awkward.AWKWARD_NAMES:
        for part in name.split():
            assert part not in title, (kind, title)


def test_an_arabic_name_wrapped_in_german_text_reads_in_order() -> None:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import SimpleDocTemplate

    from kim_desktop.documents.fonts import LATIN, register_fonts
    from kim_desktop.documents.typesetting import ltr_paragraph

    register_fonts()
    out = io.BytesIO()
    style = ParagraphStyle("cell", fontName=LATIN.regular, fontSize=8, leading=10)
    # The frame is so narrow that the name breaks after its first word.
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=40, rightMargin=A4[0] - 40 - 65)
    doc.build([ltr_paragraph(f"Lindenstraße 1, 49124 {awkward.ARABIC}", style, LATIN)])
    lines = [" ".join(line.split()) for line in text_pypdf(out.getvalue()).split("49124")]
    # The first word ends line 2 ("1, 49124 محمد"), the second opens line 3; read back, the name is in order.
    assert lines[1] == awkward.ARABIC, lines
    assert awkward.ARABIC in text_pdftotext(out.getvalue()).replace("\n", " ")


def test_chart_labels_in_every_script_have_glyphs() -> None:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from kim_desktop.documents.kim_report_pdf import bar_chart
    from kim_desktop.documents.kim_report_tables import Chart

    chart = Chart(
        "Wartende nach Gemeinde", tuple((f"Haus {name}", 5.0 + i) for i, name in enumerate(awkward.AWKWARD_NAMES))
    )
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, initialFontName="NotoSans").build([bar_chart(chart)])
    pdf = out.getvalue()
    assert all(embedded for _, _, embedded in pdffonts(pdf))
    covered = covered_text(pdf)
    for name in awkward.AWKWARD_NAMES:
        assert not {char for char in name if not char.isspace() and char not in covered}, name
        assert name in text_pdftotext(pdf), name
