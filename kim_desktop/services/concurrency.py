"""Optimistic locking for services: a save based on an old version becomes a Conflict that says what changed."""

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from kim_desktop.domain.errors import Conflict, NotFound
from kim_desktop.domain.text import N_, Text, joined

# How the message names a record of each versioned model.
RECORD_NAMES: Mapping[str, Text] = {
    "Person": Text(N_("Die Person")),
    "Course": Text(N_("Der Kurs")),
    "Organisation": Text(N_("Der Partner")),
    "Referral": Text(N_("Die Vermittlung")),
}
# Bookkeeping columns that always change on save; they are not "fields someone edited".
IGNORED_FIELDS = frozenset({"version", "updated_at", "created_at", "search_key"})
MAX_VALUE_CHARS = 40


class Versioned(Protocol):
    """A model with an id and a version column (Person, Course, Organisation, Referral)."""

    id: Any
    version: Any


@dataclass(frozen=True)
class FieldChange:
    """One field another desk changed: its name, what the form loaded and what the row holds now."""

    field: str
    label: str
    loaded: object
    current: object


class RecordChanged(Conflict):
    """The record was changed at another desk since the form loaded it; nothing was overwritten."""

    def __init__(self, message: Text, changes: tuple[FieldChange, ...], current_version: int | None) -> None:
        super().__init__(message)
        self.changes = changes
        self.current_version = current_version


def _shown(value: object) -> str:
    if value is None or value == "":
        return Text(N_("leer"))
    if isinstance(value, Enum):
        value = value.value
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def changed_fields(
    loaded: Mapping[str, object], current: Mapping[str, object], labels: Mapping[str, str] | None = None
) -> tuple[FieldChange, ...]:
    """The fields whose current value differs from what the form loaded (only fields the form knows)."""
    labels = labels or {}
    return tuple(
        FieldChange(name, labels.get(name, name), loaded[name], current[name])
        for name in loaded
        if name in current and name not in IGNORED_FIELDS and loaded[name] != current[name]
    )


def conflict_message(model_name: str, changes: tuple[FieldChange, ...], deleted: bool = False) -> Text:
    """The message of a conflict, listing up to eight changed fields with old and new value."""
    record = RECORD_NAMES.get(model_name, Text(N_("Der Datensatz")))
    if deleted:
        return Text(
            N_(
                "{record} wurde inzwischen an einem anderen Arbeitsplatz gelöscht. "
                "Ihre Änderungen wurden nicht gespeichert."
            ),
            record=record,
        )
    if not changes:
        return Text(
            N_(
                "{record} wurde inzwischen an einem anderen Arbeitsplatz geändert. Ihre Änderungen wurden nicht "
                "gespeichert. Bitte laden Sie den Datensatz neu und tragen Sie Ihre Änderungen erneut ein."
            ),
            record=record,
        )
    shown = joined(
        Text("{label}: „{old}“ → „{new}“", label=c.label, old=_shown(c.loaded), new=_shown(c.current))
        for c in changes[:8]
    )
    if len(changes) > 8:
        shown = Text(N_("{changes} und {more} weitere"), changes=shown, more=len(changes) - 8)
    return Text(
        N_(
            "{record} wurde inzwischen an einem anderen Arbeitsplatz geändert. Ihre Änderungen wurden nicht "
            "gespeichert. Dort geändert: {changes}. Bitte laden Sie den Datensatz neu und tragen Sie Ihre Änderungen "
            "erneut ein."
        ),
        record=record,
        changes=shown,
    )


def fields_changed_message(model_name: str, changes: Sequence[FieldChange]) -> Text:
    """'Die Person wurde nicht gespeichert. Inzwischen an einem anderen Platz geändert: Telefon, Wohnort. …'.

    Only the names of the fields, not their values: a person's record holds data (health, residence) that does
    not belong into a message that may end up in a log.
    """
    record = RECORD_NAMES.get(model_name, Text(N_("Der Datensatz")))
    if not changes:
        return Text(N_("{record} wurde inzwischen an einem anderen Platz geändert. Bitte neu laden."), record=record)
    names = joined(dict.fromkeys(c.label for c in changes), ", ")  # two fields may share a label: named once
    return Text(
        N_("{record} wurde nicht gespeichert. Inzwischen an einem anderen Platz geändert: {fields}. Bitte neu laden."),
        record=record,
        fields=names,
    )


def record_changed(
    model_name: str,
    loaded: Mapping[str, object] | None,
    current: Mapping[str, object],
    labels: Mapping[str, str],
    current_version: int,
) -> RecordChanged:
    """The conflict of a save based on an old version: the fields whose value differs from what the form loaded.

    Both maps are the form's fields as flat values; a field missing from one of them counts as empty there.
    The fields are named in the order of `labels` (the form's order).
    """
    if loaded is None:
        return RecordChanged(fields_changed_message(model_name, ()), (), current_version)
    position = {name: index for index, name in enumerate(labels)}  # named in the order of the labels (the form's)
    names = sorted({*loaded, *current}, key=lambda n: (position.get(n, len(position)), n))
    changes = changed_fields({n: loaded.get(n) for n in names}, {n: current.get(n) for n in names}, labels)
    return RecordChanged(fields_changed_message(model_name, changes), changes, current_version)


def current_values(session: Session, model_cls: type[Any], record_id: object) -> dict[str, object] | None:
    """The row as it is in the database now, read on a fresh connection (the session may be failed)."""
    table = model_cls.__table__
    bind = session.get_bind()
    engine = bind if isinstance(bind, sa.Engine) else bind.engine
    with engine.connect() as conn:
        row = conn.execute(sa.select(table).where(table.c.id == record_id)).mappings().first()
    return None if row is None else dict(row)


def _conflict(
    session: Session,
    model_cls: type[Any],
    record_id: object,
    loaded: Mapping[str, object] | None,
    labels: Mapping[str, str] | None,
) -> RecordChanged:
    current = current_values(session, model_cls, record_id)
    if current is None:
        return RecordChanged(conflict_message(model_cls.__name__, (), deleted=True), (), None)
    changes = changed_fields(loaded or {}, current, labels)
    version = current.get("version")
    return RecordChanged(
        conflict_message(model_cls.__name__, changes), changes, version if isinstance(version, int) else None
    )


@contextlib.contextmanager
def stale_data_as_conflict(
    session: Session,
    model_cls: type[Any],
    record_id: object,
    loaded: Mapping[str, object] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Iterator[None]:
    """Wrap a service's `with session.begin():` block: a StaleDataError on flush/commit becomes RecordChanged."""
    try:
        yield
    except StaleDataError as exc:
        raise _conflict(session, model_cls, record_id, loaded, labels) from exc


def save_with_version_check(
    session: Session,
    model_cls: type[Any],
    record_id: object,
    expected_version: int,
    changes: Mapping[str, object],
    loaded: Mapping[str, object] | None = None,
    labels: Mapping[str, str] | None = None,
) -> int:
    """Apply changes to a versioned record if it still has expected_version; return the new version.

    Call inside the service's transaction (`with session.begin():`). `loaded` is what the form showed (field ->
    value); with it the conflict lists which fields another desk changed. Raises RecordChanged (a Conflict) or
    NotFound; on a conflict nothing is written and the caller's transaction should be rolled back.
    """
    record = session.get(model_cls, record_id, populate_existing=True)
    if record is None:
        raise NotFound(conflict_message(model_cls.__name__, (), deleted=True))
    with stale_data_as_conflict(session, model_cls, record_id, loaded, labels):
        if record.version != expected_version:
            raise StaleDataError(f"version {record.version} != {expected_version}")
        for name, value in changes.items():
            if not hasattr(model_cls, name) or name in ("id", "version"):
                raise ValueError(f"{model_cls.__name__} has no editable field {name!r}")
            setattr(record, name, value)
        session.flush()  # UPDATE ... WHERE id = ? AND version = ?; 0 rows (a desk was faster) raises StaleDataError
    return int(record.version)
