"""The steps of setting up an office and what each missing piece keeps from working (pure rule)."""

from dataclasses import dataclass
from enum import IntEnum

from kim_desktop.domain.text import N_, Text


class SetupStep(IntEnum):
    """The pages of the set-up assistant, in order."""

    OFFICE = 0
    MUNICIPALITIES = 1
    PARTNERS = 2
    LOCATIONS = 3
    ACCOUNTS = 4


STEP_TITLES: dict[SetupStep, str] = {
    SetupStep.OFFICE: N_("Büro und Briefkopf"),
    SetupStep.MUNICIPALITIES: N_("Gemeinden"),
    SetupStep.PARTNERS: N_("Netzwerkpartner und Kursträger"),
    SetupStep.LOCATIONS: N_("Kursorte und Fahrzeiten"),
    SetupStep.ACCOUNTS: N_("Weitere Benutzerkonten"),
}


@dataclass(frozen=True)
class SetupCounts:
    """How much of each kind of reference data the office has."""

    office_named: bool
    municipalities: int
    providers: int
    locations: int
    travel_times: int
    courses: int
    accounts: int


@dataclass(frozen=True)
class MissingPiece:
    """Something not set up yet, the task it blocks, and the assistant step that fixes it."""

    step: SetupStep
    message: Text
    blocking: bool  # True: a task cannot be done at all; False: it works, but worse


def missing_pieces(counts: SetupCounts) -> list[MissingPiece]:
    """What is still missing, the blocking pieces first, each naming the task it keeps from working."""
    pieces: list[MissingPiece] = []
    if counts.municipalities == 0:
        pieces.append(
            MissingPiece(SetupStep.MUNICIPALITIES, Text(N_("Ohne Gemeinden kann keine Person angelegt werden.")), True)
        )
    if counts.providers == 0:
        pieces.append(
            MissingPiece(SetupStep.PARTNERS, Text(N_("Ohne Kursträger können keine Kurse angelegt werden.")), True)
        )
    elif counts.locations == 0:
        pieces.append(
            MissingPiece(SetupStep.LOCATIONS, Text(N_("Ohne Kursorte können keine Kurse angelegt werden.")), True)
        )
    if not counts.office_named:
        pieces.append(
            MissingPiece(
                SetupStep.OFFICE, Text(N_("Ohne Briefkopf tragen Schreiben weder Büro noch Anschrift.")), False
            )
        )
    if counts.locations and counts.municipalities and counts.travel_times == 0:
        pieces.append(
            MissingPiece(
                SetupStep.LOCATIONS,
                Text(N_("Ohne Fahrzeiten kann die Kurssuche nicht prüfen, ob ein Kursort erreichbar ist.")),
                False,
            )
        )
    if counts.accounts <= 1:
        pieces.append(
            MissingPiece(
                SetupStep.ACCOUNTS,
                Text(N_("Nur ein Benutzerkonto: Beraterinnen und Berater brauchen eigene Konten.")),
                False,
            )
        )
    return sorted(pieces, key=lambda piece: not piece.blocking)


def step_done(counts: SetupCounts, step: SetupStep) -> bool:
    """Whether a step of the assistant has what it is for (a tick in the list of steps)."""
    done = {
        SetupStep.OFFICE: counts.office_named,
        SetupStep.MUNICIPALITIES: counts.municipalities > 0,
        SetupStep.PARTNERS: counts.providers > 0,
        SetupStep.LOCATIONS: counts.locations > 0 and counts.travel_times > 0,
        SetupStep.ACCOUNTS: counts.accounts > 1,
    }
    return done[step]
