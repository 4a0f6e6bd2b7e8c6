"""An account for CLI tests: created in the database, its password handed over in KIM_PASSWORD."""

from datetime import datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.cli.options import PASSWORD_VARIABLE
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.accounts import AccountInput, create_account, create_first_admin

PASSWORD = "Kursplatz-2026!"
ADMIN = "cli.admin"


def add_cli_accounts(sessions: sessionmaker[Session]) -> Actor:
    """The administrator `cli.admin` plus `cli.beratung` (advisor) and `cli.lesen` (reader), same password."""
    now = datetime(2026, 3, 2, 9, 0)
    admin = create_first_admin(sessions(), AccountInput(ADMIN, "Claudia Hartmann", Role.ADMIN, PASSWORD), now)
    for username, name, role in (
        ("cli.beratung", "Anna Krüger", Role.ADVISOR),
        ("cli.lesen", "Bernd Schulte", Role.READER),
    ):
        create_account(sessions(), admin, AccountInput(username, name, role, PASSWORD), now)
    return admin


def use_password(monkeypatch: pytest.MonkeyPatch, password: str = PASSWORD) -> None:
    """Hand the password to the CLI the way a script does."""
    monkeypatch.setenv(PASSWORD_VARIABLE, password)
