"""An office with the referral network and a laptop carrying its outreach copy (for the outreach tests)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import Municipality
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role, Sex
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.outreach_copy import CopyTaken, take_outreach_copy
from kim_desktop.services.people_dto import PersonInput
from tests.integration.referral_setup import Network, build_network

TAKEN = datetime(2026, 3, 2, 8, 0)
TODAY = date(2026, 3, 2)


@dataclass(frozen=True)
class Outing:
    """The office's network, the copy taken from it and who works offline."""

    net: Network
    taken: CopyTaken
    actor: Actor
    town: int


def advisor_of(net: Network) -> Actor:
    """The network's advisor as signed in (offline and at the office: the same account)."""
    return Actor(net.advisor, "Anna Krüger", Role.ADVISOR)


def go_out(office: OpenDatabase, folder: Path, *, max_seats: int = 2, name: str = "laptop-1.kim") -> Outing:
    """Build the office and take a copy of its one municipality onto a laptop file in `folder`."""
    net = build_network(office, max_seats=max_seats)
    return take_again(office, net, folder, name)


def take_again(office: OpenDatabase, net: Network, folder: Path, name: str) -> Outing:
    """Another copy of the same office (a second laptop)."""
    with office.sessions() as session:
        town = session.scalar(sa.select(Municipality.id).where(Municipality.name == "Melle"))
    assert town is not None
    actor = advisor_of(net)
    with office.sessions() as session:
        taken = take_outreach_copy(
            session, folder / name, municipality_ids=[town], office="Landkreis Musterland", laptop=name,
            actor=actor, now=TAKEN,
        )  # fmt: skip
    return Outing(net, taken, actor, town)


@contextmanager
def laptop(outing: Outing) -> Iterator[OpenDatabase]:
    """The laptop's copy, opened as the desk opens a database."""
    db = open_database(sqlite_url(outing.taken.path), None)
    try:
        yield db
    finally:
        db.close()


def newcomer(family: str = "Yilmaz", given: str = "Ayse", town: int | None = None) -> PersonInput:
    """A person first met at the outreach consultation."""
    return PersonInput(family_name=family, given_names=given, birth_date=date(1992, 4, 1), sex=Sex.FEMALE,
                       municipality_id=town, phone="0170 1111111")  # fmt: skip
