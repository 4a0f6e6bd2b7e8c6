"""Frozen data of outreach: the copy, an operation as it travels, the outcome of a sync in words."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kim_desktop.domain.text import N_, Text, joined, verbatim


@dataclass(frozen=True)
class CopyInfo:
    """Which outreach copy: its id, the office it was taken from, the laptop, when, until when."""

    copy_id: str
    office: str
    laptop: str
    taken_at: datetime
    expires_at: datetime
    municipality_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class TravellingOperation:
    """One journaled use case as it goes to the office (from the laptop's database or a bundle)."""

    id: str
    seq: int
    kind: str
    params: dict[str, Any]
    created: dict[str, list[int]]
    advisor_id: int | None
    actor: str
    at: datetime
    laptop: str


@dataclass(frozen=True)
class OperationOutcome:
    """What became of one operation at the office.

    outcome: applied, already (applied by an earlier sync), waitlisted, moved, conflict, rejected, held (waits for
    the advisor's decision, e.g. a possible duplicate; `operation` is then set so the decision can replay it).
    """

    operation_id: str
    kind: str
    outcome: str
    message: str = ""
    operation: TravellingOperation | None = None
    candidates: tuple[tuple[int, str], ...] = ()  # possible duplicates at the office: id, name


SETTLED = frozenset({"applied", "already", "waitlisted", "moved", "conflict", "rejected", "merged"})
KIND_WORDS: dict[str, tuple[str, str]] = {
    "record_session": (N_("{n} Beratung"), N_("{n} Beratungen")),
    "register_person": (N_("{n} neue Person"), N_("{n} neue Personen")),
    "update_person": (N_("{n} Änderung an Personen"), N_("{n} Änderungen an Personen")),
    "complete_follow_up": (N_("{n} erledigte Wiedervorlage"), N_("{n} erledigte Wiedervorlagen")),
    "reserve_seat": (N_("{n} Platzreservierung"), N_("{n} Platzreservierungen")),
    "add_to_waiting_list": (N_("{n} Wartelisteneintrag"), N_("{n} Wartelisteneinträge")),
    "record_issued": (N_("{n} gedrucktes Schreiben"), N_("{n} gedruckte Schreiben")),
    "transition_referral": (N_("{n} Änderung an Vermittlungen"), N_("{n} Änderungen an Vermittlungen")),
    "record_consent": (N_("{n} Einwilligung"), N_("{n} Einwilligungen")),
    "revoke_consent": (N_("{n} Widerruf"), N_("{n} Widerrufe")),
    "propose_referral": (N_("{n} Kursvorschlag"), N_("{n} Kursvorschläge")),
    "assign_purpose": (N_("{n} geprüfte Einwilligung"), N_("{n} geprüfte Einwilligungen")),
}


@dataclass(frozen=True)
class SyncReport:
    """The outcome of applying a journal at the office, operation by operation, in journal order."""

    copy: CopyInfo
    outcomes: tuple[OperationOutcome, ...] = field(default_factory=tuple)

    @property
    def settled(self) -> bool:
        """Every operation is settled at the office (none waits for a decision)."""
        return all(o.outcome in SETTLED for o in self.outcomes)

    def count(self, outcome: str) -> int:
        """How many operations ended this way."""
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    def settled_ids(self) -> list[str]:
        """The operations the laptop may mark as confirmed."""
        return [o.operation_id for o in self.outcomes if o.outcome in SETTLED]

    def summary(self) -> Text:
        """The outcome in words: what went up, then every seat that was gone, every conflict, every refusal."""
        new = Counter(
            o.kind for o in self.outcomes if o.outcome not in ("already", "rejected", "held", "waitlisted", "merged")
        )
        counts = [
            Text(KIND_WORDS[kind][0 if n == 1 else 1], n=n) for kind, n in sorted(new.items()) if kind in KIND_WORDS
        ]
        parts: list[str] = []
        if counts:
            parts.append(Text(N_("{items} übertragen"), items=joined(counts, ", ")))
        elif not self.outcomes:
            parts.append(Text(N_("Nichts zu übertragen")))
        already = self.count("already")
        if already:
            parts.append(Text(N_("{n} schon früher übertragen"), n=already))
        for o in self.outcomes:
            if o.outcome in ("waitlisted", "moved", "conflict", "held", "merged") and o.message:
                parts.append(verbatim(o.message))
            elif o.outcome == "rejected":
                parts.append(Text(N_("nicht übernommen: {reason}"), reason=o.message))
        return joined(parts)
