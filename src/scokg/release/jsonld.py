"""The hand-written JSON-LD context, the compact JSON-LD dump and one example per core class.

The context gives every scokg property, and the SKOS, NIF, PROV and Dublin Core terms the
data uses, a short key a web developer can read without knowing RDF. Documents embed the
context, so reading them never fetches anything remote.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scokg import vocab

if TYPE_CHECKING:
    import rdflib


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
    "dcat",
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
    "narrower": _ref("skos:narrower"),
    "related": _ref("skos:related"),
    "inScheme": _ref("skos:inScheme", many=False),
    "topConceptOf": _ref("skos:topConceptOf", many=False),
    "topConcepts": _ref("skos:hasTopConcept"),
    "exactMatch": _ref("skos:exactMatch"),
    "closeMatch": _ref("skos:closeMatch"),
    "broadMatch": _ref("skos:broadMatch"),
    "narrowMatch": _ref("skos:narrowMatch"),
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
    "subOrganisations": _ref("scokg:hasSubOrganisation"),
    "headquarters": _ref("scokg:headquarters"),
    "foundingDate": _typed("scokg:foundingDate", "xsd:gYear"),
    "mandateTopics": _ref("scokg:mandateTopic"),
    "posts": _ref("scokg:hasPost"),
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
    "participatedIn": _ref("scokg:participatedIn"),
    "organisers": _ref("scokg:organiser"),
    "organised": _ref("scokg:organised"),
    "parties": _ref("scokg:party"),
    "partyTo": _ref("scokg:partyTo"),
    "signedAgreement": _ref("scokg:signedAgreement", many=False),
    "signedIn": _ref("scokg:signedThrough", many=False),
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
    # Reverse keys, used by the examples to show what points at a thing
    "holdings": {"@reverse": "scokg:holder", "@type": "@id", "@container": "@set"},
    "agreements": {"@reverse": "scokg:party", "@type": "@id", "@container": "@set"},
    "parts": {"@reverse": "scokg:partOf", "@type": "@id", "@container": "@set"},
}


def context_document() -> dict[str, Any]:
    """The content of ``context.jsonld``."""
    return {"@context": CONTEXT}


def dumps(data: Any) -> str:
    """Stable JSON: keys ordered id, type, then alphabetically; two-space indent.

    ``allow_nan=False``: a float NaN or infinity is not JSON, so it is an error, never
    written (literals are written as strings by :func:`compact`).
    """
    return json.dumps(_order(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _key_rank(key: str) -> tuple[int, str]:
    first = {"@context": 0, "id": 1, "@id": 1, "type": 2, "@type": 2}
    return (first.get(key, 3), key)


def _order(value: Any, key: str | None = None) -> Any:
    """Sort object keys and set-like arrays so equal graphs give equal text."""
    if isinstance(value, dict):
        ordered = {k: _order(value[k], k) for k in sorted(value, key=_key_rank)}
        return ordered
    if isinstance(value, list):
        items = [_order(v) for v in value]
        if key in ("@list",):
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def compact(graph: rdflib.Graph) -> dict[str, Any]:
    """The graph in compact JSON-LD with :data:`CONTEXT` embedded, nodes sorted by id.

    Written here rather than by rdflib's serialiser, which turns typed literals into JSON
    numbers (``"01"^^xsd:integer`` became ``1``, ``"INF"^^xsd:double`` the non-JSON
    ``Infinity``, and ``"-0"^^xsd:double`` merged with ``"0.000"^^xsd:decimal``). Here a
    literal is a JSON string, always with its exact lexical form: bare under a context key
    whose coercion (``@type``, ``@language``) matches it, else a value object. Raises
    :class:`scokg.release.formats.CannotCarry` for an IRI that this context would
    misread (one whose scheme is a context key, such as ``scokg:x`` taken as a CURIE).
    """
    import rdflib

    nodes: dict[rdflib.term.Node, dict[str, list[Any]]] = {}
    for s, p, o in graph:
        nodes.setdefault(s, {}).setdefault(str(p), []).append(o)
    out = []
    for subject, props in nodes.items():
        node: dict[str, Any] = {"id": _node_id(subject)}
        for predicate, objects in props.items():
            if predicate == RDF_TYPE and all(isinstance(o, rdflib.URIRef) for o in objects):
                names = sorted(_type_name(o) for o in objects)
                node["type"] = names if len(names) > 1 else names[0]
                continue
            key, coerce = _key_for(predicate, objects)
            values = [_value(o, coerce) for o in objects]
            node[key] = values if len(values) > 1 or _is_set(key) else values[0]
        out.append(node)
    return {"@context": CONTEXT, "@graph": sorted(out, key=lambda n: str(n["id"]))}


RDF_TYPE = vocab.PREFIXES["rdf"] + "type"
XSD_STRING = vocab.PREFIXES["xsd"] + "string"
_KEYWORD_ALIASES = {"id", "type"}


def _expand(value: str) -> str:
    prefix, sep, local = value.partition(":")
    if sep and isinstance(CONTEXT.get(prefix), str) and not local.startswith("//"):
        return str(CONTEXT[prefix]) + local
    return value


def _terms_by_iri() -> dict[str, list[tuple[str, dict[str, Any]]]]:
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for key, term in sorted(CONTEXT.items()):
        if key in _KEYWORD_ALIASES or key in _VOCABULARIES or key == "scokg":
            continue
        definition = term if isinstance(term, dict) else {"@id": term}
        if "@reverse" in definition or not isinstance(definition.get("@id"), str):
            continue
        found.setdefault(_expand(definition["@id"]), []).append((key, definition))
    return found


_TERMS = _terms_by_iri()
_CLASS_NAMES = {_expand(f"scokg:{name}"): name for name in _CLASSES}


def _safe_iri(iri: str, term: rdflib.term.Node) -> str:
    """``iri`` as is, unless JSON-LD with this context would read it as a compact IRI."""
    scheme, _, rest = iri.partition(":")
    if (scheme in CONTEXT and not rest.startswith("//")) or iri.startswith("@"):
        from scokg.release.formats import CannotCarry

        raise CannotCarry(term, "JSON-LD with the scokg context would read it as a compact IRI")
    return iri


def _compact_iri(iri: str) -> str:
    """A CURIE with a vocabulary prefix of the context, when it expands back exactly."""
    for prefix in ("scokg", *_VOCABULARIES):
        ns = str(CONTEXT[prefix])
        local = iri[len(ns) :]
        if iri.startswith(ns) and local and not local.startswith("//") and ":" not in local:
            curie = f"{prefix}:{local}"
            if curie not in CONTEXT and _expand(curie) == iri:
                return curie
    return iri


def _node_id(term: rdflib.term.Node) -> str:
    import rdflib

    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return _safe_iri(str(term), term)


def _type_name(term: rdflib.term.Node) -> str:
    iri = str(term)
    return _CLASS_NAMES.get(iri) or _compact_iri(_safe_iri(iri, term))


def _fits(definition: dict[str, Any], term: rdflib.term.Node) -> bool:
    import rdflib

    coerce = definition.get("@type")
    if coerce == "@id":
        return isinstance(term, rdflib.URIRef | rdflib.BNode)
    if not isinstance(term, rdflib.Literal):
        return coerce is None and "@language" not in definition
    if "@language" in definition:
        return term.language == definition["@language"]
    if coerce is not None:
        return term.language is None and str(term.datatype) == _expand(coerce)
    return True


def _key_for(predicate: str, objects: list[rdflib.term.Node]) -> tuple[str, dict[str, Any]]:
    """The context key for ``predicate`` whose coercion fits every value, else a CURIE or IRI."""
    for key, definition in _TERMS.get(predicate, []):
        if all(_fits(definition, o) for o in objects):
            return key, definition
    import rdflib

    return _compact_iri(_safe_iri(predicate, rdflib.URIRef(predicate))), {}


def _is_set(key: str) -> bool:
    term = CONTEXT.get(key)
    return isinstance(term, dict) and term.get("@container") == "@set"


def _value(term: rdflib.term.Node, coerce: dict[str, Any]) -> Any:
    import rdflib

    if isinstance(term, rdflib.BNode):
        return f"_:{term}" if coerce.get("@type") == "@id" else {"id": f"_:{term}"}
    if isinstance(term, rdflib.URIRef):
        iri = _safe_iri(str(term), term)
        return iri if coerce.get("@type") == "@id" else {"id": iri}
    assert isinstance(term, rdflib.Literal)
    lexical = str(term)
    if coerce and ("@language" in coerce or "@type" in coerce):
        return lexical  # _key_for chose this key because its coercion fits
    if term.language:
        return {"@value": lexical, "@language": term.language}
    datatype = str(term.datatype) if term.datatype is not None else XSD_STRING
    if datatype == XSD_STRING:
        return lexical
    return {"@value": lexical, "type": _compact_iri(_safe_iri(datatype, term))}


def parse(text: str) -> rdflib.Graph:
    """Read JSON-LD into rdflib, refusing any remote context (the context is embedded).

    rdflib would fetch a remote ``@context`` or ``@import``; pyoxigraph, which never
    fetches, parses the text first and refuses them (:func:`scokg.parsing.parse_rdf_bytes`).
    """
    import rdflib

    from scokg.parsing import parse_rdf_bytes

    data = json.loads(text)
    _refuse_remote(data)
    parse_rdf_bytes(text.encode("utf-8"), "jsonld")
    graph = rdflib.Graph()
    graph.parse(data=text, format="json-ld")
    return graph


def _refuse_remote(value: Any) -> None:
    if isinstance(value, dict):
        ctx = value.get("@context")
        if isinstance(ctx, str) or (isinstance(ctx, list) and any(isinstance(c, str) for c in ctx)):
            raise ValueError(f"remote JSON-LD context refused: {ctx!r}")
        for v in value.values():
            _refuse_remote(v)
    elif isinstance(value, list):
        for v in value:
            _refuse_remote(v)


# One example per core class: (file stem, focal resource, reverse keys shown).
EXAMPLES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("organisation", vocab.ID + "organisation/unodc", (("agreements", "party"),)),
    ("person", vocab.ID + "person/vladimir-norov", (("holdings", "holder"),)),
    ("meeting", vocab.ID + "meeting/norov-waly-2020-03-03", (("parts", "partOf"),)),
    ("agreement", vocab.ID + "agreement/sco-secretariat-unodc-mou-2011", ()),
    ("topic", vocab.ID + "topic/illicit-drug-trafficking", ()),
)

_PREF = vocab.SKOS + "prefLabel"
_DERIVED = vocab.PROV + "wasDerivedFrom"
_ANCHOR = vocab.NIF + "anchorOf"


def example_graph(
    graph: rdflib.Graph, focus: str, reverse: tuple[tuple[str, str], ...] = ()
) -> rdflib.Graph:
    """The triples an example shows: the focus, what it points at (type and name), the
    quotes of its source sentences, and the things pointing at it through ``reverse``."""
    import rdflib

    from scokg.release.graphs import new_graph

    out = new_graph()
    node = rdflib.URIRef(focus)
    neighbours: set[rdflib.term.Node] = set()
    for p, o in graph.predicate_objects(node):
        out.add((node, p, o))
        if isinstance(o, rdflib.URIRef) and p != rdflib.RDF.type:
            neighbours.add(o)
    for _, local in reverse:
        for s in graph.subjects(rdflib.URIRef(vocab.SCOKG + local), node):
            for p, o in graph.predicate_objects(s):
                if str(p) != _DERIVED:
                    out.add((s, p, o))
                if isinstance(o, rdflib.URIRef) and p != rdflib.RDF.type:
                    neighbours.add(o)
    for other in neighbours - {node}:
        for p in (rdflib.RDF.type, rdflib.URIRef(_PREF), rdflib.URIRef(_ANCHOR)):
            for o in graph.objects(other, p):
                out.add((other, p, o))
    return out


def frame(
    graph: rdflib.Graph, focus: str, reverse: tuple[tuple[str, str], ...] = ()
) -> dict[str, Any]:
    """A tree rooted at ``focus``: its neighbours embedded once, reverse links nested.

    Built from the compacted example graph (what a JSON-LD frame with ``@embed: @once``
    would give), because rdflib has no framing and the trees are one level deep.
    """
    sub = example_graph(graph, focus, reverse)
    nodes = {n["id"]: n for n in compact(sub)["@graph"]}
    root = dict(nodes.pop(focus))
    for key, local in reverse:
        back = _context_key(local)
        children = [n for n in nodes.values() if focus in _as_list(n.get(back, []))]
        for child in children:
            nodes.pop(child["id"])
        if children:
            root[key] = [_without(child, back, focus) for child in children]
    embedded: set[str] = set()
    root = _embed_once(root, nodes, embedded)
    left = sorted(set(nodes) - embedded)
    if left:  # cannot happen for one-level trees; guards the round trip
        raise ValueError(f"example for {focus} would drop nodes: {left}")
    return {"@context": CONTEXT, **root}


def _embed_once(node: dict[str, Any], nodes: dict[str, Any], done: set[str]) -> dict[str, Any]:
    """Replace IRI references by the referenced node the first time each one appears."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("id", "type", "@context"):
            out[key] = value
            continue
        items = []
        for item in _as_list(value):
            if isinstance(item, str) and item in nodes and item not in done:
                done.add(item)
                items.append(_embed_once(nodes[item], nodes, done))
            elif isinstance(item, dict) and "id" in item and "@value" not in item:
                items.append(_embed_once(item, nodes, done))
            else:
                items.append(item)
        out[key] = items if isinstance(value, list) else items[0]
    return out


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _context_key(local: str) -> str:
    target = f"scokg:{local}"
    for key, term in CONTEXT.items():
        if isinstance(term, dict) and term.get("@id") == target:
            return key
    raise KeyError(local)


def _without(node: dict[str, Any], key: str, value: str) -> dict[str, Any]:
    """A child node minus its link back to the root (implied by nesting under @reverse)."""
    out = dict(node)
    rest = [v for v in _as_list(out.get(key, [])) if v != value]
    if rest:
        out[key] = rest
    else:
        out.pop(key, None)
    return out
