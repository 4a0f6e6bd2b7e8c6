"""Import of the official municipality list (GV100AD or CSV): preview new/changed/unchanged, then all or nothing."""

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Municipality
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.exchange.municipality_files import (
    LineProblem,
    MunicipalityFile,
    MunicipalityRecord,
    read_municipality_file,
)
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.municipalities import MAX_POSTCODES


class MunicipalityImportFailed(KimError):  # noqa: N818 - reads better at the call site
    """The file has wrong lines: nothing was stored; the message names each line."""

    def __init__(self, problems: tuple[LineProblem, ...]) -> None:
        self.problems = problems
        lines = [Text(N_("Zeile {line}: {problem}"), line=p.line, problem=p.message) for p in problems[:20]]
        if len(problems) > 20:
            lines.append(Text(N_("… und {count} weitere Zeilen."), count=len(problems) - 20))
        super().__init__(joined(lines, "\n"))


class MunicipalityStatus(StrEnum):
    """What an import does with one municipality of the file."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class MunicipalityImportItem:
    """One municipality of the file and what importing it would do."""

    line: int
    name: str
    ags: str
    postcodes: tuple[str, ...]
    status: MunicipalityStatus
    existing_id: int | None
    changes: tuple[str, ...]  # e.g. "Name: Bramsche → Bramsche (Stadt)", "PLZ + 49565"
    is_town: bool = False


@dataclass(frozen=True)
class MunicipalityImportPreview:
    """What the file holds and what importing it would do (nothing is stored by the preview)."""

    file_name: str
    format: str
    encoding: str
    county_key: str | None
    items: tuple[MunicipalityImportItem, ...]
    problems: tuple[LineProblem, ...]
    skipped_other_counties: int

    def count(self, status: MunicipalityStatus) -> int:
        """How many municipalities of the file have this status."""
        return sum(1 for item in self.items if item.status == status)

    def summary(self) -> Text:
        """One line for the person: new / changed / unchanged / wrong lines."""
        return Text(
            N_(
                "{format} ({encoding}): {new} neu, {changed} geändert, {unchanged} unverändert, "
                "{wrong} fehlerhafte Zeilen"
            ),
            format=self.format, encoding=self.encoding, new=self.count(MunicipalityStatus.NEW),
            changed=self.count(MunicipalityStatus.CHANGED), unchanged=self.count(MunicipalityStatus.UNCHANGED),
            wrong=len(self.problems),
        )  # fmt: skip


@dataclass(frozen=True)
class MunicipalityImportOutcome:
    """What the import stored."""

    created: int
    updated: int
    unchanged: int


def preview_municipality_file(
    session: Session, path: Path, county_key: str | None = None, *, actor: Actor | None = None
) -> MunicipalityImportPreview:
    """Read the file and compare it with the municipalities already known (by AGS, else by name)."""
    check_if_signed_in(actor, Action.IMPORT)
    parsed = read_municipality_file(path, county_key)
    with session.begin():
        known = list(session.scalars(sa.select(Municipality)))
        items, problems = _plan(parsed, known)
    return MunicipalityImportPreview(
        path.name, parsed.format.value, parsed.encoding, county_key, tuple(items),
        parsed.problems + tuple(problems), parsed.skipped_other_counties,
    )  # fmt: skip


def _plan(
    parsed: MunicipalityFile, known: list[Municipality]
) -> tuple[list[MunicipalityImportItem], list[LineProblem]]:
    by_ags = {m.ags: m for m in known if m.ags}
    by_name = {m.name.casefold(): m for m in known}
    items: list[MunicipalityImportItem] = []
    problems: list[LineProblem] = []
    seen_ags: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for rec in parsed.records:
        duplicate = _duplicate_in_file(rec, seen_ags, seen_names)
        if duplicate is not None:
            problems.append(duplicate)
            continue
        existing = by_ags.get(rec.ags) if rec.ags else None
        if existing is None:
            same_name = by_name.get(rec.name.casefold())
            if same_name is not None and rec.ags and same_name.ags and same_name.ags != rec.ags:
                problems.append(
                    LineProblem(
                        rec.line,
                        Text(
                            N_("„{name}“ gibt es schon mit dem Gemeindeschlüssel {other}, die Datei nennt {ags}."),
                            name=rec.name, other=same_name.ags, ags=rec.ags,
                        ),
                    )
                )  # fmt: skip
                continue
            existing = same_name
        elif rec.name.casefold() != existing.name.casefold() and rec.name.casefold() in by_name:
            problems.append(
                LineProblem(
                    rec.line,
                    Text(N_("Umbenennung in „{name}“ nicht möglich: den Namen trägt schon eine andere Gemeinde."),
                         name=rec.name),
                )
            )  # fmt: skip
            continue
        item = _item(rec, existing)
        if len(",".join(item.postcodes)) > MAX_POSTCODES:
            problems.append(LineProblem(rec.line, Text(N_("Zu viele Postleitzahlen für eine Gemeinde."))))
            continue
        items.append(item)
    return items, problems


def _duplicate_in_file(
    rec: MunicipalityRecord, seen_ags: dict[str, int], seen_names: dict[str, int]
) -> LineProblem | None:
    if rec.ags and rec.ags in seen_ags:
        return LineProblem(
            rec.line,
            Text(N_("Gemeindeschlüssel {ags} steht schon in Zeile {line}."), ags=rec.ags, line=seen_ags[rec.ags]),
        )
    folded = rec.name.casefold()
    if folded in seen_names:
        return LineProblem(
            rec.line, Text(N_("„{name}“ steht schon in Zeile {line}."), name=rec.name, line=seen_names[folded])
        )
    if rec.ags:
        seen_ags[rec.ags] = rec.line
    seen_names[folded] = rec.line
    return None


def _item(rec: MunicipalityRecord, existing: Municipality | None) -> MunicipalityImportItem:
    if existing is None:
        return MunicipalityImportItem(
            rec.line, rec.name, rec.ags or "", rec.postcodes, MunicipalityStatus.NEW, None, (), rec.is_town
        )
    changes: list[str] = []
    if existing.name != rec.name:
        changes.append(f"Name: {existing.name} → {rec.name}")
    if rec.ags and existing.ags != rec.ags:
        changes.append(f"AGS: {existing.ags or '—'} → {rec.ags}")
    have = [code for code in existing.postcodes.split(",") if code]
    added = [code for code in rec.postcodes if code not in have]
    if added:
        changes.append("PLZ + " + ", ".join(added))
    status = MunicipalityStatus.CHANGED if changes else MunicipalityStatus.UNCHANGED
    return MunicipalityImportItem(
        rec.line, rec.name, rec.ags or existing.ags or "", tuple(dict.fromkeys([*have, *rec.postcodes])), status,
        existing.id, tuple(changes),
    )  # fmt: skip


def apply_municipality_import(
    session: Session, preview: MunicipalityImportPreview, *, actor: Actor | None = None
) -> MunicipalityImportOutcome:
    """Store the previewed municipalities in one transaction; refused whole when the file had wrong lines."""
    check_if_signed_in(actor, Action.IMPORT)
    if preview.problems:
        raise MunicipalityImportFailed(preview.problems)
    created = updated = 0
    with session.begin():
        for item in preview.items:
            if item.status == MunicipalityStatus.NEW:
                session.add(
                    Municipality(
                        name=item.name, ags=item.ags or None, postcodes=",".join(item.postcodes), is_town=item.is_town
                    )
                )
                created += 1
            elif item.status == MunicipalityStatus.CHANGED and item.existing_id is not None:
                municipality = session.get(Municipality, item.existing_id)
                if municipality is None:
                    raise KimError(Text(N_("Die Gemeinden wurden inzwischen geändert. Bitte die Vorschau neu laden.")))
                municipality.name, municipality.ags = item.name, item.ags or None
                municipality.postcodes = ",".join(item.postcodes)
                updated += 1
        session.flush()
        if actor is not None:
            record(
                session, actor, AuditAction.IMPORTED, "municipality", None, None,
                {"file": (None, preview.file_name), "created": (None, created), "updated": (None, updated)},
            )  # fmt: skip
    return MunicipalityImportOutcome(created, updated, preview.count(MunicipalityStatus.UNCHANGED))
