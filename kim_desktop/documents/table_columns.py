"""Column widths for document tables that never break a heading, e-mail address, phone or file number mid-word."""

from collections.abc import Sequence

from kim_desktop.documents.fonts import LATIN
from kim_desktop.documents.text import keep_together, text_width

# reportlab's default cell padding on each side, and room for rounding.
DEFAULT_PADDING = 6.0
# A single "word" longer than this share of the table (a 300-character name without spaces) may still break.
_LONGEST_UNBROKEN_SHARE = 0.35


def longest_word(text: str, size: float, bold: bool = False) -> float:
    """Printed width of the widest piece of the text that a line may not break (words; phone numbers whole)."""
    words = keep_together(text).replace("\n", " ").split(" ")
    return max((text_width(word, LATIN, bold, size) for word in words if word), default=0.0)


def fitting_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    preferred: Sequence[float],
    size: float,
    padding: float = DEFAULT_PADDING,
) -> list[float]:
    """The preferred widths (they give the total), widened where a column's longest word needs it.

    The room a widened column takes comes from the others, in proportion to what they have beyond their own
    longest word; a column never shrinks below that. Only if the words cannot all fit does a column break one.
    """
    total = sum(preferred)
    cap = total * _LONGEST_UNBROKEN_SHARE
    needed = []
    for column, heading in enumerate(header):
        widest = max([longest_word(heading, size, bold=True), *(longest_word(row[column], size) for row in rows)])
        needed.append(min(widest + 2 * padding + 1.0, cap))
    if sum(needed) >= total:
        return [total * need / sum(needed) for need in needed]
    widths = list(preferred)
    for _ in range(len(widths)):  # each round settles at least one column at its minimum
        short = sum(max(need - width, 0.0) for need, width in zip(needed, widths, strict=True))
        if short <= 0:
            break
        slack = [max(width - need, 0.0) for need, width in zip(needed, widths, strict=True)]
        room = sum(slack)
        widths = [
            max(width, need) - (short * s / room if room else 0.0)
            for width, need, s in zip(widths, needed, slack, strict=True)
        ]
    return widths
