"""Labels of the IRIs in a result, fetched in one query, for tables shown to people."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph

from scokg.engines.results import Engine, GraphResult, Result, SelectResult

_CHUNK = 500
_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?label ?rank WHERE {{
  VALUES ?thing {{ {values} }}
  {{ ?thing skos:prefLabel ?label BIND(1 AS ?rank) }}
  UNION {{ ?thing rdfs:label ?label BIND(2 AS ?rank) }}
}}
"""


def iris_in(result: Result) -> list[str]:
    """Every IRI a result mentions, once, in order of appearance."""
    seen: dict[str, None] = {}
    if isinstance(result, SelectResult):
        terms: Iterable[object] = (t for row in result.rows for t in row)
    elif isinstance(result, GraphResult):
        terms = (t for triple in result.triples for t in triple)
    else:
        terms = ()
    for term in terms:
        if isinstance(term, pyoxigraph.NamedNode):
            seen.setdefault(term.value, None)
    return list(seen)


def fetch_labels(engine: Engine, iris: list[str]) -> dict[str, str]:
    """IRI -> one label (skos:prefLabel before rdfs:label, English or untagged first)."""
    return {iri: term.value for iri, term in fetch_label_terms(engine, iris).items()}


def fetch_label_terms(engine: Engine, iris: list[str]) -> dict[str, pyoxigraph.Literal]:
    """IRI -> its one label as a literal, language tag kept (chosen as :func:`fetch_labels`)."""
    best: dict[str, tuple[tuple[int, int, str], pyoxigraph.Literal]] = {}
    for start in range(0, len(iris), _CHUNK):
        chunk = iris[start : start + _CHUNK]
        values = " ".join(str(pyoxigraph.NamedNode(iri)) for iri in chunk)
        answer = engine.execute(_QUERY.format(values=values))
        if not isinstance(answer, SelectResult):
            continue
        for thing, label, rank in answer.rows:
            if thing is None or not isinstance(label, pyoxigraph.Literal):
                continue
            lang = label.language or ""
            key = (int(rank.value) if rank else 9, 0 if lang in ("", "en") else 1, label.value)
            current = best.get(thing.value)
            if current is None or key < current[0]:
                best[thing.value] = (key, label)
    return {iri: label for iri, (_, label) in best.items()}
