"""Entry point: `python -m kim_desktop` opens the window; `python -m kim_desktop COMMAND` runs a command."""

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the CLI when the line names a command (a mistyped one too: the CLI says so), else start the GUI."""
    args = list(sys.argv[1:] if argv is None else argv)
    from kim_desktop.cli.options import wants_command_line

    if wants_command_line(args):
        from kim_desktop.cli import main as cli_main

        return cli_main(args)
    from kim_desktop.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    sys.exit(main())
