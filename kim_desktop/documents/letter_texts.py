"""Letter texts per language, read from resources/letters/<language>.toml, with strict placeholder filling."""

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from kim_desktop.paths import resource

GERMAN = "de"
_SECTIONS_WITH_TEXT = (
    "labels",
    "common",
    "bring",
    "referral",
    "appointment",
    "consent",
    "consent_purposes",
    "data_categories",
    "permission_kinds",
    "course_types",
    "access",
    "language_names",
)


class LetterTextError(ValueError):
    """A letter text file is malformed or a text needs a value the code did not give."""


@dataclass(frozen=True)
class LetterTexts:
    """All texts of one language; blocks are addressed as 'section.key', e.g. 'referral.subject'."""

    language: str
    language_name: str
    direction: str
    version: str
    reviewed_by: str
    reviewed_on: str
    blocks: Mapping[str, str]
    weekdays_short: tuple[str, ...]
    plurals: Mapping[str, Mapping[str, str]] = MappingProxyType({})

    def plural(self, key: str, count: int, values: Mapping[str, str] | None = None) -> str:
        """The form of a counted phrase ('plurals.<key>') that the language uses for count, {n} filled in.

        The form is chosen by the language's plural category of the count (CLDR: zero, one, two, few, many,
        other; see plural_category); a category the file does not spell out falls back to 'other'.
        """
        forms = self.plurals.get(key)
        if forms is None:
            raise LetterTextError(f"{self.language}: no plural '{key}'")
        template = forms.get(plural_category(self.language, count), forms["other"])
        values = {**(values or {}), "n": str(count)}
        missing = placeholders_of(template) - values.keys()
        if missing:
            raise LetterTextError(f"{self.language}: plural '{key}' needs {sorted(missing)}")
        return template.format_map(values)

    def raw(self, key: str) -> str:
        """The text of a block with its {placeholders} unfilled."""
        try:
            return self.blocks[key]
        except KeyError:
            raise LetterTextError(f"{self.language}: no text '{key}'") from None

    def text(self, key: str, values: Mapping[str, str] | None = None) -> str:
        """A block with its placeholders filled; a placeholder without a value is an error, not a blank."""
        template = self.raw(key)
        values = values or {}
        missing = placeholders_of(template) - values.keys()
        if missing:
            raise LetterTextError(f"{self.language}: '{key}' needs {sorted(missing)}")
        return template.format_map(values)


def plural_category(language: str, count: int) -> str:
    """The CLDR cardinal plural category of a whole number in a language (the letters count only whole things).

    German, English, Turkish: one for 1. Persian and Tigrinya: one for 0 and 1. Russian and Ukrainian: one for
    1, 21, 31 … (not 11), few for 2–4, 22–24 … (not 12–14), many for the rest. Arabic has all six: zero, one,
    two, few (3–10, 103–110 …), many (11–99, 111–199 …), other (100, 101, 102 …); the Arabic file writes
    the counted noun for each (دقيقة واحدة، دقيقتين، 5 دقائق، 48 دقيقة) — in the case the sentence around it
    needs, which for two is an approximation (the oblique form, as after a preposition). Turkish and Persian
    put a noun after a number in the singular, so their files write the same word for both forms.
    A file may leave out a category: its 'other' form is used then.
    """
    n = abs(count)
    base = language.split("-")[0]
    if base in ("ru", "uk"):
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if base == "ar":
        if n in (0, 1, 2):
            return ("zero", "one", "two")[n]
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    if base in ("fa", "ti"):
        return "one" if n in (0, 1) else "other"
    return "one" if n == 1 else "other"


# Every category a language's rule can give, so a test can check that each file spells out each one.
PLURAL_CATEGORIES = {"ru": ("one", "few", "many"), "uk": ("one", "few", "many"),
                     "ar": ("zero", "one", "two", "few", "many", "other")}  # fmt: skip


def plural_categories(language: str) -> tuple[str, ...]:
    """The plural categories a language's counts fall into (plural_category gives one of them)."""
    return PLURAL_CATEGORIES.get(language.split("-")[0], ("one", "other"))


def placeholders_of(template: str) -> frozenset[str]:
    """Names of the {placeholders} in a text."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def letters_dir() -> Path:
    """Folder of the shipped letter texts."""
    return resource("letters")


def available_languages() -> tuple[str, ...]:
    """Languages with a letter text file, German first."""
    codes = sorted(path.stem for path in letters_dir().glob("*.toml"))
    return tuple(sorted(codes, key=lambda code: (code != GERMAN, code)))


def _parse(language: str, data: dict[str, object]) -> LetterTexts:
    meta = data.get("meta")
    if not isinstance(meta, dict) or meta.get("language") != language:
        raise LetterTextError(f"{language}: [meta] missing or for another language")
    blocks: dict[str, str] = {}
    for section in _SECTIONS_WITH_TEXT:
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise LetterTextError(f"{language}: [{section}] is not a table")
        for key, value in table.items():
            if not isinstance(value, str):
                raise LetterTextError(f"{language}: {section}.{key} is not a text")
            blocks[f"{section}.{key}"] = value.strip()
    plurals = _parse_plurals(language, data.get("plurals", {}))
    weekdays = tuple(str(day) for day in meta.get("weekdays_short", ()))
    if len(weekdays) != 7:
        raise LetterTextError(f"{language}: meta.weekdays_short needs 7 names, Monday first")
    direction = str(meta.get("direction", "ltr"))
    if direction not in ("ltr", "rtl"):
        raise LetterTextError(f"{language}: direction must be 'ltr' or 'rtl'")
    return LetterTexts(
        language=language,
        language_name=str(meta.get("name", language)),
        direction=direction,
        version=str(meta.get("version", "")),
        reviewed_by=str(meta.get("reviewed_by", "")),
        reviewed_on=str(meta.get("reviewed_on", "")),
        blocks=MappingProxyType(blocks),
        weekdays_short=weekdays,
        plurals=plurals,
    )


def _parse_plurals(language: str, table: object) -> Mapping[str, Mapping[str, str]]:
    """[plurals]: each key a table of forms by plural category ('one', 'few', … and always 'other')."""
    if not isinstance(table, dict):
        raise LetterTextError(f"{language}: [plurals] is not a table")
    plurals: dict[str, Mapping[str, str]] = {}
    for key, forms in table.items():
        if not isinstance(forms, dict) or not all(isinstance(form, str) for form in forms.values()):
            raise LetterTextError(f"{language}: plurals.{key} is not a table of texts")
        if "other" not in forms:
            raise LetterTextError(f"{language}: plurals.{key} has no 'other' form")
        plurals[key] = MappingProxyType({category: str(form).strip() for category, form in forms.items()})
    return MappingProxyType(plurals)


@cache
def load_letter_texts(language: str) -> LetterTexts | None:
    """The texts of a language, or None if there is no file for it (the letter is then German only)."""
    path = letters_dir() / f"{language}.toml"
    if not path.is_file():
        return None
    with path.open("rb") as file:
        return _parse(language, tomllib.load(file))


def letter_text_version(language: str) -> str | None:
    """Version string of a language's letter texts, to store with an issued letter."""
    texts = load_letter_texts(language)
    return texts.version if texts else None


def german_texts() -> LetterTexts:
    """The German texts, which every letter carries."""
    texts = load_letter_texts(GERMAN)
    if texts is None:
        raise LetterTextError(f"German letter texts missing: {letters_dir() / 'de.toml'}")
    return texts
