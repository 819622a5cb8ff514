"""The compact JSON-LD dump of the whole release, and reading JSON-LD back.

The context lives in :mod:`scokg.output.jsonld` (query output uses it too) and is
re-exported here. Documents embed it, so reading them never fetches anything remote."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scokg import vocab
from scokg.output.jsonld import _CLASSES, _VOCABULARIES, CONTEXT

__all__ = ["CONTEXT", "compact", "context_document", "dumps", "parse"]

if TYPE_CHECKING:
    import rdflib


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
