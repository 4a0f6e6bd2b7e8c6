"""Referral state changes and consents travel: replayed once at the office, decided by rules when it changed too."""

from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent, Consent, Referral, ReferralEvent
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose
from kim_desktop.domain.enums import ConsentMethod, ReferralState
from kim_desktop.services import people, privacy, referrals
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_dto import SyncReport
from kim_desktop.services.outreach_sync import outgoing, sync_with_office
from tests.integration.outreach_setup import TODAY, Outing, advisor_of, laptop, newcomer, take_again
from tests.integration.referral_setup import add_consent, build_network

OUT = datetime(2026, 3, 3, 10, 0)  # the day out


def _held_at_the_office(database: OpenDatabase, tmp_path: Path) -> tuple[Outing, int]:
    """Tesfaye holds a seat at the office; then the copy is taken."""
    net = build_network(database, max_seats=3)
    with database.sessions() as s:
        held = referrals.reserve_seat(s, net.tesfaye, net.course, actor=advisor_of(net), today=TODAY)
    return take_again(database, net, tmp_path, "laptop-1.kim"), held.referral_id


def _sync(database: OpenDatabase, outing: Outing) -> SyncReport:
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:
        return sync_with_office(s_lap, s_office, actor=outing.actor, today=date(2026, 3, 4))


def _events(database: OpenDatabase, referral_id: int) -> int:
    with database.sessions() as s:
        query = sa.select(sa.func.count()).select_from(ReferralEvent).where(ReferralEvent.referral_id == referral_id)
        return int(s.scalar(query) or 0)


def test_a_registration_made_offline_is_replayed_once(database: OpenDatabase, tmp_path: Path) -> None:
    outing, referral_id = _held_at_the_office(database, tmp_path)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            referrals.transition_referral(s, referral_id, ReferralState.REGISTERED, actor=outing.actor,
                                          today=date(2026, 3, 3), now=OUT)  # fmt: skip
        with lap.sessions() as s:
            assert [o.kind for o in outgoing(s).operations] == ["transition_referral"]
    report = _sync(database, outing)
    assert [o.outcome for o in report.outcomes] == ["applied"]
    assert "1 Änderung an Vermittlungen übertragen" in report.summary()
    events = _events(database, referral_id)
    with database.sessions() as s:
        referral = s.get_one(Referral, referral_id)
        assert (referral.state, referral.registered_on) == (ReferralState.REGISTERED, date(2026, 3, 3))
        query = sa.select(AuditEvent).where(AuditEvent.entity_type == "referral").order_by(AuditEvent.id)
        audit = s.scalars(query).all()
        assert audit[-1].at == OUT and audit[-1].actor.endswith("(Außentermin, laptop-1.kim)")
    again = _sync(database, outing)  # nothing left to go up; the journal replayed again changes nothing
    assert again.outcomes == ()
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:
        from kim_desktop.db.models import OutreachOperation
        from kim_desktop.services.outreach_replay import apply_operations

        s_lap.execute(sa.update(OutreachOperation).values(confirmed_at=None))
        s_lap.commit()
        going = outgoing(s_lap)
        replayed = apply_operations(s_office, going.copy, going.operations, today=TODAY, actor=outing.actor)
    assert [o.outcome for o in replayed.outcomes] == ["already"]
    assert _events(database, referral_id) == events


def test_a_referral_changed_at_the_office_meanwhile_keeps_the_office_state(
    database: OpenDatabase, tmp_path: Path
) -> None:
    outing, referral_id = _held_at_the_office(database, tmp_path)
    with database.sessions() as s:  # the provider rang the office: the person cannot come
        referrals.transition_referral(s, referral_id, ReferralState.CANCELLED, actor=outing.actor,
                                      reason="Umzug", today=date(2026, 3, 3))  # fmt: skip
    with laptop(outing) as lap, lap.sessions() as s:
        referrals.transition_referral(s, referral_id, ReferralState.REGISTERED, actor=outing.actor,
                                      today=date(2026, 3, 3), now=OUT)  # fmt: skip
    events = _events(database, referral_id)
    report = _sync(database, outing)
    assert [o.outcome for o in report.outcomes] == ["conflict"]
    assert (
        "offline „Platz reserviert“ → „beim Träger angemeldet“, im Büro inzwischen „storniert“ – es bleibt "
        "„storniert“, bitte prüfen" in report.summary()
    )
    with database.sessions() as s:
        assert s.get_one(Referral, referral_id).state == ReferralState.CANCELLED
    assert _events(database, referral_id) == events
    with laptop(outing) as lap, lap.sessions() as s:
        assert outgoing(s).operations == ()  # decided by the rule and listed: settled


def _consent(person_id: int, recipient: int) -> privacy.ConsentInput:
    return privacy.ConsentInput(
        person_id=person_id, purpose=ConsentPurpose.COURSE_REGISTRATION,
        data=REGISTRATION_LIST_DATA, recipient_ids=(recipient,),
        given_on=date(2026, 3, 3), method=ConsentMethod.SIGNED_FORM,
    )  # fmt: skip


def test_a_consent_given_and_revoked_offline_for_a_new_person_arrives(database: OpenDatabase, tmp_path: Path) -> None:
    outing, _referral = _held_at_the_office(database, tmp_path)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            new_id = people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            consent_id = privacy.record_consent(s, outing.actor, _consent(new_id, outing.net.provider), OUT)
        with lap.sessions() as s:
            privacy.revoke_consent(s, outing.actor, consent_id, date(2026, 3, 3), OUT)
    report = _sync(database, outing)
    assert [o.kind for o in report.outcomes] == ["register_person", "record_consent", "revoke_consent"]
    assert {o.outcome for o in report.outcomes} == {"applied"}
    assert "1 Einwilligung" in report.summary() and "1 Widerruf" in report.summary()
    with database.sessions() as s:
        consent = s.scalars(sa.select(Consent)).one()
        assert consent.revoked_on == date(2026, 3, 3) and [o.id for o in consent.recipients] == [outing.net.provider]
    again = _sync(database, outing)
    assert again.outcomes == ()
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Consent)) == 1


def test_a_consent_revoked_at_the_office_keeps_the_office_date(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database)
    with database.sessions() as s:
        consent_id = privacy.record_consent(s, advisor_of(net), _consent(net.rania, net.provider), OUT)
    outing = take_again(database, net, tmp_path, "laptop-1.kim")
    with database.sessions() as s:
        privacy.revoke_consent(s, outing.actor, consent_id, date(2026, 3, 4), datetime(2026, 3, 4, 9, 0))
    with laptop(outing) as lap, lap.sessions() as s:
        privacy.revoke_consent(s, outing.actor, consent_id, date(2026, 3, 3), OUT)
    report = _sync(database, outing)
    assert [o.outcome for o in report.outcomes] == ["conflict"]
    assert "offline widerrufen am 03.03.2026, im Büro schon am 04.03.2026 – es bleibt der 04.03.2026" in (
        report.summary()
    )
    with database.sessions() as s:
        assert s.get_one(Consent, consent_id).revoked_on == date(2026, 3, 4)


def test_a_course_proposed_offline_arrives_once(database: OpenDatabase, tmp_path: Path) -> None:
    outing, _referral = _held_at_the_office(database, tmp_path)
    with laptop(outing) as lap, lap.sessions() as s:
        referrals.propose_referral(s, outing.net.olena, outing.net.course, actor=outing.actor, now=OUT)
    report = _sync(database, outing)
    assert [o.outcome for o in report.outcomes] == ["applied"] and "1 Kursvorschlag übertragen" in report.summary()
    assert _sync(database, outing).outcomes == ()
    with database.sessions() as s:
        proposed = s.scalars(sa.select(Referral).where(Referral.person_id == outing.net.olena)).all()
    assert [(r.state, r.created_at) for r in proposed] == [(ReferralState.PROPOSED, OUT)]


def test_a_consent_reviewed_at_the_office_meanwhile_keeps_the_office_purpose(
    database: OpenDatabase, tmp_path: Path
) -> None:
    from kim_desktop.domain.consent_scope import USUAL_DATA

    net = build_network(database)
    for _free_text in range(2):  # recorded in words only (before purposes were asked): to be reviewed
        add_consent(database, net.rania, [net.provider], purpose=None, data=frozenset())
    with database.sessions() as s:
        reviewed_here, reviewed_both = s.scalars(sa.select(Consent.id).order_by(Consent.id)).all()
    outing = take_again(database, net, tmp_path, "laptop-1.kim")
    office_purpose = next(p for p in ConsentPurpose if p != ConsentPurpose.COURSE_REGISTRATION)
    with database.sessions() as s:
        privacy.assign_purpose(s, outing.actor, reviewed_both, office_purpose, USUAL_DATA[office_purpose], OUT)
    with laptop(outing) as lap:
        for consent_id in (reviewed_here, reviewed_both):
            with lap.sessions() as s:
                privacy.assign_purpose(s, outing.actor, consent_id, ConsentPurpose.COURSE_REGISTRATION,
                                       REGISTRATION_LIST_DATA, OUT)  # fmt: skip
    report = _sync(database, outing)
    assert [o.outcome for o in report.outcomes] == ["applied", "conflict"]
    assert "offline einem anderen Zweck zugeordnet, im Büro schon" in report.summary()
    with database.sessions() as s:
        assert s.get_one(Consent, reviewed_here).purpose == ConsentPurpose.COURSE_REGISTRATION
        assert s.get_one(Consent, reviewed_both).purpose == office_purpose


def test_a_proposal_turned_into_a_hold_offline_is_provisional_and_waits_when_the_seat_went(
    database: OpenDatabase, tmp_path: Path
) -> None:
    from kim_desktop.db.models import WaitingListEntry
    from kim_desktop.services.outreach_holds import provisional_referral_ids

    net = build_network(database, max_seats=1)
    with database.sessions() as s:
        proposal = referrals.propose_referral(s, net.rania, net.course, actor=advisor_of(net))
    outing = take_again(database, net, tmp_path, "laptop-1.kim")
    with database.sessions() as s:  # meanwhile the office gives the only seat away
        referrals.reserve_seat(s, net.olena, net.course, actor=outing.actor, today=TODAY)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            referrals.transition_referral(s, proposal, ReferralState.RESERVED, actor=outing.actor,
                                          today=date(2026, 3, 3), now=OUT)  # fmt: skip
        with lap.sessions() as s:
            assert provisional_referral_ids(s) == {proposal}
    report = _sync(database, outing)
    assert [o.outcome for o in report.outcomes] == ["waitlisted"]
    assert "steht jetzt auf der Warteliste, neues Schreiben nötig" in report.summary()
    with database.sessions() as s:
        assert s.get_one(Referral, proposal).state == ReferralState.PROPOSED
        assert s.scalar(sa.select(WaitingListEntry.person_id)) == net.rania
