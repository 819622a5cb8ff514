"""The project's JSON-LD context, and graph results written as compact JSON-LD with it.

The context (hand-written) gives every scokg property, and the SKOS, NIF, PROV and Dublin
Core terms the data uses, a short key a web developer can read without knowing RDF; the
release ships it as ``context.jsonld`` and embeds it in every JSON-LD file. Compaction is
JSON-LD 1.1 (pyld), with a document loader that refuses every URL: nothing is fetched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scokg import vocab

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pyoxigraph


def _ref(iri: str, many: bool = True) -> dict[str, Any]:
    term: dict[str, Any] = {"@id": iri, "@type": "@id"}
    if many:
        term["@container"] = "@set"
    return term


def _en(iri: str, many: bool = False) -> dict[str, Any]:
    term: dict[str, Any] = {"@id": iri, "@language": "en"}
    if many:
        term["@container"] = "@set"
    return term


def _back(iri: str) -> dict[str, Any]:
    """A reverse key: the things that point at a node through ``iri`` (JSON-LD 1.1 §4.8)."""
    return {"@reverse": iri, "@type": "@id", "@container": "@set"}


def _typed(iri: str, datatype: str) -> dict[str, Any]:
    return {"@id": iri, "@type": datatype}


# Core and supporting classes by their local names, so "type": "Meeting" reads naturally.
_CLASSES = (
    "Act",
    "ActKind",
    "Agreement",
    "Cooperation",
    "Event",
    "Initiative",
    "Meeting",
    "Organisation",
    "Person",
    "Place",
    "Plan",
    "Post",
    "PostHolding",
    "Signing",
    "SourceDocument",
    "Topic",
)

# Vocabulary prefixes the context declares (names and namespaces from scokg.vocab). The id
# kinds are left out: keys such as "organisation" and "post" name properties here.
_VOCABULARIES = (
    "dcterms",
    "foaf",
    "nif",
    "org",
    "owl",
    "prov",
    "rdf",
    "rdfs",
    "schema",
    "sem",
    "skos",
    "sssom",
    "time",
    "vann",
    "xsd",
)

CONTEXT: dict[str, Any] = {
    "id": "@id",
    "type": "@type",
    "scokg": vocab.SCOKG,
    **{name: vocab.PREFIXES[name] for name in _VOCABULARIES},
    **{name: f"scokg:{name}" for name in _CLASSES},
    "Statement": "rdf:Statement",
    "Concept": "skos:Concept",
    "ConceptScheme": "skos:ConceptScheme",
    "TextContext": "nif:Context",
    "Sentence": "nif:Sentence",
    "Title": "nif:Title",
    # Names and descriptions (SKOS, RDFS, Dublin Core)
    "name": _en("skos:prefLabel"),
    "altNames": _en("skos:altLabel"),
    "label": _en("rdfs:label"),
    "definition": _en("skos:definition"),
    "example": _en("skos:example"),
    "editorialNote": _en("skos:editorialNote"),
    "changeNote": _en("skos:changeNote"),
    "title": _en("dcterms:title"),
    "description": _en("dcterms:description"),
    "creator": _en("dcterms:creator"),
    "identifier": "dcterms:identifier",
    "format": "dcterms:format",
    "issued": _typed("dcterms:issued", "xsd:date"),
    "created": _typed("dcterms:created", "xsd:date"),
    "license": _ref("dcterms:license", many=False),
    "publisher": _ref("dcterms:publisher", many=False),
    "sources": _ref("dcterms:source"),
    "language": _ref("dcterms:language", many=False),
    # SKOS concept schemes (topics, act kinds) and mappings
    "broader": _ref("skos:broader"),
    "inScheme": _ref("skos:inScheme", many=False),
    "topConceptOf": _ref("skos:topConceptOf", many=False),
    "topConcepts": _ref("skos:hasTopConcept"),
    "exactMatch": _ref("skos:exactMatch"),
    "closeMatch": _ref("skos:closeMatch"),
    "broadMatch": _ref("skos:broadMatch"),
    "sameAs": _ref("owl:sameAs"),
    "notation": "skos:notation",
    "scopeNote": _en("skos:scopeNote"),
    "mappingJustification": _ref("sssom:mapping_justification", many=False),
    "confidence": _typed("sssom:confidence", "xsd:double"),
    # Event codes (CAMEO) of our events: a type from another vocabulary
    "eventCodes": _ref("schema:additionalType"),
    # Provenance: sentences a fact or an entity comes from (PROV-O, NIF 2.1, reification)
    "derivedFrom": _ref("prov:wasDerivedFrom"),
    "text": "nif:isString",
    "quote": "nif:anchorOf",
    "begin": _typed("nif:beginIndex", "xsd:nonNegativeInteger"),
    "end": _typed("nif:endIndex", "xsd:nonNegativeInteger"),
    "inText": _ref("nif:referenceContext", many=False),
    "sourceUrl": _ref("nif:sourceUrl", many=False),
    "subject": _ref("rdf:subject", many=False),
    "predicate": _ref("rdf:predicate", many=False),
    "object": "rdf:object",
    "derivationNote": _en("scokg:derivationNote"),
    "sha256": "scokg:sha256",
    # Organisations, people and posts
    "subOrganisationOf": _ref("scokg:subOrganisationOf"),
    "headquarters": _ref("scokg:headquarters"),
    "foundingDate": _typed("scokg:foundingDate", "xsd:gYear"),
    "mandateTopics": _ref("scokg:mandateTopic"),
    "postIn": _ref("scokg:postIn", many=False),
    "headOf": _ref("scokg:headOf"),
    "holder": _ref("scokg:holder", many=False),
    "post": _ref("scokg:post", many=False),
    "organisation": _ref("scokg:inOrganisation", many=False),
    "attestedOn": _typed("scokg:attestedOn", "xsd:date"),
    # Events, meetings, signings and agreements
    "date": _typed("scokg:date", "xsd:date"),
    "location": _ref("scokg:location", many=False),
    "participants": _ref("scokg:participant"),
    "organisers": _ref("scokg:organiser"),
    "parties": _ref("scokg:party"),
    "signedAgreement": _ref("scokg:signedAgreement", many=False),
    "signedIn": _ref("scokg:signedIn", many=False),
    "signedOn": _typed("scokg:signedOn", "xsd:date"),
    "implements": _ref("scokg:implements"),
    # Acts: what was said or done in an event
    "kind": _ref("scokg:actKind", many=False),
    "actors": _ref("scokg:actor"),
    "addressees": _ref("scokg:addressee"),
    "concerns": _ref("scokg:concerns"),
    "places": _ref("scokg:concernsPlace"),
    "partOf": _ref("scokg:partOf"),
    "topics": _ref("scokg:hasTopic"),
    # Cooperation
    "partners": _ref("scokg:partner"),
    "initiatives": _ref("scokg:underInitiative"),
    "activeIn": _typed("scokg:activeIn", "xsd:gYear"),
    # Time: event spans (a day, month or year: no datatype coercion) and post-holding periods
    "startDate": "scokg:startDate",
    "endDate": "scokg:endDate",
    "memberDuring": _ref("org:memberDuring", many=False),
    "hasBeginning": _ref("time:hasBeginning", many=False),
    "hasEnd": _ref("time:hasEnd", many=False),
    "inXSDDate": _typed("time:inXSDDate", "xsd:date"),
    "inXSDgYearMonth": _typed("time:inXSDgYearMonth", "xsd:gYearMonth"),
    "inXSDgYear": _typed("time:inXSDgYear", "xsd:gYear"),
    # Reverse keys, used by the frames to nest what points at a thing under it
    "holdings": _back("scokg:holder"),
    "agreements": _back("scokg:party"),
    "parts": _back("scokg:partOf"),
    "signedThrough": _back("scokg:signedAgreement"),
    "implementedBy": _back("scokg:implements"),
    "statements": _back("rdf:subject"),
    # The ontology's named inverses, which the data never states, read as reverse keys
    "participatedIn": _back("scokg:participant"),
    "organised": _back("scokg:organiser"),
    "posts": _back("scokg:postIn"),
    "subOrganisations": _back("scokg:subOrganisationOf"),
    "actorIn": _back("scokg:actor"),
    "addresseeOf": _back("scokg:addressee"),
    "concernedBy": _back("scokg:concerns"),
    "hasHead": _back("scokg:headOf"),
    "headquartersOf": _back("scokg:headquarters"),
    "heldIn": _back("scokg:post"),
    "initiativeOf": _back("scokg:underInitiative"),
    "kindOfAct": _back("scokg:actKind"),
    "locationOf": _back("scokg:location"),
    "mandateTopicOf": _back("scokg:mandateTopic"),
    "organisationOfHolding": _back("scokg:inOrganisation"),
    "partnerIn": _back("scokg:partner"),
    "placeConcernedBy": _back("scokg:concernsPlace"),
    "placeOfSigningOf": _back("scokg:signedIn"),
    "topicOf": _back("scokg:hasTopic"),
}


class RemoteRefused(ValueError):
    """A JSON-LD document asked for a remote document (context, frame); nothing is fetched."""


def refuse_remote(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader that loads nothing: every URL is refused."""
    raise RemoteRefused(f"remote JSON-LD document refused (nothing is fetched): {url}")


def pyld_options(**more: Any) -> dict[str, Any]:
    """pyld options for JSON-LD 1.1 with :func:`refuse_remote` as the document loader."""
    return {"documentLoader": refuse_remote, "processingMode": "json-ld-1.1", **more}


def expanded_input(triples: Iterable[pyoxigraph.Triple]) -> list[dict[str, Any]]:
    """The triples as expanded JSON-LD (JSON-LD 1.1 API §8.4 "Serialize RDF as JSON-LD"
    without lists and native types): every literal a string ``@value`` with its datatype or
    language, ``rdf:type`` IRIs as ``@type``.

    Built from the pyoxigraph terms, not by pyld's N-Quads reader: pyld 3.3.0 drops, without
    a word, a triple whose literal holds an escaped control character (``"\\u001F"``).
    """
    import pyoxigraph

    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        subject = _node_ref(triple.subject)
        node = nodes.setdefault(subject, {"@id": subject})
        obj = triple.object
        if triple.predicate.value == _RDF_TYPE and not isinstance(obj, pyoxigraph.Literal):
            node.setdefault("@type", []).append(_node_ref(obj))
            continue
        if isinstance(obj, pyoxigraph.Literal):
            value: dict[str, Any] = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != _XSD_STRING:
                value["@type"] = obj.datatype.value
        else:
            value = {"@id": _node_ref(obj)}
        node.setdefault(triple.predicate.value, []).append(value)
    return [nodes[key] for key in sorted(nodes)]


_RDF_TYPE = vocab.PREFIXES["rdf"] + "type"
_XSD_STRING = vocab.PREFIXES["xsd"] + "string"


def _node_ref(term: Any) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    if isinstance(term, pyoxigraph.NamedNode):
        return str(term.value)
    raise ValueError(f"RDF-star triple term cannot be written as JSON-LD: {term}")


def compact(triples: Iterable[pyoxigraph.Triple]) -> dict[str, Any]:
    """The triples as a compact JSON-LD document with :data:`CONTEXT` embedded.

    Every literal stays a string with its exact lexical form (bare under a key whose
    coercion fits it, else a value object with its ``type`` or ``@language``); nodes sit in
    ``@graph``, sorted by id. Raises ``ValueError`` naming the first term (in N-Triples
    order) the context would misread: an IRI whose scheme is a context key (``<skos:x>``,
    which JSON-LD would read as a compact IRI) or that starts with ``@``.
    """
    from pyld import jsonld as pyld

    triples = list(triples)
    for iri in sorted(_iris(triples)):
        if misread_iri(iri):
            raise ValueError(
                f"JSON-LD cannot carry the term <{iri}>: JSON-LD with the scokg context "
                "would read it as a compact IRI"
            )
    try:
        doc: dict[str, Any] = pyld.compact(
            expanded_input(triples), {"@context": CONTEXT}, pyld_options(graph=True)
        )
    except pyld.JsonLdError as exc:
        reason = exc.args[0] if exc.args else type(exc).__name__  # never pyld's context dump
        raise ValueError(f"cannot be written as compact JSON-LD: {reason}") from None
    return doc


def misread_iri(iri: str) -> bool:
    """Whether JSON-LD with :data:`CONTEXT` would read ``iri`` as something else: a compact
    IRI (its scheme is a context key and no ``//`` follows) or a keyword (JSON-LD 1.1 §4.1.2,
    IRI expansion)."""
    scheme, _, rest = iri.partition(":")
    return (scheme in CONTEXT and not rest.startswith("//")) or iri.startswith("@")


def _iris(triples: list[pyoxigraph.Triple]) -> set[str]:
    import pyoxigraph

    found = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, pyoxigraph.NamedNode):
                found.add(term.value)
            elif isinstance(term, pyoxigraph.Literal):
                found.add(term.datatype.value)
    return found
