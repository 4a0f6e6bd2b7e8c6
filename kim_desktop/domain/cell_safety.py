"""Neutralising exported cells against spreadsheet formula injection (=, +, -, @, tab, carriage return)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would read as a formula; other text is returned unchanged."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
