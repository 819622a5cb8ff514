"""Any string given as a query parameter is bound as one term, never as query text.

For every generated value: the bound query parses, has exactly the triple patterns of the
unbound query (no pattern added by the value), and its answer is a subset of the unbound
answer, on pyoxigraph and on rdflib.
"""

from __future__ import annotations

import pyoxigraph
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from scokg.queries.binding import bind, term_for
from scokg.queries.catalog import Param

LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
QUERY = f"SELECT ?s ?text WHERE {{ ?s <{LABEL}> ?text . OPTIONAL {{ ?s ?p ?o }} }}"
LABELS = ["UNODC", 'x" } ; DROP ALL ; #', "a\nb", "Vienna", "\\", "é"]
NASTY = [
    '" } UNION { ?s ?p ?o } #',
    "<http://x> } UNION { ?s ?p ?o",
    "'''",
    '"""',
    "\\u0022 } ?s ?p ?o {",
    "}} SERVICE <http://127.0.0.1:9/> {",
    "\n#",
    "\r\n",
]
VALUES = st.one_of(
    st.sampled_from(LABELS + NASTY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
)


def stores() -> tuple[pyoxigraph.Store, rdflib.Graph]:
    store = pyoxigraph.Store()
    graph = rdflib.Graph()
    for i, label in enumerate(LABELS):
        s = f"https://example.org/thing/{i}"
        store.add(
            pyoxigraph.Quad(
                pyoxigraph.NamedNode(s),
                pyoxigraph.NamedNode(LABEL),
                pyoxigraph.Literal(label),
            )
        )
        graph.add((rdflib.URIRef(s), rdflib.URIRef(LABEL), rdflib.Literal(label)))
    return store, graph


STORE, GRAPH = stores()


def triple_patterns(text: str) -> list[tuple[str, ...]]:
    """Every triple pattern of the query's algebra (rdflib's SPARQL parser)."""
    found: list[tuple[str, ...]] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "BGP":
                found.extend(tuple(map(str, t)) for t in node["triples"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(prepareQuery(text).algebra)
    return sorted(found)


def ox_rows(text: str) -> set[tuple[str, str]]:
    return {(r["s"].value, r["text"].value) for r in STORE.query(text)}


def rdflib_rows(text: str) -> set[tuple[str, str]]:
    return {(str(r[0]), str(r[1])) for r in GRAPH.query(text)}


UNBOUND_OX = ox_rows(QUERY)
UNBOUND_RDFLIB = rdflib_rows(QUERY)
PATTERNS = triple_patterns(QUERY)


@given(VALUES)
def test_any_text_value_binds_as_one_literal(value: str) -> None:
    term = term_for(Param("text", "text to look for"), value, None)
    bound = bind(QUERY, {"text": term})

    assert triple_patterns(bound) == PATTERNS
    answer_ox, answer_rdflib = ox_rows(bound), rdflib_rows(bound)
    assert answer_ox <= UNBOUND_OX
    assert answer_rdflib <= UNBOUND_RDFLIB
    expected = {row for row in UNBOUND_OX if row[1] == value}
    assert answer_ox == expected
    assert answer_rdflib == expected
