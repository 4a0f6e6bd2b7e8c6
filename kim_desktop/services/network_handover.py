"""Handing a person over to another counselling partner: with consent, as a copy, logged on both sides."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kim_desktop.db.network_mode import in_network
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.errors import KimError, NotFound
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in

NO_CONSENT = Text(
    N_(
        "Übergabe nicht möglich: Es gibt keine gültige Einwilligung der Person zur „Übergabe an einen anderen "
        "Beratungsdienst“ an diesen Partner (mit Name und Geburtsdatum)."
    )
)


def hand_over_person(session: Session, person_id: int, to_partner_id: int, *, actor: Actor | None, today: date) -> int:
    """Copy the person (only the data the consent names) to the receiving partner; returns the id there.

    The case file stays with this office; both sides' audit trails record the handover (the server's function
    kim_hand_over checks the consent and writes both entries in one transaction).
    """
    check_if_signed_in(actor, Action.EDIT_CASES)
    try:
        with session.begin():
            if not in_network(session):
                raise KimError(Text(N_("Übergaben an andere Partner gibt es nur im Netzwerk.")))
            found = session.execute(
                sa.text("SELECT public.kim_hand_over(:pid, :to, :today)"),
                {"pid": person_id, "to": to_partner_id, "today": today},
            )
            return int(found.scalar_one())
    except DBAPIError as exc:
        if "kim: no handover consent" in str(exc.orig):
            raise NotFound(NO_CONSENT) from exc
        raise
