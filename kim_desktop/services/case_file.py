"""The case file of one person: details, warnings from the rules table, timeline, open follow-ups; pick lists."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Course, Municipality, Organisation, Referral, WaitingListEntry
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.case_warnings import CaseFacts, PermissionFacts, case_warnings, next_section_start
from kim_desktop.domain.enums import OrganisationKind, ReferralState, WaitingStatus
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.counselling import open_follow_ups_of, timeline_of
from kim_desktop.services.outreach_holds import provisional_in
from kim_desktop.services.people import details_of, load_person
from kim_desktop.services.people_dto import CaseFile, Choice
from kim_desktop.services.rules import load_rules

_ACTIVE_REFERRAL = (ReferralState.PROPOSED, ReferralState.RESERVED, ReferralState.REGISTERED, ReferralState.STARTED)
_ISSUERS = (OrganisationKind.AUSLAENDERBEHOERDE, OrganisationKind.JOBCENTER, OrganisationKind.BAMF)


def get_case_file(
    session: Session, person_id: int, today: date | None = None, *, actor: Actor | None = None
) -> CaseFile:
    """Everything the case view shows about one person (one read transaction); with an actor, checked and recorded."""
    if actor is not None:
        require(actor, Action.READ_CASES)
    today = today or date.today()
    with session.begin():
        person = load_person(session, person_id)
        if actor is not None:
            record(session, actor, AuditAction.CASE_READ, "person", person_id, person_id)
        details = details_of(person)
        rules = load_rules(session)
        referral_rows = session.execute(
            sa.select(
                Referral.id, Referral.state, Referral.started_on, Course.start_date, Course.ue_per_week, Course.title
            )
            .join(Course, Course.id == Referral.course_id)
            .where(Referral.person_id == person_id, Referral.state.in_(_ACTIVE_REFERRAL))
            .order_by(Referral.id.desc())
        ).all()
        waiting = bool(
            session.scalar(
                sa.select(sa.func.count(WaitingListEntry.id)).where(
                    WaitingListEntry.person_id == person_id, WaitingListEntry.status == WaitingStatus.OPEN
                )
            )
        )
        started = next((r for r in referral_rows if r.state == ReferralState.STARTED), None)
        course_started_on = (started.started_on or started.start_date) if started else None
        pending = referral_rows[0] if referral_rows else None
        section = None
        if pending is not None:
            section = next_section_start(pending.start_date, pending.ue_per_week, today, rules)
        permission = details.current_permission
        facts = CaseFacts(
            today=today,
            first_contact_on=details.data.first_contact_on,
            permission=PermissionFacts(
                permission.kind,
                permission.obliged,
                permission.issued_on,
                permission.expires_on,
                permission.registered_with_provider_on,
            )
            if permission
            else None,
            course_started_on=course_started_on,
            fee_exemption=details.data.fee_exemption,
            receives_benefits=bool(details.data.jobcenter_customer_number),
            travel_subsidy_requested=details.data.travel_subsidy_requested,
            next_section_start=section,
        )
        open_referral = None
        if pending is not None:
            open_referral = Text(
                N_("{state} – vorläufig (Außentermin): {course}, Beginn {start:%d.%m.%Y}")
                if pending.id in provisional_in(session)  # a seat taken offline on an outreach copy
                else N_("{state}: {course}, Beginn {start:%d.%m.%Y}"),
                state=STATE_NAMES[pending.state],
                course=pending.title or Text(N_("Kurs")),
                start=pending.start_date,
            )
        return CaseFile(
            person=details,
            warnings=tuple(case_warnings(facts, rules)),
            timeline=tuple(timeline_of(session, person_id)),
            open_follow_ups=tuple(open_follow_ups_of(session, person_id, today)),
            open_referral=open_referral,
            on_waiting_list=waiting,
        )


def list_municipalities(session: Session, keep_id: int | None = None) -> list[Choice]:
    """The municipalities new records may get, by name, with their postcodes (plus keep_id even if retired)."""
    with session.begin():
        rows = session.execute(
            sa.select(Municipality.id, Municipality.name, Municipality.postcodes)
            .where(sa.or_(Municipality.retired.is_(False), Municipality.id == (keep_id or 0)))
            .order_by("name")
        )
        return [Choice(mid, name, postcodes) for mid, name, postcodes in rows]


def list_permission_issuers(session: Session) -> list[Choice]:
    """Organisations that issue permissions (Ausländerbehörde, Jobcenter, BAMF)."""
    with session.begin():
        rows = session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.kind.in_(_ISSUERS))
            .order_by(Organisation.name)
        )
        return [Choice(oid, name) for oid, name in rows]
