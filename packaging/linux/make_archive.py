"""Pack the built Linux bundle into dist/kim-desktop-<version>-linux-x86_64.tar.gz with desktop integration.

The archive holds one folder `kim-desktop/`: the PyInstaller bundle (kim-desktop, kim-desktop-cli, _internal/),
`install.sh`, and `share/` with the .desktop file, the AppStream metainfo and the icons in the hicolor layout.
The .desktop file and the metainfo are validated first with desktop-file-validate and appstreamcli when those
tools are installed (Debian: desktop-file-utils, appstream); a validation error stops the packing.
"""

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kim_desktop import APP_ID, __version__  # noqa: E402 - needs the path above

LINUX = ROOT / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "resources" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def validators() -> list[list[str]]:
    """The validation commands that can run here (a tool that is not installed is left out)."""
    commands = []
    if shutil.which("desktop-file-validate"):
        commands.append(["desktop-file-validate", str(DESKTOP_FILE)])
    if shutil.which("appstreamcli"):
        commands.append(["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)])
    return commands


def validate() -> list[str]:
    """Run the validators; returns the names of the tools that ran. Raises SystemExit on a failed check."""
    ran = []
    for command in validators():
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        ran.append(command[0])
    return ran


def archive_name(version: str = __version__) -> str:
    """File name of the archive for this machine's architecture."""
    return f"kim-desktop-{version}-linux-{platform.machine()}.tar.gz"


def share_files() -> list[tuple[Path, str]]:
    """(source, path inside share/) of the desktop integration files."""
    files = [
        (DESKTOP_FILE, f"applications/{APP_ID}.desktop"),
        (METAINFO_FILE, f"metainfo/{APP_ID}.metainfo.xml"),
        (ICONS / "kim-desktop.svg", f"icons/hicolor/scalable/apps/{APP_ID}.svg"),
    ]
    for size in ICON_SIZES:
        png = ICONS / "app" / f"kim-desktop-{size}.png"
        if not png.is_file():
            raise SystemExit(f"{png} is missing: run `python tools/render_icons.py`")
        files.append((png, f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"))
    return files


def make_archive(bundle: Path, out_dir: Path, compresslevel: int = 6) -> Path:
    """Write the .tar.gz (symbolic links inside the bundle stay links) and return its path."""
    if not (bundle / "kim-desktop").is_file():
        raise SystemExit(f"no bundle in {bundle}: build it first (pyinstaller packaging/kim-desktop.spec)")
    target = out_dir / archive_name()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz", compresslevel=compresslevel) as tar:
        tar.add(bundle, arcname="kim-desktop")
        tar.add(LINUX / "install.sh", arcname="kim-desktop/install.sh")
        for source, inside in share_files():
            tar.add(source, arcname=f"kim-desktop/share/{inside}")
    return target


def main() -> int:
    """Command line: validate, then pack dist/kim-desktop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "kim-desktop")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    ran = validate()
    print(f"validated with: {', '.join(ran) or 'nothing (desktop-file-utils and appstream not installed)'}")
    target = make_archive(args.bundle, args.out)
    print(f"{target} ({target.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
