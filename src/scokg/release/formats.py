"""RDF serialisations of the release, each written so that equal graphs give equal bytes.

Every writer keeps each term exactly (lexical form, datatype, language tag, IRI): Turtle,
N-Triples, N-Quads and TriG are written by pyoxigraph's serialisers from the terms its
parser read; RDF/XML is written here, and refuses (:class:`DataError`, naming the term and
where it was read) what XML 1.0 cannot carry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from scokg.errors import DataError
from scokg.release.graphs import ox_key, triple_key
from scokg.release.terms import ox_triple, show

if TYPE_CHECKING:
    import rdflib

    from scokg.release.graphs import ReleaseGraphs

Locate = Callable[["rdflib.term.Node"], tuple[Path | None, int | None]]


def _sorted_lines(text: str) -> str:
    """The distinct non-empty lines of N-Triples/N-Quads text, sorted.

    Split on "\\n" only: N-Triples escapes LF and CR inside literals, but other line
    breaks (U+2028, U+0085, VT, FF) are written raw and are not line ends.
    """
    lines = sorted({line for line in text.split("\n") if line.strip()})
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def ox_triples(graph: rdflib.Graph) -> list[pyoxigraph.Triple]:
    """An rdflib graph's triples as pyoxigraph terms, sorted (for the writers below)."""
    return sorted((ox_triple(t) for t in graph), key=ox_key)


def _serialize(items: Iterable[Any], fmt: pyoxigraph.RdfFormat, **options: Any) -> str:
    return (pyoxigraph.serialize(list(items), format=fmt, **options) or b"").decode("utf-8")


def ntriples(triples: Iterable[pyoxigraph.Triple]) -> str:
    """N-Triples (pyoxigraph's writer, terms as parsed), one line per triple, sorted."""
    return _sorted_lines(_serialize(triples, pyoxigraph.RdfFormat.N_TRIPLES))


def nquads(graphs: ReleaseGraphs) -> str:
    """N-Quads of every named graph, sorted."""
    return _sorted_lines(_serialize(graphs.quads, pyoxigraph.RdfFormat.N_QUADS))


def nquads_rdf12(graphs: ReleaseGraphs) -> str:
    """RDF 1.2 N-Quads: statements as reifiers (``r rdf:reifies <<( s p o )>>``), sorted."""
    from scokg.reification import to_rdf12

    return _sorted_lines(_serialize(to_rdf12(graphs.quads), pyoxigraph.RdfFormat.N_QUADS))


def trig_rdf12(graphs: ReleaseGraphs) -> str:
    """RDF 1.2 TriG: as :func:`trig`, statements written as reifiers with triple terms."""
    from scokg.reification import to_rdf12

    quads = sorted(to_rdf12(graphs.quads), key=ox_key)
    return _serialize(quads, pyoxigraph.RdfFormat.TRIG, prefixes=_prefixes(graphs.prefixes))


def turtle(triples: Iterable[pyoxigraph.Triple], prefixes: dict[str, str] | None = None) -> str:
    """Turtle by pyoxigraph's writer: triples in sorted order, every prefix of ``prefixes``
    (default: scokg's table; a project adds its own, see ``Project.prefixes``) declared.

    pyoxigraph writes a prefixed name only where the local part is valid Turtle and the
    full ``<IRI>`` otherwise, so IRIs outside the prefix table need no declaration.
    """
    return _serialize(
        sorted(triples, key=ox_key), pyoxigraph.RdfFormat.TURTLE, prefixes=_prefixes(prefixes)
    )


def trig(graphs: ReleaseGraphs) -> str:
    """TriG by pyoxigraph's writer: graphs in IRI order, sorted triples, prefixes declared."""
    return _serialize(graphs.quads, pyoxigraph.RdfFormat.TRIG, prefixes=_prefixes(graphs.prefixes))


def _prefixes(prefixes: dict[str, str] | None = None) -> dict[str, str]:
    from scokg.vocab import PREFIXES

    return dict(sorted((PREFIXES if prefixes is None else prefixes).items()))


_XML_ILLEGAL_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME_START = (
    "A-Z_a-z\xc0-\xd6\xd8-\xf6\xf8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + "\\-.0-9\xb7\u0300-\u036f\u203f\u2040"
# The longest suffix of an IRI that is an XML NCName (a property element's local name).
_NCNAME_TAIL_RE = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*$")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
# RDF/XML grammar §7.2.5: names that cannot be property elements (rdf:li is renumbered).
_NOT_PROPERTY = {
    RDF + name
    for name in [
        "RDF",
        "ID",
        "about",
        "bagID",
        "parseType",
        "resource",
        "nodeID",
        "datatype",
        "Description",
        "aboutEach",
        "aboutEachPrefix",
        "li",
    ]
}


class CannotCarry(ValueError):
    """A term the format cannot represent; ``reason`` says why."""

    def __init__(self, term: rdflib.term.Node, reason: str) -> None:
        super().__init__(reason)
        self.term = term
        self.reason = reason


def cannot_carry(
    exc: CannotCarry, fmt: str, locate: Locate | None, hint: str | None = None
) -> DataError:
    """The error for a term ``fmt`` cannot carry, at the term's source file and line."""
    path, line = locate(exc.term) if locate is not None else (None, None)
    return DataError(
        f"{fmt} cannot carry the term {show(exc.term)}: {exc.reason}",
        file=path,
        line=line,
        hint=hint or "change or remove this term; the other formats would keep it",
    )


def _check_xml(term: rdflib.term.Node, text: str) -> None:
    bad = _XML_ILLEGAL_RE.search(text)
    if bad:
        raise CannotCarry(term, f"it holds U+{ord(bad.group()):04X}, which XML 1.0 forbids")


_NCNAME_RE = re.compile(f"[{_NAME_START}][{_NAME_CHAR}]*")


def _node_ids(graph: rdflib.Graph) -> dict[str, str]:
    """``rdf:nodeID`` for each blank node label: the label itself when it is an XML NCName
    (always, for labels scokg makes), else ``h`` + its UTF-8 in hex, kept distinct."""
    import rdflib

    labels = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.BNode)}
    ids = {label: label for label in labels if _NCNAME_RE.fullmatch(label)}
    taken = set(ids)
    for label in sorted(labels - taken):
        new = "h" + label.encode("utf-8").hex()
        while new in taken:
            new += "_"
        ids[label] = new
        taken.add(new)
    return ids


def rdfxml(
    graph: rdflib.Graph, locate: Locate | None = None, prefixes: dict[str, str] | None = None
) -> str:
    """RDF/XML, one ``rdf:Description`` per subject in sorted order.

    Written here because rdflib's writers iterate subjects in hash order (and its 'pretty'
    writer drops some prefixes), which would make two builds differ. A term RDF/XML cannot
    carry (a character XML 1.0 forbids; a predicate with no XML name, or a reserved one)
    raises :class:`DataError` naming the term and ``locate(term)``'s file and line.
    """
    try:
        return _rdfxml(graph, prefixes)
    except CannotCarry as exc:
        raise cannot_carry(exc, "RDF/XML", locate) from None


def _rdfxml(graph: rdflib.Graph, prefixes: dict[str, str] | None = None) -> str:
    from xml.sax.saxutils import escape, quoteattr

    import rdflib

    from scokg.vocab import PREFIXES

    namespaces = {ns: prefix for prefix, ns in (PREFIXES if prefixes is None else prefixes).items()}
    extra: dict[str, str] = {}
    node_ids = _node_ids(graph)

    def qname(term: rdflib.term.Node) -> str:
        iri = str(term)
        _check_xml(term, iri)
        if iri in _NOT_PROPERTY:
            raise CannotCarry(term, "RDF/XML reserves this name (it is not a property element)")
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        if not _NCNAME_TAIL_RE.fullmatch(iri[cut:]):
            found = _NCNAME_TAIL_RE.search(iri)
            if found is None or found.start() == 0:
                raise CannotCarry(term, "a predicate must end in an XML name (NCName)")
            cut = found.start()
        ns, local = iri[:cut], iri[cut:]
        if ns not in namespaces:
            extra.setdefault(ns, f"ns{len(extra) + 1}")
        return f"{namespaces.get(ns) or extra[ns]}:{local}"

    def node_attr(term: rdflib.term.Node, attr: str) -> str:
        _check_xml(term, str(term))
        if isinstance(term, rdflib.BNode):
            return f"rdf:nodeID={quoteattr(node_ids[str(term)])}"
        return f"rdf:{attr}={quoteattr(str(term))}"

    body: list[str] = []
    current = None
    for s, p, o in sorted(graph, key=triple_key):
        if s != current:
            if current is not None:
                body.append("  </rdf:Description>")
            body.append(f"  <rdf:Description {node_attr(s, 'about')}>")
            current = s
        name = qname(p)
        if isinstance(o, rdflib.Literal):
            attrs = ""
            if o.language:
                attrs = f" xml:lang={quoteattr(o.language)}"
            elif o.datatype is not None:
                _check_xml(o, str(o.datatype))
                attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
            _check_xml(o, str(o))
            text = escape(str(o), {"\r": "&#13;"})
            body.append(f"    <{name}{attrs}>{text}</{name}>")
        else:
            body.append(f"    <{name} {node_attr(o, 'resource')}/>")
    if current is not None:
        body.append("  </rdf:Description>")
    used = {line.split("<", 1)[1].split(":", 1)[0] for line in body if "<" in line}
    declared = sorted(
        [(prefix, ns) for ns, prefix in namespaces.items() if prefix in used | {"rdf"}]
        + [(prefix, ns) for ns, prefix in extra.items()]
    )
    head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    head += [f"  xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in declared]
    head[-1] += ">"
    return "\n".join([*head, *body, "</rdf:RDF>"]) + "\n"
