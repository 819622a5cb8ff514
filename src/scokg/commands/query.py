"""``scokg query``: list the bundled queries, or run one (or ad hoc SPARQL) and print it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.commands import add_endpoint_options, engine_from_args, project_from_args
from scokg.output import FORMATS

if TYPE_CHECKING:
    from scokg.engines import Engine, Result


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run a bundled competency query or your own SPARQL",
        description="Run a bundled query by NAME (see --list), a query file (--file) or "
        "query text (-e). Parameters accept a slug (unodc), a label or acronym (any case "
        "and accents), a prefixed name (organisation:unodc) or a full IRI; they are bound "
        "as checked RDF terms in a VALUES clause, never pasted into the query.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("name", nargs="?", metavar="NAME", help="bundled query to run")
    what.add_argument("--list", action="store_true", help="list the bundled queries")
    what.add_argument("-f", "--file", type=Path, metavar="PATH", help="run the query in PATH")
    what.add_argument("-e", "--expression", metavar="SPARQL", help="run this query text")
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="set a parameter (repeatable)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="table (default for SELECT/ASK), csv, tsv, json, xml; turtle (default for "
        "CONSTRUCT/DESCRIBE), ntriples, jsonld. With --list: table or json",
    )
    parser.add_argument(
        "--show-query",
        action="store_true",
        help="print the query with its parameters bound, instead of running it",
    )
    parser.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="HOST",
        help="let SERVICE clauses call this host (repeatable; HOST or HOST:PORT). Without "
        "it a query naming SERVICE is refused, so a query never reaches a server you did "
        "not choose (the bundled federated queries need --allow-service query.wikidata.org)",
    )
    add_endpoint_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args)

    from scokg.errors import UsageError
    from scokg.queries import Resolver, parse_param_args, prepare_query, read_query_file

    params = parse_param_args(args.param)
    project = project_from_args(args)
    if args.file is not None:
        source = read_query_file(args.file)
    elif args.expression is not None:
        source = args.expression
    else:
        source = args.name
        if not source:
            raise UsageError("give a query NAME, --file, -e or --list")

    engine = engine_from_args(args, project)
    prepared = prepare_query(
        project, source, params, Resolver(engine), allowed_service_hosts=args.allow_service
    )
    if args.show_query:
        sys.stdout.write(prepared.text if prepared.text.endswith("\n") else prepared.text + "\n")
        return 0
    result = engine.execute(prepared.text)
    print_result(result, args.format, engine)
    return 0


def print_result(result: Result, fmt: str | None, engine: Engine) -> None:
    """Print with labels fetched for table output only."""
    from scokg.output import default_format, write_result
    from scokg.queries import fetch_labels, iris_in

    fmt = fmt or default_format(result)
    labels = fetch_labels(engine, iris_in(result)) if fmt == "table" else None
    write_result(result, sys.stdout, fmt, labels=labels)


def _list(args: argparse.Namespace) -> int:
    from scokg.errors import UsageError
    from scokg.queries import list_queries

    if args.format not in (None, "table", "json"):
        raise UsageError("--list prints a table or json", hint="use --format table or json")
    queries = list_queries(project_from_args(args) if args.data else None)
    if args.format == "json":
        from scokg.output import write_json

        write_json(queries, sys.stdout)
        return 0

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Bundled queries (scokg query NAME --param name=value)", show_lines=True)
    table.add_column("name", style="cyan", no_wrap=True)
    table.add_column("question")
    table.add_column("parameters")
    for q in queries:
        params = "\n".join(
            escape(f"{p.name}: {p.description} ")
            + (escape(f"(default: {p.default})") if p.default else "[bold](required)[/bold]")
            for p in q.params
        )
        table.add_row(q.name, q.title, params or "-")
    Console(width=None if sys.stdout.isatty() else 160, highlight=False).print(table)
    return 0
