"""Handing a person over to another counselling partner: with consent, as a copy, logged on both sides."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kim_desktop.db.models import Organisation, Person
from kim_desktop.db.network_mode import current_partner, in_network
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory, reason_text
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import FieldError, KimError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.privacy import data_use_refusals

ONLY_IN_NETWORK = Text(N_("Übergaben an andere Partner gibt es nur im Netzwerk."))
NO_CONSENT = Text(
    N_(
        "Übergabe nicht möglich: Es gibt keine gültige Einwilligung der Person zur „Übergabe an einen anderen "
        "Beratungsdienst“ an diesen Partner (mit Name und Geburtsdatum)."
    )
)
MISSING_CONSENT = N_(
    "Übergabe an „{partner}“ nicht möglich: {reason} Nötig ist eine Einwilligung der Person zur „Übergabe an "
    "einen anderen Beratungsdienst“ an „{partner}“ mit Name und Geburtsdatum (Fallakte → Einwilligungen)."
)


class HandoverRefused(KimError):  # noqa: N818 - reads like the other KimErrors
    """The person's consent does not allow handing over to that partner; says what is missing."""


@dataclass(frozen=True)
class HandoverPartner:
    """A counselling partner of the network that can receive a person."""

    organisation_id: int
    name: str


def _network_only(session: Session) -> None:
    if not in_network(session):
        raise KimError(ONLY_IN_NETWORK)


def handover_partners(session: Session, *, actor: Actor | None) -> list[HandoverPartner]:
    """The network's other counselling partners, by name (course providers take no case files)."""
    check_if_signed_in(actor, Action.EDIT_CASES)
    with session.begin():
        _network_only(session)
        partners = sa.select(sa.func.public.kim_network_partners())
        rows = session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(
                Organisation.id.in_(partners),
                Organisation.id != current_partner(session),
                Organisation.kind != OrganisationKind.KURSTRAEGER,
            )
            .order_by(Organisation.name)
        )
        return [HandoverPartner(int(i), str(n)) for i, n in rows]


def _check_consent(session: Session, person_id: int, to_partner_id: int, today: date) -> None:
    """Refuse with the reason, naming the partner and the consent it takes (the server checks the same again)."""
    if session.get(Person, person_id) is None:
        raise NotFound(Text(N_("Die Person gibt es hier nicht (mehr).")))
    name = session.scalar(sa.select(Organisation.name).where(Organisation.id == to_partner_id))
    if name is None:
        raise ValidationFailed([FieldError("partner", Text(N_("Bitte den Partner wählen, der übernimmt.")))])
    identity = frozenset({DataCategory.IDENTITY})
    refused = data_use_refusals(
        session, [person_id], ConsentPurpose.COUNSELLING_HANDOVER, to_partner_id, identity, today
    )
    if person_id in refused:
        raise HandoverRefused(Text(MISSING_CONSENT, partner=name, reason=reason_text(refused[person_id])))


def hand_over_person(session: Session, person_id: int, to_partner_id: int, *, actor: Actor | None, today: date) -> int:
    """Copy the person (only the data the consent names) to the receiving partner; returns the id there.

    The case file stays with this office; both sides' audit trails record the handover (the server's function
    kim_hand_over checks the consent and writes both entries in one transaction).
    """
    check_if_signed_in(actor, Action.EDIT_CASES)
    try:
        with session.begin():
            _network_only(session)
            _check_consent(session, person_id, to_partner_id, today)
            found = session.execute(
                sa.text("SELECT public.kim_hand_over(:pid, :to, :today)"),
                {"pid": person_id, "to": to_partner_id, "today": today},
            )
            return int(found.scalar_one())
    except DBAPIError as exc:
        if "kim: no handover consent" in str(exc.orig):
            raise NotFound(NO_CONSENT) from exc
        raise
