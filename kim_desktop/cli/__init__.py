"""Command-line use cases for administrators and scripts: `main()` runs one command inside one error boundary."""

import sys
from collections.abc import Sequence

# Nothing but this function at import time: the window's start imports kim_desktop.cli.options, which loads
# this package first, and must not load the commands (or the data layer) with it.


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure ends as one German line on stderr and an exit code (cli/errors.py)."""
    from kim_desktop.cli.boundary import run

    return run(list(sys.argv[1:] if argv is None else argv))
