"""``scokg query``: list the bundled queries, or run one (or ad hoc SPARQL) and print it."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.commands import add_endpoint_options, project_from_args
from scokg.output import FORMATS

if TYPE_CHECKING:
    from scokg.engines import Engine
    from scokg.queries import QueryFile

MAX_QUERY_BYTES = 1024 * 1024  # a query file larger than 1 MiB is not a query
STREAMED_FORMATS = ("csv", "tsv", "json", "xml")


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
    what.add_argument(
        "--prefixes",
        action="store_true",
        help="list the predeclared prefixes, as PREFIX lines (with --format json: an object "
        "name -> namespace); a query may use them without declaring them",
    )
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
        "--expanded",
        action="store_true",
        help="with --format jsonld: expanded JSON-LD without a context, instead of compact "
        "JSON-LD with the project context",
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
    parser.add_argument(
        "--engine",
        choices=("embedded", "rdflib"),
        default="embedded",
        help="embedded (default): pyoxigraph over a cached store, fast, streams rows; its "
        "store gives typed literals in canonical form ('07'^^xsd:byte comes back as "
        "'7'^^xsd:integer). rdflib: parses the files on every call (slow) and keeps every "
        "term exactly as written",
    )
    parser.add_argument(
        "--labels",
        action="store_true",
        help="csv, tsv, json, xml: add a <var>Label column after each column that holds "
        "IRIs, with the label of each IRI (as the Wikidata Query Service's label service "
        "does); every row is read first. Tables always show labels",
    )
    parser.add_argument(
        "--width",
        type=table_width,
        metavar="N",
        help="table: fit in N columns, cutting cells (marked with …), never a row onto two "
        "lines (default: the terminal's width; a file or pipe gets the natural width)",
    )
    add_endpoint_options(parser)
    parser.set_defaults(func=run)


MIN_WIDTH = 20


def table_width(text: str) -> int:
    """A table width in columns: a whole number of at least :data:`MIN_WIDTH`."""
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < MIN_WIDTH:
        raise argparse.ArgumentTypeError(
            f"{text!r} is too narrow: give at least {MIN_WIDTH} columns"
        )
    return value


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args)
    if args.prefixes:
        return _prefixes(args)

    from scokg.engines import open_engine
    from scokg.errors import UsageError
    from scokg.queries import Resolver, parse_param_args, prepare_query

    params = parse_param_args(args.param)
    project = project_from_args(args)
    if args.file is not None:
        source = read_limited_query_file(args.file)
    elif args.expression is not None:
        source = args.expression
    else:
        source = args.name
        if not source:
            raise UsageError("give a query NAME, --file, -e or --list")

    engine = open_engine(project, args.engine, endpoint=args.endpoint, timeout=args.timeout)
    prepared = prepare_query(
        project,
        source,
        params,
        Resolver(engine, project.prefixes),
        allowed_service_hosts=args.allow_service,
    )
    if args.show_query:
        sys.stdout.write(prepared.text if prepared.text.endswith("\n") else prepared.text + "\n")
        return 0
    if args.expanded and args.format != "jsonld":
        raise UsageError("--expanded applies to --format jsonld", hint="add --format jsonld")
    print_answer(
        prepared.sent,
        args.format,
        engine,
        label_columns=args.labels,
        width=args.width,
        expanded=args.expanded,
    )
    return 0


def print_answer(
    query: str,
    fmt: str | None,
    engine: Engine,
    *,
    label_columns: bool = False,
    width: int | None = None,
    expanded: bool = False,
) -> None:
    """Run ``query`` and print its answer; labels are fetched for tables, and for the
    SPARQL results formats when ``label_columns`` (``--labels``) asks for them;
    ``expanded`` writes a graph answer as expanded JSON-LD (``--expanded``).

    With the embedded engine a SELECT's rows are written as they come for csv, tsv and
    json without ``--labels`` (xml checks every term first, a table needs every row for
    its widths, label columns need every IRI). Raises :class:`~scokg.errors.UsageError`
    for ``--labels`` on a CONSTRUCT or DESCRIBE answer.
    """
    from scokg.engines import SelectResult
    from scokg.engines.embedded import EmbeddedEngine
    from scokg.engines.results import GraphResult
    from scokg.errors import UsageError
    from scokg.output import default_format, write_result
    from scokg.output.sparql_results import with_labels
    from scokg.queries.labels import fetch_label_terms, fetch_labels, iris_in

    if width is not None and fmt not in (None, "table"):
        raise UsageError(
            f"--width sets the width of a table; this answer is written as {fmt}",
            hint="leave out --width, or use --format table",
        )
    if isinstance(engine, EmbeddedEngine) and fmt in STREAMED_FORMATS and not label_columns:
        write_result(engine.stream(query), sys.stdout, fmt)
        return
    result = engine.execute(query)
    fmt = fmt or default_format(result)
    if label_columns and isinstance(result, GraphResult):
        raise UsageError(
            "--labels adds label columns to SELECT answers; this query answers with a graph",
            hint="leave out --labels (the resource-subgraph answer holds the labels itself)",
        )
    if width is not None and fmt != "table":
        raise UsageError(
            f"--width sets the width of a table; this answer is written as {fmt}",
            hint="leave out --width, or add --format table",
        )
    labels = None
    if fmt == "table" and isinstance(result, SelectResult):
        labels = fetch_labels(engine, iris_in(result))
    elif label_columns and isinstance(result, SelectResult):
        result = with_labels(result, fetch_label_terms(engine, iris_in(result)))
    write_result(result, sys.stdout, fmt, labels=labels, width=width, expanded=expanded)


def read_limited_query_file(path: Path) -> QueryFile:
    """The query in ``path``: a regular UTF-8 file of at most :data:`MAX_QUERY_BYTES`.

    A FIFO, a device (``/dev/zero``) or a folder is refused before it is opened (reading
    one could block or never end). Raises :class:`~scokg.errors.UsageError`.
    """
    from scokg.errors import UsageError
    from scokg.queries.catalog import parse_header

    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise UsageError(
                f"query file {path} is {kind}, not a regular file",
                hint="save the query in a file, or give its text with -e 'SELECT ...'",
            )
        with open(path, "rb") as handle:
            data = handle.read(MAX_QUERY_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read query file {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_QUERY_BYTES:
        raise UsageError(
            f"query file {path} is larger than {MAX_QUERY_BYTES // 1024} KiB",
            hint="a query that long is probably not the file you meant; check the path",
        )
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"query file {path} is not UTF-8 (byte {exc.start + 1})",
            file=path,
            hint="save the file as UTF-8",
        ) from None
    return parse_header(path.stem, text, path)


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
    stat.S_IFSOCK: "a socket",
}


def _prefixes(args: argparse.Namespace) -> int:
    """Print the predeclared prefixes (:data:`scokg.vocab.PREFIXES`) as SPARQL or JSON."""
    from scokg.errors import UsageError
    from scokg.vocab import PREFIXES

    if args.format not in (None, "table", "json"):
        raise UsageError(
            "--prefixes prints PREFIX lines or json", hint="use --format json, or no --format"
        )
    if args.format == "json":
        from scokg.output import write_json

        write_json(PREFIXES, sys.stdout)
        return 0
    sys.stdout.write("".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()))
    return 0


def _list(args: argparse.Namespace) -> int:
    from scokg.errors import UsageError
    from scokg.queries import list_queries

    if args.format not in (None, "table", "json"):
        raise UsageError("--list prints a table or json", hint="use --format table or json")
    queries = list_queries(project_from_args(args))
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
