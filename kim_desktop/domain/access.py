"""What each role may do, as data: actions, the signed-in actor and the check every service makes."""

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.domain.text import N_, Text


class Action(StrEnum):
    """Something a signed-in person may or may not do."""

    READ_CASES = "read_cases"
    EDIT_CASES = "edit_cases"
    REFER = "refer"
    PRINT_LETTERS = "print_letters"
    LOOKUP_COURSES = "lookup_courses"
    VIEW_REPORTS = "view_reports"
    EXPORT_EXACT_REPORT = "export_exact_report"  # the report's exchange file with exact (unsuppressed) counts
    EDIT_COURSES = "edit_courses"
    EDIT_NETWORK = "edit_network"
    IMPORT = "import"
    EXPORT = "export"
    ADMIN_ACCOUNTS = "admin_accounts"
    EDIT_SETTINGS = "edit_settings"
    BACKUP = "backup"
    ERASE = "erase"
    ACCESS_REQUEST = "access_request"
    VIEW_AUDIT = "view_audit"
    CONFIRM_REFERRALS = "confirm_referrals"  # a provider's answer to referrals into its own courses


# German wording for refusals ("Ihre Rolle erlaubt nicht: …").
ACTION_TEXT: MappingProxyType[Action, Text] = MappingProxyType(
    {
        Action.READ_CASES: Text(N_("Falldaten lesen")),
        Action.EDIT_CASES: Text(N_("Falldaten bearbeiten")),
        Action.REFER: Text(N_("Personen in Kurse vermitteln")),
        Action.PRINT_LETTERS: Text(N_("Schreiben drucken")),
        Action.LOOKUP_COURSES: Text(N_("Kurse nachschlagen")),
        Action.VIEW_REPORTS: Text(N_("Berichte ansehen")),
        Action.EXPORT_EXACT_REPORT: Text(N_("die Austauschdatei des Berichts mit exakten Fallzahlen speichern")),
        Action.EDIT_COURSES: Text(N_("Kursangebote bearbeiten")),
        Action.EDIT_NETWORK: Text(N_("Netzwerkpartner bearbeiten")),
        Action.IMPORT: Text(N_("Daten importieren")),
        Action.EXPORT: Text(N_("Daten exportieren")),
        Action.ADMIN_ACCOUNTS: Text(N_("Benutzerkonten verwalten")),
        Action.EDIT_SETTINGS: Text(N_("Einstellungen und Regeltabelle ändern")),
        Action.BACKUP: Text(N_("Sicherungen anlegen und wiederherstellen")),
        Action.ERASE: Text(N_("personenbezogene Daten löschen")),
        Action.ACCESS_REQUEST: Text(N_("Auskünfte nach Art. 15 DSGVO erstellen")),
        Action.VIEW_AUDIT: Text(N_("das Protokoll einsehen")),
        Action.CONFIRM_REFERRALS: Text(N_("Vermittlungen in die eigenen Kurse bestätigen")),
    }
)

ROLE_TEXT: MappingProxyType[Role, Text] = MappingProxyType(
    {
        Role.ADMIN: Text(N_("Administration")),
        Role.ADVISOR: Text(N_("Beratung")),
        Role.READER: Text(N_("Lesen")),
        Role.PROVIDER: Text(N_("Kursträger")),
    }
)

_ADVISOR = frozenset(
    {
        Action.READ_CASES,
        Action.EDIT_CASES,
        Action.REFER,
        Action.PRINT_LETTERS,
        Action.LOOKUP_COURSES,
        Action.VIEW_REPORTS,
    }
)
_READER = frozenset({Action.LOOKUP_COURSES, Action.VIEW_REPORTS})
# A course provider's staff: its own courses (services/courses.py keeps them to the organisation's) and the
# referrals into them it may see; no case file, no report, no export of people.
_PROVIDER = frozenset({Action.LOOKUP_COURSES, Action.EDIT_COURSES, Action.CONFIRM_REFERRALS})

# Administration may do everything but a provider's answers to referrals: those are its staff's work (an
# administrator who also does it has a second account as Kursträger), so an office's navigation stays as it was.
_ADMIN = frozenset(Action) - {Action.CONFIRM_REFERRALS}

PERMITTED: MappingProxyType[Role, frozenset[Action]] = MappingProxyType(
    {Role.ADMIN: _ADMIN, Role.ADVISOR: _ADVISOR, Role.READER: _READER, Role.PROVIDER: _PROVIDER}
)


@dataclass(frozen=True)
class Actor:
    """The signed-in person on whose behalf a service acts."""

    advisor_id: int
    display_name: str
    role: Role


def may(actor: Actor | None, action: Action) -> bool:
    """Whether the actor's role permits the action (nobody signed in may do nothing)."""
    return actor is not None and action in PERMITTED[actor.role]


def require(actor: Actor | None, action: Action) -> Actor:
    """Return the actor if the role permits the action, else raise NotAllowed with a German message."""
    if actor is None:
        raise NotAllowed(Text(N_("Bitte melden Sie sich an, um {action} zu können."), action=ACTION_TEXT[action]))
    if action not in PERMITTED[actor.role]:
        raise NotAllowed(
            Text(
                N_("Ihre Rolle „{role}“ erlaubt nicht: {action}."),
                role=ROLE_TEXT[actor.role],
                action=ACTION_TEXT[action],
            )
        )
    return actor
