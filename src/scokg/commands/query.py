"""``scokg query``: list the bundled queries, or run one (or ad hoc SPARQL) and print it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.commands import project_from_args
from scokg.output import FORMATS

if TYPE_CHECKING:
    from scokg.engines.results import Engine
    from scokg.project import Project


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
        type=float,
        default=60.0,
        metavar="S",
        help="seconds to wait for the endpoint (default 60)",
    )


def engine_for(args: argparse.Namespace, project: Project) -> Engine:
    """The engine that answers this command: a remote endpoint, or the embedded store."""
    endpoint = getattr(args, "endpoint", None)
    if endpoint:
        from scokg.engines.remote import RemoteEngine
        from scokg.remote.http import find_credentials

        return RemoteEngine.for_project(
            project,
            endpoint,
            credentials=find_credentials(endpoint),
            timeout=getattr(args, "timeout", 60.0),
        )
    from scokg.queries.run import default_engine

    return default_engine(project)


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args)

    from scokg.errors import UsageError
    from scokg.queries.binding import parse_param_args
    from scokg.queries.catalog import read_query_file
    from scokg.queries.resolve import Resolver
    from scokg.queries.run import prepare_query

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

    engine = engine_for(args, project)
    prepared = prepare_query(
        project, source, params, Resolver(engine), allowed_service_hosts=args.allow_service
    )
    if args.show_query:
        sys.stdout.write(prepared.text if prepared.text.endswith("\n") else prepared.text + "\n")
        return 0
    result = engine.execute(prepared.text)
    print_result(result, args.format, engine)
    return 0


def print_result(result: object, fmt: str | None, engine: Engine) -> None:
    """Print with labels fetched for table output only."""
    from scokg.output import default_format, write_result
    from scokg.queries.labels import fetch_labels, iris_in

    fmt = fmt or default_format(result)  # type: ignore[arg-type]
    labels = fetch_labels(engine, iris_in(result)) if fmt == "table" else None  # type: ignore[arg-type]
    write_result(result, sys.stdout, fmt, labels=labels)  # type: ignore[arg-type]


def _list(args: argparse.Namespace) -> int:
    import json

    from scokg.errors import UsageError
    from scokg.queries.catalog import list_queries

    if args.format not in (None, "table", "json"):
        raise UsageError("--list prints a table or json", hint="use --format table or json")
    queries = list_queries(project_from_args(args) if args.data else None)
    if args.format == "json":
        doc = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": [
                    {
                        "name": p.name,
                        "kind": p.kind,
                        "description": p.description,
                        "default": p.default,
                    }
                    for p in q.params
                ],
            }
            for q in queries
        ]
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
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
