"""A course provider's desk in the network: the referrals to its courses it may see, and what it confirms."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kim_desktop.db.network_mode import in_network
from kim_desktop.db.network_provider_sql import PROVIDER_CONFIRMS
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.errors import Conflict, FieldError, KimError, NotFound, ValidationFailed
from kim_desktop.domain.referral_flow import needs_reason
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.rules import load_rules

ONLY_IN_NETWORK = Text(N_("Rückmeldungen des Kursträgers gibt es nur im Netzwerk auf dem gemeinsamen Server."))
NOT_VISIBLE = Text(
    N_(
        "Diese Vermittlung gibt es nicht oder sie ist für Sie nicht sichtbar (keine Einwilligung der Person "
        "zur Anmeldung bei Ihnen)."
    )
)


@dataclass(frozen=True)
class ProviderReferral:
    """A referral to one of the provider's courses, as far as the person's consent lets the provider see it."""

    referral_id: int
    course_id: int
    course_title: str
    state: ReferralState
    family_name: str
    given_names: str
    birth_date: date | None
    referred_at: datetime
    hold_until: date | None
    registered_on: date | None
    started_on: date | None
    version: int


def _provider_referral(r: sa.Row[Any]) -> ProviderReferral:
    return ProviderReferral(
        r.referral_id, r.course_id, r.course_title or "", ReferralState(r.state), r.family_name,
        r.given_names, r.birth_date, r.referred_at, r.hold_until, r.registered_on, r.started_on, r.version,
    )  # fmt: skip


def _network_only(session: Session) -> None:
    if not in_network(session):
        raise KimError(ONLY_IN_NETWORK)


def works_in_network(session: Session) -> bool:
    """Whether this desk is connected to a network (then the page offers the provider's tab)."""
    with session.begin():
        return in_network(session)


def list_provider_referrals(session: Session, *, actor: Actor | None, today: date) -> list[ProviderReferral]:
    """The referrals to this partner's courses whose person consented to the registration with it."""
    check_if_signed_in(actor, Action.CONFIRM_REFERRALS)
    with session.begin():
        _network_only(session)
        rows = session.execute(sa.text("SELECT * FROM public.kim_provider_referrals(:today)"), {"today": today})
        return [_provider_referral(r) for r in rows]


def confirm_referral(
    session: Session, referral_id: int, to_state: ReferralState, *, actor: Actor | None, today: date, reason: str = ""
) -> None:
    """The provider confirms registered, started, did not appear or left; the referring office sees it at once."""
    check_if_signed_in(actor, Action.CONFIRM_REFERRALS)
    reason = reason.strip()
    if to_state not in PROVIDER_CONFIRMS:
        raise ValidationFailed([FieldError("state", Text(N_("Diese Rückmeldung gibt es für Kursträger nicht.")))])
    if needs_reason(to_state) and not reason:
        raise ValidationFailed([FieldError("reason", Text(N_("Bitte einen Grund angeben.")))])
    try:
        with session.begin():
            _network_only(session)
            session.execute(
                sa.text("SELECT public.kim_provider_confirm(:rid, :state, :today, :reason)"),
                {"rid": referral_id, "state": to_state.value, "today": today, "reason": reason},
            )
    except DBAPIError as exc:
        text = str(exc.orig)
        if "kim: referral not found" in text:
            raise NotFound(NOT_VISIBLE) from exc
        if "kim: hold expired" in text:
            raise Conflict(
                Text(N_("Die Reservierung ist abgelaufen; bitte die vermittelnde Stelle um eine neue bitten."))
            ) from exc
        if "kim: transition refused" in text:
            raise Conflict(Text(N_("Diese Rückmeldung passt nicht zum jetzigen Stand der Vermittlung."))) from exc
        raise


@dataclass(frozen=True)
class DemandCell:
    """Open waiting-list entries of the whole network for one course type and place (no person, no small cell)."""

    course_type: str
    municipality: str
    childcare_needed: bool
    waiting: int


def network_demand(session: Session, *, actor: Actor | None) -> list[DemandCell]:
    """The network's anonymous demand, for providers planning courses (every partner's waiting list, counted)."""
    check_if_signed_in(actor, Action.LOOKUP_COURSES)
    with session.begin():
        _network_only(session)
        threshold = load_rules(session).int("report_suppression_threshold")
        rows = session.execute(
            sa.text(
                "SELECT d.course_type, coalesce(m.name, ''), d.childcare_needed, d.waiting "
                "FROM public.kim_network_demand(:t) d LEFT JOIN public.municipalities m ON m.id = d.municipality_id"
            ),
            {"t": threshold},
        )
        return [DemandCell(str(t), str(m), bool(c), int(w)) for t, m, c, w in rows]
