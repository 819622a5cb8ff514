"""Subcommand registry: one module per subcommand, each exposing ``register(subparsers)``,
and the few argument helpers several commands share (no command imports another command).

Command modules must keep heavy imports (rdflib, pyshacl, rich) inside their functions so
that building the parser stays fast.
"""

from __future__ import annotations

import argparse
import importlib
from typing import TYPE_CHECKING

from scokg.commands.options import seconds
from scokg.project import Project

if TYPE_CHECKING:
    from scokg.engines import Engine

COMMANDS: tuple[str, ...] = (
    "build",
    "describe",
    "links",
    "load",
    "query",
    "serve",
    "stats",
    "validate",
)

DEFAULT_TIMEOUT = 60.0


def register_all(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Let every command module add its parser and set ``func``."""
    for name in COMMANDS:
        importlib.import_module(f"scokg.commands.{name}").register(subparsers)


def project_from_args(args: argparse.Namespace) -> Project:
    """The project selected by the global ``--data`` option (bundled one by default)."""
    return Project.discover(args.data)


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
