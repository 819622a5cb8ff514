"""Prefixes for showing IRIs compactly (tables, Turtle) and reading prefixed names.

Things under ``https://w3id.org/scokg/id/<kind>/`` get the prefix ``<kind>:``, so
``.../id/organisation/unodc`` reads ``organisation:unodc`` without a table of kinds.
"""

from __future__ import annotations

import re

from scokg import iris

# Vocabularies our data and ontology use, plus the graph names.
VOCABULARIES: dict[str, str] = {
    "scokg": iris.SCOKG,
    "graph": iris.GRAPH,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "http://schema.org/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "nif": iris.NIF,
    "sh": "http://www.w3.org/ns/shacl#",
}

_KIND_RE = re.compile(r"[a-z][a-z0-9-]*")
# A local name that Turtle writes without escapes (a conservative subset of PN_LOCAL).
_SIMPLE_LOCAL_RE = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?")


def compact(iri: str) -> str:
    """``kind:slug`` or ``prefix:local`` when one applies, else the IRI itself."""
    if iri.startswith(iris.ID):
        kind, sep, rest = iri[len(iris.ID) :].partition("/")
        if sep and rest and _KIND_RE.fullmatch(kind):
            return f"{kind}:{rest}"
    for prefix, namespace in VOCABULARIES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def expand(name: str) -> str | None:
    """The IRI of a prefixed name with a vocabulary prefix (``skos:prefLabel``), else None."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in VOCABULARIES and local and not local.startswith("//"):
        return VOCABULARIES[prefix] + local
    return None


def turtle_prefixes(used: set[str]) -> dict[str, str]:
    """Prefix declarations for a Turtle file: vocabularies and the ``kind:`` namespaces used."""
    prefixes = dict(VOCABULARIES)
    for iri in used:
        if iri.startswith(iris.ID):
            kind, sep, rest = iri[len(iris.ID) :].partition("/")
            if sep and _KIND_RE.fullmatch(kind) and kind not in prefixes:
                prefixes[kind] = iris.ID + kind + "/"
    return prefixes
