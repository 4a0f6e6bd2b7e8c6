"""Reads the person form over AT-SPI as Orca would (Debian's python3 with pyatspi), prints what it finds.

Argument: a file to create once it listens for announcements (app_under_test.py then fails a save).
Prints one line per focusable control: role, name, labelled-by, description; then the announcements heard.
"""

import sys
from pathlib import Path

import pyatspi
from gi.repository import GLib

APP_NAME = "kim-atspi-check"


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for _ in range(50):
        for app in desktop:
            if app is not None and app.name == APP_NAME:
                return app
        GLib.usleep(200_000)
    raise SystemExit(f"no application {APP_NAME!r} on the accessibility bus")


def walk(node, depth=0):
    yield node
    if depth > 30:
        return
    for child in node:
        if child is not None:
            yield from walk(child, depth + 1)


def labels_of(node):
    names = []
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for index in range(relation.getNTargets()):
                names.append(relation.getTarget(index).name)
    return names


def main() -> int:
    app = find_app()
    fields = 0
    linked = 0
    for node in walk(app):
        states = node.getState()
        if not states.contains(pyatspi.STATE_FOCUSABLE) or not states.contains(pyatspi.STATE_SHOWING):
            continue
        role = node.getRoleName()
        labels = labels_of(node)
        if role in ("text", "combo box", "spin button", "list", "password text"):
            fields += 1
            linked += len(labels) >= 2  # every field sits in a group box: its own label, then the group's title
        print(f"{role:12} | name={node.name!r} | labelled-by={labels} | description={node.description!r}")
    print(f"SUMMARY fields={fields} labelled-by-own-label={linked}")

    heard = []

    def on_announcement(event):
        heard.append((event.source.name, event.source.getRoleName(), event.any_data, event.detail1))

    def on_state(event):
        if event.type.endswith("focused") and event.detail1:
            heard.append(("focus", event.source.getRoleName(), event.source.name, event.source.description))

    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    pyatspi.Registry.registerEventListener(on_state, "object:state-changed:focused")
    GLib.timeout_add(800, lambda: Path(sys.argv[1]).touch() or False)
    GLib.timeout_add(4000, lambda: pyatspi.Registry.stop() or False)
    pyatspi.Registry.start()
    for item in heard:
        print("EVENT", item)
    for node in walk(app):
        if node.getRoleName() in ("text", "combo box") and node.description and "TT.MM" not in node.description:
            print(f"AFTER SAVE {node.getRoleName():9} | name={node.name!r} | description={node.description!r}")
    print(f"SUMMARY announcements={sum(1 for h in heard if h[0] != 'focus')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
