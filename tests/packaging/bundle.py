"""Build (or reuse) the PyInstaller bundle in dist/kim-desktop for the packaging tests."""

import contextlib
import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
BUNDLE = DIST / "kim-desktop"
WORK = ROOT / "build" / "pyinstaller"
SPEC = ROOT / "packaging" / "kim-desktop.spec"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
GUI_EXE = BUNDLE / f"kim-desktop{EXE_SUFFIX}"
CLI_EXE = BUNDLE / f"kim-desktop-cli{EXE_SUFFIX}"

# What goes into the bundle: a change to any of these makes the bundle stale. Compiled .mo files are left out
# (they are made from the .po files, which count, and are rewritten on every compile).
SOURCE_DIRS = ("kim_desktop", "resources")
SOURCE_FILES = ("packaging/kim-desktop.spec", "packaging/entry.py", "pyproject.toml")


def newest_source_mtime() -> float:
    """Modification time of the newest file that goes into the bundle."""
    newest = max((ROOT / name).stat().st_mtime for name in SOURCE_FILES)
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".mo", ".pyc") or "__pycache__" in path.parts or not path.is_file():
                continue
            newest = max(newest, path.stat().st_mtime)
    return newest


def bundle_is_current() -> bool:
    """True when dist/kim-desktop exists and is newer than every source."""
    return GUI_EXE.is_file() and CLI_EXE.exists() and GUI_EXE.stat().st_mtime >= newest_source_mtime()


def pyinstaller_requirement() -> str:
    """The PyInstaller pin of the `package` extra in pyproject.toml."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    requirement: str = next(req for req in extras["package"] if req.lower().startswith("pyinstaller"))
    return requirement


def ensure_pyinstaller() -> str | None:
    """Install PyInstaller into this environment if it is missing; returns why the build cannot run, or None."""
    if sys.platform.startswith("linux") and not shutil.which("objdump"):
        return "PyInstaller needs objdump and strip on Linux: apt-get install binutils"
    with contextlib.suppress(ImportError):
        import PyInstaller  # noqa: F401

        return None
    requirement = pyinstaller_requirement()
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"PyInstaller ({requirement}) is not installable here: {result.stderr.strip()[-500:]}"
    return None


@contextlib.contextmanager
def build_lock() -> Iterator[None]:
    """Only one build at a time into dist/ (pytest-xdist workers, a parallel `make package`)."""
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / ".build.lock").open("w") as handle:
        if sys.platform != "win32":
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build_bundle() -> float | None:
    """Build dist/kim-desktop if it is missing or stale; returns the build time in seconds, None when reused."""
    with build_lock():
        if bundle_is_current():
            return None
        started = time.monotonic()
        subprocess.run([sys.executable, "tools/translations.py", "compile"], cwd=ROOT, check=True, capture_output=True)
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--clean",
                "--log-level",
                "WARN",
                "--distpath",
                str(DIST),
                "--workpath",
                str(WORK),
                str(SPEC),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        if result.returncode != 0:
            raise RuntimeError(f"PyInstaller failed ({result.returncode}):\n{result.stderr[-4000:]}")
        return time.monotonic() - started


def bundle_env(**extra: str) -> dict[str, str]:
    """Environment for running the bundle: offscreen Qt, nothing that points into the venv or the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KIM_", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env
