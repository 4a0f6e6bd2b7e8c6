"""Exports of the partner directory: contacts as CSV and vCard, and the printable contact list as PDF."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from kim_desktop.db.models import ContactPerson, Organisation
from kim_desktop.documents.contact_list_pdf import ContactLine, ContactList, OrganisationBlock, render_contact_list
from kim_desktop.documents.formatting import format_date
from kim_desktop.domain.access import Action, Actor
from kim_desktop.exchange.contacts_csv import contacts_csv
from kim_desktop.exchange.vcard import VCardContact, vcards
from kim_desktop.services.audit import check_if_signed_in, record_export
from kim_desktop.services.network import KIND_LABELS, list_organisations
from kim_desktop.services.storage import storage_guard
from kim_desktop.whole_files import write_whole


@dataclass(frozen=True)
class ContactExport:
    """What an export wrote: the file, how many organisations and contact persons."""

    path: Path
    organisations: int
    contacts: int


def _organisations(session: Session, query: str) -> list[Organisation]:
    ids = [row.id for row in list_organisations(session, query)]
    with session.begin():
        found = session.scalars(
            sa.select(Organisation).options(selectinload(Organisation.contacts)).where(Organisation.id.in_(ids))
        ).all()
        session.expunge_all()
    return sorted(found, key=lambda o: o.name.lower())


def _audited(session: Session, actor: Actor | None, path: Path, orgs: list[Organisation]) -> None:
    record_export(session, actor, "contacts", path.suffix or "csv",
                  {"organisations": len(orgs), "contacts": sum(len(o.contacts) for o in orgs)})  # fmt: skip


def _write(path: Path, data: bytes) -> None:
    with storage_guard(path.parent):  # disk full, read-only folder ... become a message naming the folder
        write_whole(path, data)


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


def _address(org: Organisation) -> str:
    place = " ".join(p for p in (org.postcode, org.city) if p)
    return ", ".join(p for p in (org.street, place) if p)


def _result(path: Path, orgs: list[Organisation]) -> ContactExport:
    return ContactExport(path, len(orgs), sum(len(o.contacts) for o in orgs))


def export_contacts_csv(session: Session, path: Path, query: str = "", *, actor: Actor | None = None) -> ContactExport:
    """One row per contact person (an organisation without contacts gets one row of its own)."""
    check_if_signed_in(actor, Action.EXPORT)
    orgs = _organisations(session, query)
    _audited(session, actor, path, orgs)
    rows = []
    for org in orgs:
        common = [org.street or "", org.postcode or "", org.city or "", org.phone or "", org.email or ""]
        common += [org.bamf_provider_number or "", _day(org.agreement_signed_on), _day(org.agreement_renewed_on)]
        people: list[ContactPerson | None] = [*sorted(org.contacts, key=lambda c: c.name)] or [None]
        for c in people:
            person = [c.name, c.role or "", c.phone or "", c.email or ""] if c else ["", "", "", ""]
            rows.append([org.name, KIND_LABELS[org.kind], *person, *common])
    _write(path, contacts_csv(rows).encode("utf-8"))
    return _result(path, orgs)


def export_contacts_vcard(
    session: Session, path: Path, query: str = "", *, actor: Actor | None = None
) -> ContactExport:
    """One vCard 3.0 per contact person, ORG set to the organisation's name."""
    check_if_signed_in(actor, Action.EXPORT)
    orgs = _organisations(session, query)
    _audited(session, actor, path, orgs)
    cards = [
        VCardContact(
            c.name,
            org.name,
            c.role or "",
            c.phone or "",
            c.email or "",
            org.street or "",
            org.postcode or "",
            org.city or "",
        )
        for org in orgs
        for c in sorted(org.contacts, key=lambda c: c.name)
    ]
    _write(path, vcards(cards).encode("utf-8"))
    return _result(path, orgs)


def contact_list(session: Session, office: str, today: date, query: str = "") -> ContactList:
    """The printable list's content."""
    blocks = []
    for org in _organisations(session, query):
        details = [KIND_LABELS[org.kind], _address(org), org.phone or "", org.email or ""]
        if org.bamf_provider_number:
            details.append(f"BAMF-Trägernr. {org.bamf_provider_number}")
        if org.agreement_signed_on:
            renewed = f", verlängert {_day(org.agreement_renewed_on)}" if org.agreement_renewed_on else ""
            details.append(f"Vereinbarung seit {_day(org.agreement_signed_on)}{renewed}")
        contacts = tuple(
            ContactLine(c.name, c.role or "", c.phone or "", c.email or "")
            for c in sorted(org.contacts, key=lambda c: c.name)
        )
        blocks.append(OrganisationBlock(org.name, tuple(details), contacts))
    subtitle = f"Auswahl: „{query.strip()}“" if query.strip() else ""
    return ContactList(office, today, tuple(blocks), subtitle)


def export_contact_list_pdf(
    session: Session, path: Path, office: str, today: date, query: str = "", *, actor: Actor | None = None
) -> ContactExport:
    """The printable contact list as PDF file."""
    check_if_signed_in(actor, Action.EXPORT)
    data = contact_list(session, office, today, query)
    counts = {"organisations": len(data.organisations), "contacts": sum(len(b.contacts) for b in data.organisations)}
    record_export(session, actor, "contacts", ".pdf", counts)
    _write(path, render_contact_list(data))
    return ContactExport(path, len(data.organisations), sum(len(b.contacts) for b in data.organisations))
