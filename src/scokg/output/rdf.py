"""Graph results (CONSTRUCT, DESCRIBE) as Turtle, N-Triples or JSON-LD, by pyoxigraph."""

from __future__ import annotations

from typing import TextIO

import pyoxigraph

from scokg.engines.results import GraphResult
from scokg.output.sparql_results import utf8
from scokg.vocab import turtle_prefixes

_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def write_graph(result: GraphResult, stream: TextIO, fmt: str) -> None:
    """Serialise the triples; Turtle gets the project prefixes, sorted for stable diffs.

    Every term is kept exactly (pyoxigraph's serialisers; JSON-LD writes every literal as a
    string ``@value`` with its ``@type``, so ``INF`` and ``NaN`` stay JSON). UTF-8 whatever
    the stream's own encoding; the text ends with a newline.
    """
    triples = sorted(result.triples, key=str)
    prefixes = None
    if fmt == "turtle":
        terms = [t for triple in triples for t in triple]
        used = {t.value for t in terms if isinstance(t, pyoxigraph.NamedNode)}
        used |= {t.datatype.value for t in terms if isinstance(t, pyoxigraph.Literal)}
        prefixes = turtle_prefixes(used)
    data = pyoxigraph.serialize(triples, format=_FORMATS[fmt], prefixes=prefixes)
    assert data is not None
    text = data.decode("utf-8")
    utf8(stream).write(text if not text or text.endswith("\n") else text + "\n")
