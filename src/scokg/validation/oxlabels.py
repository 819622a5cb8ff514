"""Report labels for nodes of a pyoxigraph store, as ``labels.label_of`` gives them for rdflib.

The compiled SHACL engine and the provenance checks work on a pyoxigraph store and must
not import rdflib; this is ``labels.label_of`` over some named graphs of that store (the
smallest value when a node has several labels, so the choice does not depend on order).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from scokg import iris

NBSP = "\u00a0"
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)


def store_label(store: ox.Store, graphs: Iterable[str], node: object) -> str | None:
    """The node's label in ``graphs`` (graph IRIs), or its quoted text for a sentence.

    Returns None for a literal, or for a node without a label or a ``nif:anchorOf``. A
    sentence's text is quoted and cut at 60 characters, no-break spaces shown as spaces.
    """
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return None
    named = [ox.NamedNode(g) for g in graphs]
    for prop in LABEL_PROPERTIES:
        value = _smallest(store, named, node, prop)
        if value is not None:
            return value
    anchor = _smallest(store, named, node, iris.NIF + "anchorOf")
    if anchor is None:
        return None
    text = anchor.replace(NBSP, " ")
    return f'"{text[:60]}..."' if len(text) > 60 else f'"{text}"'


def _smallest(
    store: ox.Store, graphs: list[ox.NamedNode], node: ox.NamedNode | ox.BlankNode, prop: str
) -> str | None:
    found = [
        quad.object.value
        for graph in graphs
        for quad in store.quads_for_pattern(node, ox.NamedNode(prop), None, graph)
        if not isinstance(quad.object, ox.Triple)
    ]
    return min(found) if found else None
