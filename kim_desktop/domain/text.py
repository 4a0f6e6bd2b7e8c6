"""Translatable messages: a German template with named parameters, rendered German until the UI translates it."""

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a template for extraction into the catalogs (tools/translations.py) without translating it."""
    return message


class Text(str):
    """A message for the person at the desk: `template.format(**args)` in German, translatable as a whole.

    It *is* the German string (comparisons, joins, logs, CLI and PDFs see German), and it keeps its
    template and parameters so the UI can render it in its own language (`i18n.translate_text`).
    Parameters that are `Text` themselves are translated with it; dates may carry a format spec in the
    template (`{day:%d.%m.%Y}`) that a translation can change.
    """

    __slots__ = ("_args", "_template")
    _template: str
    _args: Mapping[str, object]

    def __new__(cls, template: str, /, **args: object) -> "Text":
        """German rendering of the template with the parameters; mark the template literal with N_()."""
        self = super().__new__(cls, template.format(**args))
        object.__setattr__(self, "_template", template)
        object.__setattr__(self, "_args", MappingProxyType(dict(args)))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        """A message never changes once made."""
        raise AttributeError(f"Text is immutable ({name})")

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        """Rebuild from template and parameters (the slots hold nothing else)."""
        return _rebuild, (self._template, dict(self._args))

    @property
    def template(self) -> str:
        """The German template, the msgid in the catalogs."""
        return self._template

    @property
    def args(self) -> Mapping[str, object]:
        """The named parameters of the template."""
        return self._args


def _rebuild(template: str, args: dict[str, object]) -> Text:
    return Text(template, **args)


def verbatim(text: str) -> Text:
    """A message that is not translated (already translated, user data, an operating-system message)."""
    return text if isinstance(text, Text) else Text("{text}", text=text)


def joined(parts: Iterable[str], separator: str = "; ") -> Text:
    """Several messages as one, each translated on its own."""
    args = {f"part{index}": part for index, part in enumerate(parts)}
    return Text(separator.replace("{", "{{").replace("}", "}}").join(f"{{{name}}}" for name in args), **args)
