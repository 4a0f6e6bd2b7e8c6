"""Letters: one referral letter from the database incl. a preview render of page 1; a 500-letter batch."""

import os
import time
from datetime import date

import sqlalchemy as sa

from bench.common import BenchResult, median_ms, scaled_database
from kim_desktop.db.models import Referral
from kim_desktop.domain.enums import ReferralState
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


def run() -> list[BenchResult]:
    """Measure one letter (German only, and German + Arabic) and a batch of 500 letters on 2 workers."""
    from kim_desktop.services.letters import issue_referral_letter, prepare_letters, render_batch

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

        def one(lang: str = language) -> None:
            with db.sessions() as session:
                letter = issue_referral_letter(
                    session, ids[0], OFFICE, actor_id=None, today=today, language=lang, record=False
                )
            preview(letter.pdf)  # type: ignore[operator]

        results.append(
            BenchResult(
                f"referral letter incl. preview ({label})",
                50,
                median_ms(one, repeat=15),
                "ms",
                f"from the database, rendered, {how}",
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
