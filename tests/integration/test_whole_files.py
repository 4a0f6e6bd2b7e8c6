"""Letters, lists and exports onto a full disk: a message naming the file, and no half-written file left behind."""

import errno
from pathlib import Path

import pytest

from kim_desktop.cli import main
from kim_desktop.cli.errors import EXIT_OK, EXIT_USAGE
from kim_desktop.services.demo_data import DEMO_PASSWORD
from kim_desktop.whole_files import write_whole
from tests.integration.mounts import fill_up, small_tmpfs


def test_a_full_disk_leaves_neither_a_partial_file_nor_a_truncated_one(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "stick", "64k") as stick:
        target = stick / "brief.pdf"
        with pytest.raises(OSError) as raised:
            write_whole(target, b"%PDF" + b"x" * 200_000)
        left = sorted(path.name for path in stick.iterdir())
    assert raised.value.errno in (errno.ENOSPC, errno.EFBIG)
    assert raised.value.filename == str(target)  # the file is named, not the hidden partial one
    assert left == []


def test_a_full_disk_keeps_the_older_file_whole(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "stick", "64k") as stick:
        target = stick / "liste.csv"
        target.write_text("Name;Kurs\nAlt;1\n", encoding="utf-8")
        with pytest.raises(OSError):
            write_whole(target, b"Name;Kurs\n" * 20_000)
        kept = target.read_text(encoding="utf-8")
        left = sorted(path.name for path in stick.iterdir())
    assert kept == "Name;Kurs\nAlt;1\n"
    assert left == ["liste.csv"]


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "brief.pdf"
    target.write_bytes(b"old")
    write_whole(target, b"new letter")
    assert target.read_bytes() == b"new letter"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["brief.pdf"]


@pytest.mark.parametrize("name", ["frei.csv", "frei.xlsx", "frei.pdf"])
def test_the_cli_export_onto_a_full_stick_names_the_file_and_leaves_nothing(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIM_PASSWORD", DEMO_PASSWORD)
    data = tmp_path / "daten"
    assert main(["--data-dir", str(data), "demo-data"]) == EXIT_OK  # courses with free seats to export
    capsys.readouterr()
    with small_tmpfs(tmp_path / "stick", "1M") as stick:
        fill_up(stick)
        out = stick / name
        code = main(["--data-dir", str(data), "--user", "demo.admin", "courses", "export", "--free-seats", str(out)])
        err = capsys.readouterr().err
        left = sorted(path.name for path in stick.iterdir())
    assert code == EXIT_USAGE
    assert f"Der Datenträger mit „{out}“ ist voll." in err
    assert "Traceback" not in err
    assert left == ["fueller.bin"]


def test_a_file_error_in_the_window_reads_as_a_german_sentence_naming_the_file(tmp_path: Path) -> None:
    from kim_desktop.i18n import error_text

    target = tmp_path / "liste.pdf"
    full = OSError(errno.ENOSPC, "No space left on device", str(target))
    assert error_text(full).startswith(f"Der Datenträger mit „{target}“ ist voll.")
    assert "Errno" not in error_text(full)
    assert error_text(OSError(errno.EROFS, "Read-only file system", str(target))) == (
        f"„{target}“ liegt auf einem schreibgeschützten Datenträger; dort kann nichts gespeichert werden."
    )


def test_a_pipe_is_written_to_and_stays_a_pipe(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    pipe = tmp_path / "drucker"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    write_whole(pipe, b"%PDF-1.4 letter")
    reader.join(timeout=10)
    assert received == [b"%PDF-1.4 letter"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # not replaced by a regular file


def test_writers_of_the_same_file_at_once_leave_one_of_them_whole(tmp_path: Path) -> None:
    import threading

    target = tmp_path / "liste.csv"
    contents = [bytes([ord("a") + n]) * 2_000_000 for n in range(8)]
    threads = [threading.Thread(target=write_whole, args=(target, data)) for data in contents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in contents  # one writer's whole file, never a mix or a cut
    assert sorted(path.name for path in tmp_path.iterdir()) == ["liste.csv"]
