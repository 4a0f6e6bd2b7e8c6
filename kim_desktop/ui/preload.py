"""The window's modules imported ahead of use: in the worker while the sign-in dialog is open (ui/start_up.py).

The first switch to a page (or the first course lookup) then costs only building its widgets: importing a page
with its services and dialogs took 40–90 ms of the GUI thread. Imports only, no widgets: safe off the GUI thread.
"""

import importlib
import pkgutil

import kim_desktop.ui.dialogs
import kim_desktop.ui.pages


def preload_window_modules() -> list[str]:
    """Import the main window, every page and every dialog module (the course lookup took 50 ms); their names."""
    names = ["kim_desktop.ui.main_window", "kim_desktop.ui.idle_lock"]
    for package in (kim_desktop.ui.pages, kim_desktop.ui.dialogs):
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    for name in names:
        importlib.import_module(name)
    return names
