"""The KIM round's report of the whole network, computed on the server, with each partner's own report beside it.

The whole report is computed by the network's administrator (who reads every partner's rows); each partner's
report is computed under that partner's own login (SET SESSION AUTHORIZATION, so the row-level security decides
what it counts), exactly as the partner's own desk would compute it. Both are anonymised as every KIM report.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from kim_desktop.domain.report_figures import KimReport
from kim_desktop.services.kim_report import compute_kim_report
from kim_desktop.services.network_partners import network_prefix

WHOLE_NETWORK = "KIM-Netzwerk"


@dataclass(frozen=True)
class NetworkReport:
    """The network's report and, per partner with people of its own, that partner's report."""

    whole: KimReport
    partners: tuple[tuple[str, KimReport], ...]  # organisation name, its report


def _partner_logins(conn: sa.Connection) -> list[tuple[str, str]]:
    """One login per partner (its kim_org_<short> login), with the organisation's name."""
    prefix = network_prefix(conn)
    if prefix is None:
        return []
    rows = conn.execute(
        sa.text(
            "SELECT o.name, min(l.login) FROM public.network_logins l JOIN public.organisations o "
            "ON o.id = l.organisation_id WHERE l.login LIKE :pattern GROUP BY o.name ORDER BY o.name"
        ),
        {"pattern": prefix.replace("_", r"\_") + r"org\_%"},
    )
    return [(str(name), str(login)) for name, login in rows]


def network_report(url: str, start: date, end: date, today: date) -> NetworkReport:
    """Compute the whole network's report and each partner's (administrator's URL); partners without people omitted."""
    engine = sa.create_engine(url, poolclass=NullPool)  # session authorization must never outlive its connection
    try:
        with Session(engine) as session:
            whole = compute_kim_report(session, start, end, office=WHOLE_NETWORK, today=today)
        with engine.connect() as conn:
            logins = _partner_logins(conn)
        partners = []
        for name, login in logins:
            with engine.connect() as conn:
                quoted = conn.execute(sa.text("SELECT quote_ident(:l)"), {"l": login}).scalar_one()
                conn.execute(sa.text(f"SET SESSION AUTHORIZATION {quoted}"))
                conn.commit()
                has_people = conn.execute(sa.text("SELECT EXISTS (SELECT 1 FROM public.people)")).scalar()
                conn.rollback()
                if has_people:
                    with Session(bind=conn) as session:
                        partners.append((name, compute_kim_report(session, start, end, office=name, today=today)))
    finally:
        engine.dispose()
    return NetworkReport(whole, tuple(partners))
