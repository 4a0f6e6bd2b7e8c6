"""Letters: one referral letter from the database incl. a preview render of page 1; a 500-letter batch."""

import itertools
import os
import time
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from bench.common import BenchResult, median_ms, scaled_database
from kim_desktop.db.models import Referral
from kim_desktop.domain.enums import ReferralState
from kim_desktop.services.database import OpenDatabase
from kim_desktop.settings import OfficeProfile

OFFICE = OfficeProfile(name="Landkreis Musterland", department="Integrationsbüro", street="Am Schlossgraben 1",
                       postcode="49074", city="Osnabrück", phone="0541 501-0", email="integration@example.org",
                       opening_hours="Mo–Fr 8–12 Uhr")  # fmt: skip


def _preview_renderer() -> tuple[object, str]:
    """A function rendering page 1 of a PDF as the preview does (QtPdf), or pypdf parsing if Qt is unusable."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtPdf import QPdfDocument

        app = QGuiApplication.instance() or QGuiApplication([])

        def render(pdf: bytes) -> None:
            buffer = QBuffer()
            buffer.setData(QByteArray(pdf))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            document = QPdfDocument()
            document.load(buffer)
            size = document.pagePointSize(0).toSize()
            document.render(0, size * 1.5)  # about 108 dpi, a preview on screen

        render.app = app  # type: ignore[attr-defined]  # keep the application alive
        return render, "QtPdf render of page 1 at 108 dpi"
    except Exception:
        from io import BytesIO

        from pypdf import PdfReader

        def parse(pdf: bytes) -> None:
            PdfReader(BytesIO(pdf)).pages[0].extract_text()

        return parse, "pypdf parse of page 1 (Qt unavailable)"


def _one_letter(
    db: OpenDatabase, ids: list[int], preview: Callable[[bytes], None], language: str, today: date
) -> Callable[[], None]:
    """One letter with its preview; another person's referral each time.

    Their names, addresses and course are new to the renderer's caches, as at the desk; the standard texts are
    not (as after the first letter of a session).
    """
    from kim_desktop.services.letters import issue_referral_letter

    turn = itertools.count()

    def one() -> None:
        referral_id = ids[next(turn) % len(ids)]
        with db.sessions() as session:
            letter = issue_referral_letter(
                session, referral_id, OFFICE, actor_id=None, today=today, language=language, record=False
            )
        preview(letter.pdf)

    return one


def run() -> list[BenchResult]:
    """Measure one letter (German only, and German + Arabic) and a batch of 500 letters on 2 workers."""
    from kim_desktop.services.letters import prepare_letters, render_batch

    db = scaled_database(1)
    today = date.today()
    with db.sessions() as session:
        ids = list(
            session.scalars(
                sa.select(Referral.id).where(Referral.state.in_([ReferralState.RESERVED, ReferralState.REGISTERED]))
            )
        )
    preview, how = _preview_renderer()
    results = []
    for language, label in (("de", "German only"), ("ar", "German + Arabic")):
        one = _one_letter(db, ids, preview, language, today)  # type: ignore[arg-type]
        results.append(
            BenchResult(
                f"referral letter incl. preview ({label})",
                50,
                median_ms(one, repeat=15),
                "ms",
                f"from the database, rendered, {how}; a different referral each time ({len(ids)} in turn)",
            )
        )
    batch_ids = (ids * (500 // max(1, len(ids)) + 1))[:500]
    start = time.perf_counter()
    with db.sessions() as session:
        letters = prepare_letters(session, batch_ids, OFFICE, today)
    merged, _ = render_batch(letters, workers=2)
    seconds = time.perf_counter() - start
    languages = sorted({data.language for data in letters})
    results.append(
        BenchResult(
            "500 referral letters, one PDF (2 worker processes)",
            15,
            seconds,
            "s",
            f"{len(merged) // 1024} KiB, languages {', '.join(languages)}",
        )
    )
    db.close()
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
