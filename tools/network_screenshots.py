r"""Screenshots of the demo network: a provider's and an advisor's view of the same course.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/network_screenshots.py \
        --server postgresql+psycopg://postgres@127.0.0.1/postgres --out docs/images

Makes a throwaway database kimshots_<hex> with the demo network (roles with a random prefix), signs in at the
course provider's desk (its own login) and at the Jobcenter's desk, and drops database and roles afterwards.
"""

import argparse
import secrets
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtWidgets import QApplication

from kim_desktop.app import open_context
from kim_desktop.db.network_roles import drop_network
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import sign_in
from kim_desktop.services.demo_data import DEMO_PASSWORD
from kim_desktop.services.demo_network import COUNSELLING, build_demo_network
from kim_desktop.services.network_partners import network_logins
from kim_desktop.settings import Settings
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.network_provider_page import ProviderPage
from kim_desktop.ui.pages.referrals_page import ReferralsPage
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.guide_screenshots import save, settle


def desk(url: str, login: str, user: str, folder: Path) -> MainWindow:
    """The main window of one partner's desk, signed in with its demo account."""
    partner_url = sa.make_url(url).set(username=login, password=DEMO_PASSWORD).render_as_string(False)
    paths = resolve_paths(folder, portable=False).create()
    ctx = open_context(paths, Settings(), partner_url, SyncTaskRunner())
    with ctx.db.sessions() as session:
        ctx.actor = sign_in(session, user, DEMO_PASSWORD, datetime.now().replace(microsecond=0))
    window = MainWindow(ctx)
    window.resize(1366, 740)
    window.show()
    settle()
    return window


def referring_partner(url: str, referral_id: int) -> str:
    """The short name (login kim_org_<short>) of the counselling office that made a referral."""
    names = {name: short for short, name, _kind in COUNSELLING}
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            name = conn.execute(
                sa.text("SELECT o.name FROM referrals r JOIN organisations o ON o.id = r.partner_id WHERE r.id = :id"),
                {"id": referral_id},
            ).scalar_one()
    finally:
        engine.dispose()
    return names[name]


def select_referral(page: ReferralsPage, referral_id: int) -> None:
    """Select the referral's row on the Vermittlungen page (so both screenshots show the same person)."""
    for row, referral in enumerate(page.model.rows):
        if referral.id == referral_id:
            page.table.selectRow(row)
            return
    raise LookupError(f"referral {referral_id} is not on the referring office's page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="administrator's URL of any database on the server")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    app = QApplication([])
    apply_style(app)
    args.out.mkdir(parents=True, exist_ok=True)
    tag = secrets.token_hex(3)
    name, prefix = f"kimshots_{tag}", f"ks{tag}_"
    admin = sa.create_engine(args.server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(args.server).set(database=name).render_as_string(hide_password=False)
    try:
        build_demo_network(url, DEMO_PASSWORD, prefix)
        with tempfile.TemporaryDirectory() as folder:
            provider = desk(url, f"{prefix}org_vhs_stadt", "demo.vhs_stadt", Path(folder) / "vhs")
            page = provider.show_page("provider")  # demo.vhs_stadt is the provider's staff (role Kursträger)
            assert isinstance(page, ProviderPage)
            page.table.selectRow(0)
            shown = page.rows[0]  # a referral the provider confirmed: the referring office sees the same one
            save(provider, args.out, "netzwerk-kurstraeger")
            provider.ctx.db.close()
            short = referring_partner(url, shown.referral_id)
            advisor = desk(url, f"{prefix}org_{short}", f"demo.{short}", Path(folder) / "advisor")
            referrals = advisor.show_page("referrals")
            assert isinstance(referrals, ReferralsPage)
            select_referral(referrals, shown.referral_id)
            save(advisor, args.out, "netzwerk-vermittelnde-stelle")
            advisor.ctx.db.close()
    finally:
        logins = list(network_logins(url))
        drop_network(admin, name, prefix, logins)
        admin.dispose()


if __name__ == "__main__":
    main()
