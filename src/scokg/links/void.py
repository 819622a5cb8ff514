"""VoID linksets: one ``void:Linkset`` per (target dataset, link predicate).

VoID asks that a linkset use a single link predicate, so the Wikidata links split into an
``owl:sameAs`` linkset and a ``skos:broadMatch`` one. The build calls :func:`linksets` to
describe the links of the published dataset.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from scokg.links.sssom import MappingSet, read_sssom
from scokg.vocab import DCTERMS, RDF, XSD

VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = RDF + "type"
XSD_INTEGER = XSD + "integer"

# The outside datasets as VoID resources: the dataset's own home, not a guess.
TARGET_DATASETS: dict[str, str] = {
    "wikidata": "http://www.wikidata.org/",
    "dbpedia": "http://dbpedia.org/",
    "geonames": "https://www.geonames.org/",
    "unbis": "http://metadata.un.org/thesaurus/",
    "eurovoc": "http://eurovoc.europa.eu/",
}


@dataclass(frozen=True)
class Linkset:
    """Counted links from our dataset to one target with one predicate."""

    target: str
    predicate: str
    triples: int

    def iri(self, dataset: str) -> str:
        local = self.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return f"{dataset.rstrip('/#')}/linkset/{self.target}-{local}"


def count_linksets(mapping_set: MappingSet) -> list[Linkset]:
    """Links per (target, predicate), sorted by target then predicate."""
    counts = Counter((m.target or "other", m.predicate_id) for m in mapping_set.mappings)
    return [Linkset(t, p, n) for (t, p), n in sorted(counts.items())]


def linksets(mapping_set: MappingSet | Path, dataset: str) -> list[ox.Triple]:
    """VoID triples describing the links of ``mapping_set`` as subsets of ``dataset``.

    ``dataset`` is the IRI of our ``void:Dataset``; each linkset is
    ``<dataset>/linkset/<target>-<predicate local name>`` with ``void:subset`` from the
    dataset, ``void:subjectsTarget`` our dataset, ``void:objectsTarget`` the target dataset,
    ``void:linkPredicate`` and ``void:triples``.
    """
    if not isinstance(mapping_set, MappingSet):
        mapping_set = read_sssom(Path(mapping_set))
    ours = ox.NamedNode(dataset)
    triples: list[ox.Triple] = []
    for linkset in count_linksets(mapping_set):
        node = ox.NamedNode(linkset.iri(dataset))
        target = ox.NamedNode(TARGET_DATASETS.get(linkset.target, linkset.target))
        triples += [
            ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(VOID + "Linkset")),
            ox.Triple(ours, ox.NamedNode(VOID + "subset"), node),
            ox.Triple(node, ox.NamedNode(VOID + "subjectsTarget"), ours),
            ox.Triple(node, ox.NamedNode(VOID + "objectsTarget"), target),
            ox.Triple(node, ox.NamedNode(VOID + "linkPredicate"), ox.NamedNode(linkset.predicate)),
            ox.Triple(
                node,
                ox.NamedNode(VOID + "triples"),
                ox.Literal(str(linkset.triples), datatype=ox.NamedNode(XSD_INTEGER)),
            ),
            ox.Triple(
                node,
                ox.NamedNode(DCTERMS + "source"),
                ox.NamedNode(mapping_set.mapping_set_id),
            ),
        ]
    return triples
