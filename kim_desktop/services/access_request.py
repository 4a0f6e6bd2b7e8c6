"""Access request (Art. 15 GDPR): every record held about one person, as JSON with stable keys and as a PDF."""

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.base import Base
from kim_desktop.db.models import (
    Advisor,
    AuditEvent,
    Availability,
    Child,
    Consent,
    ConsentData,
    CounsellingSession,
    Course,
    FollowUp,
    IssuedDocument,
    Municipality,
    Organisation,
    OutreachDecision,
    Permission,
    Person,
    Referral,
    ReferralEvent,
    Topic,
    WaitingListEntry,
    consent_recipients,
    session_topics,
)
from kim_desktop.documents.access_request_labels import PlainValue
from kim_desktop.documents.access_request_pdf import (
    AccessField,
    AccessRecord,
    AccessReport,
    AccessSection,
    render_access_request_pdf,
)
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.course_labels import course_type_label
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, plain_value, record
from kim_desktop.services.document_language import letter_language_of
from kim_desktop.services.outreach_merge import label_of, shown

JSON_FORMAT = "kim-desktop/access-request/1"
# Foreign keys shown with the name they point to, next to the number (key of the extra field: "<column>_name").
_NAMED_BY: dict[str, tuple[Any, Any]] = {
    "advisors": (Advisor.id, Advisor.display_name),
    "organisations": (Organisation.id, Organisation.name),
    "municipalities": (Municipality.id, Municipality.name),
}


def _names(session: Session) -> dict[str, dict[int, str]]:
    return {
        table: {row_id: name for row_id, name in session.execute(sa.select(key, name_col))}
        for table, (key, name_col) in _NAMED_BY.items()
    }


def _record(row: Base, names: dict[str, dict[int, str]], extra: dict[str, PlainValue] | None = None) -> AccessRecord:
    fields: list[AccessField] = []
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        fields.append(AccessField(column.key, plain_value(value)))
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if target in names and value is not None:
                key = column.key.removesuffix("_id") + "_name"
                if key in row.__table__.columns:  # e.g. permissions.issuer_name
                    key = column.key.removesuffix("_id") + "_lookup_name"
                fields.append(AccessField(key, names[target].get(value)))
    fields.extend(AccessField(k, v) for k, v in (extra or {}).items())
    return AccessRecord(tuple(fields))


def _rows(session: Session, model: type[Any], where: sa.ColumnElement[bool], *order: Any) -> list[Any]:
    return list(session.scalars(sa.select(model).where(where).order_by(*order)))


def _joined(values: list[str]) -> str:
    return ", ".join(sorted(values))


def _sections(session: Session, person: Person) -> tuple[AccessSection, ...]:
    pid, names = person.id, _names(session)
    sessions = _rows(session, CounsellingSession, CounsellingSession.person_id == pid, CounsellingSession.held_at)
    topic_rows = session.execute(
        sa.select(session_topics.c.session_id, Topic.label).join(Topic, Topic.id == session_topics.c.topic_id)
        .where(session_topics.c.session_id.in_([s.id for s in sessions]))
    ).all()  # fmt: skip
    consents = _rows(session, Consent, Consent.person_id == pid, Consent.given_on)
    data_rows = session.execute(
        sa.select(ConsentData.consent_id, ConsentData.category).where(
            ConsentData.consent_id.in_([c.id for c in consents])
        )
    ).all()
    recipient_rows = session.execute(
        sa.select(consent_recipients.c.consent_id, Organisation.name)
        .join(Organisation, Organisation.id == consent_recipients.c.organisation_id)
        .where(consent_recipients.c.consent_id.in_([c.id for c in consents]))
    ).all()  # fmt: skip
    referrals = _rows(session, Referral, Referral.person_id == pid, Referral.created_at)
    courses = {
        c.id: c for c in session.scalars(sa.select(Course).where(Course.id.in_([r.course_id for r in referrals])))
    }
    events = _rows(session, ReferralEvent, ReferralEvent.referral_id.in_([r.id for r in referrals]), ReferralEvent.at)

    def course_name(referral: Referral) -> str:
        course = courses[referral.course_id]
        return (
            f"{course.bamf_course_number or course.title or course_type_label(course.course_type)}, "
            f"ab {course.start_date:%d.%m.%Y}"
        )

    return (
        AccessSection("people", "Personendaten", (_record(person, names),)),
        AccessSection("permissions", "Berechtigungen und Verpflichtungen", tuple(
            _record(p, names) for p in _rows(session, Permission, Permission.person_id == pid, Permission.id))),
        AccessSection("children", "Kinder", tuple(
            _record(c, names) for c in _rows(session, Child, Child.person_id == pid, Child.id))),
        AccessSection("availability", "Erreichbarkeit / Zeiten", tuple(
            _record(a, names) for a in _rows(session, Availability, Availability.person_id == pid,
                                             Availability.weekday, Availability.part_of_day))),
        AccessSection("consents", "Einwilligungen", tuple(
            _record(c, names, {"recipients": _joined([n for cid, n in recipient_rows if cid == c.id]),
                               "data": _joined([str(d) for cid, d in data_rows if cid == c.id])})
            for c in consents)),
        AccessSection("counselling_sessions", "Beratungsgespräche", tuple(
            _record(s, names, {"topics": _joined([t for sid, t in topic_rows if sid == s.id])}) for s in sessions)),
        AccessSection("follow_ups", "Wiedervorlagen", tuple(
            _record(f, names) for f in _rows(session, FollowUp, FollowUp.person_id == pid, FollowUp.due_on))),
        AccessSection("referrals", "Vermittlungen", tuple(
            _record(r, names, {"course_name": course_name(r)}) for r in referrals)),
        AccessSection("referral_events", "Verlauf der Vermittlungen", tuple(_record(e, names) for e in events)),
        AccessSection("waiting_list", "Warteliste", tuple(
            _record(w, names) for w in _rows(session, WaitingListEntry, WaitingListEntry.person_id == pid,
                                             WaitingListEntry.created_at))),
        AccessSection("issued_documents", "Ausgestellte Schreiben", tuple(
            _record(d, names) for d in _rows(session, IssuedDocument, IssuedDocument.person_id == pid,
                                             IssuedDocument.issued_at))),
        AccessSection("outreach_decisions", "Außentermin: offline und im Büro verschieden geänderte Angaben", tuple(
            _record(d, names, {"field_name": str(label_of(d.field)), "office_text": shown(json.loads(d.office_value)),
                               "laptop_text": shown(json.loads(d.laptop_value))})
            for d in _rows(session, OutreachDecision, OutreachDecision.person_id == pid, OutreachDecision.id))),
        AccessSection("audit_events", "Protokoll: Zugriffe und Änderungen", tuple(
            _record(a, names) for a in _rows(session, AuditEvent, AuditEvent.person_id == pid, AuditEvent.at,
                                             AuditEvent.id))),
    )  # fmt: skip


def collect_access_report(
    session: Session, actor: Actor | None, person_id: int, now: datetime, office: str = ""
) -> AccessReport:
    """Collect everything held about a person; the access request itself is logged and filed as issued."""
    admin = require(actor, Action.ACCESS_REQUEST)
    with session.begin():
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(Text(N_("Die Person gibt es nicht mehr.")))
        report = AccessReport(
            person.id, f"{person.given_names} {person.family_name}".strip(), now.replace(microsecond=0),
            admin.display_name, office, _sections(session, person), letter_language_of(person),
        )  # fmt: skip
        session.add(IssuedDocument(person_id=person_id, kind=DocumentKind.ACCESS_REQUEST, language="de",
                                   text_version=JSON_FORMAT, issued_at=now, issued_by_id=admin.advisor_id))  # fmt: skip
        record(session, admin, AuditAction.ACCESS_REQUEST, "person", person_id, person_id, at=now)
    return report


def access_report_json(report: AccessReport) -> str:
    """Machine-readable form: sections by table name, each record as column -> value (stable, sorted keys)."""
    data = {
        "format": JSON_FORMAT,
        "person_id": report.person_id,
        "produced_at": report.produced_at.isoformat(),
        "produced_by": report.produced_by,
        "office": report.office,
        "sections": {
            s.key: {"title": s.title, "records": [{f.key: f.value for f in r.fields} for r in s.records]}
            for s in report.sections
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)


def access_report_pdf(report: AccessReport) -> bytes:
    """The report as a PDF to hand over or send."""
    return render_access_request_pdf(report)
