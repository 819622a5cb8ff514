"""Subcommand registry: one module per subcommand, each exposing ``register(subparsers)``.

Command modules must keep heavy imports (rdflib, pyshacl, rich) inside their functions so
that building the parser stays fast.
"""

from __future__ import annotations

import argparse
import importlib

from scokg.project import Project

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


def register_all(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Let every command module add its parser and set ``func``."""
    for name in COMMANDS:
        importlib.import_module(f"scokg.commands.{name}").register(subparsers)


def project_from_args(args: argparse.Namespace) -> Project:
    """The project selected by the global ``--data`` option (bundled one by default)."""
    return Project.discover(args.data)
