"""``scokg validate``: check syntax, SHACL shapes and provenance; exit 0 only if all pass."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from scokg.commands import locate_from_args, name_project

if TYPE_CHECKING:
    from scokg.project import Project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check Turtle syntax, SHACL shapes and sentence provenance",
        description="Check that every Turtle file parses, that the data conforms to the "
        "SHACL shapes (with RDFS inference over the ontology), and that every span quotes "
        "its source text exactly and every fact names its sentence.",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="report format (default text)"
    )
    parser.add_argument(
        "--engine",
        choices=("fast", "pyshacl"),
        default="fast",
        help="fast: shapes compiled to SPARQL on pyoxigraph, no rdflib (default); "
        "pyshacl: rdflib + pyshacl, the reference",
    )
    parser.add_argument(
        "--bundled",
        action="store_true",
        help="validate the dataset shipped with scokg; without it (and without --data), "
        "validate refuses to run where no project is found at or above the current folder",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.errors import ValidationFailed
    from scokg.validation import validate

    project = _project(args)
    report = validate(project, engine=args.engine)
    if args.format == "json":
        from scokg.output import write_json

        write_json(report, sys.stdout)
    else:
        print(report.to_text(root=str(project.root)))
    if not report.conforms:
        raise ValidationFailed(
            f"the data does not validate: {len(report.problems)} problem(s)",
            report=report,
            hint="fix the problems listed above, then run `scokg validate` again",
        )
    return 0


def _project(args: argparse.Namespace) -> Project:
    """``--bundled``, ``--data``, or the project found at or above the current folder; with
    none of them and no project there, a usage error (exit 2): validating the bundled
    dataset instead would answer a question the user did not ask."""
    from pathlib import Path

    from scokg.errors import UsageError
    from scokg.project import Project

    if args.bundled:
        if getattr(args, "data", None) is not None:
            raise UsageError(
                "--bundled and --data name two different projects", hint="give one of them"
            )
        project = Project.discover(None)
        if getattr(args, "verbose", False):
            print(
                f"scokg: using the bundled dataset ({project.root}) (given with --bundled)",
                file=sys.stderr,
                flush=True,
            )
        return project
    located = locate_from_args(args)
    if located.how == "bundled":
        raise UsageError(
            f"no scokg project here or above {Path.cwd()}",
            hint="use --data DIR, start one with `scokg init DIR`, or validate the dataset "
            "shipped with scokg with `scokg validate --bundled`",
        )
    name_project(located, always=getattr(args, "verbose", False))
    return located.project
