"""Translations with gettext: _() for the UI language, a separate translator for a letter's language."""

import gettext as _gettext

from kim_desktop.paths import resource

DOMAIN = "kim_desktop"
SOURCE_LANGUAGE = "de"
_translation: _gettext.NullTranslations = _gettext.NullTranslations()


def translator_for(language: str) -> _gettext.NullTranslations:
    """Translations of the UI strings into one language; German (the source) needs none."""
    if language == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=resource("locale"), languages=[language], fallback=True)


def install_language(language: str) -> None:
    """Switch the UI language for all later _() calls."""
    global _translation
    _translation = translator_for(language)


def _(message: str) -> str:
    """Translate a UI string."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a string with a number."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it now."""
    return message
