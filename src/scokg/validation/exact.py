"""A pyoxigraph store that keeps every RDF term exactly as written, for SHACL.

pyoxigraph's ``Store`` canonicalises typed literals when it stores them ("07"^^xsd:byte comes
back as "7"^^xsd:integer, "300"^^xsd:byte as the *valid* "300"^^xsd:integer, "2.50"^^xsd:decimal
as "2.5"). SHACL compares RDF terms (``sh:in``, ``sh:hasValue``, ``sh:datatype``, RDF 1.1
Concepts §3.3 ill-typed literals), so a validator must see the term the user wrote.

:func:`encode` stores every literal with a non-string datatype under a surrogate datatype
``urn:scokg:exact:<datatype IRI>``; the store keeps a literal of an unknown datatype byte for
byte. :func:`decode` gives the exact term back. Graph pattern matching is by term, so joins and
property paths are unchanged (and now tell "07"^^xsd:byte from "7"^^xsd:integer, as RDF does).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

SURROGATE = "urn:scokg:exact:"
_KEEP = frozenset(
    {
        "http://www.w3.org/2001/XMLSchema#string",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString",
    }
)

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def encode(term: Term) -> Term:
    """The term as stored: a typed literal under its surrogate datatype, others unchanged."""
    if isinstance(term, ox.Literal) and term.language is None:
        datatype = term.datatype.value
        if datatype not in _KEEP:
            return ox.Literal(term.value, datatype=ox.NamedNode(SURROGATE + datatype))
    return term


def decode(term: Term) -> Term:
    """The exact term back from its stored form (the inverse of :func:`encode`)."""
    if isinstance(term, ox.Literal) and term.datatype.value.startswith(SURROGATE):
        return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype.value[len(SURROGATE) :]))
    return term


def encoded(
    quads: Iterable[ox.Quad | ox.Triple], graph: ox.NamedNode | None = None
) -> Iterator[ox.Quad]:
    """``quads`` with their objects encoded, into ``graph`` when given (else their own graph)."""
    for q in quads:
        target = graph if graph is not None else getattr(q, "graph_name", ox.DefaultGraph())
        yield ox.Quad(q.subject, q.predicate, encode(q.object), target)


def exact_store(quads: Iterable[ox.Quad | ox.Triple]) -> ox.Store:
    """A fresh in-memory store holding ``quads`` term-exact (see :func:`encode`)."""
    store = ox.Store()
    store.extend(encoded(quads))
    return store
