"""Entry script of the PyInstaller bundle: a command runs the CLI, otherwise the window opens."""

import multiprocessing
import sys

from kim_desktop.__main__ import main

if __name__ == "__main__":
    # Batch letters render in "spawn" worker processes; in a frozen program the worker is this executable again,
    # and freeze_support() turns it into a worker instead of starting a second window.
    multiprocessing.freeze_support()
    sys.exit(main())
