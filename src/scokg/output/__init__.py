"""Write query results (:mod:`scokg.engines.results`) in the format a person or tool asked for.

Tables for people (rich, labels beside compact IRIs); the W3C SPARQL results formats
(JSON, XML, CSV, TSV) for tools; Turtle, N-Triples and JSON-LD for graph results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from scokg.engines.results import AskResult, GraphResult, Result
from scokg.errors import UsageError

SOLUTION_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
FORMATS = SOLUTION_FORMATS + GRAPH_FORMATS


def default_format(result: Result) -> str:
    return "turtle" if isinstance(result, GraphResult) else "table"


def write_result(
    result: Result,
    stream: TextIO,
    fmt: str | None = None,
    *,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Write ``result`` to ``stream``; ``labels`` (IRI -> label) feed the table format."""
    fmt = fmt or default_format(result)
    if isinstance(result, GraphResult):
        if fmt not in GRAPH_FORMATS:
            raise UsageError(
                f"a CONSTRUCT or DESCRIBE result cannot be written as {fmt}",
                hint="use --format " + ", ".join(GRAPH_FORMATS),
            )
        from scokg.output.rdf import write_graph

        write_graph(result, stream, fmt)
        return
    if fmt not in SOLUTION_FORMATS:
        kind = "an ASK" if isinstance(result, AskResult) else "a SELECT"
        raise UsageError(
            f"{kind} result cannot be written as {fmt}",
            hint="use --format " + ", ".join(SOLUTION_FORMATS),
        )
    if fmt == "table":
        from scokg.output.table import write_table

        write_table(result, stream, labels or {})
        return
    from scokg.output import sparql_results

    sparql_results.WRITERS[fmt](result, stream)
