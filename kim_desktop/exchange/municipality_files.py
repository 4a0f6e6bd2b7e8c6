"""Municipality lists: Destatis' Gemeindeverzeichnis (GV100AD, fixed width) and a simple CSV Gemeinde;PLZ;AGS."""

import csv
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.course_offers import ImportFileError
from kim_desktop.exchange.courses_csv import decode

MAX_FILE_BYTES = 50 * 1024 * 1024  # the whole of Germany's GV100AD is about 5 MB
MAX_NAME = 100  # the column's limit (models.Municipality.name)

# GV100AD record layout (Destatis, "Datensatzbeschreibung GV100AD"), 1-based positions as in the description.
_RECORD_TYPE = slice(0, 2)  # 1-2 Satzart
_AGS = slice(10, 18)  # 11-12 Land, 13 Regierungsbezirk, 14-15 Kreis, 16-18 Gemeinde
_NAME = slice(22, 72)  # 23-72 Gemeindename
_TEXT_MARK = slice(122, 124)  # 123-124 Textkennzeichen
_POSTCODE = slice(165, 170)  # 166-170 Postleitzahl (of the administrative seat)
_MUNICIPALITY_RECORD = "60"
# Textkennzeichen of a town: 61 kreisfreie Stadt, 62 Stadtkreis, 63 Stadt, 67 Große Kreisstadt.
_TOWN_MARKS = frozenset({"61", "62", "63", "67"})
_DIGITS = re.compile(r"\d+")
_POSTCODE_SPLIT = re.compile(r"[\s,/|]+")


class MunicipalityFileFormat(StrEnum):
    """Which kind of file was read."""

    GV100AD = "GV100AD"
    CSV = "CSV"


@dataclass(frozen=True)
class MunicipalityRecord:
    """One municipality as a file states it (line number for messages)."""

    line: int
    name: str
    ags: str | None
    postcodes: tuple[str, ...]
    is_town: bool


@dataclass(frozen=True)
class LineProblem:
    """A line the file cannot be read from, with the reason."""

    line: int
    message: Text


@dataclass(frozen=True)
class MunicipalityFile:
    """What a municipality file holds: its format, encoding, the records and the lines that are wrong."""

    format: MunicipalityFileFormat
    encoding: str
    records: tuple[MunicipalityRecord, ...]
    problems: tuple[LineProblem, ...]
    skipped_other_counties: int = 0


def plain_name(official: str) -> str:
    """The name an office uses: "Bramsche, Stadt" -> "Bramsche" (the designation after the comma goes)."""
    return official.split(",", 1)[0].strip()


def valid_county_key(key: str) -> bool:
    """A Kreisschlüssel is five digits (2 Land, 1 Regierungsbezirk, 2 Kreis); two or three select a wider area."""
    return key.isdigit() and 2 <= len(key) <= 5


def read_municipality_file(path: Path, county_key: str | None = None) -> MunicipalityFile:
    """Read a GV100AD extract or a CSV list; county_key keeps only the municipalities whose AGS starts with it."""
    if county_key is not None and not valid_county_key(county_key):
        raise ImportFileError(
            Text(N_("Kreisschlüssel „{key}“: bitte zwei bis fünf Ziffern eingeben (z. B. 03459)."), key=county_key)
        )
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFileError(Text(N_("Die Datei {name} ist zu groß für ein Gemeindeverzeichnis."), name=path.name))
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            Text(N_("Die Datei {name} kann nicht gelesen werden: {reason}"), name=path.name, reason=exc.strerror or "")
        ) from exc
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Text(N_("Die Datei {name} ist keine Textdatei."), name=path.name))
    text, encoding = decode(data)
    lines = text.splitlines()
    if _looks_like_gv100(lines):
        return _read_gv100(lines, encoding, county_key)
    return _read_csv(text, encoding, county_key)


def _looks_like_gv100(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    return len(first) >= 72 and first[:2].isdigit() and first[2:10].isdigit() and ";" not in first[:40]


def _read_gv100(lines: list[str], encoding: str, county_key: str | None) -> MunicipalityFile:
    records: list[MunicipalityRecord] = []
    problems: list[LineProblem] = []
    skipped = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if len(line) < 72 or not line[_RECORD_TYPE].isdigit():
            problems.append(LineProblem(number, Text(N_("Zeile ist kein Satz des Gemeindeverzeichnisses (GV100AD)."))))
            continue
        if line[_RECORD_TYPE] != _MUNICIPALITY_RECORD:
            continue  # Land, Regierungsbezirk, Kreis, Gemeindeverband: not places where people live
        ags = line[_AGS]
        if not ags.isdigit():
            problems.append(LineProblem(number, Text(N_("Gemeindeschlüssel „{ags}“ ist keine Zahl."), ags=ags.strip())))
            continue
        if county_key is not None and not ags.startswith(county_key):
            skipped += 1
            continue
        name = plain_name(line[_NAME])
        if not name:
            problems.append(LineProblem(number, Text(N_("Der Gemeindename fehlt."))))
            continue
        postcode = line[_POSTCODE].strip() if len(line) >= _POSTCODE.stop else ""
        records.append(
            MunicipalityRecord(
                number, name, ags, (postcode,) if _is_postcode(postcode) else (), line[_TEXT_MARK] in _TOWN_MARKS
            )
        )
    return MunicipalityFile(MunicipalityFileFormat.GV100AD, encoding, tuple(records), tuple(problems), skipped)


def _is_postcode(value: str) -> bool:
    return len(value) == 5 and value.isdigit()


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def _read_csv(text: str, encoding: str, county_key: str | None) -> MunicipalityFile:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first)))
    except csv.Error as exc:
        raise ImportFileError(Text(N_("Die CSV-Datei ist fehlerhaft: {problem}"), problem=str(exc))) from exc
    records: list[MunicipalityRecord] = []
    problems: list[LineProblem] = []
    skipped = 0
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and cells[0].casefold() in {"gemeinde", "name", "gemeindename"}:
            continue  # the header
        record = _csv_record(number, cells, problems)
        if record is None:
            continue
        if county_key is not None and (record.ags is None or not record.ags.startswith(county_key)):
            skipped += 1
            continue
        records.append(record)
    if not records and not problems:
        raise ImportFileError(
            Text(
                N_("Die Datei enthält keine Gemeinden. Erwartet: Gemeindeverzeichnis (GV100AD) oder Gemeinde;PLZ;AGS.")
            )
        )
    return MunicipalityFile(MunicipalityFileFormat.CSV, encoding, tuple(records), tuple(problems), skipped)


def _csv_record(number: int, cells: list[str], problems: list[LineProblem]) -> MunicipalityRecord | None:
    """One CSV row Gemeinde;PLZ;AGS (PLZ and AGS may be empty; several PLZ separated by spaces or slashes)."""
    if len(cells) > 3:
        problems.append(
            LineProblem(number, Text(N_("{count} Spalten statt höchstens drei (Gemeinde;PLZ;AGS)."), count=len(cells)))
        )
        return None
    name, postcode_cell, ags_cell = [*cells, "", ""][:3]
    before = len(problems)
    if not name:
        problems.append(LineProblem(number, Text(N_("Spalte Gemeinde: der Name fehlt."))))
    elif len(name) > MAX_NAME:
        problems.append(LineProblem(number, Text(N_("Spalte Gemeinde: höchstens {limit} Zeichen."), limit=MAX_NAME)))
    elif any(ord(char) < 32 for char in name):
        problems.append(LineProblem(number, Text(N_("Spalte Gemeinde: enthält Steuerzeichen."))))
    postcodes = tuple(code for code in _POSTCODE_SPLIT.split(postcode_cell) if code)
    wrong = [code for code in postcodes if not _is_postcode(code)]
    if wrong:
        problems.append(
            LineProblem(number, Text(N_("Spalte PLZ: „{value}“ ist keine fünfstellige Postleitzahl."), value=wrong[0]))
        )
    ags = ags_cell.replace(" ", "") or None
    if ags is not None and not (len(ags) == 8 and _DIGITS.fullmatch(ags)):
        problems.append(
            LineProblem(number, Text(N_("Spalte AGS: „{value}“ ist kein achtstelliger Gemeindeschlüssel."), value=ags))
        )
    if len(problems) > before:
        return None
    return MunicipalityRecord(number, plain_name(name), ags, tuple(dict.fromkeys(postcodes)), False)
