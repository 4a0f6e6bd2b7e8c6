"""Administering the rules table: every rule with its default and current value, changing and resetting one."""

import math
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Rule
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.rules_table import RULE_DEFINITIONS, RuleDefinition, RuleValue, parse_rule_value
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record


@dataclass(frozen=True)
class RuleRow:
    """One rule for the settings table: values as German text (decimal comma)."""

    key: str
    description: Text
    default: str
    value: str
    overridden: bool


def format_rule_value(value: RuleValue) -> str:
    """A rule value as the settings table shows it: 3,5 for decimals, ja/nein for switches."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _stored_text(value: RuleValue) -> str:
    """The canonical text written to the rules table (what parse_rule_value reads back)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _definition(key: str) -> RuleDefinition:
    definition = next((d for d in RULE_DEFINITIONS if d.key == key), None)
    if definition is None:
        raise NotFound(Text(N_("Die Regel „{key}“ gibt es nicht."), key=key))
    return definition


def _kind_hint(default: RuleValue) -> Text:
    if isinstance(default, bool):
        return Text(N_("bitte „ja“ oder „nein“ eingeben"))
    if isinstance(default, int):
        return Text(N_("bitte eine ganze Zahl eingeben"))
    return Text(N_("bitte eine Zahl eingeben, z. B. 2,5"))


def _parse(definition: RuleDefinition, text: str) -> RuleValue:
    """The typed value of the input, or ValidationFailed naming the rule."""
    cleaned = text.strip()
    try:
        value = parse_rule_value(definition.key, cleaned)
    except ValueError:
        value = None
    if value is None or (isinstance(value, float) and not math.isfinite(value)):  # nan, inf are no figures
        shown = cleaned or Text(N_("(leer)"))
        message = Text(
            N_("„{rule}“: „{shown}“ passt nicht – {hint}."),
            rule=definition.description,
            shown=shown,
            hint=_kind_hint(definition.default),
        )
        raise ValidationFailed([FieldError(definition.key, message)])
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        message = Text(N_("„{rule}“: der Wert darf nicht negativ sein."), rule=definition.description)
        raise ValidationFailed([FieldError(definition.key, message)])
    return value


def list_rules(session: Session) -> list[RuleRow]:
    """Every rule of the rules table in its order, with the office's override where there is a readable one."""
    with session.begin():
        stored: dict[str, str] = {key: value for key, value in session.execute(sa.select(Rule.key, Rule.value))}
    rows = []
    for definition in RULE_DEFINITIONS:
        current: RuleValue = definition.default
        overridden = False
        if definition.key in stored:
            try:
                current = parse_rule_value(definition.key, stored[definition.key])
                overridden = current != definition.default
            except ValueError:
                pass  # an unreadable stored value is not in force (load_rules ignores it too)
        default_text = format_rule_value(definition.default)
        rows.append(
            RuleRow(definition.key, definition.description, default_text, format_rule_value(current), overridden)
        )
    return rows


def _audit_rule(session: Session, actor: Actor | None, key: str, old: str | None, new: str | None) -> None:
    """Record a rule's stored override old -> new (None: the default applies)."""
    if actor is not None and old != new:
        record(session, actor, AuditAction.SETTINGS_CHANGED, "rule", None, None, {key: (old, new)})


def set_rule(
    session: Session, key: str, text: str, actor_id: int | None = None, *, actor: Actor | None = None
) -> RuleRow:
    """Change one rule to the typed text (the default again removes the override); refused input names the rule."""
    del actor_id  # kept for scripts; who changed a rule is recorded when an actor is given
    check_if_signed_in(actor, Action.EDIT_SETTINGS)
    definition = _definition(key)
    value = _parse(definition, text)
    with session.begin():
        existing = session.get(Rule, key)
        stored = None if value == definition.default else _stored_text(value)
        _audit_rule(session, actor, key, existing.value if existing is not None else None, stored)
        if value == definition.default:
            if existing is not None:
                session.delete(existing)
        elif existing is None:
            session.add(Rule(key=key, value=_stored_text(value)))
        else:
            existing.value = _stored_text(value)
    shown = format_rule_value(definition.default)
    return RuleRow(key, definition.description, shown, format_rule_value(value), value != definition.default)


def reset_rule(session: Session, key: str, *, actor: Actor | None = None) -> RuleRow:
    """Back to the default of the rules table (removes the office's override)."""
    check_if_signed_in(actor, Action.EDIT_SETTINGS)
    definition = _definition(key)
    with session.begin():
        existing = session.get(Rule, key)
        _audit_rule(session, actor, key, existing.value if existing is not None else None, None)
        session.execute(sa.delete(Rule).where(Rule.key == key))
    shown = format_rule_value(definition.default)
    return RuleRow(key, definition.description, shown, shown, False)
