"""Subcommand registry: one module per subcommand, each exposing ``register(subparsers)``,
and the few argument helpers several commands share (no command imports another command).

Command modules must keep heavy imports (rdflib, pyshacl, rich) inside their functions so
that building the parser stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from typing import TYPE_CHECKING

from scokg.project import Located, Project

if TYPE_CHECKING:
    from scokg.engines import Engine

COMMANDS: tuple[str, ...] = (
    "build",
    "describe",
    "init",
    "links",
    "load",
    "new_document",
    "query",
    "serve",
    "spans",
    "stats",
    "validate",
)

DEFAULT_TIMEOUT = 60.0

# argparse ``type=`` functions: a bad value is a usage error (exit 2) naming the option and
# the accepted range, never an internal error later on.
MAX_SECONDS = 7 * 24 * 3600.0  # a week: beyond it a time limit is no limit


def seconds(text: str) -> float:
    """A time limit in seconds: a finite number > 0 and at most a week (604800).

    Raises ``argparse.ArgumentTypeError`` (argparse prints it with the option's name).
    """
    try:
        value = float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds (e.g. 30 or 2.5)"
        ) from None
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range: give seconds > 0 and at most {MAX_SECONDS:g} (a week)"
        )
    return value


def positive_int(text: str) -> int:
    """A whole number >= 1 (a batch size, a count)."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is out of range: give a number >= 1")
    return value


def register_all(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Let every command module add its parser and set ``func``."""
    for name in COMMANDS:
        importlib.import_module(f"scokg.commands.{name}").register(subparsers)


def project_from_args(args: argparse.Namespace) -> Project:
    """The project the command works on (:meth:`Project.locate`: ``--data``, else the
    nearest project at or above the current directory, else the bundled dataset).

    When it is not the folder the user stands in (or with ``--verbose``), a
    ``scokg: using ...`` line on stderr names it, so nobody works on another project unaware.
    """
    located = locate_from_args(args)
    name_project(located, always=getattr(args, "verbose", False))
    return located.project


def locate_from_args(args: argparse.Namespace) -> Located:
    """The project of :func:`project_from_args` and how it was found, without a word."""
    return Project.locate(getattr(args, "data", None))


def name_project(located: Located, *, always: bool = False) -> None:
    """Print ``scokg: using ...`` on stderr when the project is not the current folder (or
    ``always``)."""
    line = located.describe_always() if always else located.describe()
    if line is not None:
        print(f"scokg: {line}", file=sys.stderr, flush=True)


def add_endpoint_options(parser: argparse.ArgumentParser) -> None:
    """``--endpoint``/``--timeout``: answer from a remote SPARQL 1.1 store instead."""
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="query this SPARQL 1.1 endpoint (loaded with `scokg load`) instead of the "
        "embedded store; the project's graphs are sent as the dataset (default-graph-uri), "
        "so the answer does not depend on the store's default graph",
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help="time limit of the query in seconds, for the embedded store as for an "
        "endpoint (default 60); past it the command stops with exit 3",
    )


def engine_from_args(args: argparse.Namespace, project: Project) -> Engine:
    """The engine the ``--endpoint``/``--timeout`` options ask for (the embedded store
    without ``--endpoint``), opened by :func:`scokg.engines.open_engine`."""
    from scokg.engines import open_engine

    return open_engine(
        project,
        endpoint=getattr(args, "endpoint", None),
        timeout=getattr(args, "timeout", DEFAULT_TIMEOUT),
    )
