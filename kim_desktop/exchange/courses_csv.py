"""CSV files of course offers: any usual encoding and delimiter in, UTF-8 with BOM and semicolons out."""

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.cell_safety import neutralise
from kim_desktop.exchange.course_offers import ImportFileError, RawTable, count_known_columns, rows_from

Cell = str | int | float | date | time | datetime | None
DELIMITERS = (";", ",", "\t")


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


def _split(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_csv_table(data: bytes) -> RawTable:
    """Decode and split a CSV file; the delimiter is the one whose header names the most known columns."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Text(N_("Die Datei ist keine Textdatei (CSV). Bitte eine CSV- oder XLSX-Datei wählen.")))
    text, _encoding = decode(data)
    first_line = text.split("\n", 1)[0]
    best: tuple[int, str] = (-1, ";")
    for delimiter in DELIMITERS:
        known = count_known_columns(next(csv.reader([first_line], delimiter=delimiter), []))
        if known > best[0]:
            best = (known, delimiter)
    try:
        return rows_from(_split(text, best[1]))
    except csv.Error as exc:
        raise ImportFileError(Text(N_("Die CSV-Datei ist fehlerhaft: {problem}"), problem=str(exc))) from exc


def cell_text(value: Cell) -> str:
    """A value as the exchange format writes it: dates TT.MM.JJJJ, times HH:MM, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, int | float):
        return str(value)
    return neutralise(value)


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Write a table as CSV for Excel: UTF-8 with BOM, semicolons, every text cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([cell_text(v) for v in row])
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
