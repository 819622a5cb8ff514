"""Command-line entry point: parse arguments, dispatch, and turn errors into exit codes.

The CLI only parses and prints; the work happens in library functions that raise
:class:`~scokg.errors.ScokgError`, which is reported here without a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from scokg import __version__
from scokg.commands import register_all
from scokg.errors import ScokgError, format_error


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="scokg", description="Build, validate and query the scokg knowledge graph."
    )
    parser.add_argument("--version", action="version", version=f"scokg {__version__}")
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="use the project in DIR (a folder containing data/) instead of the bundled one",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register_all(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit code (0 ok, 1 data, 2 usage, 3 endpoint)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)

    try:
        return int(args.func(args) or 0)
    except ScokgError as err:
        print(format_error(err), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("scokg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head` that exited; silence the flush at interpreter exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
