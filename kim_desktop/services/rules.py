"""The rules in force: the rules table's defaults overlaid with the office's overrides stored in the database."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Rule
from kim_desktop.domain.rules_table import RULE_DEFAULTS, Rules, RuleValue, parse_rule_value


def load_rules(session: Session) -> Rules:
    """Read the overrides (in the caller's transaction); unknown keys and unreadable values keep the default."""
    values: dict[str, RuleValue] = dict(RULE_DEFAULTS)
    for key, text in session.execute(sa.select(Rule.key, Rule.value)):
        if key in RULE_DEFAULTS:
            try:
                values[key] = parse_rule_value(key, text)
            except ValueError:
                continue
    return Rules(values)
