"""Short, readable names for nodes in reports: a label for resources, a CURIE for terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scokg import iris

if TYPE_CHECKING:
    import rdflib

PREFIXES = {
    "scokg": iris.SCOKG,
    "nif": iris.NIF,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
)


def short(node: object) -> str:
    """A CURIE for IRIs in known namespaces, N-Triples-like text for everything else."""
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text.removeprefix(namespace)}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def label_of(graph: rdflib.Graph, node: object) -> str | None:
    """The node's English label, or its quoted text for a sentence, if it has one."""
    from rdflib import URIRef

    for prop in _LABEL_PROPERTIES:
        value = graph.value(node, URIRef(prop))  # type: ignore[arg-type]
        if value is not None:
            return str(value)
    anchor = graph.value(node, URIRef(iris.NIF + "anchorOf"))  # type: ignore[arg-type]
    if anchor is not None:
        text = str(anchor).replace("\u00a0", " ")
        return f'"{text[:60]}..."' if len(text) > 60 else f'"{text}"'
    return None
