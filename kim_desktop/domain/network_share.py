"""Whether a database file lies on a network share (NFS, SMB/CIFS, SSHFS): SQLite is not safe there."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from kim_desktop.domain.text import N_, Text

NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "fuse.sshfs", "sshfs", "9p", "afs", "ncpfs", "fuse.smbnetfs"}
)
# GetDriveTypeW's answer for a network drive.
DRIVE_REMOTE = 4


@dataclass(frozen=True)
class MountEntry:
    """One line of /proc/mounts: where a file system is mounted and its type."""

    mount_point: str
    fs_type: str
    source: str


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as three-digit octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mounts(text: str) -> list[MountEntry]:
    """The entries of a /proc/mounts (or /etc/mtab) text."""
    entries = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            entries.append(MountEntry(_unescape(parts[1]), parts[2], _unescape(parts[0])))
    return entries


def is_network_fs_type(fs_type: str) -> bool:
    """Whether a file system type names a network file system."""
    lowered = fs_type.lower()
    return lowered in NETWORK_FILESYSTEMS or lowered.startswith(("nfs", "smb", "cifs"))


def mount_of(path: str, mounts: list[MountEntry]) -> MountEntry | None:
    """The mount a path lives on: the longest mount point that contains it (later mounts win on equal length)."""
    target = PurePosixPath(path)
    best: MountEntry | None = None
    for entry in mounts:
        point = PurePosixPath(entry.mount_point)
        if (target == point or point in target.parents) and (
            best is None or len(point.parts) >= len(PurePosixPath(best.mount_point).parts)
        ):
            best = entry
    return best


def network_fs_on_linux(path: str, mounts_text: str) -> str | None:
    """The network file system type an absolute path lies on, from a /proc/mounts text, or None."""
    entry = mount_of(path, parse_mounts(mounts_text))
    if entry is not None and is_network_fs_type(entry.fs_type):
        return entry.fs_type
    return None


def is_unc_path(path: str) -> bool:
    r"""Whether a Windows path is a UNC path (\\server\share\...), not a local device path (\\?\C:\...)."""
    normalized = path.replace("/", "\\")
    if normalized.startswith(("\\\\?\\UNC\\", "\\\\.\\UNC\\")):
        return True
    return normalized.startswith("\\\\") and not normalized.startswith(("\\\\?\\", "\\\\.\\"))


def network_share_on_windows(path: str, drive_type: Callable[[str], int] | None) -> str | None:
    """'UNC' or 'Netzlaufwerk' if a Windows path is on a share; drive_type is GetDriveTypeW (or None if unknown)."""
    if is_unc_path(path):
        return "UNC"
    drive = PureWindowsPath(path).drive
    if drive_type is not None and len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:
        return Text(N_("Netzlaufwerk"))
    return None


def network_share_warning(path: str, kind: str) -> Text:
    """The warning shown when the SQLite database lies on a network share of the given kind (German, translatable)."""
    return Text(
        N_(
            "Die Datenbank {path} liegt auf einem Netzlaufwerk ({kind}). SQLite-Dateien können dort beschädigt "
            "werden, wenn mehrere Arbeitsplätze gleichzeitig schreiben oder die Verbindung abreißt. Legen Sie die "
            "Datenbank auf die lokale Festplatte oder richten Sie für mehrere Arbeitsplätze einen PostgreSQL-Server "
            "ein (siehe Handbuch „Datensicherheit“)."
        ),
        path=path,
        kind=kind,
    )
