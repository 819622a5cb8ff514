"""Write results in the format a person or tool asked for.

Query results (:mod:`scokg.engines.results`): tables for people (rich, labels beside
compact IRIs); the W3C SPARQL results formats (JSON, XML, CSV, TSV) for tools; Turtle,
N-Triples and JSON-LD for graph results. Reports (validation, stats, load, links, describe,
the query list): :func:`write_json`, the one JSON printer.

Importing this package loads no RDF library: the result types are imported on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from scokg.errors import UsageError
from scokg.output.jsondoc import JsonReady, write_json

if TYPE_CHECKING:
    from scokg.engines.results import Result
    from scokg.output.sparql_results import Solutions

SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "SOLUTION_FORMATS",
    "JsonReady",
    "default_format",
    "write_json",
    "write_result",
]


def default_format(result: Result | Solutions) -> str:
    """``turtle`` for a graph result (CONSTRUCT, DESCRIBE), ``table`` otherwise."""
    from scokg.engines.results import GraphResult

    return "turtle" if isinstance(result, GraphResult) else "table"


def write_result(
    result: Result | Solutions,
    stream: TextIO,
    fmt: str | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    width: int | None = None,
    expanded: bool = False,
) -> None:
    """Write ``result`` to ``stream``; ``labels`` (IRI -> label) and ``width`` (the most
    columns a table may take; None: a terminal's width, a pipe's natural width) feed the
    table format.

    ``expanded``: JSON-LD of a graph result in expanded form, without context.

    ``result`` may be a stream of SELECT rows (``rows`` an iterator): csv, tsv and json
    write each row as it comes; xml and table read every row first. Raises
    :class:`~scokg.errors.UsageError` when ``fmt`` does not suit the result's kind, and
    :class:`~scokg.errors.DataError` for a term the format cannot carry (XML 1.0).
    """
    from scokg.engines.results import AskResult, GraphResult

    fmt = fmt or default_format(result)
    if fmt != "table":  # data formats: exact in a file, control characters escaped on a TTY
        from scokg.output.terminal import for_terminal

        stream = for_terminal(stream)
    if isinstance(result, GraphResult):
        if fmt not in GRAPH_FORMATS:
            raise UsageError(
                f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}",
                hint="use --format " + ", ".join(GRAPH_FORMATS),
            )
        from scokg.output.rdf import write_graph

        write_graph(result, stream, fmt, expanded=expanded)
        return
    if fmt not in SOLUTION_FORMATS:
        kind = "an ASK" if isinstance(result, AskResult) else "a SELECT"
        raise UsageError(
            f"{kind} result cannot be written as {fmt}",
            hint="use --format " + ", ".join(SOLUTION_FORMATS),
        )
    if fmt == "table":
        from scokg.engines.results import SelectResult
        from scokg.output.table import write_table

        if not isinstance(result, AskResult | SelectResult):
            result = SelectResult(result.variables, list(result.rows))
        write_table(result, stream, labels or {}, width)
        return
    from scokg.output import sparql_results

    sparql_results.WRITERS[fmt](result, stream)
