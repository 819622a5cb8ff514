"""Exact conversion of RDF terms between pyoxigraph and rdflib, and where a term came from.

The release is read with pyoxigraph's parser, which keeps lexical forms, datatypes and IRIs
exactly as written (only language tags are lowered, as RDF 1.1 Concepts §3.3 allows).
rdflib would normalise lexical forms when it builds a ``Literal`` (``"01"^^xsd:integer``
becomes ``"1"``), so every rdflib literal here is made with ``normalize=False``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.parsing import to_rdflib as to_rdflib  # the one converter, re-exported

if TYPE_CHECKING:
    import rdflib

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal


def to_oxigraph(term: rdflib.term.Node) -> OxTerm:
    """The pyoxigraph term equal to an rdflib one (``str(literal)`` is its lexical form);
    the one converter is :func:`scokg.engines.rdflib_engine.to_oxigraph`."""
    from scokg.engines.rdflib_engine import to_oxigraph as convert

    converted = convert(term)
    if converted is None:
        raise TypeError(f"not an RDF 1.1 term: {term!r}")
    return converted


def ox_triple(triple: tuple[rdflib.term.Node, ...]) -> pyoxigraph.Triple:
    """An rdflib ``(s, p, o)`` as a pyoxigraph Triple."""
    s, p, o = (to_oxigraph(t) for t in triple)
    return pyoxigraph.Triple(s, p, o)  # type: ignore[arg-type]  # subject/predicate kinds come from rdflib's own typing


def invalid_iri(value: str) -> str | None:
    """Why ``value`` is not an IRI (RFC 3987) pyoxigraph accepts, or None when it is.

    Turtle's prefixed names admit characters RFC 3987 forbids (U+E0000..U+E0FFF among
    them); such a "IRI" could be written back only as a prefixed name, which no other
    format has, and pyoxigraph refuses it in ``<...>`` form.
    """
    try:
        pyoxigraph.NamedNode(value)
    except ValueError as exc:
        return str(exc)
    return None


def show(term: rdflib.term.Node | OxTerm, limit: int = 80) -> str:
    """A term in N-Triples syntax (escaped, so invisible characters show), cut to ``limit``."""
    text = str(to_oxigraph(term) if not isinstance(term, OxTerm) else term)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def locate_in_text(path: Path, term: rdflib.term.Node) -> int | None:
    """The first line of ``path`` where ``term`` is spelled, or None when not found as is.

    A literal is looked for by its first line (up to the first character a source would
    have escaped); an IRI by itself, then by its last segment (a prefixed name).
    """
    import rdflib

    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError:
        return None
    needles: list[str] = []
    value = str(term)
    if isinstance(term, rdflib.Literal):
        head = re.split(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]", value, maxsplit=1)[0]
        needles = [head] if head.strip() else []
    elif isinstance(term, rdflib.URIRef):
        cut = max(value.rfind("#"), value.rfind("/")) + 1
        needles = [f"<{value}>", value[cut:]] if value[cut:] else [f"<{value}>"]
    for needle in needles:
        at = text.find(needle)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None
