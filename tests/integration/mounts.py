"""Real storage trouble for tests (a tiny tmpfs, a read-only bind mount, no permission override); skipped if denied."""

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# A root process without these capabilities meets file permissions like any other user (the interpreter under
# /root stays readable: root still owns it).
NO_PERMISSION_OVERRIDE = (
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
)


def _mount(*args: str) -> None:
    if sys.platform != "linux":
        pytest.skip("needs Linux mounts (tmpfs, read-only bind mount)")
    try:
        done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=20, check=False)
    except FileNotFoundError:
        pytest.skip("no `mount` command here")
    if done.returncode != 0:
        pytest.skip(f"mounting is not permitted here ({done.stderr.strip() or done.returncode}); needs root")


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=20, check=False)


@contextlib.contextmanager
def small_tmpfs(folder: Path, size: str = "1M") -> Iterator[Path]:
    """A tmpfs of the given size mounted on folder (created), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


def fill_up(folder: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to make room again)."""
    filler = folder / "fueller.bin"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
    return filler


@contextlib.contextmanager
def read_only_mount(folder: Path) -> Iterator[Path]:
    """The folder bind-mounted onto itself read-only: every write fails with EROFS, for root too."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        _unmount(folder)


def without_permission_override(command: list[str]) -> list[str]:
    """The command run as root without the permission override (like a normal user); skip if setpriv refuses."""
    if os.geteuid() != 0:
        return command  # a normal user already meets the folder's permissions
    probe = subprocess.run([*NO_PERMISSION_OVERRIDE, "true"], capture_output=True, text=True, timeout=20, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot drop the permission override here ({probe.stderr.strip() or probe.returncode})")
    return [*NO_PERMISSION_OVERRIDE, *command]
