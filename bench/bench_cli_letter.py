"""`letter referral` as a whole process against a headless LibreOffice converting an equivalent letter (paired)."""

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BENCH_DIR, BenchResult, program_env

PAIRS = 11  # the ratio is the median of 11 pairs run one after the other (the machine's speed drifts)
# The least any letter process of this stack does: Python with SQLAlchemy's ORM and reportlab's layout loaded.
FLOOR = [sys.executable, "-c", "import sqlalchemy.orm, reportlab.platypus"]
PASSWORD = "kim-demo-2026"  # the demo accounts' password (demo data only)

# A one-page letter with what the referral letter says (letterhead, address, course, dates, costs), as HTML.
_LETTER_HTML = """<html><head><meta charset="utf-8"></head><body style="font-family: 'Noto Sans'; font-size: 10pt">
<p>Landkreis Musterland · Integrationsbüro · Am Schlossgraben 1 · 49074 Osnabrück</p>
<p>Frau<br>Amina Al-Sayed<br>Hauptstraße 5<br>49086 Osnabrück</p>
<p style="text-align: right">Osnabrück, 06.12.2026<br>Zeichen: V-5</p>
<h3>Ihr Platz im Integrationskurs</h3>
<p>Sehr geehrte Frau Al-Sayed,</p>
<p>für Sie ist ein Platz im folgenden Integrationskurs reserviert. Bitte melden Sie sich bis zum 14.12.2026
beim Kursträger an; der Platz wird bis zum 14.12.2026 für Sie freigehalten.</p>
<table><tr><td>Kurs</td><td>Allgemeiner Integrationskurs, Einstieg in Modul 1</td></tr>
<tr><td>Kursträger</td><td>Volkshochschule Osnabrück, Bergstraße 8, 49076 Osnabrück, Tel. 0541 323-2243</td></tr>
<tr><td>Kursort</td><td>VHS-Haus, Bergstraße 8, 49076 Osnabrück</td></tr>
<tr><td>Beginn</td><td>11.01.2027, Mo–Fr 08:30–12:45 Uhr, 25 UE pro Woche</td></tr>
<tr><td>Kinderbetreuung</td><td>ja, für Kinder von 12 Monaten bis 6 Jahren</td></tr></table>
<p>Sie sind von den Kosten befreit. Fahrtkosten werden auf Antrag erstattet.</p>
<p>Bei Fragen erreichen Sie uns montags bis freitags von 8 bis 12 Uhr unter 0541 501-0.</p>
<p>Mit freundlichen Grüßen<br>Petra Sommer</p></body></html>
"""


def _data_dir() -> Path:
    """A data folder with the demo county and its demo accounts (made once, kept in BENCH_DIR)."""
    folder = BENCH_DIR / "cli-letter"
    if not (folder / "kim.sqlite").exists() and not any(folder.glob("*.sqlite")):
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "kim_desktop", "--data-dir", str(folder), "demo-data"], check=True,
                       capture_output=True)  # fmt: skip
    return folder


def _seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def run() -> list[BenchResult]:
    """Median of paired ratios: the CLI's letter over LibreOffice's HTML-to-PDF conversion of a like letter."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    folder = _data_dir()
    env = program_env(KIM_PASSWORD=PASSWORD)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = [sys.executable, "-m", "kim_desktop", "--data-dir", str(folder), "--user", "demo.mbe1",
                "letter", "referral", "5", "--out", str(out / "letter.pdf")]  # fmt: skip
        _seconds(ours, env)  # warm the file cache; the letter is then a reprint each time, as printed before
        if soffice is None:
            alone = statistics.median(_seconds(ours, env) for _ in range(PAIRS))
            note = f"peer skipped: no LibreOffice (apt install libreoffice-writer-nogui); CLI alone {alone:.2f} s"
            return [BenchResult("`letter referral` as a whole process vs. headless LibreOffice", 0.6, float("nan"),
                                "x", note)]  # fmt: skip
        html = out / "brief.html"
        html.write_text(_LETTER_HTML, encoding="utf-8")
        profile = out / "lo-profile"
        peer = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                "--outdir", str(out), str(html)]  # fmt: skip
        _seconds(peer, env)  # LibreOffice's first start creates its profile
        _seconds(FLOOR, env)
        runs = [(_seconds(ours, env), _seconds(peer, env), _seconds(FLOOR, env)) for _ in range(PAIRS)]
    ratio = statistics.median(a / b for a, b, _ in runs)
    floor = statistics.median(c / b for _, b, c in runs)
    cli, office = statistics.median(a for a, _, _ in runs), statistics.median(b for _, b, _ in runs)
    return [
        BenchResult(
            "`letter referral` as a whole process vs. headless LibreOffice",
            0.6,
            ratio,
            "x",
            f"median of {PAIRS} pairs: {cli:.2f} s vs {office:.2f} s (LibreOffice converting a like one-page "
            "HTML letter); the CLI signs in (Argon2 verification, about 0.1 s) and records the reprint. "
            f"Floor of the fixed stack: a process that only imports SQLAlchemy's ORM and reportlab's platypus "
            f"takes {floor:.2f} x LibreOffice",
        )
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
