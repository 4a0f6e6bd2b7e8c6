"""Shared setup for the people GUI tests: a municipality, an advisor and registered people."""

from datetime import date

from kim_desktop.db.models import Advisor, Municipality
from kim_desktop.domain.enums import PermissionKind, Role
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people import register_person
from kim_desktop.services.people_dto import PermissionInput, PersonInput


def add_reference(db: OpenDatabase) -> dict[str, int]:
    with db.sessions() as session, session.begin():
        town = Municipality(name="Melle", postcodes="49324")
        advisor = Advisor(username="ak", display_name="Anna Krüger", role=Role.ADVISOR)
        session.add_all([town, advisor])
        session.flush()
        return {"town": town.id, "advisor": advisor.id}


def add_person(db: OpenDatabase, town: int, family: str, given: str = "", **kwargs: object) -> int:
    data = PersonInput(family, given, municipality_id=town, **kwargs)  # type: ignore[arg-type]
    with db.sessions() as session:
        return register_person(session, data, actor_id=None, allow_duplicates=True)


def add_obliged_person(db: OpenDatabase, town: int) -> int:
    permission = PermissionInput(PermissionKind.VERPFLICHTUNG, obliged=True, file_number="ABH-1")
    return add_person(db, town, "Haddad", "Rania", birth_date=date(1991, 4, 3), permission=permission)
