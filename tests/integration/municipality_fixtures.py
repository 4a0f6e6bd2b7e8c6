"""Small municipality files in the official layouts: a GV100AD extract (fixed width) and CSV lists."""

from pathlib import Path

STAND = "20260930"


def gv100_line(record_type: str, key: str, name: str, mark: str = "", postcode: str = "", seat: str = "") -> str:
    """One GV100AD record: positions as in Destatis' Datensatzbeschreibung (1-based in the comments)."""
    line = (
        record_type  # 1-2 Satzart
        + STAND  # 3-10 Gebietsstand
        + key.ljust(8)  # 11-18 Land, RB, Kreis, Gemeinde
        + "0000"  # 19-22 Gemeindeverband
        + name.ljust(50)  # 23-72 Name
        + seat.ljust(50)  # 73-122 Sitz der Verwaltung
        + mark.ljust(2)  # 123-124 Textkennzeichen
        + " " * 4  # 125-128
        + "00000012345"  # 129-139 Fläche in ha
        + "00000004711"  # 140-150 Einwohner
        + "00000002300"  # 151-161 männlich
        + " " * 4  # 162-165
        + postcode.ljust(5)  # 166-170 Postleitzahl
        + " " * 5  # 171-175 PLZ eindeutig
        + " " * 45  # Finanzamt, Gerichte, Arbeitsagentur, Wahlkreise ...
    )
    assert len(line) == 220
    return line


GV100_LINES = [
    gv100_line("10", "03", "Niedersachsen", seat="Hannover"),
    gv100_line("20", "034", "Statistische Region Weser-Ems", seat="Oldenburg"),
    gv100_line("40", "03459", "Osnabrück", mark="44", seat="Osnabrück"),
    gv100_line("50", "03459", "Bad Essen", mark="50"),
    gv100_line("60", "03459003", "Bad Essen", mark="64", postcode="49152"),
    gv100_line("60", "03459008", "Bramsche, Stadt", mark="63", postcode="49565"),
    gv100_line("60", "03459013", "Fürstenau, Stadt", mark="63", postcode="49584"),
    gv100_line("60", "03459021", "Hagen am Teutoburger Wald", mark="64", postcode="49170"),
    gv100_line("60", "03459029", "Melle, Stadt", mark="63", postcode="49324"),
    gv100_line("40", "03404", "Osnabrück, Stadt", mark="41"),
    gv100_line("60", "03404000", "Osnabrück, Stadt", mark="61", postcode="49074"),
]


def write_gv100(path: Path, lines: list[str] | None = None, encoding: str = "cp1252") -> Path:
    """Write a GV100AD extract (the official files come in Windows-1252 with CR LF)."""
    path.write_bytes("\r\n".join(lines or GV100_LINES).encode(encoding) + b"\r\n")
    return path
