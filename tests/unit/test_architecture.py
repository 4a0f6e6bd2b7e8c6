"""The layer contract of ../shared/architecture.md holds (import-linter), and modules stay documented."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kim_desktop"


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("lint-imports (import-linter) is not installed in the test environment")
    result = subprocess.run(
        [lint_imports], cwd=PACKAGE.parent, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_ui_and_app_import_pyside6() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in ("ui",) or relative.name == "app.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "PySide6" for n in names):
                offenders.append(str(relative))
    assert offenders == []


def test_every_module_starts_with_a_docstring() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "versions" not in p.parts and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert missing == []


def test_mypy_is_strict_for_the_whole_package() -> None:
    import tomllib

    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config.get("strict") is True
    assert [o["module"] for o in config.get("overrides", []) if o.get("strict") is False] == []


def _calls(tree: ast.AST, names: set[str]) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in names:
                found.append(name)
    return found


def test_one_table_writer_serves_every_export() -> None:
    # Only exchange/spreadsheets.py writes CSV or XLSX, so its formula guard reaches every export. The GTFS writer
    # makes a timetable for machines (the demo county's feed, test feeds): comma-separated as GTFS demands,
    # never opened in a spreadsheet by a person.
    writers = {"writer", "DictWriter", "Workbook"}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ("exchange/spreadsheets.py", "exchange/gtfs_writer.py"):
            continue
        if found := _calls(ast.parse(path.read_text(encoding="utf-8")), writers):
            offenders.append(f"{relative}: {', '.join(found)}")
    assert offenders == []
