"""Every visible UI string is wrapped for translation, and the English catalog translates every one of them."""

import ast
import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kim_desktop.i18n import _, install_language, ngettext

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "kim_desktop"
ENGLISH_PO = ROOT / "resources" / "locale" / "en" / "LC_MESSAGES" / "kim_desktop.po"

# Qt methods whose arguments are shown to the user.
TEXT_METHODS = {
    "addAction", "addItem", "addItems", "addMenu", "addRow", "addTab", "insertItem", "insertTab",
    "setAccessibleDescription", "setAccessibleName", "setButtonText", "setCancelButtonText", "setDetailedText",
    "setHeaderLabel", "setHeaderLabels", "setHorizontalHeaderLabels", "setHtml", "setInformativeText",
    "setItemText", "setLabelText", "setPlaceholderText", "setPlainText", "setPrefix", "setSpecialValueText",
    "setStatusTip", "setSuffix", "setTabText", "setTabToolTip", "setText", "setTitle", "setToolTip",
    "setVerticalHeaderLabels", "setWhatsThis", "setWindowTitle", "showMessage",
}  # fmt: skip
# QMessageBox / QFileDialog / QInputDialog statics (a logger's warning() is no dialog).
STATIC_DIALOGS = {
    "about", "critical", "information", "question", "warning",
    "getExistingDirectory", "getItem", "getOpenFileName", "getSaveFileName", "getText",
}  # fmt: skip
# Qt classes whose constructor takes a visible text.
TEXT_CONSTRUCTORS = {
    "QAction", "QCheckBox", "QCommandLinkButton", "QGroupBox", "QLabel", "QListWidgetItem", "QMenu",
    "QMessageBox", "QPushButton", "QRadioButton", "QTableWidgetItem", "QToolButton", "QTreeWidgetItem",
}  # fmt: skip
WRAPPERS = {"_", "N_", "ngettext"}
# From this positional argument on, addItem()/insertItem() take item data, not text (one later after an icon).
DATA_FROM = {"addItem": 1, "insertItem": 2}
# Literals that reach a text API on purpose untranslated: (file relative to kim_desktop/, literal).
ALLOWED = {
    ("ui/dialogs/about_dialog.py", "<h2>{APP_NAME}</h2><table cellspacing='6'>{table}</table>"),
    ("ui/pages/settings_office_tab.py", "Deutsch"),  # a language is named in its own language
    ("ui/pages/settings_office_tab.py", "English"),
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([A-Za-z_]+\))?[sdifr]")
FORMAT_SPEC = re.compile(r"\{([^{}:!]*)[:!][^{}]*\}")  # a translation may change a date's format spec


def _placeholders(text: str) -> set[str]:
    """The named/positional parameters of a message, without format specs ({day:%d.%m.%Y} -> {day})."""
    return set(PLACEHOLDER.findall(FORMAT_SPEC.sub(r"{\1}", text)))


def _load_tools() -> ModuleType:
    """tools/translations.py, imported from the repository (tools/ is no package)."""
    spec = importlib.util.spec_from_file_location("kim_translations_tool", ROOT / "tools" / "translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _literal_text(node: ast.expr) -> str:
    """The fixed text of a string literal or f-string (placeholders dropped)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    return ""


def _looks_like_text(literal: str) -> bool:
    """True when a literal, without markup and placeholders, has a word in it."""
    bare = re.sub(r"<[^>]*>|&[a-z]+;|\{[^{}]*\}", " ", literal)
    return re.search(r"[A-Za-zÄÖÜäöüß]{2,}", bare) is not None


def _unwrapped_literals(node: ast.AST) -> Iterator[ast.expr]:
    """String literals an argument expression shows: not inside _()/N_()/ngettext(), comparisons or keys."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node
    elif isinstance(node, ast.JoinedStr):
        yield node
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                yield from _unwrapped_literals(part.value)
    elif isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join"):  # "…".format(…), ", ".join(…)
            for child in [func.value, *node.args, *(keyword.value for keyword in node.keywords)]:
                yield from _unwrapped_literals(child)
    elif isinstance(node, ast.IfExp):
        yield from _unwrapped_literals(node.body)
        yield from _unwrapped_literals(node.orelse)
    elif isinstance(node, ast.Subscript):
        yield from _unwrapped_literals(node.value)
    elif isinstance(node, (ast.BinOp, ast.List, ast.Tuple, ast.Set, ast.Starred)):
        for child in ast.iter_child_nodes(node):
            yield from _unwrapped_literals(child)


def _is_text_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in STATIC_DIALOGS:
        return isinstance(func.value, ast.Name) and func.value.id in ("QMessageBox", "QFileDialog", "QInputDialog")
    if isinstance(func, ast.Attribute):
        return func.attr in TEXT_METHODS or func.attr in TEXT_CONSTRUCTORS
    return isinstance(func, ast.Name) and func.id in TEXT_CONSTRUCTORS


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    if name not in DATA_FROM:
        return list(call.args)
    first = call.args[0] if call.args else None
    icon = isinstance(first, ast.Call) and isinstance(first.func, ast.Name) and first.func.id == "QIcon"
    return call.args[: DATA_FROM[name] + (1 if icon else 0)]


def unwrapped_ui_strings(files: list[Path], package: Path = PACKAGE) -> list[str]:
    """file:line: literal for every text literal passed to a Qt text API without _()."""
    found = []
    for path in files:
        relative = path.relative_to(package).as_posix()
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(call, ast.Call) or not _is_text_call(call):
                continue
            for argument in [*_text_arguments(call), *(keyword.value for keyword in call.keywords)]:
                for literal in _unwrapped_literals(argument):
                    text = ast.unparse(literal) if isinstance(literal, ast.JoinedStr) else _literal_text(literal)
                    if _looks_like_text(_literal_text(literal)) and (relative, _literal_text(literal)) not in ALLOWED:
                        found.append(f"kim_desktop/{relative}:{literal.lineno}: {text!r}")
    return found


def ui_files() -> list[Path]:
    return [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "app.py"]


def test_every_visible_ui_string_is_wrapped_for_translation() -> None:
    found = unwrapped_ui_strings(ui_files())
    assert not found, "strings shown by Qt without _():\n" + "\n".join(found)


def test_the_scan_finds_unwrapped_labels_and_f_strings(tmp_path: Path) -> None:
    sample = tmp_path / "kim_desktop" / "ui" / "_scan_sample.py"
    sample.parent.mkdir(parents=True)
    source = (
        "def build(w, name):\n"
        "    w.setWindowTitle('Personen')\n"
        "    QLabel(f'Hallo {name}')\n"
        "    w.setText(_('Gut'))\n"
        "    w.setToolTip(_('Hallo {n}').format(n=name))\n"
        "    w.setObjectName('notShown')\n"
        "    box.addItem(_('Alle'), 'all')\n"
        "    box.addItem('Keine', None)\n"
        "    w.setText(_('Ja') if flag == 'yes' else 'Nein')\n"
    )
    sample.write_text(source, encoding="utf-8")
    found = unwrapped_ui_strings([sample], tmp_path / "kim_desktop")
    assert found == [
        "kim_desktop/ui/_scan_sample.py:2: 'Personen'",
        "kim_desktop/ui/_scan_sample.py:3: \"f'Hallo {name}'\"",
        "kim_desktop/ui/_scan_sample.py:8: 'Keine'",
        "kim_desktop/ui/_scan_sample.py:9: 'Nein'",
    ]


@pytest.fixture(scope="module")
def tools() -> ModuleType:
    return _load_tools()


@pytest.fixture(scope="module")
def template(tools: ModuleType) -> Catalog:
    """The template as extracted from the code right now (not the .pot on disk, which may be stale)."""
    catalog: Catalog = tools.extract()
    return catalog


@pytest.fixture(scope="module")
def english() -> Catalog:
    with ENGLISH_PO.open("rb") as handle:
        return read_po(handle)


def _strings(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return [""]
    return [value] if isinstance(value, str) else list(value)


def test_every_msgid_has_an_english_translation(template: Catalog, english: Catalog) -> None:
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = english.get(message.id, context=message.context)
        strings = _strings(translated.string if translated else None)
        if translated is None or translated.fuzzy or not all(s.strip() for s in strings):
            missing.append(repr(message.id))
    assert not missing, f"{len(missing)} strings without English translation:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders(template: Catalog, english: Catalog) -> None:
    wrong = []
    for message in template:
        if not message.id:
            continue
        translated = english.get(message.id, context=message.context)
        if translated is None:
            continue
        ids = _strings(message.id)
        expected = _placeholders(ids[-1]) | _placeholders(ids[0])
        for string in _strings(translated.string):
            if string and _placeholders(string) != expected:
                wrong.append(f"{ids[0]!r} -> {string!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_placeholder_pattern_sees_braces_and_percent_forms() -> None:
    found = PLACEHOLDER.findall("{n} Treffer, %s und %(name)s, 50 % mehr")
    assert found == ["{n}", "%s", "%(name)s"]
    assert _placeholders("am {day:%d.%m.%Y}") == _placeholders("on {day:%d/%m/%Y}") == {"{day}"}


@pytest.fixture
def compiled(tools: ModuleType) -> Iterator[None]:
    tools.compile_all()
    yield
    install_language("de")


@pytest.mark.usefixtures("compiled")
def test_the_compiled_catalog_switches_the_ui_to_english() -> None:
    install_language("en")
    assert _("Personen") == "People"
    assert ngettext("{n} Kurs passt", "{n} Kurse passen", 2).format(n=2) == "2 courses fit"
    install_language("de")
    assert _("Personen") == "Personen"


def _calls_outside_functions(tree: ast.AST) -> list[int]:
    """Lines where _()/ngettext()/translate_text() run at import time (module or class body)."""
    lines: list[int] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if (
                not in_function
                and isinstance(child, ast.Call)
                and isinstance(child.func, ast.Name)
                and child.func.id in {"_", "ngettext", "translate_text"}
            ):
                lines.append(child.lineno)
            walk(child, inside)

    walk(tree, False)
    return lines


def test_nothing_is_translated_at_import_time() -> None:
    """A string translated while a module is imported stays in the language of that moment: use N_() there."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "kim_desktop").rglob("*.py"))
        for line in _calls_outside_functions(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "translated at import time (use N_ and translate when shown):\n" + "\n".join(found)
