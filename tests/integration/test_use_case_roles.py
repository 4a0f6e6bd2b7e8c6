"""Every use case in kim_desktop.services checks the role: found by inspection, each called with a reader.

A new public function that takes a session must either take an `actor` (and then appear in one of the tables
below and refuse a reader before it touches anything) or be listed in UNCHECKED with the reason it needs no
check. So adding a use case without a role check makes this test fail.
"""

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

import kim_desktop.services
from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.access import PERMITTED, Action, Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.services.database import OpenDatabase

READER = Actor(1, "Bernd Schulte", Role.READER)

# Use cases a reader may run: the action they need (every role has it), or None: the signed-in account's own
# business (the password of the account itself). tests/integration/test_role_enforcement.py runs them.
OPEN_TO_READERS: dict[str, Action | None] = {
    "accounts.change_own_password": None,
    "accounts.unlock_screen": None,
    "kim_report.compute_kim_report": Action.VIEW_REPORTS,
    "course_export.export_catalogue": Action.LOOKUP_COURSES,
    "course_export.export_free_seats": Action.LOOKUP_COURSES,
    "provider_desk.network_demand": Action.LOOKUP_COURSES,
}
# Functions with an actor that are not use cases: they check or record for the use case that calls them.
HELPERS = {
    "audit.check_if_signed_in": "the check itself",
    "audit.record": "writes an entry in the caller's transaction",
    "audit.record_export": "writes an export's entry for the calling export",
    "issued_documents.record_issued": "stores and audits an issued document for the issuing use case",
    "network.audit_network_change": "writes a directory change's entry in the caller's transaction",
    "people_search.audit_search": "writes a search's entry in the caller's transaction",
    "outreach_merge.merge_person_edit": "replays an offline edit as its author (apply_operations checks the sync)",
    "outreach_seats.replay_reservation": "replays an offline hold as its author (apply_operations checks the sync)",
    "outreach_seats.seat_gone": "the replayed hold's fallback or waiting-list entry (apply_operations checks the sync)",
    "outreach_status_kinds.replay_transition": "replays an offline referral change as its author (the sync is checked)",
    "outreach_status_kinds.replay_consent": "replays an offline consent as its author (the sync is checked)",
    "outreach_status_kinds.replay_revoke": "replays an offline revocation as its author (the sync is checked)",
    "outreach_status_kinds.replay_propose": "replays an offline proposal as its author (the sync is checked)",
    "outreach_status_kinds.replay_purpose": "replays an offline consent review as its author (the sync is checked)",
}
# Use cases every role except Lesen may not run (the reader must be refused before anything is read or written).
REFUSED_TO_READERS = {
    "access_request.collect_access_report",
    "accounts.create_account",
    "accounts.list_accounts",
    "accounts.reset_password",
    "accounts.unlock_account",
    "accounts.update_account",
    "audit.action_names",
    "audit.export_audit_csv",
    "audit.list_audit_events",
    "case_file.get_case_file",
    "consent_form.consent_form",
    "encryption.decrypt_database",
    "encryption.encrypt_database",
    "encryption.handle_plain_backups",
    "copy_audit.copy_recorded",
    "counselling.complete_follow_up",
    "counselling.list_due_follow_ups",
    "counselling.list_timeline",
    "counselling.record_session",
    "course_import.apply_course_import",
    "course_lookup.find_courses_for_person",
    "course_lookup.search_people_by_name",
    "courses.cancel_course",
    "courses.copy_course",
    "courses.create_course",
    "courses.update_course",
    "kim_report.export_report_json",
    "appointment_letters.appointment_defaults",
    "appointment_letters.appointment_letter",
    "letters.issue_letters_batch",
    "letters.issue_referral_letter",
    "letters.prepare_letters",
    "network.add_contact",
    "network.create_organisation",
    "network.remove_contact",
    "network.update_contact",
    "network.update_organisation",
    "network_export.export_contact_list_pdf",
    "network_export.export_contacts_csv",
    "network_export.export_contacts_vcard",
    "network_locations.create_location",
    "network_locations.set_travel_time",
    "network_locations.update_location",
    "municipalities.add_municipality",
    "municipalities.merge_municipalities",
    "municipalities.set_municipality_retired",
    "municipalities.update_municipality",
    "municipality_import.apply_municipality_import",
    "municipality_import.preview_municipality_file",
    "timetable_import.import_timetable",
    "timetable_reach.compute_reachability",
    "timetable_reach.compute_missing_reachability",  # bus answers for its new schedules (ui/reachability_keeper)
    "timetable_stops.set_place_stops",
    "topics.add_topic",
    "topics.update_topic",
    "people.find_possible_duplicates",
    "people.get_person_details",
    "people.register_person",
    "people.update_person",
    "people_search.count_people",
    "people_search.search_people",
    "privacy.assign_purpose",
    "privacy.count_consents_to_review",
    "privacy.erase_person",
    "privacy.list_consents",
    "privacy.list_consents_to_review",
    "privacy.record_consent",
    "network_handover.hand_over_person",
    "network_handover.handover_partners",
    "provider_desk.confirm_referral",
    "provider_desk.list_provider_referrals",
    "privacy.revoke_consent",
    "referrals.get_referral",
    "referrals.list_referrals",
    "referrals.propose_referral",
    "referrals.reservation_preview",
    "referrals.reserve_seat",
    "referrals.transition_referral",
    "registration_list.build_registration_list",
    "retention.apply_retention",
    "retention.apply_under_current_rules",
    "retention.due_under_current_rules",
    "retention.records_due_for_erasure",
    "rules_admin.reset_rule",
    "rules_admin.set_rule",
    "waiting_list.add_to_waiting_list",
    "outreach_copy.take_outreach_copy",
    "outreach_replay.apply_operations",
    "outreach_seats.choose_fallback",
    "outreach_decisions.open_decisions",
    "outreach_decisions.decide_fields",
    "outreach_decisions.decide_all",
    "outreach_lifecycle.delete_copy",
    "outreach_incoming.incoming",
    "outreach_incoming.incoming_from_server",
    "outreach_lifecycle.refresh_copy",
    "outreach_sync.sync_with_office",
    "outreach_sync.sync_with_server",
    "outreach_bundle.import_journal_bundle",
    "outreach_bundle.read_answer_bundle",
    "outreach_bundle.write_journal_bundle",
}
# Functions that take a session but no actor, and why they need no role check.
_IN_TRANSACTION = "helper inside the calling use case's transaction"
_CATALOGUE = "course catalogue or partner directory, no data on people; every role may look it up"
_PICK_LIST = "pick list for forms (names of places, authorities, topics, staff)"
UNCHECKED = {
    "accounts.create_first_admin": "first start only: refused once any account can sign in",
    "accounts.needs_first_admin": "whether the first start must create an account",
    "accounts.set_demo_passwords": "demo data only (accounts named demo.*)",
    "accounts.sign_in": "how an actor comes to be (lockout and audit apply)",
    "audit.events_about_person": _IN_TRANSACTION + " (access request)",
    "case_file.list_municipalities": _PICK_LIST,
    "case_file.list_permission_issuers": _PICK_LIST,
    "concurrency.current_values": _IN_TRANSACTION,
    "letterhead.signing_advisor": _IN_TRANSACTION + " (the advisor a document names)",
    "concurrency.save_with_version_check": _IN_TRANSACTION,
    "concurrency.stale_data_as_conflict": _IN_TRANSACTION,
    "counselling.list_advisors": _PICK_LIST,
    "municipalities.count_active_municipalities": "a count of reference data, nothing on people",
    "municipalities.list_municipality_rows": "reference data with counts of records per municipality, no names",
    "municipalities.municipalities_for_postcode": _PICK_LIST + " (municipality names for a postcode)",
    "setup_status.setup_counts": "counts of reference data and accounts, nothing on people",
    "topics.list_topic_rows": _PICK_LIST + " (with how many sessions name each topic)",
    "counselling.list_topics": _PICK_LIST,
    "provider_desk.works_in_network": "whether the desk is on a network server; nothing about people",
    "counselling.open_follow_ups_of": _IN_TRANSACTION + " (case file)",
    "counselling.timeline_of": _IN_TRANSACTION + " (case file)",
    "course_export.free_seat_rows": _CATALOGUE,
    "course_import.preview_course_file": "reads a provider's file and the catalogue; writing is checked",
    "course_import.preview_course_import": "compares a parsed file with the catalogue; writing is checked",
    "course_lookup.candidate_courses": _IN_TRANSACTION + " (course lookup)",
    "course_lookup.criteria_for_person": _IN_TRANSACTION + " (course lookup)",
    "course_seats.seat_tallies": _CATALOGUE,
    "courses.cancel_impact": "a count of referrals a cancellation would end; the cancellation is checked",
    "courses.cancel_referrals_of": _IN_TRANSACTION + " (cancel_course)",
    "courses.course_choices": _CATALOGUE,
    "courses.get_course_row": _CATALOGUE,
    "courses.list_courses": _CATALOGUE,
    "courses.load_course": _CATALOGUE,
    "courses.validate_course_input": "validation of a course form; saving is checked",
    "demo_data.database_is_empty": "whether a database is empty",
    "demo_data.generate_demo_data": "fictional data; the CLI lets only an administrator add it to a used database",
    "letters.letters_of_day": "referral ids only; printing them is checked",
    "network.get_contact": _CATALOGUE,
    "network.get_organisation": _CATALOGUE,
    "network.list_organisations": _CATALOGUE,
    "network_export.contact_list": _IN_TRANSACTION + " (export_contact_list_pdf)",
    "network_locations.get_location": _CATALOGUE,
    "network_locations.list_locations": _CATALOGUE,
    "network_locations.location_choices": _PICK_LIST,
    "network_locations.travel_time_grid": _CATALOGUE,
    "erasure.erase_person_data": _IN_TRANSACTION + " (erase_person, retention, re-erasure after a restore)",
    "erasure.scrub_after_erasure": _IN_TRANSACTION + " (erase_person, retention)",
    "erasure.secure_delete_on": _IN_TRANSACTION,
    "overview.database_overview": "counts only (CLI info)",
    "people.load_person": _IN_TRANSACTION,
    "privacy.consent_terms_of": _IN_TRANSACTION + " (data_use_refusals)",
    "privacy.consents_of": _IN_TRANSACTION + " (case file, access request)",
    "privacy.data_use_refusals": _IN_TRANSACTION + " (registration list, exports, handovers)",
    "reference_data.ensure_reference_data": "fills fixed reference lists at start-up",
    "failure_count.count_failure": _IN_TRANSACTION + " (sign_in: counts a failed attempt, checks the lock)",
    "unknown_names.count_unknown_failure": "part of sign_in: counts a failed sign-in under a name without account",
    "unknown_names.name_digest": _IN_TRANSACTION + " (sign_in: the keyed hash of a typed name)",
    "referrals.expire_holds": "the system ends overdue seat holds (no person acts)",
    "referrals.free_seats": _IN_TRANSACTION,
    "rules.load_rules": "the rules table in force; every use case reads it",
    "rules_admin.list_rules": "rule values only; changing them is checked",
    "timetable_import.clear_timetable": _IN_TRANSACTION + " (import_timetable)",
    "timetable_import.store_feed": _IN_TRANSACTION + " (import_timetable, demo data)",
    "timetable_matching.match_stops": _IN_TRANSACTION + " (import_timetable, demo data)",
    "timetable_network.load_timetable": _IN_TRANSACTION + " (compute_reachability)",
    "timetable_journeys.reach_of_municipality": _IN_TRANSACTION + " (course lookup)",
    "timetable_journeys.reach_minutes": _IN_TRANSACTION + " (report)",
    "timetable_journeys.answered_municipalities": _IN_TRANSACTION + " (report)",
    "timetable_journeys.has_answers": _IN_TRANSACTION + " (course lookup)",
    "timetable_journeys.journey_for": _IN_TRANSACTION + " (referral letter)",
    "timetable_answers.answers_of_place": _CATALOGUE + " (timetable answers per place and schedule)",
    "timetable_stops.timetable_status": _CATALOGUE + " (the imported timetable)",
    "timetable_stops.stop_matches": _CATALOGUE + " (stops of municipalities and course locations)",
    "timetable_stops.search_stops": _PICK_LIST + " (stops of the timetable)",
    "demo_timetable.add_demo_timetable": _IN_TRANSACTION + " (generate_demo_data)",
    "outreach_copy.copy_info": "the copy's marker (office, laptop, dates), nothing on people",
    "outreach_journal.is_outreach_copy": "whether the database is an outreach copy",
    "outreach_status_kinds.transition_params": "journals a call after Kind.journal checked the role",
    "outreach_status_kinds.consent_params": "journals a call after Kind.journal checked the role",
    "outreach_status_kinds.revoke_params": "journals a call after Kind.journal checked the role",
    "outreach_status_kinds.propose_params": "journals a call after Kind.journal checked the role",
    "outreach_status_kinds.purpose_params": "journals a call after Kind.journal checked the role",
    "outreach_copy.free_by_course": _IN_TRANSACTION + " (seat counts per course, nothing on people)",
    "outreach_journal.copy_expiry": "when the outreach copy expires (the marker's date, nothing on people)",
    "outreach_journal.recording_into": _IN_TRANSACTION + " (journals or marks applied the use case it wraps)",
    "outreach_sync.outgoing": "the laptop's own journal, read to send it (the sync that applies it is checked)",
    "outreach_sync.confirm": "marks the operations the office settled (the sync that applied them is checked)",
    "outreach_holds.provisional_in": _IN_TRANSACTION + " (the referral list marks provisional holds)",
    "outreach_holds.provisional_counts_in": _IN_TRANSACTION + " (the catalogue and the refer dialog count them)",
    "outreach_holds.provisional_days": _IN_TRANSACTION + " (the referral letter of a hold taken offline)",
    "outreach_holds.provisional_referral_ids": "referral ids only; the lists that mark them are checked",
    "outreach_holds.provisional_per_course": "counts per course only (the course lookup that shows them is checked)",
}


def _public_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module_info in pkgutil.iter_modules(kim_desktop.services.__path__):
        module = importlib.import_module(f"kim_desktop.services.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found[f"{module_info.name}.{name}"] = function
    return found


def _takes(function: Callable[..., Any], *names: str) -> bool:
    return any(name in inspect.signature(function).parameters for name in names)


FUNCTIONS = _public_functions()
WITH_ACTOR = {name for name, function in FUNCTIONS.items() if _takes(function, "actor")}
WITHOUT_ACTOR = {name for name, function in FUNCTIONS.items() if _takes(function, "session", "sessions")} - WITH_ACTOR


def test_every_function_with_an_actor_is_in_a_table() -> None:
    tables = REFUSED_TO_READERS | OPEN_TO_READERS.keys() | HELPERS.keys()
    assert WITH_ACTOR - tables == set(), "new use case: add it to REFUSED_TO_READERS (or OPEN_TO_READERS)"
    assert tables - WITH_ACTOR == set(), "a table names a function that no longer takes an actor"


def test_every_function_with_a_session_but_no_actor_says_why() -> None:
    assert WITHOUT_ACTOR - UNCHECKED.keys() == set(), "a use case without a role check: give it an `actor`"
    assert UNCHECKED.keys() - WITHOUT_ACTOR == set(), "UNCHECKED names a function that is gone or checks now"


def test_open_use_cases_need_only_what_a_reader_has() -> None:
    for name, action in OPEN_TO_READERS.items():
        assert action is None or action in PERMITTED[Role.READER], name


def _arguments(function: Callable[..., Any], db: OpenDatabase, actor: Actor = READER) -> dict[str, Any]:
    """The session, the reader as actor, every other required parameter None: the check must come first."""
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "session":
            arguments[name] = db.sessions()
        elif name == "actor":
            arguments[name] = actor
        elif parameter.default is inspect.Parameter.empty:
            arguments[name] = None
    return arguments


def test_every_use_case_refuses_a_reader_before_touching_anything(sqlite_database: OpenDatabase) -> None:
    not_refused: dict[str, str] = {}
    for name in sorted(REFUSED_TO_READERS):
        function = FUNCTIONS[name]
        try:
            function(**_arguments(function, sqlite_database))
        except NotAllowed as refused:
            assert "Lesen" in str(refused), name
            continue
        except Exception as other:
            not_refused[name] = f"{type(other).__name__}: {other}"
        else:
            not_refused[name] = "ran"
    assert not_refused == {}
    with sqlite_database.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


PROVIDER = Actor(2, "Petra Kurs", Role.PROVIDER)
# What a course provider's staff may run beyond a reader's use cases: its courses (services/courses.py keeps them
# to its organisation's) and the referrals into them. Everything else refuses the role before touching anything.
PROVIDER_MAY_RUN = {
    "courses.cancel_course",
    "courses.copy_course",
    "courses.create_course",
    "courses.update_course",
    "provider_desk.confirm_referral",
    "provider_desk.list_provider_referrals",
    "timetable_reach.compute_missing_reachability",  # bus answers for its new schedules (ui/reachability_keeper)
}


def test_every_other_use_case_refuses_a_provider_before_touching_anything(sqlite_database: OpenDatabase) -> None:
    not_refused: dict[str, str] = {}
    for name in sorted(REFUSED_TO_READERS - PROVIDER_MAY_RUN):
        function = FUNCTIONS[name]
        try:
            function(**_arguments(function, sqlite_database, PROVIDER))
        except NotAllowed as refused:
            assert "Kursträger" in str(refused), name
            continue
        except Exception as other:
            not_refused[name] = f"{type(other).__name__}: {other}"
        else:
            not_refused[name] = "ran"
    assert not_refused == {}
    assert PROVIDER_MAY_RUN <= REFUSED_TO_READERS
    with sqlite_database.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
