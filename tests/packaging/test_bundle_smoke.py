"""Smoke test of the built PyInstaller bundle: CLI commands, a letter as PDF, the window offscreen, the archive.

Builds dist/kim-desktop first when it is missing or older than the sources (about 30 s here), installing
PyInstaller into the environment if needed. Runs the frozen executables with an environment that has no
PYTHON* variables, so nothing can come from the venv or the checkout.
"""

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop import __version__
from kim_desktop.services.demo_data import DEMO_PASSWORD
from tests.packaging.bundle import BUNDLE, CLI_EXE, GUI_EXE, ROOT, build_bundle, bundle_env, ensure_pyinstaller

pytestmark = pytest.mark.slow

LINUX = sys.platform.startswith("linux")


@pytest.fixture(scope="module")
def bundle() -> Path:
    """The built bundle folder (built here if missing or stale)."""
    reason = ensure_pyinstaller()
    if reason:
        pytest.skip(reason)
    build_bundle()
    return BUNDLE


def run(exe: Path, *args: str, cwd: Path, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a bundle executable from a folder outside the checkout."""
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=bundle_env(**env), capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def demo(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A data folder filled by the bundle's `demo-data` command, and that command's result."""
    data = tmp_path_factory.mktemp("bundle-data")
    return data, run(CLI_EXE, "--data-dir", str(data), "demo-data", cwd=data)


def test_bundle_holds_resources_migrations_and_qt_plugins(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "kim_desktop" / "db" / "migrations" / "env.py").is_file()
    assert (internal / "kim_desktop" / "db" / "migrations" / "script.py.mako").is_file()
    assert list((internal / "kim_desktop" / "db" / "migrations" / "versions").glob("0001_*.py"))
    for name in ("fonts/NotoSans-Regular.ttf", "fonts/OFL.txt", "icons/kim-desktop.svg", "letters/de.toml"):
        assert (internal / "resources" / name).is_file(), name
    assert list((internal / "resources" / "examples").iterdir())
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for folder in ("printsupport", "platforms", "imageformats", "iconengines"):
        assert list((plugins / folder).iterdir()), folder
    assert any("qsvg" in p.name for p in (plugins / "imageformats").iterdir())
    assert list(internal.rglob("*Qt6Pdf.*")) or list(internal.rglob("*Qt6Pdf*.dll"))  # the letter preview
    # Left out to stay small (see the spec's excludes).
    for unwanted in ("tkinter", "pytest", "_pytest", "hypothesis", "mypy", "ruff"):
        assert not (internal / unwanted).exists(), unwanted
    assert not list(internal.rglob("*Qt6Qml*")) and not list(internal.rglob("*Qt6WebEngine*"))


def test_cli_fills_demo_data_and_reports_info(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data, filled = demo
    assert filled.returncode == 0, filled.stderr
    assert "Demodaten angelegt" in filled.stdout
    info = run(CLI_EXE, "--data-dir", str(data), "info", cwd=data)
    assert info.returncode == 0, info.stderr
    assert f"KIM Desktop {__version__}" in info.stdout
    assert "(Schema " in info.stdout
    assert "300 Personen" in info.stdout
    version = run(CLI_EXE, "--version", cwd=data)
    assert version.returncode == 0 and __version__ in version.stdout


def test_cli_writes_a_referral_letter_with_embedded_fonts(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data, _filled = demo
    out = data / "l.pdf"
    letter = run(
        CLI_EXE,
        *("--data-dir", str(data), "--user", "demo.mbe1", "letter", "referral", "1", "--out", str(out)),
        cwd=data,
        KIM_PASSWORD=DEMO_PASSWORD,  # letters carry personal data: the CLI signs in like the window
    )
    assert letter.returncode == 0, letter.stderr
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Landkreis Musterland" in text
    assert "V-1" in text
    fonts = {}
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert any("NotoSans" in name for name in fonts)


def test_window_starts_offscreen_and_quits_cleanly(demo: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    data, _filled = demo
    started = run(GUI_EXE, "--data-dir", str(data), "--quit-after", "1500", cwd=data, timeout=20)
    assert started.returncode == 0, started.stderr
    assert "Traceback" not in started.stderr
    assert "could not load the Qt platform plugin" not in started.stderr.lower()
    log = (data / "logs" / "kim-desktop.log").read_text(encoding="utf-8")
    assert "KIM Desktop stopped" in log


def test_bundle_migrates_and_reads_a_postgres_database(bundle: Path, tmp_path: Path) -> None:
    from tests.conftest import POSTGRES_URL

    name = f"kim_bundle_{tmp_path.name[-12:].replace('-', '_')}".lower()
    try:
        admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    try:
        url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        info = run(CLI_EXE, "--data-dir", str(tmp_path), "--database-url", url, "info", cwd=tmp_path)
        assert info.returncode == 0, info.stderr
        assert "0 Personen" in info.stdout
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.skipif(not LINUX, reason="the .tar.gz with desktop integration is made on Linux only")
def test_linux_archive_unpacks_installs_and_runs_elsewhere(bundle: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "packaging" / "linux"))
    try:
        from make_archive import make_archive, validate
    finally:
        sys.path.remove(str(ROOT / "packaging" / "linux"))
    validate()
    archive = make_archive(bundle, tmp_path / "out", compresslevel=1)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="tar")
    folder = unpacked / "kim-desktop"
    assert (folder / "kim-desktop-cli").is_symlink()
    assert (folder / "share" / "applications" / "de.kim-netzwerk.KimDesktop.desktop").is_file()
    assert (folder / "share" / "icons" / "hicolor" / "256x256" / "apps" / "de.kim-netzwerk.KimDesktop.png").is_file()
    home = tmp_path / "home"
    installed = subprocess.run(
        ["sh", str(folder / "install.sh")],
        env=bundle_env(HOME=str(home), XDG_DATA_HOME=""),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    shutil.rmtree(unpacked)  # the installed copy must not depend on the unpacked folder
    version = run(home / ".local" / "bin" / "kim-desktop-cli", "--version", cwd=tmp_path)
    assert version.returncode == 0, version.stderr
    assert __version__ in version.stdout
    desktop = (home / ".local" / "share" / "applications" / "de.kim-netzwerk.KimDesktop.desktop").read_text()
    assert f"Exec={home}/.local/lib/kim-desktop/kim-desktop" in desktop
    # Portable mode: a marker file next to the program puts the data into KIM-Daten/ there (also via the link).
    program = home / ".local" / "lib" / "kim-desktop"
    (program / "kim-portable.txt").write_text("", encoding="utf-8")
    info = run(home / ".local" / "bin" / "kim-desktop-cli", "info", cwd=tmp_path)
    assert info.returncode == 0, info.stderr
    assert (program / "KIM-Daten" / "kim.sqlite").is_file()
    assert not (home / ".local" / "share" / "KIM Desktop").exists()
