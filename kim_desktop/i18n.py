"""Translations with gettext: _() for the UI language, a separate translator for a letter's language."""

import errno
import gettext as _gettext
from pathlib import Path

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
    """What to tell the user about an error: a KimError's message translated, a file's trouble in words, else as is."""
    if isinstance(exc, KimError):
        return translate_text(exc.text)
    if isinstance(exc, OSError):
        return file_error_text(exc) or str(exc)
    return str(exc)


_NO_SPACE = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})


def file_error_text(exc: OSError) -> str | None:
    """A sentence naming the file or folder of a failed file operation; None when the error names none."""
    name = exc.filename
    if name is None:
        return None
    where = f"„{name}“"
    if exc.errno in _NO_SPACE:
        return _(
            "Der Datenträger mit {where} ist voll. Bitte schaffen Sie Platz (z. B. alte Dateien löschen oder den "
            "Papierkorb leeren) und versuchen Sie es erneut."
        ).format(where=where)
    if exc.errno == errno.EROFS:
        return _("{where} liegt auf einem schreibgeschützten Datenträger; dort kann nichts gespeichert werden.").format(
            where=where
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _(
            "Keine Berechtigung für {where} (Datei oder Ordner schreibgeschützt oder einem anderen Konto)."
        ).format(where=where)
    if isinstance(exc, FileNotFoundError):
        folder = Path(str(name)).parent
        if not folder.is_dir():
            return _("Den Ordner „{folder}“ gibt es nicht (für {where}).").format(folder=folder, where=where)
        return _("{where} gibt es nicht (Datei nicht gefunden).").format(where=where)
    if isinstance(exc, IsADirectoryError):
        return _("{where} ist ein Ordner; bitte eine Datei angeben.").format(where=where)
    if isinstance(exc, NotADirectoryError):
        return _("{where}: ein Teil des Pfads ist kein Ordner.").format(where=where)
    if isinstance(exc, FileExistsError):
        if Path(str(name)).is_file():
            return _("{where} ist eine Datei; hier wird ein Ordner gebraucht.").format(where=where)
        return _("{where} gibt es schon.").format(where=where)
    return _("{where} kann nicht verwendet werden ({reason}).").format(
        where=where, reason=exc.strerror or type(exc).__name__
    )
