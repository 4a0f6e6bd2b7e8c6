from kim_desktop.domain.network_share import (
    is_unc_path,
    mount_of,
    network_fs_on_linux,
    network_share_on_windows,
    network_share_warning,
    parse_mounts,
)

MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
//nas/amt /mnt/amt cifs rw,vers=3.0 0 0
nas:/export/kim /home/beratung/KIM\\040Daten nfs4 rw,relatime 0 0
user@host:/data /media/ssh fuse.sshfs rw,nosuid 0 0
/dev/sdb1 /mnt/amt/lokal ext4 rw 0 0
"""


def test_parse_mounts_unescapes_spaces() -> None:
    entries = parse_mounts(MOUNTS)
    assert entries[4].mount_point == "/home/beratung/KIM Daten"
    assert entries[4].fs_type == "nfs4"


def test_local_files_are_not_network_shares() -> None:
    assert network_fs_on_linux("/home/beratung/.local/share/KIM Desktop/kim.sqlite", MOUNTS) is None
    assert network_fs_on_linux("/var/lib/kim.sqlite", MOUNTS) is None


def test_files_on_cifs_nfs_and_sshfs_are_detected() -> None:
    assert network_fs_on_linux("/mnt/amt/kim.sqlite", MOUNTS) == "cifs"
    assert network_fs_on_linux("/home/beratung/KIM Daten/kim.sqlite", MOUNTS) == "nfs4"
    assert network_fs_on_linux("/media/ssh/kim.sqlite", MOUNTS) == "fuse.sshfs"


def test_the_longest_mount_point_wins() -> None:
    assert network_fs_on_linux("/mnt/amt/lokal/kim.sqlite", MOUNTS) is None
    entry = mount_of("/mnt/amt/lokal/kim.sqlite", parse_mounts(MOUNTS))
    assert entry is not None and entry.mount_point == "/mnt/amt/lokal"
    # a sibling with a common name prefix is not inside the mount
    assert network_fs_on_linux("/mnt/amtlich/kim.sqlite", MOUNTS) is None


def test_unc_paths() -> None:
    assert is_unc_path(r"\\server\freigabe\kim.sqlite")
    assert is_unc_path("//server/freigabe/kim.sqlite")
    assert is_unc_path(r"\\?\UNC\server\freigabe\kim.sqlite")
    assert not is_unc_path(r"\\?\C:\Daten\kim.sqlite")
    assert not is_unc_path(r"C:\Daten\kim.sqlite")


def test_mapped_network_drive_via_drive_type() -> None:
    remote = {"K:\\": 4, "C:\\": 3}
    assert network_share_on_windows(r"K:\KIM\kim.sqlite", lambda root: remote[root]) == "Netzlaufwerk"
    assert network_share_on_windows(r"C:\KIM\kim.sqlite", lambda root: remote[root]) is None
    assert network_share_on_windows(r"\\nas\kim\kim.sqlite", None) == "UNC"
    assert network_share_on_windows(r"K:\KIM\kim.sqlite", None) is None  # unknown without GetDriveTypeW


def test_warning_names_the_file_and_the_alternative() -> None:
    text = network_share_warning("/mnt/amt/kim.sqlite", "cifs")
    assert "/mnt/amt/kim.sqlite" in text and "Netzlaufwerk" in text and "PostgreSQL" in text
