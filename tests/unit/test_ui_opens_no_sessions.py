"""ui/ opens no database session itself: the operations layer opens it on the worker (issue 16)."""

import ast
from pathlib import Path

import kim_desktop.ui

UI = Path(kim_desktop.ui.__file__).parent

# The one module that opens sessions, on the worker thread, for the work an operation was handed.
OPENER = "operations.py"

# Modules that still open sessions themselves. Shrink, never grow. The sign-in and first-start dialogs show before
# the data layer is imported (ui/start_up.py); their work already runs on the worker, behind the gate that waits
# for the database.
NOT_YET_CONVERTED = {
    "dialogs/sign_in_dialog.py",
    "dialogs/first_admin_dialog.py",
}


def session_calls(path: Path) -> list[int]:
    """Lines where the module calls something.sessions(...) (the session factory of the open database)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "sessions"
    ]


def test_no_ui_module_opens_a_session() -> None:
    found = {
        f"{name}:{line}"
        for path in UI.rglob("*.py")
        if (name := path.relative_to(UI).as_posix()) not in NOT_YET_CONVERTED | {OPENER}
        for line in session_calls(path)
    }
    assert found == set(), "open sessions through kim_desktop.ui.operations (run_operation / in_session)"


def test_the_allow_list_names_only_modules_that_still_open_sessions() -> None:
    """A converted module leaves the list (so it cannot slip back)."""
    assert {name for name in NOT_YET_CONVERTED if not session_calls(UI / name)} == set()
