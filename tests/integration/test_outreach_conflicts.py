"""Conflicts by rules: a seat gone meanwhile, a person changed on both sides, a person who exists at the office."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.models import Course, OutreachApplied, Person, Referral, WaitingListEntry
from kim_desktop.domain.enums import ReferralState, Sex
from kim_desktop.services import people, referrals
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_holds import provisional_referral_ids
from kim_desktop.services.outreach_replay import apply_operations
from kim_desktop.services.outreach_seats import choose_fallback
from kim_desktop.services.outreach_sync import outgoing, sync_with_office
from kim_desktop.services.referral_dto import ReferralFilter
from kim_desktop.ui.models.referrals_table_model import cell_text
from tests.integration.outreach_setup import TODAY, go_out, laptop, newcomer


def test_a_seat_given_away_meanwhile_becomes_a_waiting_list_entry(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path, max_seats=1)
    net = outing.net
    with database.sessions() as s:  # at the office, the last seat goes to Olena while the laptop is out
        referrals.reserve_seat(s, net.olena, net.course, actor=outing.actor, today=TODAY)
    with database.sessions() as s:
        s.execute(sa.update(Person).where(Person.id == net.rania).values(sex=Sex.FEMALE))
        s.commit()
    with laptop(outing) as lap:
        with lap.sessions() as s:  # the copy still shows the seat free
            held = referrals.reserve_seat(s, net.rania, net.course, actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            assert provisional_referral_ids(s) == {held.referral_id}
        with lap.sessions() as s:  # the list marks it (the referrals page: "reserviert (vorläufig)")
            listed = referrals.list_referrals(s, ReferralFilter(), TODAY, actor=outing.actor)
        assert [(r.id, r.provisional) for r in listed] == [(held.referral_id, True)]
        assert cell_text(listed[0], 1).endswith("(vorläufig)") and cell_text(listed[0], 2) == "angefragt (Außentermin)"
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert [o.outcome for o in report.outcomes] == ["waitlisted"]
    assert "1 Platz war inzwischen vergeben – Frau Haddad steht jetzt auf der Warteliste, neues Schreiben nötig" in (
        report.summary()
    )
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Referral).where(Referral.person_id == net.rania)) == 0
        entry = s.scalar(sa.select(WaitingListEntry).where(WaitingListEntry.person_id == net.rania))
        assert entry is not None and "Außentermin" in entry.note
        # "applied" is written in the waiting-list entry's transaction, not in the one that looked at the seat
        assert s.scalar(sa.select(OutreachApplied.outcome)) == "waitlisted"


def test_the_advisor_may_choose_the_next_best_course_beforehand(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path, max_seats=1)
    net = outing.net
    with database.sessions() as s, s.begin():
        course = s.get_one(Course, net.course)
        other = Course(
            **{
                c.key: getattr(course, c.key)
                for c in Course.__table__.c
                if c.key not in ("id", "version", "bamf_course_number")
            }
        )
        s.add(other)
        s.flush()
        other_id = other.id
    with database.sessions() as s:
        referrals.reserve_seat(s, net.olena, net.course, actor=outing.actor, today=TODAY)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            held = referrals.reserve_seat(s, net.rania, net.course, actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            choose_fallback(s, held.referral_id, other_id, actor=outing.actor)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert [o.outcome for o in report.outcomes] == ["moved"]
    with database.sessions() as s:
        moved = s.scalar(sa.select(Referral).where(Referral.person_id == net.rania))
        assert moved is not None and moved.course_id == other_id and moved.state == ReferralState.RESERVED


def test_a_person_changed_on_both_sides_is_merged_field_by_field(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    net = outing.net
    with laptop(outing) as lap:
        with lap.sessions() as s:
            mine = people.get_person_details(s, net.rania)
        with lap.sessions() as s:
            offline = replace(mine.data, phone="0151 1000000", street="Birkenweg 2")
            people.update_person(s, net.rania, offline, expected_version=mine.version, actor=outing.actor, today=TODAY)
        with database.sessions() as s:
            theirs = people.get_person_details(s, net.rania)
        with database.sessions() as s:
            office = replace(theirs.data, phone="0151 2000000", email="rania@example.org")
            people.update_person(s, net.rania, office, expected_version=theirs.version, actor=outing.actor)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert [o.outcome for o in report.outcomes] == ["conflict"]
    assert "Telefon: offline „0151 1000000“, im Büro „0151 2000000“" in report.summary()
    with database.sessions() as s:
        now = people.get_person_details(s, net.rania).data
    assert (now.phone, now.street, now.email) == ("0151 2000000", "Birkenweg 2", "rania@example.org")


def test_a_person_who_exists_at_the_office_waits_for_the_advisor(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    net = outing.net
    with database.sessions() as s:  # registered at the office after the copy was taken
        people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            new_id = people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            referrals.reserve_seat(s, new_id, net.course, actor=outing.actor, today=TODAY)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
        assert [o.outcome for o in report.outcomes] == ["held", "held"]
        assert not report.settled
        assert "Ayse Yilmaz ist vielleicht schon im Büro erfasst (Yilmaz, Ayse)" in report.summary()
        with lap.sessions() as s:
            going = outgoing(s)
        assert len(going.operations) == 2  # nothing is confirmed: the laptop keeps both
        # The advisor decides: a different person of the same name; register anyway, then the hold follows.
        with database.sessions() as s:
            decided = apply_operations(s, going.copy, going.operations, today=TODAY, actor=outing.actor,
                                       decided=frozenset({going.operations[0].id}))  # fmt: skip
    assert [o.outcome for o in decided.outcomes] == ["applied", "applied"]
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) == 2
        assert s.scalar(sa.select(sa.func.count()).select_from(OutreachApplied)) == 2


def test_the_letter_of_a_seat_taken_offline_says_it_is_requested(database: OpenDatabase, tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    from kim_desktop.services.letters import issue_referral_letter
    from kim_desktop.settings import OfficeProfile

    outing = go_out(database, tmp_path)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            held = referrals.reserve_seat(s, outing.net.tesfaye, outing.net.course, actor=outing.actor, today=TODAY)
        letter = issue_referral_letter(lap.sessions(), held.referral_id, OfficeProfile(name="Landkreis"),
                                       actor=outing.actor, today=TODAY, record=False)  # fmt: skip
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(letter.pdf)).pages)
    assert "innerhalb von 14 Tagen" in " ".join(text.split())  # the copy is valid 14 days from the day taken


def test_a_person_found_at_the_office_is_merged_and_the_hold_goes_to_her(
    database: OpenDatabase, tmp_path: Path
) -> None:
    outing = go_out(database, tmp_path)
    with database.sessions() as s:
        existing = people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            new_id = people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            referrals.reserve_seat(s, new_id, outing.net.course, actor=outing.actor, today=TODAY)
        with lap.sessions() as s:
            going = outgoing(s)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY,
                                      merged={going.operations[0].id: existing})  # fmt: skip
    assert [o.outcome for o in report.outcomes] == ["merged", "applied"]
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) == 1
        assert s.scalar(sa.select(Referral.person_id)) == existing


def test_a_letter_printed_offline_is_recorded_at_the_office(database: OpenDatabase, tmp_path: Path) -> None:
    from kim_desktop.db.models import AuditEvent, IssuedDocument
    from kim_desktop.services.letters import issue_referral_letter
    from kim_desktop.settings import OfficeProfile

    outing = go_out(database, tmp_path)
    with laptop(outing) as lap:
        with lap.sessions() as s:
            held = referrals.reserve_seat(s, outing.net.tesfaye, outing.net.course, actor=outing.actor, today=TODAY)
        issue_referral_letter(lap.sessions(), held.referral_id, OfficeProfile(name="Landkreis"), actor=outing.actor,
                              today=TODAY, now=datetime(2026, 3, 2, 10, 0))  # fmt: skip
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert [o.kind for o in report.outcomes] == ["reserve_seat", "record_issued"]
    assert "1 gedrucktes Schreiben" in report.summary()
    with database.sessions() as s:
        printed = s.scalar(sa.select(IssuedDocument))
        office_referral = s.scalar(sa.select(Referral.id).where(Referral.person_id == outing.net.tesfaye))
        assert printed is not None and printed.referral_id == office_referral
        assert s.scalar(sa.select(AuditEvent.actor).where(AuditEvent.action == "letter_printed")).endswith(
            "(Außentermin, laptop-1.kim)"
        )
