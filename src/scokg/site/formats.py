"""The representations of a resource: HTML and four RDF syntaxes, by media type.

The RDF is written by the release's term-exact writers (:mod:`scokg.release.formats`,
:mod:`scokg.release.jsonld`), so a lexical form such as ``"05"^^xsd:nonNegativeInteger``
reaches the client as written in the sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph


@dataclass(frozen=True)
class Representation:
    """One format: file extension, media type (what ``Content-Type`` says), quality (the
    server's preference, as Apache's ``qs``, 0..1)."""

    ext: str
    media_type: str
    quality: float
    """Distinct for every format, so no choice is a tie (Apache breaks ties by size)."""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


HTML = Representation("html", "text/html", 1.0)
REPRESENTATIONS: tuple[Representation, ...] = (
    HTML,
    Representation("ttl", "text/turtle", 0.9),
    Representation("jsonld", "application/ld+json", 0.85),
    Representation("nt", "application/n-triples", 0.8),
    Representation("rdf", "application/rdf+xml", 0.75),
)
BY_EXT = {r.ext: r for r in REPRESENTATIONS}
RDF_REPRESENTATIONS = REPRESENTATIONS[1:]


def rdf_text(triples: list[pyoxigraph.Triple], ext: str) -> str:
    """The triples in the format of ``ext`` (``ttl``, ``jsonld``, ``nt``, ``rdf``).

    Raises :class:`scokg.release.formats.CannotCarry`/``DataError`` for a term the
    format cannot carry (as ``scokg build`` does for the whole dataset).
    """
    from scokg.release import formats, jsonld
    from scokg.release.graphs import new_graph
    from scokg.release.terms import to_rdflib

    if ext == "ttl":
        return formats.turtle(triples)
    if ext == "nt":
        return formats.ntriples(triples)
    graph = new_graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    if ext == "rdf":
        return formats.rdfxml(graph)
    if ext == "jsonld":
        return jsonld.dumps(jsonld.compact(graph))
    raise ValueError(f"not an RDF format of the site: {ext}")
