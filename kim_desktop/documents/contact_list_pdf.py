"""The printable contact list of the partner directory: an A4 table, one block of rows per organisation."""

from dataclasses import dataclass
from datetime import date

from kim_desktop.documents.formatting import format_date
from kim_desktop.documents.table_document import Cell, CellValue, TableDocument
from kim_desktop.documents.table_pdf import render_table_document

HEADERS = ("Organisation", "Ansprechperson", "Funktion", "Telefon", "E-Mail")
_WIDTHS_MM = (58, 36, 30, 28, 34)  # 186 mm between the 12 mm margins


@dataclass(frozen=True)
class ContactLine:
    """A contact person's printed cells."""

    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class OrganisationBlock:
    """An organisation: its name, lines under the name (kind, address, phone) and its contact persons."""

    name: str
    details: tuple[str, ...]
    contacts: tuple[ContactLine, ...]


@dataclass(frozen=True)
class ContactList:
    """Everything the list prints."""

    office: str
    created_on: date
    organisations: tuple[OrganisationBlock, ...]
    subtitle: str = ""


def render_contact_list(data: ContactList) -> bytes:
    """The list as PDF bytes: one block of rows per organisation, its name and details spanning the block."""
    rows: list[tuple[CellValue, ...]] = []
    groups = []
    for block in data.organisations:
        contacts = block.contacts or (ContactLine("–", "", "", ""),)
        organisation = Cell((block.name, *(line for line in block.details if line)), bold_first=True)
        for index, c in enumerate(contacts):
            rows.append((organisation if index == 0 else "", c.name, c.role, c.phone, c.email))
        groups.append(len(contacts))
    line = (
        f"{data.office} · Stand {format_date(data.created_on)}"
        if data.office
        else f"Stand {format_date(data.created_on)}"
    )
    return render_table_document(
        TableDocument(
            title="Kontaktliste der Netzwerkpartner",
            lines=(line, *((data.subtitle,) if data.subtitle else ())),
            header=HEADERS,
            rows=tuple(rows),
            preferred_mm=_WIDTHS_MM,
            empty="Keine Partner gefunden.",
            metadata_title="Kontaktliste Netzwerk",
            author=data.office,
            wide=False,
            size=8.5,
            groups=tuple(groups),
        )
    )
