"""Gettext catalogs: extract the UI strings to a .pot template, update .po files, compile .mo files."""

import argparse
import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
DOMAIN = "kim_desktop"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    """Collect every _()/N_()/ngettext() string of the package into a template catalog."""
    catalog = Catalog(project="KIM Desktop", charset="utf-8")
    for filename, lineno, message, _comments, context in extract_from_dir(
        ROOT / "kim_desktop", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(f"kim_desktop/{filename}", lineno)], context=context)
    return catalog


def write_template(catalog: Catalog) -> Path:
    """Write resources/locale/kim_desktop.pot."""
    LOCALE.mkdir(parents=True, exist_ok=True)
    path = LOCALE / f"{DOMAIN}.pot"
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True)
    return path


def update(template: Catalog) -> list[Path]:
    """Merge the template into each language's .po (new strings empty, vanished ones marked obsolete)."""
    updated = []
    for po_path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template, no_fuzzy_matching=True)
        with po_path.open("wb") as handle:
            write_po(handle, catalog, sort_output=True)
        updated.append(po_path)
    return updated


def compile_all() -> list[Path]:
    """Compile every .po file to the .mo that gettext loads at run time."""
    written = []
    for po_path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        mo_path = po_path.with_suffix(".mo")
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        partial.replace(mo_path)  # atomic: a program (or test) reading the .mo never sees half a file
        written.append(mo_path)
    return written


def main() -> None:
    """Command line: extract (template + update .po) or compile."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["extract", "compile"])
    args = parser.parse_args()
    if args.action == "extract":
        template = extract()
        print(f"{len(template)} strings -> {write_template(template)}")
        for path in update(template):
            print(f"updated {path}")
    else:
        for path in compile_all():
            print(f"compiled {path}")


if __name__ == "__main__":
    main()
