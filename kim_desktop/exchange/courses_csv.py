"""CSV files of course offers read: any usual encoding and delimiter (written by exchange/spreadsheets.py)."""

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.course_offers import ImportFileError, RawTable, count_known_columns, rows_from

DELIMITERS = (";", ",", "\t")
_CHUNK = 1 << 20


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 mit BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            Text(
                N_(
                    "Die Datei ist weder UTF-8 noch Windows-1252 kodiert (Byte 0x{byte:02X} an Stelle {position}). "
                    "Bitte als „CSV UTF-8“ speichern."
                ),
                byte=data[exc.start],
                position=exc.start + 1,
            )
        ) from exc


def _refuse_binary(start: bytes) -> None:
    if b"\x00" in start[:4096] and not start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Text(N_("Die Datei ist keine Textdatei (CSV). Bitte eine CSV- oder XLSX-Datei wählen.")))


def _delimiter(first_line: str) -> str:
    """The delimiter whose split of the header names the most known columns."""
    best: tuple[int, str] = (-1, ";")
    for delimiter in DELIMITERS:
        known = count_known_columns(next(csv.reader([first_line], delimiter=delimiter), []))
        if known > best[0]:
            best = (known, delimiter)
    return best[1]


def _checked_rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's rows; a malformed file (csv.Error) becomes an ImportFileError when the row is reached."""
    try:
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(Text(N_("Die CSV-Datei ist fehlerhaft: {problem}"), problem=str(exc))) from exc


def read_csv_table(data: bytes) -> RawTable:
    """Decode and split a CSV file held in memory; the delimiter is the one whose header names most known columns."""
    _refuse_binary(data)
    text, _encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    return rows_from(_checked_rows(reader))


def _file_encoding(path: Path) -> str:
    """The codec of a CSV file, found by decoding it once in chunks (UTF-8 with or without BOM, UTF-16, cp1252)."""
    with path.open("rb") as file:
        start = file.read(_CHUNK)
        _refuse_binary(start)
        if start.startswith(b"\xef\xbb\xbf"):
            return "utf-8-sig"
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        failure: tuple[int, UnicodeDecodeError] | None = None
        for encoding in ("utf-8", "cp1252"):
            decoder = codecs.getincrementaldecoder(encoding)()
            file.seek(0)
            offset = 0
            try:
                while chunk := file.read(_CHUNK):
                    decoder.decode(chunk)
                    offset += len(chunk)
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError as exc:
                failure = (offset, exc)
    assert failure is not None
    offset, error = failure
    raise ImportFileError(
        Text(
            N_(
                "Die Datei ist weder UTF-8 noch Windows-1252 kodiert (Byte 0x{byte:02X} an Stelle {position}). "
                "Bitte als „CSV UTF-8“ speichern."
            ),
            byte=error.object[error.start],
            position=offset + error.start + 1,
        )
    ) from error


@contextmanager
def open_csv_table(path: Path) -> Iterator[RawTable]:
    """A CSV file as a table read row by row from disk (the file is decoded twice, never held whole in memory)."""
    encoding = _file_encoding(path)
    with path.open(encoding=encoding, newline="") as text:
        first_line = text.readline()
        reader = csv.reader(itertools.chain([first_line], text), delimiter=_delimiter(first_line.split("\n", 1)[0]))
        yield rows_from(_checked_rows(reader))
