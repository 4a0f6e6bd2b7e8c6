"""Sync by file (USB stick): the laptop's journal as an encrypted bundle, imported at the office; the answer back.

A bundle is JSON encrypted with AES-GCM under a key derived from a passphrase by scrypt (the `cryptography`
package): the magic header, a random salt and nonce, then the ciphertext. A wrong passphrase or a changed file
is told apart from a bug; nothing of the content is readable without the passphrase.
"""

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.outreach_dto import CopyInfo, SyncReport, TravellingOperation
from kim_desktop.services.outreach_replay import apply_operations
from kim_desktop.services.outreach_sync import confirm, outgoing

MAGIC = b"KIM-AUSSENTERMIN-1\n"
JOURNAL_FORMAT = "kim-outreach-journal/1"
ANSWER_FORMAT = "kim-outreach-answer/1"
_SCRYPT = {"length": 32, "n": 2**15, "r": 8, "p": 1}


class BundleUnreadable(KimError):  # noqa: N818 - reads like the other KimErrors
    """The bundle cannot be opened: wrong passphrase, a changed or foreign file."""


def _key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, **_SCRYPT).derive(passphrase.encode("utf-8"))


def seal(content: dict[str, Any], passphrase: str) -> bytes:
    """The content encrypted under the passphrase."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not passphrase:
        raise BundleUnreadable(Text(N_("Bitte ein Kennwort für die Datei angeben.")))
    salt, nonce = os.urandom(16), os.urandom(12)
    plain = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return MAGIC + salt + nonce + AESGCM(_key(passphrase, salt)).encrypt(nonce, plain, MAGIC)


def unseal(data: bytes, passphrase: str, expected_format: str) -> dict[str, Any]:
    """The content of a sealed bundle; BundleUnreadable for a wrong passphrase, a changed or a foreign file."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 28:
        raise BundleUnreadable(Text(N_("Das ist keine Außentermin-Datei von KIM Desktop.")))
    body = data[len(MAGIC) :]
    salt, nonce, sealed = body[:16], body[16:28], body[28:]
    try:
        plain = AESGCM(_key(passphrase, salt)).decrypt(nonce, sealed, MAGIC)
    except InvalidTag as exc:
        raise BundleUnreadable(Text(N_("Kennwort falsch oder Datei verändert."))) from exc
    content: dict[str, Any] = json.loads(plain)
    if content.get("format") != expected_format:
        raise BundleUnreadable(Text(N_("Die Datei ist keine {what}."), what=_format_name(expected_format)))
    return content


def _format_name(fmt: str) -> Text:
    if fmt == JOURNAL_FORMAT:
        return Text(N_("Außentermin-Datei (vom Laptop)"))
    return Text(N_("Antwortdatei (vom Büro)"))


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".teil")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    partial.replace(path)  # all or nothing: a stick pulled mid-write leaves no half bundle under the name


def _copy_plain(copy: CopyInfo) -> dict[str, Any]:
    return {"copy_id": copy.copy_id, "office": copy.office, "laptop": copy.laptop,
            "taken_at": copy.taken_at.isoformat(), "expires_at": copy.expires_at.isoformat(),
            "municipality_ids": list(copy.municipality_ids)}  # fmt: skip


def write_journal_bundle(session: Session, path: Path, passphrase: str, *, actor: Actor | None = None) -> int:
    """Write the laptop's unconfirmed journal to `path`; returns how many operations it carries."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)  # the journal carries case data
    going = outgoing(session)
    ops = [
        {"id": o.id, "seq": o.seq, "kind": o.kind, "params": o.params, "created": o.created,
         "advisor_id": o.advisor_id, "actor": o.actor, "at": o.at.isoformat(), "laptop": o.laptop}
        for o in going.operations
    ]  # fmt: skip
    _write(path, seal({"format": JOURNAL_FORMAT, "copy": _copy_plain(going.copy), "operations": ops}, passphrase))
    return len(ops)


def import_journal_bundle(
    session: Session, path: Path, passphrase: str, answer: Path, *, actor: Actor | None = None,
    today: date | None = None, decided: frozenset[str] = frozenset(), merged: dict[str, int] | None = None,
) -> SyncReport:  # fmt: skip
    """At the office: apply a laptop's bundle and write the answer bundle (what was settled, in words)."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    content = unseal(path.read_bytes(), passphrase, JOURNAL_FORMAT)
    c = content["copy"]
    copy = CopyInfo(c["copy_id"], c["office"], c["laptop"], datetime.fromisoformat(c["taken_at"]),
                    datetime.fromisoformat(c["expires_at"]), tuple(c["municipality_ids"]))  # fmt: skip
    ops = [
        TravellingOperation(o["id"], o["seq"], o["kind"], o["params"], o["created"], o["advisor_id"], o["actor"],
                            datetime.fromisoformat(o["at"]), o["laptop"])
        for o in content["operations"]
    ]  # fmt: skip
    report = apply_operations(session, copy, ops, today=today, actor=actor, decided=decided, merged=merged)
    reply = {"format": ANSWER_FORMAT, "copy_id": copy.copy_id, "settled": report.settled_ids(),
             "summary": str(report.summary())}  # fmt: skip
    _write(answer, seal(reply, passphrase))
    return report


def read_answer_bundle(session: Session, path: Path, passphrase: str, *, actor: Actor | None = None) -> tuple[str, int]:
    """On the laptop: confirm what the office settled; returns the office's summary and how many are still open."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    content = unseal(path.read_bytes(), passphrase, ANSWER_FORMAT)
    going = outgoing(session)
    if content["copy_id"] != going.copy.copy_id:
        raise BundleUnreadable(Text(N_("Die Antwortdatei gehört zu einer anderen Außentermin-Kopie.")))
    return str(content["summary"]), confirm(session, content["settled"])
