"""The palette: a cheap first guess from the platform's palette, then the desktop's scheme after the first paint."""

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from kim_desktop.ui import style
from kim_desktop.ui.style import apply_style, follow_system_scheme, is_dark, make_palette


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    palette, sheet = qapp.palette(), qapp.styleSheet()
    yield qapp
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def test_the_first_guess_follows_the_platform_palette(app: QApplication) -> None:
    app.setPalette(make_palette(dark=True))  # as a platform theme in a dark desktop hands it over
    apply_style(app)
    assert is_dark()
    app.setPalette(QPalette())  # the offscreen platform's own (light) palette
    apply_style(app)
    assert not is_dark()


def test_the_desktop_scheme_corrects_the_guess_and_no_scheme_keeps_it(
    app: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    apply_style(app, dark=False)
    monkeypatch.setattr(style, "system_scheme_dark", lambda: True)
    follow = follow_system_scheme(app)
    assert is_dark()
    assert "#8c8c8c" in app.styleSheet()  # the dark field borders came with the palette
    monkeypatch.setattr(style, "system_scheme_dark", lambda: None)
    follow()
    assert is_dark()  # a desktop that names no scheme leaves the palette as it is
    monkeypatch.setattr(style, "system_scheme_dark", lambda: False)
    app.styleHints().colorSchemeChanged.emit(app.styleHints().colorScheme())  # the desktop switches while we run
    assert not is_dark()
    app.styleHints().colorSchemeChanged.disconnect(follow)


def test_the_offscreen_desktop_names_no_dark_scheme(app: QApplication) -> None:
    assert style.system_scheme_dark() in (None, False)
