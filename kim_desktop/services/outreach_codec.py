"""Use-case inputs (frozen dataclasses) to JSON-ready plain values and back, by their type hints; record references."""

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from typing import Any

REF = "$ref"
Plain = Any  # None, bool, int, float, str, list or dict of those


def ref(table: str, record_id: int | None) -> Plain:
    """A reference to a record that may have been created offline (mapped to the office's id on replay)."""
    return None if record_id is None else {REF: table, "id": record_id}


def encode(value: Any) -> Plain:
    """A plain value of a dataclass, enum, date, tuple or set (sets sorted, so the same input gives the same JSON)."""
    if value is None or (isinstance(value, bool | int | float | str) and not isinstance(value, Enum)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, set | frozenset):
        return sorted((encode(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    raise TypeError(f"cannot journal a {type(value).__name__}")


def decode(hint: Any, value: Plain) -> Any:
    """The value of the given type from its plain form (the inverse of encode)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return None if value is None else decode(options[0], value)
    if value is None:
        return None
    if origin in (tuple, frozenset, set, list):
        args = typing.get_args(hint)
        if (origin is tuple and len(args) != 2) or (origin is tuple and args[1] is not Ellipsis):
            return tuple(decode(a, v) for a, v in zip(args, value, strict=True))
        items = [decode(args[0], v) for v in value]
        return origin(items)
    if isinstance(hint, type):
        if dataclasses.is_dataclass(hint):
            hints = typing.get_type_hints(hint)
            known = {f.name for f in dataclasses.fields(hint)}
            return hint(**{k: decode(hints[k], v) for k, v in value.items() if k in known})
        if issubclass(hint, Enum):
            return hint(value)
        if hint is datetime:
            return datetime.fromisoformat(value)
        if hint is date:
            return date.fromisoformat(value)
        if hint in (int, float, str, bool):
            return hint(value)
    if hint is Any:
        return value
    raise TypeError(f"cannot read a journaled {hint!r}")


def map_refs(value: Plain, resolve: typing.Callable[[str, int], int]) -> Plain:
    """The plain value with every {"$ref": table, "id": n} replaced by resolve(table, n)."""
    if isinstance(value, dict):
        if REF in value:
            return resolve(value[REF], value["id"])
        return {k: map_refs(v, resolve) for k, v in value.items()}
    if isinstance(value, list):
        return [map_refs(v, resolve) for v in value]
    return value
