"""The partner directory (Netzwerk): organisations and their contact persons; search, create, edit."""

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from kim_desktop.db.models import ContactPerson, Course, CourseLocation, Organisation
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, check_if_signed_in, diff_fields, plain_value, record
from kim_desktop.services.concurrency import save_with_version_check
from kim_desktop.services.person_validation import valid_email, valid_phone, valid_postcode

# Names of the partner kinds (German; the UI translates them when it shows them).
KIND_LABELS: dict[OrganisationKind, Text] = {
    OrganisationKind.JOBCENTER: Text(N_("Jobcenter")),
    OrganisationKind.AGENTUR: Text(N_("Agentur für Arbeit")),
    OrganisationKind.AUSLAENDERBEHOERDE: Text(N_("Ausländerbehörde")),
    OrganisationKind.MBE: Text(N_("Migrationsberatung (MBE)")),
    OrganisationKind.JMD: Text(N_("Jugendmigrationsdienst (JMD)")),
    OrganisationKind.KURSTRAEGER: Text(N_("Kursträger")),
    OrganisationKind.KOMMUNE: Text(N_("Kommune")),
    OrganisationKind.BAMF: Text(N_("BAMF")),
    OrganisationKind.OTHER: Text(N_("Sonstige")),
}
# Field -> label as the form and the messages name it.
FIELD_LABELS: dict[str, Text] = {
    "name": Text(N_("Name")),
    "short_name": Text(N_("Kurzname")),
    "kind": Text(N_("Art")),
    "street": Text(N_("Straße")),
    "postcode": Text(N_("Postleitzahl")),
    "city": Text(N_("Ort")),
    "phone": Text(N_("Telefon")),
    "email": Text(N_("E-Mail")),
    "website": Text(N_("Webseite")),
    "bamf_provider_number": Text(N_("BAMF-Trägernummer")),
    "agreement_signed_on": Text(N_("Vereinbarung unterzeichnet am")),
    "agreement_renewed_on": Text(N_("Vereinbarung verlängert am")),
    "notes": Text(N_("Notizen")),
    "role": Text(N_("Funktion")),
}
_MAX_LENGTHS = {"name": 200, "short_name": 60, "street": 200, "city": 100, "phone": 50, "email": 200,
                "website": 200, "bamf_provider_number": 30, "role": 100}  # fmt: skip
# BAMF provider numbers look like "312.4567" or "123-45678": digits with dots, hyphens or slashes.
_PROVIDER_NUMBER = re.compile(r"[0-9][0-9./\- ]{1,28}[0-9]")


@dataclass(frozen=True)
class OrganisationInput:
    """What the partner form gives to create or change an organisation."""

    name: str
    kind: OrganisationKind
    short_name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    bamf_provider_number: str = ""
    agreement_signed_on: date | None = None
    agreement_renewed_on: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class ContactInput:
    """What the contact form gives: a contact person at a partner."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class ContactRow:
    """A contact person as the details show it."""

    id: int
    organisation_id: int
    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class OrganisationRow:
    """One partner of the directory's table."""

    id: int
    name: str
    short_name: str
    kind: OrganisationKind
    city: str
    phone: str
    contact_names: tuple[str, ...]
    agreement_signed_on: date | None
    agreement_renewed_on: date | None


@dataclass(frozen=True)
class OrganisationDetails:
    """A partner with its contact persons and the version the form must send back."""

    id: int
    data: OrganisationInput
    contacts: tuple[ContactRow, ...]
    version: int


_ORG_FIELDS = tuple(f.name for f in fields(OrganisationInput))


def _text(value: str | None) -> str:
    return value or ""


def _contact_row(c: ContactPerson) -> ContactRow:
    return ContactRow(c.id, c.organisation_id, c.name, _text(c.role), _text(c.phone), _text(c.email))


def _input_of(org: Organisation) -> OrganisationInput:
    t = _text
    return OrganisationInput(
        name=org.name, kind=org.kind, short_name=t(org.short_name), street=t(org.street), postcode=t(org.postcode),
        city=t(org.city), phone=t(org.phone), email=t(org.email), website=t(org.website),
        bamf_provider_number=t(org.bamf_provider_number), agreement_signed_on=org.agreement_signed_on,
        agreement_renewed_on=org.agreement_renewed_on, notes=t(org.notes),
    )  # fmt: skip


def _search_text(org: Organisation) -> str:
    parts = [org.name, org.short_name, KIND_LABELS[org.kind], org.city, org.postcode, org.bamf_provider_number]
    parts += [c.name for c in org.contacts] + [c.role for c in org.contacts]
    return fold_for_search(" ".join(p for p in parts if p))


def list_organisations(session: Session, query: str = "") -> list[OrganisationRow]:
    """The partners by name; with a query only those whose name, kind, place or contact names match every word."""
    words = fold_for_search(query).split()
    with session.begin():
        found = session.scalars(
            sa.select(Organisation).options(selectinload(Organisation.contacts)).order_by(Organisation.name)
        ).all()
        rows = []
        for org in found:
            if words:
                text = _search_text(org)
                if not all(w in text for w in words):
                    continue
            rows.append(
                OrganisationRow(
                    org.id, org.name, _text(org.short_name), org.kind, _text(org.city), _text(org.phone),
                    tuple(c.name for c in sorted(org.contacts, key=lambda c: c.name)),
                    org.agreement_signed_on, org.agreement_renewed_on,
                )
            )  # fmt: skip
        return rows


def get_organisation(session: Session, organisation_id: int) -> OrganisationDetails:
    """One partner with its contact persons."""
    with session.begin():
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFound(
                Text(N_("Den Partner {organisation_id} gibt es nicht (mehr)."), organisation_id=organisation_id)
            )
        contacts = tuple(_contact_row(c) for c in sorted(org.contacts, key=lambda c: (c.name, c.id)))
        return OrganisationDetails(org.id, _input_of(org), contacts, org.version)


def _length_errors(values: dict[str, object]) -> list[FieldError]:
    errors = []
    for name, value in values.items():
        limit = _MAX_LENGTHS.get(name)
        if limit and isinstance(value, str) and len(value.strip()) > limit:
            errors.append(
                FieldError(name, Text(N_("{label}: höchstens {limit} Zeichen."), label=FIELD_LABELS[name], limit=limit))
            )
    return errors


def _contact_field_errors(phone: str, email: str) -> list[FieldError]:
    errors = []
    if phone.strip() and not valid_phone(phone.strip()):
        errors.append(
            FieldError(
                "phone",
                Text(N_("Telefon: bitte nur Ziffern, Leerzeichen, +, /, - und Klammern (mindestens 6 Ziffern).")),
            )
        )
    if email.strip() and not valid_email(email.strip()):
        errors.append(FieldError("email", Text(N_("E-Mail: bitte eine Adresse der Form name@beispiel.de eingeben."))))
    return errors


def organisation_errors(data: OrganisationInput) -> list[FieldError]:
    """Every problem of the partner form that needs no database; an empty list means it may be saved."""
    errors: list[FieldError] = []
    if not data.name.strip():
        errors.append(FieldError("name", Text(N_("Name: bitte eintragen."))))
    errors += _length_errors(asdict(data))
    if data.postcode.strip() and not valid_postcode(data.postcode.strip()):
        errors.append(FieldError("postcode", Text(N_("Postleitzahl: bitte genau fünf Ziffern eingeben."))))
    errors += _contact_field_errors(data.phone, data.email)
    number = data.bamf_provider_number.strip()
    if number and data.kind != OrganisationKind.KURSTRAEGER:
        errors.append(FieldError("bamf_provider_number", Text(N_("BAMF-Trägernummer: nur bei Kursträgern eintragen."))))
    elif number and not _PROVIDER_NUMBER.fullmatch(number):
        errors.append(
            FieldError(
                "bamf_provider_number",
                Text(N_("BAMF-Trägernummer: bitte Ziffern (mit Punkt oder Bindestrich) eingeben.")),
            )
        )
    if data.agreement_renewed_on is not None:
        if data.agreement_signed_on is None:
            errors.append(
                FieldError(
                    "agreement_signed_on",
                    Text(N_("Vereinbarung unterzeichnet am: bitte eintragen (sie wurde verlängert).")),
                )
            )
        elif data.agreement_renewed_on < data.agreement_signed_on:
            errors.append(
                FieldError(
                    "agreement_renewed_on",
                    Text(N_("Vereinbarung verlängert am: darf nicht vor dem Datum der Unterzeichnung liegen.")),
                )
            )
    return errors


def _validate_organisation(session: Session, data: OrganisationInput, organisation_id: int | None) -> None:
    errors = organisation_errors(data)
    name = data.name.strip()
    if name:
        clash = session.scalar(
            sa.select(Organisation.id).where(
                sa.func.lower(Organisation.name) == name.lower(), Organisation.id != (organisation_id or 0)
            )
        )
        if clash is not None:
            errors.append(FieldError("name", Text(N_("Name: einen Partner „{name}“ gibt es schon."), name=name)))
    if organisation_id is not None and data.kind != OrganisationKind.KURSTRAEGER:
        teaches = session.scalar(
            sa.select(sa.func.count()).select_from(CourseLocation).where(CourseLocation.provider_id == organisation_id)
        ) or session.scalar(sa.select(sa.func.count()).select_from(Course).where(Course.provider_id == organisation_id))
        if teaches:
            errors.append(
                FieldError("kind", Text(N_("Art: der Partner hat Kursorte oder Kurse und bleibt Kursträger.")))
            )
    if errors:
        raise ValidationFailed(errors)


def _stored(data: OrganisationInput) -> dict[str, object]:
    values: dict[str, object] = {}
    for name in _ORG_FIELDS:
        value = getattr(data, name)
        values[name] = (value.strip() or None) if isinstance(value, str) else value
    return values


def audit_network_change(
    session: Session, actor: Actor | None, entity: tuple[str, int], before: Mapping[str, object],
    after: Mapping[str, object],
) -> None:  # fmt: skip
    """Record a change to the partner directory with old -> new value per changed field (nothing if none)."""
    changes = diff_fields({k: plain_value(v) for k, v in before.items()}, {k: plain_value(v) for k, v in after.items()})
    if actor is not None and changes:
        record(session, actor, AuditAction.NETWORK_CHANGED, entity[0], entity[1], None, changes)


def _org_values(org: Organisation) -> dict[str, object]:
    return {name: getattr(org, name) for name in _ORG_FIELDS}


def create_organisation(session: Session, data: OrganisationInput, *, actor: Actor | None = None) -> int:
    """Add a partner; returns its id (ValidationFailed names every wrong field)."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        _validate_organisation(session, data, None)
        org = Organisation(**_stored(data))
        session.add(org)
        session.flush()
        audit_network_change(session, actor, ("organisation", org.id), {}, _stored(data))
        return org.id


def update_organisation(
    session: Session,
    organisation_id: int,
    data: OrganisationInput,
    *,
    expected_version: int,
    actor: Actor | None = None,
    loaded: OrganisationInput | None = None,
) -> int:
    """Save a changed partner if nobody else saved it since it was loaded; returns the new version.

    A stale version raises RecordChanged (a Conflict) naming what the other desk changed (given `loaded`).
    """
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFound(
                Text(N_("Den Partner {organisation_id} gibt es nicht (mehr)."), organisation_id=organisation_id)
            )
        before = _org_values(org)
        _validate_organisation(session, data, organisation_id)
        shown = _stored(loaded) if loaded is not None else None
        version = save_with_version_check(
            session, Organisation, organisation_id, expected_version, _stored(data), shown, FIELD_LABELS
        )
        audit_network_change(session, actor, ("organisation", organisation_id), before, _stored(data))
        return version


def _validate_contact(data: ContactInput) -> None:
    errors = []
    if not data.name.strip():
        errors.append(FieldError("name", Text(N_("Name: bitte eintragen."))))
    errors += _length_errors({"name": data.name, "role": data.role, "phone": data.phone, "email": data.email})
    errors += _contact_field_errors(data.phone, data.email)
    if errors:
        raise ValidationFailed(errors)


def _apply_contact(contact: ContactPerson, data: ContactInput) -> None:
    contact.name = data.name.strip()
    contact.role = data.role.strip() or None
    contact.phone = data.phone.strip() or None
    contact.email = data.email.strip() or None


def _contact_values(contact: ContactPerson) -> dict[str, object]:
    return {"organisation_id": contact.organisation_id, "name": contact.name, "role": contact.role,
            "phone": contact.phone, "email": contact.email}  # fmt: skip


def add_contact(
    session: Session, organisation_id: int, data: ContactInput, *, actor: Actor | None = None,
) -> int:  # fmt: skip
    """Add a contact person to a partner; returns its id."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        _validate_contact(data)
        if session.get(Organisation, organisation_id) is None:
            raise NotFound(
                Text(N_("Den Partner {organisation_id} gibt es nicht (mehr)."), organisation_id=organisation_id)
            )
        contact = ContactPerson(organisation_id=organisation_id)
        _apply_contact(contact, data)
        session.add(contact)
        session.flush()
        audit_network_change(session, actor, ("contact_person", contact.id), {}, _contact_values(contact))
        return contact.id


def _contact(session: Session, contact_id: int) -> ContactPerson:
    contact = session.get(ContactPerson, contact_id)
    if contact is None:
        raise NotFound(Text(N_("Die Ansprechperson gibt es nicht mehr.")))
    return contact


def get_contact(session: Session, contact_id: int) -> ContactRow:
    """One contact person."""
    with session.begin():
        return _contact_row(_contact(session, contact_id))


def update_contact(session: Session, contact_id: int, data: ContactInput, *, actor: Actor | None = None) -> None:
    """Change a contact person's name, role, phone or e-mail."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        _validate_contact(data)
        contact = _contact(session, contact_id)
        before = _contact_values(contact)
        _apply_contact(contact, data)
        audit_network_change(session, actor, ("contact_person", contact_id), before, _contact_values(contact))


def remove_contact(session: Session, contact_id: int, *, actor: Actor | None = None) -> None:
    """Remove a contact person from the directory."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        contact = _contact(session, contact_id)
        audit_network_change(session, actor, ("contact_person", contact_id), _contact_values(contact), {})
        session.delete(contact)
