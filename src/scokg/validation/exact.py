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


# --- The canonical store plus a shadow of its typed literals ------------------------------
# A 1M-triple project held twice (a canonical store for SPARQL and the checks, a term-exact
# one for the SHACL engine) peaked at 764 MB. Now the canonical store is built once, and a
# small shadow store holds a term-exact copy of only the triples whose object the Store
# rewrites (typed literals, under their surrogate datatype), plus the triples the engine
# infers. :class:`ExactView` joins the two into the term-exact dataset the engine reads.


def add_file(
    store: ox.Store, shadow: ox.Store, quads: Iterable[ox.Quad | ox.Triple], graph: str
) -> None:
    """Add the triples of ONE file to ``graph`` of ``store`` and their typed literals,
    term-exact, to the same graph of ``shadow``.

    Blank nodes get fresh identities per call, so two files writing ``_:b`` never share a
    node (as ``Store.load`` does per file); a triple and its shadow copy share theirs.
    """
    target = ox.NamedNode(graph)
    fresh: dict[str, ox.BlankNode] = {}

    def node(term: Term) -> Term:
        if isinstance(term, ox.BlankNode):
            found = fresh.get(term.value)
            if found is None:
                found = fresh[term.value] = ox.BlankNode()
            return found
        return term

    batch: list[ox.Quad] = []
    copies: list[ox.Quad] = []
    for q in quads:
        subject = node(q.subject)
        obj = node(q.object)
        batch.append(ox.Quad(subject, q.predicate, obj, target))  # type: ignore[arg-type]  # a parsed subject is a node or triple term
        exact = encode(obj)
        if exact is not obj:
            copies.append(ox.Quad(subject, q.predicate, exact, target))  # type: ignore[arg-type]  # as above
    store.extend(batch)
    shadow.extend(copies)


def canonical_copy(term: object) -> bool:
    """True for the Store's (canonical) form of a typed literal, which has a shadow copy."""
    if not isinstance(term, ox.Literal) or term.language is not None:
        return False
    datatype = term.datatype.value
    return datatype not in _KEEP and not datatype.startswith(SURROGATE)


class ExactView:
    """The term-exact dataset of a canonical ``store`` and its ``shadow`` (see
    :func:`add_file`): every quad of ``store`` but the canonical forms of typed literals,
    then every quad of ``shadow`` (their term-exact copies, and inferred triples).

    Offers the one method the SHACL engine reads with, ``quads_for_pattern``.
    """

    def __init__(self, store: ox.Store, shadow: ox.Store) -> None:
        self.store = store
        self.shadow = shadow

    def quads_for_pattern(
        self,
        subject: object = None,
        predicate: object = None,
        object: object = None,  # noqa: A002 - pyoxigraph's parameter name
        graph_name: object = None,
    ) -> Iterator[ox.Quad]:
        """As ``Store.quads_for_pattern``; an ``object`` given must be :func:`encode`-d."""
        args = (subject, predicate, object, graph_name)
        for q in self.store.quads_for_pattern(*args):  # type: ignore[arg-type]  # pyoxigraph's own argument types, passed through
            if object is not None or not canonical_copy(q.object):
                yield q
        yield from self.shadow.quads_for_pattern(*args)  # type: ignore[arg-type]  # as above
