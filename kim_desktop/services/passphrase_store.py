"""The database passphrase in the operating system's keyring (Windows Credential Manager, Secret Service, Keychain)."""

from pathlib import Path
from typing import Any

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text

KEYRING_SERVICE = "KIM Desktop Datenbank"


class KeyringFailed(KimError):  # noqa: N818 - reads like the other KimErrors
    """The keyring refused to store or give the passphrase."""


def _backend() -> Any | None:
    """The keyring backend that would be used, or None when the package or a usable backend is missing."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    # The "fail" backend (priority 0) is what keyring picks when no real store (e.g. no Secret Service) is there.
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def keyring_problem() -> Text | None:
    """None when a keyring can store the passphrase, else the reason why not (German until translated)."""
    if _backend() is None:
        return Text(
            N_(
                "Auf diesem Rechner ist kein Schlüsselbund (Anmeldeinformationsverwaltung, Secret Service) verfügbar; "
                "die Passphrase wird bei jedem Start abgefragt."
            )
        )
    return None


def _account(database: Path) -> str:
    return str(database.expanduser().resolve())


def kept_secret(service: str, account: str) -> str | None:
    """What the keyring keeps for a service and account, or None (nothing kept, no keyring, a locked one).

    Shared by the database passphrase (account: the file) and the server password (services/server_passwords.py).
    """
    backend = _backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(service, account)
    except Exception:  # a locked or broken keyring must not stop the start: the secret is asked for instead
        return None
    return value if isinstance(value, str) else None


def keep_secret(service: str, account: str, secret: str, missing: Text | str, failed: str) -> None:
    """Keep a secret in this user account's keyring.

    KeyringFailed with `missing` where there is no keyring, with `failed` (a message with {error}) when it refuses.
    """
    backend = _backend()
    if backend is None:
        raise KeyringFailed(missing)
    try:
        backend.set_password(service, account, secret)
    except Exception as exc:  # keyring backends raise their own error types
        raise KeyringFailed(Text(failed, error=str(exc))) from exc


def stored_passphrase(database: Path) -> str | None:
    """The passphrase kept for a database file, or None (none stored, or no keyring)."""
    return kept_secret(KEYRING_SERVICE, _account(database))


def store_passphrase(database: Path, passphrase: str) -> None:
    """Keep the passphrase in the keyring of this user account."""
    keep_secret(KEYRING_SERVICE, _account(database), passphrase, keyring_problem() or "",
                N_("Die Passphrase konnte nicht im Schlüsselbund gespeichert werden: {error}"))  # fmt: skip


def forget_passphrase(database: Path) -> None:
    """Remove a stored passphrase (when encryption is switched off or the passphrase changes)."""
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(KEYRING_SERVICE, _account(database))
    except Exception:  # nothing stored is fine
        return
