"""Signing in on the command line: `--user NAME`, the password from KIM_PASSWORD or a prompt, then the role check."""

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from kim_desktop.cli.options import PASSWORD_VARIABLE
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import KimError

if TYPE_CHECKING:  # the window's start imports the CLI's options: the data layer loads when a command runs
    from kim_desktop.services.database import OpenDatabase


def read_password(
    username: str,
    environ: Mapping[str, str] = os.environ,
    prompt: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> str:
    """The password from KIM_PASSWORD, else asked for on the terminal; a script without either is refused."""
    password = environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    if not (sys.stdin.isatty() if interactive is None else interactive):
        raise KimError(
            f"Kein Passwort für „{username}“: bitte {PASSWORD_VARIABLE} setzen (kein Terminal für die Eingabe)."
        )
    return prompt(f"Passwort für {username}: ")


def signed_in(args: argparse.Namespace, db: "OpenDatabase", action: Action, command: str) -> Actor:
    """Sign in the account named by --user (lockout and audit apply) and refuse a role that may not do the action."""
    from kim_desktop.services.accounts import sign_in

    username = (getattr(args, "user", None) or "").strip()
    if not username:
        raise KimError(
            f"„{command}“ verarbeitet personenbezogene Daten oder Einstellungen: bitte mit --user NAME anmelden "
            f"(Passwort aus {PASSWORD_VARIABLE} oder Eingabe)."
        )
    password = read_password(username)
    with db.sessions() as session:
        actor = sign_in(session, username, password, datetime.now().replace(microsecond=0))
    return require(actor, action)
