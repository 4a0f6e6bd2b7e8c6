"""The pages of the main window, in navigation order: key, German title, icon and how to build each."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from kim_desktop.domain.access import Action
from kim_desktop.domain.enums import Role
from kim_desktop.i18n import N_
from kim_desktop.ui.context import UiContext

PageFactory = Callable[[UiContext], QWidget]


@dataclass(frozen=True)
class PageSpec:
    """One entry of the navigation."""

    key: str
    title: str  # marked with N_, translated when shown
    icon: str  # file name in resources/icons
    factory: PageFactory
    network_only: bool = False  # offered only on a desk connected to the network's server (ui/main_window.py asks)


def _people(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.people_page import PeoplePage  # imported when the page is first opened

    return PeoplePage(ctx)


def _counselling(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.follow_ups_page import CounsellingPage  # imported when the page is first opened

    return CounsellingPage(ctx)


def _courses(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.courses_page import CoursesPage

    return CoursesPage(ctx)


def _referrals(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.referrals_page import ReferralsPage

    return ReferralsPage(ctx)


def _provider(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.network_provider_page import ProviderPage

    return ProviderPage(ctx)


def _network(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.network_page import NetworkPage

    return NetworkPage(ctx)


def _reports(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.reports_page import ReportsPage

    return ReportsPage(ctx)


def _audit(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.audit_page import AuditPage

    return AuditPage(ctx)


def _accounts(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.accounts_page import AccountsPage

    return AccountsPage(ctx)


def _retention(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.retention_page import RetentionPage

    return RetentionPage(ctx)


def _settings(ctx: UiContext) -> QWidget:
    from kim_desktop.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("people", N_("Personen"), "people.svg", _people),
    PageSpec("counselling", N_("Beratung & Wiedervorlagen"), "counselling.svg", _counselling),
    PageSpec("courses", N_("Kurse"), "courses.svg", _courses),
    PageSpec("referrals", N_("Vermittlungen"), "referrals.svg", _referrals),
    PageSpec("provider", N_("Vermittlungen in unsere Kurse"), "provider.svg", _provider, network_only=True),
    PageSpec("network", N_("Netzwerk"), "network.svg", _network),
    PageSpec("reports", N_("Berichte"), "reports.svg", _reports),
    PageSpec("settings", N_("Einstellungen"), "settings.svg", _settings),
    PageSpec("audit", N_("Protokoll"), "audit.svg", _audit),
    PageSpec("accounts", N_("Benutzerkonten"), "accounts.svg", _accounts),
    PageSpec("retention", N_("Löschfristen"), "retention.svg", _retention),
)
PAGES_BY_KEY: dict[str, PageSpec] = {spec.key: spec for spec in PAGES}

# What a role must be allowed to see each page (ui/main_window.py hides the others).
PAGE_ACTIONS: dict[str, Action] = {
    "people": Action.READ_CASES,
    "counselling": Action.READ_CASES,
    "courses": Action.LOOKUP_COURSES,
    "referrals": Action.REFER,
    "provider": Action.CONFIRM_REFERRALS,
    "network": Action.EDIT_NETWORK,
    "reports": Action.VIEW_REPORTS,
    "settings": Action.EDIT_SETTINGS,
    "audit": Action.VIEW_AUDIT,
    "accounts": Action.ADMIN_ACCOUNTS,
    "retention": Action.ERASE,
}

# Where a role starts when it may open that page (the others start on the first page they may open).
START_PAGES: dict[Role, str] = {Role.PROVIDER: "provider"}
