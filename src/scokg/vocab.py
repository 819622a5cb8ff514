"""The vocabulary: namespaces, graph names, the one prefix table, and IRI <-> prefixed name.

Every module that names a namespace, shows an IRI compactly or reads a prefixed name uses
this module, so a prefix is spelled the same way in the data, the CLI, the release and the
docs. The naming rule: things under ``https://w3id.org/scokg/id/<kind>/`` get the prefix
``<kind>:`` (``.../id/act-kind/praise`` reads ``act-kind:praise``), which also names the
kinds a curator adds later without touching this table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# -- our own namespaces and graph names ---------------------------------------------------
SCOKG = "https://w3id.org/scokg/ontology#"
ID = "https://w3id.org/scokg/id/"
GRAPH = "https://w3id.org/scokg/graph/"
SHAPES = "https://w3id.org/scokg/shapes#"
DOCUMENT = ID + "document/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
LINKS_GRAPH = GRAPH + "links"


def reference_graph(stem: str) -> str:
    """Graph of a top-level reference file such as ``data/entities.ttl``."""
    return GRAPH + stem


def document_graph(slug: str) -> str:
    """Graph shared by a document's annotations and its source metadata."""
    return GRAPH + "document/" + slug


# -- vocabularies we use ------------------------------------------------------------------
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "http://schema.org/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
VANN = "http://purl.org/vocab/vann/"
SSSOM = "https://w3id.org/sssom/"
TIME = "http://www.w3.org/2006/time#"  # OWL-Time: the periods of post holdings
SEMAPV = "https://w3id.org/semapv/vocab/"

# Outside datasets we link to, keyed by a short name, with the IRI namespace of their
# resources. Link sets (SSSOM -> RDF, VoID linksets) are grouped by these.
LINK_TARGETS: dict[str, str] = {
    "wikidata": "http://www.wikidata.org/entity/",
    "dbpedia": "http://dbpedia.org/resource/",
    "geonames": "https://sws.geonames.org/",
    "unbis": "http://metadata.un.org/thesaurus/",
    "eurovoc": "http://eurovoc.europa.eu/",
}

# The kinds of things under ID that the bundled data uses; each one's prefix is its name.
KINDS = (
    "act",
    "act-kind",
    "agreement",
    "cameo",
    "cooperation",
    "document",
    "event",
    "initiative",
    "link",
    "meeting",
    "organisation",
    "period",
    "person",
    "place",
    "plan",
    "plover",
    "post",
    "post-holding",
    "scheme",
    "topic",
)

# THE prefix table: name -> namespace, sorted by name. Nothing else keeps one.
PREFIXES: dict[str, str] = dict(
    sorted(
        {
            "dcat": DCAT,
            "dcterms": DCTERMS,
            "foaf": FOAF,
            "graph": GRAPH,
            "nif": NIF,
            "org": ORG,
            "owl": OWL,
            "prov": PROV,
            "rdf": RDF,
            "rdfs": RDFS,
            "schema": SCHEMA,
            "scokg": SCOKG,
            "sem": SEM,
            "semapv": SEMAPV,
            "sh": SH,
            "shape": SHAPES,
            "skos": SKOS,
            "sssom": SSSOM,
            "time": TIME,
            "vann": VANN,
            "void": VOID,
            "xsd": XSD,
            **{kind: ID + kind + "/" for kind in KINDS},
        }.items()
    )
)

# Per-document namespaces (``.../id/document/<slug>/sentence/`` and ``.../fact/``): a Turtle
# file declares them for its own document under these names.
DOCUMENT_PREFIXES = ("sentence", "fact")

_KIND_RE = re.compile(r"[a-z][a-z0-9-]*")
_DOCUMENT_PART_RE = re.compile(r"[A-Za-z0-9_.-]+/(" + "|".join(DOCUMENT_PREFIXES) + ")/")
# Longest namespace first, so a more specific namespace wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def prefix_for(namespace: str) -> str | None:
    """The one prefix name for a namespace IRI, or None when the project has no name for it.

    ``.../id/post-holding/`` -> ``post-holding``; ``.../id/document/<slug>/sentence/`` ->
    ``sentence``; ``http://www.w3.org/2004/02/skos/core#`` -> ``skos``.
    """
    for name, known in PREFIXES.items():
        if known == namespace:
            return name
    if namespace.startswith(ID):
        rest = namespace[len(ID) :]
        if rest.endswith("/") and _KIND_RE.fullmatch(rest[:-1]):
            return rest[:-1]
        if rest.startswith("document/"):
            match = _DOCUMENT_PART_RE.fullmatch(rest[len("document/") :])
            if match:
                return match.group(1)
    return None


def compact(iri: str) -> str:
    """``kind:slug`` or ``prefix:local`` when one applies, else the IRI itself.

    The longest namespace of :data:`PREFIXES` wins; an IRI ``.../id/<kind>/<rest>`` of a kind
    not in the table still reads ``<kind>:<rest>``. The local part is not escaped (this is
    for showing IRIs; writers of Turtle get :func:`turtle_prefixes`).
    """
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    if iri.startswith(ID):
        kind, sep, rest = iri[len(ID) :].partition("/")
        if sep and rest and _KIND_RE.fullmatch(kind):
            return f"{kind}:{rest}"
    return iri


def expand(name: str, prefixes: Mapping[str, str] | None = None) -> str | None:
    """The IRI of a prefixed name with a prefix of the table (``skos:prefLabel``), else None.

    ``prefixes`` is the table to use, for a project's own prefixes (pass
    :attr:`scokg.project.Project.prefixes`: scokg's table plus ``[prefixes]`` of
    scokg.toml); default :data:`PREFIXES`. This is the one place where every command that
    takes a prefixed name (``describe``, query entity parameters, ``new-document
    --publisher``) expands it.
    """
    table = PREFIXES if prefixes is None else prefixes
    prefix, sep, local = name.partition(":")
    if sep and prefix in table and local and not local.startswith("//"):
        return table[prefix] + local
    return None


def turtle_prefixes(used: set[str]) -> dict[str, str]:
    """Prefix declarations (name -> namespace) for the IRIs in ``used``: only the namespaces
    some IRI falls under, so a small Turtle answer does not carry the whole table."""
    prefixes: dict[str, str] = {}
    for iri in used:
        name = compact(iri)
        if name == iri:
            continue
        prefix = name.split(":", 1)[0]
        prefixes[prefix] = PREFIXES.get(prefix) or ID + prefix + "/"
    return dict(sorted(prefixes.items()))
