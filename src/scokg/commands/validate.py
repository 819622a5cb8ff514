"""``scokg validate``: check syntax, SHACL shapes and provenance; exit 0 only if all pass."""

from __future__ import annotations

import argparse
import sys

from scokg.commands import project_from_args


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
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.errors import ValidationFailed
    from scokg.validation import validate

    project = project_from_args(args)
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
