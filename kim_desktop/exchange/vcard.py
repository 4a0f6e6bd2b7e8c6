"""Contact persons as vCard 3.0 (RFC 2426) for address books: one VCARD per person, escaped and folded."""

from collections.abc import Iterable
from dataclasses import dataclass

MAX_LINE_OCTETS = 75


@dataclass(frozen=True)
class VCardContact:
    """One contact person at an organisation, as plain texts ("" when unknown)."""

    name: str
    organisation: str
    role: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""


def escape_value(text: str) -> str:
    """Escape a text value: backslash, comma, semicolon and line breaks (RFC 2426 section 4)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (UTF-8), never splitting a character."""
    pieces: list[str] = []
    current, size = "", 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_LINE_OCTETS - 1  # continuation lines start with a space
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def _name_parts(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[-1], " ".join(words[:-1])


def vcard(contact: VCardContact) -> str:
    """One VCARD block with CRLF line ends."""
    family, given = _name_parts(contact.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N:{escape_value(family)};{escape_value(given)};;;",
        f"FN:{escape_value(contact.name.strip())}",
        f"ORG:{escape_value(contact.organisation)}",
    ]
    if contact.role:
        lines.append(f"TITLE:{escape_value(contact.role)}")
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape_value(contact.phone)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape_value(contact.email)}")
    if contact.street or contact.postcode or contact.city:
        parts = ("", "", contact.street, contact.city, "", contact.postcode, "Deutschland")
        lines.append("ADR;TYPE=WORK:" + ";".join(escape_value(p) for p in parts))
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def vcards(contacts: Iterable[VCardContact]) -> str:
    """All contacts as one .vcf text."""
    return "".join(vcard(c) for c in contacts)
