"""WCAG contrast of the light and dark palettes, the status colours and the icon colours (ui/style.py, ui/icons.py)."""

import pytest
from PySide6.QtWidgets import QApplication

from kim_desktop.ui.icons import ICON_COLOUR, SELECTED_COLOUR
from kim_desktop.ui.style import (
    DARK_COLOURS,
    DARK_STATUS,
    DISABLED_TEXT,
    FIELD_BORDER,
    LIGHT_COLOURS,
    LIGHT_STATUS,
    Role,
    StatusColours,
    make_palette,
    status_colours,
    style_sheet,
)

TEXT = 4.5  # WCAG 2.1 AA, normal text (1.4.3)
GRAPHICS = 3.0  # WCAG 2.1 AA, icons and chart bars (1.4.11)
SCHEMES = {"light": (LIGHT_COLOURS, LIGHT_STATUS), "dark": (DARK_COLOURS, DARK_STATUS)}


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2.1)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic "just fails" grey
    assert contrast("#2b5797", "#2b5797") == pytest.approx(1.0)


PALETTE_PAIRS = [
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.WindowText, Role.Window),
    (Role.WindowText, Role.Light),  # Fusion fills tab panes with Light
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.PlaceholderText, Role.Base),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("text", "background"), PALETTE_PAIRS, ids=lambda r: r.name)
def test_palette_text_is_readable(scheme: str, text: Role, background: Role) -> None:
    colours, _status = SCHEMES[scheme]
    ratio = contrast(colours[text], colours[background])
    assert ratio >= TEXT, f"{scheme}: {text.name} on {background.name} is {ratio:.2f}:1"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_disabled_text_stays_legible(scheme: str) -> None:
    """WCAG exempts disabled controls; we still keep them at 3:1 so people can read what is greyed out."""
    colours, _status = SCHEMES[scheme]
    for background in (Role.Button, Role.Window, Role.Base):
        assert contrast(DISABLED_TEXT[scheme], colours[background]) >= GRAPHICS, background.name


TEXT_COLOUR_FIELDS = ("error", "warning", "ok", "muted", "excluded", "misfit")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("field", TEXT_COLOUR_FIELDS)
def test_status_text_colours_are_readable_where_they_appear(scheme: str, field: str) -> None:
    colours, status = SCHEMES[scheme]
    colour = getattr(status, field)
    for background in (Role.Window, Role.Base, Role.AlternateBase, Role.Light):
        ratio = contrast(colour, colours[background])
        assert ratio >= TEXT, f"{scheme}: {field} {colour} on {background.name} is {ratio:.2f}:1"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_notes_and_row_tints_are_readable(scheme: str) -> None:
    colours, status = SCHEMES[scheme]
    for name in ("error_box", "warning_box", "info_box"):
        text, background, _border = getattr(status, name)
        assert contrast(text, background) >= TEXT, name
    for tint in (status.row_new, status.row_changed, status.row_rejected):
        assert contrast(colours[Role.Text], tint) >= TEXT, tint


@pytest.mark.parametrize("scheme", SCHEMES)
def test_graphics_stand_out(scheme: str) -> None:
    colours, status = SCHEMES[scheme]
    for background in (Role.Window, Role.Base):
        assert contrast(status.chart_bar, colours[background]) >= GRAPHICS
        assert contrast(ICON_COLOUR[scheme], colours[background]) >= GRAPHICS
        for *_text, border in (status.error_box, status.warning_box, status.info_box):
            assert contrast(border, colours[background]) >= GRAPHICS, border
        assert contrast(FIELD_BORDER[scheme], colours[background]) >= GRAPHICS  # text field outlines
    assert contrast(SELECTED_COLOUR, colours[Role.Highlight]) >= GRAPHICS
    assert contrast(colours[Role.Highlight], colours[Role.Base]) >= GRAPHICS  # focus frames and selection


def test_every_status_colour_is_checked() -> None:
    """A new field in StatusColours must be added to a check above."""
    checked = set(TEXT_COLOUR_FIELDS) | {"chart_bar", "error_box", "warning_box", "info_box"}
    checked |= {"row_new", "row_changed", "row_rejected"}
    assert set(StatusColours.__dataclass_fields__) == checked


@pytest.mark.parametrize("dark", [False, True])
def test_palette_and_status_colours_follow_the_applied_palette(qapp: QApplication, dark: bool) -> None:
    palette = make_palette(dark)
    expected = DARK_COLOURS if dark else LIGHT_COLOURS
    for role, colour in expected.items():
        assert palette.color(role).name() == colour, role.name
    previous = qapp.palette()
    qapp.setPalette(palette)
    try:
        assert status_colours() is (DARK_STATUS if dark else LIGHT_STATUS)
    finally:
        qapp.setPalette(previous)


ICON_NAMES = ["accounts.svg", "retention.svg", "audit.svg", "person-add.svg", "session-add.svg", "search.svg"]
ICON_NAMES += ["print.svg", "import.svg", "export.svg", "save.svg", "backup.svg", "lock.svg"]


def test_icons_are_one_set_drawn_in_the_current_colour() -> None:
    from kim_desktop.paths import resource
    from kim_desktop.ui.pages.registry import PAGES

    names = {spec.icon for spec in PAGES} | set(ICON_NAMES)
    for name in sorted(names):
        svg = resource("icons", name).read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in svg and 'stroke="currentColor"' in svg and 'stroke-width="2"' in svg, name
        assert "#" not in svg, f"{name} has a fixed colour"
    assert len({spec.icon for spec in PAGES}) == len(PAGES), "two pages share an icon"


@pytest.mark.parametrize("dark", [False, True])
def test_icons_are_drawn_in_the_palette_colour(qapp: QApplication, dark: bool) -> None:
    from PySide6.QtGui import QIcon

    from kim_desktop.ui.icons import icon

    previous = qapp.palette()
    qapp.setPalette(make_palette(dark))
    try:
        image = icon("people.svg").pixmap(48, 48).toImage()
        selected = icon("people.svg").pixmap(48, 48, QIcon.Mode.Selected).toImage()
    finally:
        qapp.setPalette(previous)
    opaque = [image.pixelColor(x, y) for x in range(48) for y in range(48) if image.pixelColor(x, y).alpha() == 255]
    drawn = {colour.name() for colour in opaque}
    assert drawn == {ICON_COLOUR["dark" if dark else "light"]}
    assert selected.pixelColor(24, 16).name() == SELECTED_COLOUR  # the head of the first person


def test_the_style_sheet_uses_the_border_of_its_palette() -> None:
    assert FIELD_BORDER["light"] in style_sheet(dark=False) and FIELD_BORDER["dark"] not in style_sheet(dark=False)
    assert FIELD_BORDER["dark"] in style_sheet(dark=True)
    assert ":focus" in style_sheet(dark=True)
