"""Start the real app N times: sign in as a person would, visit pages, quit; report exit codes, crashes and hangs.

Each run is a fresh process (`python -X faulthandler tools/start_stress.py --child ...`) on a fresh copy of a demo
data folder, offscreen or under xvfb-run. The child runs `kim_desktop.app.main()` unchanged; an application-wide
event filter plays the person: it types name and password into the sign-in dialog after a random pause (sometimes
before the database is open), clicks "Anmelden", switches through a few pages, grabs the window (as a screenshot
script does) and closes it, sometimes while page loads are still running in the worker. A crash prints the
Python stacks of all threads (faulthandler); a hang is dumped and ended after --hang-seconds.

    PYTHONPATH=$PWD .venv/bin/python tools/start_stress.py --runs 30
    PYTHONPATH=$PWD .venv/bin/python tools/start_stress.py --runs 30 --xvfb --keep /tmp/stress
"""

import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER, PASSWORD = "demo.admin", "kim-demo-2026"
MARK = "KIM-STRESS"
EXIT_NO_WINDOW = 90  # the child ended without having seen the main window after signing in


def child(data_dir: Path, seed: int, hang_seconds: int) -> int:
    """One start: the app's own main() with a simulated person at the keyboard; main()'s exit code."""
    import faulthandler

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

    faulthandler.dump_traceback_later(hang_seconds, exit=True)  # a hang: every thread's stack, then exit 1
    rng = random.Random(seed)

    class Person(QObject):
        """Reacts to the first sign-in dialog and the main window being shown."""

        def __init__(self) -> None:
            super().__init__()
            self.dialog: QWidget | None = None
            self.window: QWidget | None = None
            self.visited: list[str] = []

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
                name = type(watched).__name__
                if name == "SignInDialog" and self.dialog is None:
                    self.dialog = watched
                    # 0 ms: before the database is open (the sign-in waits); 3 s: modules preloaded meanwhile
                    QTimer.singleShot(rng.choice([0, 50, 300, 1000, 3000]), self.sign_in)
                elif name == "MainWindow" and self.window is None:
                    self.window = watched
                    QTimer.singleShot(rng.randrange(0, 300), self.visit)
            return False

        def sign_in(self) -> None:
            dialog = self.dialog
            assert dialog is not None
            dialog.username.setText(USER)  # type: ignore[attr-defined]
            dialog.password.setText(PASSWORD)  # type: ignore[attr-defined]
            buttons: QDialogButtonBox = dialog.buttons  # type: ignore[attr-defined]
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.click()
            print(MARK, "signed in", flush=True)

        def visit(self) -> None:
            from kim_desktop.i18n import _
            from kim_desktop.ui.pages.registry import PAGES

            window = self.window
            assert window is not None
            keys = [spec.key for spec in PAGES if window.may_open(spec.key)]  # type: ignore[attr-defined]
            tour = rng.sample(keys, k=min(len(keys), rng.randrange(2, 6)))

            def step(index: int = 0) -> None:
                if index < len(tour):
                    window.show_page(tour[index])  # type: ignore[attr-defined]
                    self.visited.append(tour[index])
                    QTimer.singleShot(rng.randrange(0, 600), lambda: step(index + 1))
                    return
                window.grab()  # what a screenshot script does
                how = rng.choice(["close", "Beenden", "quit"])
                print(MARK, "visited", ",".join(self.visited), "then", how, flush=True)
                # often while the last page is still loading in the worker
                if how == "close":  # the window's close button
                    window.close()
                elif how == "Beenden":  # Datei → Beenden (Ctrl+Q where the platform knows that shortcut)
                    quit_action = next(a for a in window.findChildren(QAction) if a.text() == _("&Beenden"))
                    quit_action.trigger()
                else:  # the application is told to end (a script, the session ending) without closing the window
                    QApplication.quit()

            step()

    app = QApplication(sys.argv[:1])
    person = Person()
    app.installEventFilter(person)
    from kim_desktop.app import main

    code = main(["--data-dir", str(data_dir)])
    app.removeEventFilter(person)
    if person.window is None:
        print(MARK, "no main window", flush=True)
        return code or EXIT_NO_WINDOW
    print(MARK, "exit", code, flush=True)
    return code


def child_env() -> dict[str, str]:
    """The environment for children: this checkout's code first on their path."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def make_demo(template: Path) -> None:
    """A data folder with the demo county and the demo accounts' password."""
    env = {**child_env(), "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "kim_desktop", "--data-dir", str(template), "demo-data"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)


def one_run(template: Path, work: Path, index: int, seed: int, args: argparse.Namespace) -> tuple[int, float, str]:
    """Start one child on a fresh copy of the template; its exit code, seconds and combined output."""
    data = work / f"run-{index:03d}"
    shutil.rmtree(data, ignore_errors=True)  # left from an earlier call with the same --keep folder
    shutil.copytree(template, data)
    cmd = [sys.executable, "-X", "faulthandler", str(Path(__file__).resolve()), "--child", str(data)]
    cmd += ["--seed", str(seed), "--hang-seconds", str(args.hang_seconds)]
    env = child_env()
    if args.xvfb:
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *cmd]
        env.pop("QT_QPA_PLATFORM", None)
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    started = time.monotonic()
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.hang_seconds + 30)
        code, output = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as exc:  # faulthandler did not end it: hung hard
        code, output = -999, f"{exc.stdout or ''}{exc.stderr or ''}\n(killed after {exc.timeout} s)"
    seconds = time.monotonic() - started
    log = data / "logs" / "kim-desktop.log"
    errors = (
        [line for line in log.read_text(encoding="utf-8").splitlines() if " ERROR " in line] if log.exists() else []
    )
    output = f"{output}\n{MARK} log errors: {len(errors)}\n" + "\n".join(errors)
    (data / "output.txt").write_text(str(output), encoding="utf-8")
    if code == 0 and not args.keep_all:
        shutil.rmtree(data)
    return code, seconds, str(output)


def main() -> int:
    """Run the starts and print a summary; exit 0 only if every run exited 0 after reaching the main window."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--xvfb", action="store_true", help="run under xvfb-run instead of QT_QPA_PLATFORM=offscreen")
    parser.add_argument("--keep", type=Path, help="folder for the runs' data and output (default: a temporary one)")
    parser.add_argument("--keep-all", action="store_true", help="keep the data of successful runs too")
    parser.add_argument("--seed", type=int, default=None, help="first run's seed (default: random)")
    parser.add_argument("--hang-seconds", type=int, default=60, help="a run taking longer counts as hung")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child, args.seed or 0, args.hang_seconds)

    work = args.keep or Path(tempfile.mkdtemp(prefix="kim-stress-"))
    work.mkdir(parents=True, exist_ok=True)
    template = work / "template"
    if not template.exists():
        make_demo(template)
    first_seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    codes: collections.Counter[int] = collections.Counter()
    failed: list[int] = []
    for index in range(args.runs):
        seed = first_seed + index
        code, seconds, output = one_run(template, work, index, seed, args)
        reached = f"{MARK} exit" in output and f"{MARK} log errors: 0" in output
        codes[code] += 1
        verdict = "ok" if code == 0 and reached else "FAILED"
        how = next((line.split(" then ")[-1] for line in output.splitlines() if " then " in line), "-")
        print(f"run {index:3d} seed {seed}: exit {code} in {seconds:.1f} s, quit by {how}: {verdict}", flush=True)
        if verdict != "ok":
            failed.append(index)
            print("\n".join(output.splitlines()[-60:]), flush=True)
    print("exit codes:", dict(sorted(codes.items())), f"failed runs: {failed or 'none'}", f"output in {work}")
    if args.keep is None and not failed:
        shutil.rmtree(work)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
