"""Translations with gettext: _() for the UI language, a separate translator for a letter's language."""

import gettext as _gettext

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import Text
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


def translate_text(text: str) -> str:
    """A message from domain/ or services/ in the UI language; a plain string (user data) stays as it is."""
    if not isinstance(text, Text):
        return text
    if not text.template:
        return ""
    args = {name: translate_text(value) if isinstance(value, Text) else value for name, value in text.args.items()}
    try:
        return _(text.template).format(**args)
    except (KeyError, IndexError, ValueError):  # a broken translation must not hide the message: show German
        return text.template.format(**args)


def error_text(exc: BaseException) -> str:
    """What to tell the user about an error: a KimError's message translated, anything else as it reads."""
    return translate_text(exc.text) if isinstance(exc, KimError) else str(exc)
