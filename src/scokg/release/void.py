"""The VoID + DCAT 3 description of a release (``void.ttl``).

Every number is counted from the graph being released and every date is read from the data
(ontology creation date, newest source document), never from the clock, so the description
is reproducible and always matches the files beside it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scokg import vocab
from scokg.release.graphs import new_graph
from scokg.vocab import DCAT, DCTERMS, VOID, XSD

if TYPE_CHECKING:
    import rdflib

DATASET = "https://w3id.org/scokg/dataset"
DIST_BASE = "https://w3id.org/scokg/dist/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
ONTOLOGY = "https://w3id.org/scokg/ontology"

RDF_TYPE = vocab.RDF + "type"

# Examples a reader can open first: one per core class, the preferred one when the data
# has it, else the class's first instance in IRI order (example_resources).
EXAMPLE_RESOURCES = (
    vocab.ID + "organisation/unodc",
    vocab.ID + "person/vladimir-norov",
    vocab.ID + "meeting/norov-waly-2020-03-03",
    vocab.ID + "agreement/sco-secretariat-unodc-mou-2011",
    vocab.ID + "topic/illicit-drug-trafficking",
)
EXAMPLE_CLASSES = ("Organisation", "Person", "Meeting", "Agreement", "Topic")


def example_resources(graph: rdflib.Graph) -> list[str]:
    """One example IRI per class of :data:`EXAMPLE_CLASSES` that has an instance in ``graph``:
    the preferred one of :data:`EXAMPLE_RESOURCES` when present, else the first in IRI order."""
    import rdflib

    chosen = []
    for cls, preferred in zip(EXAMPLE_CLASSES, EXAMPLE_RESOURCES, strict=True):
        members = sorted(
            str(s)
            for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(vocab.SCOKG + cls))
            if isinstance(s, rdflib.URIRef)
        )
        if members:
            chosen.append(preferred if preferred in members else members[0])
    return chosen


MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".html": "text/html",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}

# Files that hold the whole dataset (void:dataDump); others are described as distributions.
DUMPS = ("scokg.nq", "scokg.nt", "scokg.rdf", "scokg.trig", "scokg.ttl", "scokg.jsonld")


@dataclass(frozen=True)
class Linkset:
    """Links from our resources to one outside dataset through one predicate."""

    target: str
    predicate: str
    triples: int


@dataclass(frozen=True)
class Counts:
    """The figures VoID states, computed from one graph."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int]
    properties: dict[str, int]


def count(graph: rdflib.Graph) -> Counts:
    """Triples, entities (subject IRIs in our id space), instances per class and triples
    per property."""
    import rdflib

    subjects = {s for s in graph.subjects()}
    entities = {s for s in subjects if isinstance(s, rdflib.URIRef) and str(s).startswith(vocab.ID)}
    instances: dict[str, set[rdflib.term.Node]] = defaultdict(set)
    for s, o in graph.subject_objects(rdflib.RDF.type):
        instances[str(o)].add(s)
    properties = Counter(str(p) for p in graph.predicates())
    return Counts(
        triples=len(graph),
        entities=len(entities),
        distinct_subjects=len(subjects),
        distinct_objects=len(set(graph.objects())),
        classes={c: len(members) for c, members in sorted(instances.items())},
        properties=dict(sorted(properties.items())),
    )


def linksets(graph: rdflib.Graph | None) -> list[Linkset]:
    """One linkset per (outside dataset, link predicate) in the links graph, if any.

    A link is a triple with a link predicate (owl:sameAs, skos:*Match) whose object lies in
    one of :data:`scokg.vocab.LINK_TARGETS`; the statements that document each link are not.
    """
    from scokg.links.sssom import LINK_PREDICATES

    if graph is None:
        return []
    found: Counter[tuple[str, str]] = Counter()
    for _, p, o in graph:
        if str(p) not in LINK_PREDICATES:
            continue
        for name, namespace in vocab.LINK_TARGETS.items():
            if str(o).startswith(namespace):
                found[(name, str(p))] += 1
    return [Linkset(t, p, n) for (t, p), n in sorted(found.items())]


def _first(graph: rdflib.Graph, subject: str, predicate: str) -> rdflib.term.Node | None:
    import rdflib

    values = sorted(graph.objects(rdflib.URIRef(subject), rdflib.URIRef(predicate)), key=str)
    return values[0] if values else None


def release_dates(graph: rdflib.Graph) -> tuple[str, str, str]:
    """(version, issued, modified) from the data: ontology version and creation date, and
    the newest source document's issue date when it is later."""
    import rdflib

    version = _first(graph, ONTOLOGY, vocab.OWL + "versionInfo")
    created = _first(graph, ONTOLOGY, DCTERMS + "created")
    doc_class = rdflib.URIRef(vocab.SCOKG + "SourceDocument")
    issued_docs = [
        str(d)
        for doc in graph.subjects(rdflib.RDF.type, doc_class)
        for d in graph.objects(doc, rdflib.URIRef(DCTERMS + "issued"))
    ]
    issued = str(created) if created is not None else max(issued_docs, default="1970-01-01")
    modified = max([issued, *issued_docs])
    return (str(version) if version is not None else "0", issued, modified)


_DATE_TYPES = {XSD + "date": "", XSD + "gYearMonth": "-01", XSD + "gYear": "-01-01"}
_DATE_ENDS = {XSD + "date": "", XSD + "gYearMonth": "-31", XSD + "gYear": "-12-31"}


def temporal_coverage(graph: rdflib.Graph) -> tuple[rdflib.Literal, rdflib.Literal] | None:
    """(start, end) of the time the data speaks of, or None when it gives no date.

    Every ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal stated about a resource of
    the dataset (an IRI under ``https://w3id.org/scokg/id/``: events, signings, attestations,
    periods, founding dates, source documents' issue dates) counts, with its precision:
    a year starts on 1 January and ends on 31 December, so ``1997`` comes before
    ``1997-03-01`` as a start and after it as an end. The literals are returned as written.
    """
    from rdflib import Literal, URIRef

    dated = [
        o
        for s, _, o in graph
        if isinstance(s, URIRef)
        and str(s).startswith(vocab.ID)
        and isinstance(o, Literal)
        and str(o.datatype) in _DATE_TYPES
    ]
    if not dated:
        return None
    start = min(dated, key=lambda o: (str(o) + _DATE_TYPES[str(o.datatype)], str(o)))
    end = max(dated, key=lambda o: (str(o) + _DATE_ENDS[str(o.datatype)], str(o)))
    return start, end


def describe(
    graph: rdflib.Graph,
    files: dict[str, int],
    links_graph: rdflib.Graph | None = None,
) -> rdflib.Graph:
    """The VoID/DCAT graph for ``graph`` released as ``files`` (name -> size in bytes)."""
    import rdflib
    from rdflib import RDF, Literal, URIRef

    void = rdflib.Namespace(VOID)
    dcat = rdflib.Namespace(DCAT)
    dct = rdflib.Namespace(DCTERMS)
    xsd = rdflib.Namespace(XSD)

    counts = count(graph)
    version, issued, modified = release_dates(graph)
    out = new_graph()
    ds = URIRef(DATASET)
    out.add((ds, RDF.type, void.Dataset))
    out.add((ds, RDF.type, dcat.Dataset))
    out.add((ds, dct.title, Literal("scokg: SCO–UNODC cooperation knowledge graph", lang="en")))
    out.add(
        (
            ds,
            dct.description,
            Literal(
                "Organisations, people, meetings, agreements and topics of the cooperation "
                "between the Shanghai Cooperation Organisation and the UN Office on Drugs and "
                "Crime, every fact tied to the sentence of the source text that states it.",
                lang="en",
            ),
        )
    )
    out.add((ds, dct.license, URIRef(LICENSE)))
    out.add((ds, dct.conformsTo, URIRef(ONTOLOGY)))
    out.add((ds, dct.conformsTo, URIRef(vocab.SHAPES.rstrip("#"))))
    out.add((ds, dcat.version, Literal(version)))
    out.add((ds, dct.issued, Literal(issued, datatype=xsd.date)))
    out.add((ds, dct.modified, Literal(modified, datatype=xsd.date)))
    coverage = temporal_coverage(graph)
    if coverage is not None:
        period = URIRef(f"{DATASET}/temporal")
        out.add((ds, dct.temporal, period))
        out.add((period, RDF.type, dct.PeriodOfTime))
        out.add((period, dcat.startDate, coverage[0]))
        out.add((period, dcat.endDate, coverage[1]))
    out.add((ds, void.uriSpace, Literal(vocab.ID)))
    out.add((ds, void.triples, Literal(counts.triples)))
    out.add((ds, void.entities, Literal(counts.entities)))
    out.add((ds, void.distinctSubjects, Literal(counts.distinct_subjects)))
    out.add((ds, void.distinctObjects, Literal(counts.distinct_objects)))
    out.add((ds, void.classes, Literal(len(counts.classes))))
    out.add((ds, void.properties, Literal(len(counts.properties))))
    out.add((ds, void.feature, URIRef("http://www.w3.org/ns/formats/N-Triples")))
    for example in example_resources(graph):
        out.add((ds, void.exampleResource, URIRef(example)))
    namespaces = sorted(
        {_namespace(str(p)) for p in counts.properties} | {_namespace(c) for c in counts.classes}
    )
    for namespace in namespaces:
        out.add((ds, void.vocabulary, URIRef(namespace)))

    for cls, n in counts.classes.items():
        part = URIRef(f"{DATASET}/class/{_slug(cls)}")
        out.add((ds, void.classPartition, part))
        out.add((part, void["class"], URIRef(cls)))
        out.add((part, void.entities, Literal(n)))
    for prop, n in counts.properties.items():
        part = URIRef(f"{DATASET}/property/{_slug(prop)}")
        out.add((ds, void.propertyPartition, part))
        out.add((part, void.property, URIRef(prop)))
        out.add((part, void.triples, Literal(n)))

    for name, size in sorted(files.items()):
        url = URIRef(DIST_BASE + name)
        dist = URIRef(f"{DATASET}/distribution/{_slug(name)}")
        out.add((ds, dcat.distribution, dist))
        out.add((dist, RDF.type, dcat.Distribution))
        out.add((dist, dct.title, Literal(name)))
        out.add((dist, dcat.downloadURL, url))
        out.add((dist, dcat.byteSize, Literal(size, datatype=xsd.nonNegativeInteger)))
        media = MEDIA_TYPES.get("." + name.rsplit(".", 1)[-1])
        if media:
            out.add(
                (
                    dist,
                    dcat.mediaType,
                    URIRef(f"https://www.iana.org/assignments/media-types/{media}"),
                )
            )
        if name in DUMPS:
            out.add((ds, void.dataDump, url))

    for link in linksets(links_graph):
        target = URIRef(f"{DATASET}/target/{link.target}")
        ls = URIRef(f"{DATASET}/linkset/{link.target}/{_slug(link.predicate)}")
        out.add((target, RDF.type, void.Dataset))
        out.add((target, void.uriSpace, Literal(vocab.LINK_TARGETS[link.target])))
        out.add((ds, void.subset, ls))
        out.add((ls, RDF.type, void.Linkset))
        out.add((ls, void.linkPredicate, URIRef(link.predicate)))
        out.add((ls, void.subjectsTarget, ds))
        out.add((ls, void.objectsTarget, target))
        out.add((ls, void.triples, Literal(link.triples)))
    return out


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _slug(iri: str) -> str:
    """A readable, IRI-safe tail for partition IRIs: prefix-local, e.g. ``scokg-Meeting``."""
    name = vocab.compact(iri)
    if name != iri:
        return name.replace(":", "-", 1).replace("/", "-")
    return "".join(c if c.isalnum() or c in "-._" else "-" for c in iri)
