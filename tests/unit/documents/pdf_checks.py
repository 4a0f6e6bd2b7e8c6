"""Checks on rendered PDFs: embedded fonts (pdffonts), the characters their glyphs cover, and extracted text."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

# Direction marks pdftotext puts around right-to-left runs: not part of what was typed.
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    """Code → text of a simple font's ToUnicode CMap (reportlab writes bfchar entries only)."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return mapping


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    seen: dict[int, DictionaryObject] = {}
    for page in reader.pages:
        resources: Any = page.get("/Resources")
        stack = [resources.get_object()] if resources else []
        while stack:
            res = stack.pop()
            for font in (res.get("/Font") or DictionaryObject()).get_object().values():
                seen[id(font.get_object())] = font.get_object()
            for xobject in (res.get("/XObject") or DictionaryObject()).get_object().values():
                inner = xobject.get_object().get("/Resources")
                if inner is not None:
                    stack.append(inner.get_object())
    return list(seen.values())


def covered_text(pdf: bytes) -> set[str]:
    """Every character that some embedded font in the PDF prints with a real glyph (not .notdef)."""
    covered: set[str] = set()
    for font in _fonts(PdfReader(io.BytesIO(pdf))):
        descriptor = font.get("/FontDescriptor")
        if descriptor is None or "/FontFile2" not in descriptor.get_object():
            continue  # not embedded: covers nothing
        face = TTFont(io.BytesIO(descriptor.get_object()["/FontFile2"].get_object().get_data()))
        # reportlab's subsets map the PDF's one-byte codes straight to glyphs (a Macintosh cmap).
        cmap: dict[int, str] = {}
        for table in face["cmap"].tables:
            cmap.update(table.cmap)
        glyf = face["glyf"]
        for code, text in _to_unicode(font).items():
            glyph = cmap.get(code)
            if glyph is None or face.getGlyphID(glyph) == 0 or glyph == ".notdef":
                continue
            if not text.isspace() and glyf[glyph].numberOfContours == 0:
                continue  # an empty glyph (what a font without the character gives) prints nothing
            covered.update(text)
    return covered


def pdffonts(pdf: bytes) -> list[tuple[str, str, bool]]:
    """(name, type, embedded) of each font as poppler's pdffonts lists them."""
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "doc.pdf")
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows: list[tuple[str, str, bool]] = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [encoding…] emb sub uni object ID: emb is the 5th column from the end.
        rows.append((parts[0], parts[1], parts[-5] == "yes"))
    return rows


def text_pypdf(pdf: bytes) -> str:
    """All pages' text as pypdf extracts it, whitespace runs made one space."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(_BIDI_MARKS.sub("", text).split())


def text_pdftotext(pdf: bytes) -> str:
    """All pages' text as poppler's pdftotext extracts it, whitespace runs made one space."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(_BIDI_MARKS.sub("", out.stdout.decode("utf-8")).split())


def document_info(pdf: bytes) -> tuple[str, str]:
    """The document's language (/Lang of the catalogue) and title."""
    reader = PdfReader(io.BytesIO(pdf))
    lang = reader.trailer["/Root"].get_object().get("/Lang")
    title = reader.metadata.title if reader.metadata else None
    return (str(lang) if lang is not None else "", title or "")
