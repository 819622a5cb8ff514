"""Engine-neutral query results, so every engine (embedded, rdflib, remote) answers alike.

Terms are pyoxigraph terms (``NamedNode``, ``BlankNode``, ``Literal``, or ``None`` for an
unbound variable): the embedded store returns them directly, and remote SPARQL results are
parsed into them with ``pyoxigraph.parse_query_results``, so output formatting and
comparison are written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pyoxigraph

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


@dataclass
class SelectResult:
    """Rows of a SELECT query, in the order the engine returned them."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query."""

    triples: list[pyoxigraph.Triple] = field(default_factory=list)


Result = SelectResult | AskResult | GraphResult


class Engine(Protocol):
    """Anything that runs one read-only SPARQL query over the scokg dataset.

    The query is run with the union of all named graphs as its default graph.
    """

    def execute(self, query: str) -> Result: ...
