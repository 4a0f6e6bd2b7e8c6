"""What each role may do, as data: actions, the signed-in actor and the check every service makes."""

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed


class Action(StrEnum):
    """Something a signed-in person may or may not do."""

    READ_CASES = "read_cases"
    EDIT_CASES = "edit_cases"
    REFER = "refer"
    PRINT_LETTERS = "print_letters"
    LOOKUP_COURSES = "lookup_courses"
    VIEW_REPORTS = "view_reports"
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


# German wording for refusals ("Ihre Rolle erlaubt nicht: …").
ACTION_TEXT: MappingProxyType[Action, str] = MappingProxyType(
    {
        Action.READ_CASES: "Falldaten lesen",
        Action.EDIT_CASES: "Falldaten bearbeiten",
        Action.REFER: "Personen in Kurse vermitteln",
        Action.PRINT_LETTERS: "Schreiben drucken",
        Action.LOOKUP_COURSES: "Kurse nachschlagen",
        Action.VIEW_REPORTS: "Berichte ansehen",
        Action.EDIT_COURSES: "Kursangebote bearbeiten",
        Action.EDIT_NETWORK: "Netzwerkpartner bearbeiten",
        Action.IMPORT: "Daten importieren",
        Action.EXPORT: "Daten exportieren",
        Action.ADMIN_ACCOUNTS: "Benutzerkonten verwalten",
        Action.EDIT_SETTINGS: "Einstellungen und Regeltabelle ändern",
        Action.BACKUP: "Sicherungen anlegen und wiederherstellen",
        Action.ERASE: "personenbezogene Daten löschen",
        Action.ACCESS_REQUEST: "Auskünfte nach Art. 15 DSGVO erstellen",
        Action.VIEW_AUDIT: "das Protokoll einsehen",
    }
)

ROLE_TEXT: MappingProxyType[Role, str] = MappingProxyType(
    {Role.ADMIN: "Administration", Role.ADVISOR: "Beratung", Role.READER: "Lesen"}
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

PERMITTED: MappingProxyType[Role, frozenset[Action]] = MappingProxyType(
    {Role.ADMIN: frozenset(Action), Role.ADVISOR: _ADVISOR, Role.READER: _READER}
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
        raise NotAllowed(f"Bitte melden Sie sich an, um {ACTION_TEXT[action]} zu können.")
    if action not in PERMITTED[actor.role]:
        raise NotAllowed(f"Ihre Rolle „{ROLE_TEXT[actor.role]}“ erlaubt nicht: {ACTION_TEXT[action]}.")
    return actor
