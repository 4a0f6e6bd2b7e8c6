"""The packaging files without a build: desktop entry, AppStream metainfo, icons, Windows version resource."""

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from kim_desktop import APP_ID, APP_NAME, __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_is_valid() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_names_the_program_and_icon() -> None:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert f"Name={APP_NAME}" in lines
    assert f"Icon={APP_ID}" in lines
    assert "Exec=kim-desktop" in lines


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_metainfo_is_valid() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_matches_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    newest = root.find("releases/release")
    assert newest is not None and newest.get("version") == __version__, "add a <release> for the new version"


def test_icons_are_rendered_in_every_size() -> None:
    app_icons = ROOT / "resources" / "icons" / "app"
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(app_icons / f"kim-desktop-{size}.png") as png:
            assert png.size == (size, size)
    with Image.open(app_icons / "kim-desktop.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])


def test_windows_version_file_is_well_formed(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "packaging" / "windows"))
    try:
        from version_info import version_numbers, write_version_info
    finally:
        sys.path.remove(str(ROOT / "packaging" / "windows"))
    assert version_numbers("1.2.3") == (1, 2, 3, 0)
    assert version_numbers("0.4.0rc2") == (0, 4, 0, 0)  # a pre-release must not sort above the release
    text = write_version_info(tmp_path / "version_info.txt").read_text(encoding="utf-8")

    # PyInstaller evaluates this file with its version-info classes (which need Windows' pefile); record the calls.
    def record(kind: str) -> Callable[..., tuple[str, tuple[Any, ...], dict[str, Any]]]:
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo")
    namespace = {name: record(name) for name in (*names, "VarStruct")}
    kind, _args, parts = eval(compile(text, "version_info.txt", "eval"), namespace)  # our own generated file
    assert kind == "VSVersionInfo"
    assert parts["ffi"][2]["filevers"] == version_numbers(__version__)
    strings = {s[1][0]: s[1][1] for s in parts["kids"][0][1][0][0][1][1]}
    assert strings["ProductVersion"] == __version__
    assert strings["ProductName"] == APP_NAME
    assert strings["OriginalFilename"] == "kim-desktop.exe"
