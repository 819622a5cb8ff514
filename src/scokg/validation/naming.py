"""How a validation report names a node: a prefixed name for IRIs, N-Triples-like text for
literals, and a label (or the quoted sentence) to show beside a focus node.

Both SHACL engines must print the same ``value`` and ``path`` for the same node, so
:func:`short` takes rdflib and pyoxigraph terms alike and writes literals as rdflib's
``Literal.n3()`` does (triple quotes when the text has a newline). The IRI part is
:func:`scokg.vocab.compact`, in angle brackets when no prefix applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg import vocab

if TYPE_CHECKING:
    import rdflib

NBSP = "\u00a0"
LABEL_PROPERTIES = (
    vocab.SKOS + "prefLabel",
    vocab.RDFS + "label",
    vocab.DCTERMS + "title",
)


_DISPLAY: ContextVar[tuple[tuple[str, str], ...]] = ContextVar("scokg_display", default=())
"""The project's own prefixes (prefix, namespace), longest namespace first, while a
:func:`display_prefixes` block runs."""


@contextmanager
def display_prefixes(prefixes: Mapping[str, str]) -> Iterator[None]:
    """Within the block, :func:`short_iri` (and so every report line of validation) also
    writes IRIs with ``prefixes``, a project's table (``Project.prefixes``: scokg's bundled
    prefixes plus the ``[prefixes]`` of scokg.toml). The longest namespace wins, the
    project's own or a bundled one; a bundled prefix name the project gives another
    namespace is not used for the bundled one."""
    own = [(p, ns) for p, ns in prefixes.items() if ns and vocab.PREFIXES.get(p) != ns]
    token = _DISPLAY.set(tuple(sorted(own, key=lambda item: (-len(item[1]), item[0]))))
    try:
        yield
    finally:
        _DISPLAY.reset(token)


def short_iri(iri: str) -> str:
    """``prefix:local`` for an IRI (:func:`scokg.vocab.compact`, or a project's own prefix in
    a :func:`display_prefixes` block), else ``<iri>``."""
    name = vocab.compact(iri)
    own = _DISPLAY.get()
    if own:
        prefix = name.split(":", 1)[0] if name != iri else None
        # the bundled namespace's length: compact writes prefix ":" + the rest of the IRI
        bundled = len(iri) - (len(name) - len(prefix) - 1) if prefix is not None else 0
        overridden = any(p == prefix for p, _ns in own)
        for p, namespace in own:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                if len(namespace) >= bundled or overridden:
                    return f"{p}:{iri[len(namespace) :]}"
                break
        if overridden:
            return f"<{iri}>"
    return f"<{iri}>" if name == iri else name


def short(node: object) -> str:
    """Report text for an rdflib or pyoxigraph term: a prefixed name for IRIs, ``n3`` text
    for literals, ``_:label`` for a blank node (never a bare id, which reads as a name)."""
    if isinstance(node, ox.NamedNode):
        return short_iri(node.value)
    if isinstance(node, ox.Literal):
        return literal_n3(node)
    if isinstance(node, ox.BlankNode):
        return "_:" + node.value
    from rdflib import BNode, Literal, URIRef  # rdflib terms only: the fast engine never needs it

    if isinstance(node, URIRef):
        return short_iri(str(node))
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        return "_:" + str(node)
    return str(node)


# A local name that needs no escape in Turtle or SPARQL (PN_LOCAL, the ASCII part).
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")


def declared_prefixes(paths: Path | Sequence[Path]) -> dict[str, str]:
    """The prefixes Turtle files declare (``@prefix``/``PREFIX``), prefix -> namespace; for
    several files (the bundled shapes, then a project's own) the first declaration of a prefix
    wins. A file that does not parse adds nothing (its syntax error is reported elsewhere)."""
    found: dict[str, str] = {}
    for path in [paths] if isinstance(paths, Path) else paths:
        try:
            parser = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
            for _ in parser:
                pass
        except (OSError, SyntaxError, ValueError):
            continue
        for prefix, namespace in dict(parser.prefixes).items():
            found.setdefault(prefix, namespace)
    return found


def iri_namer(prefixes: Mapping[str, str]) -> Callable[[object], str]:
    """A namer for IRIs (rdflib or pyoxigraph): ``prefix:local`` with the longest of
    ``prefixes`` (a shapes graph's own) whose local part needs no escape, else
    :func:`short_iri` (the project's table, else ``<iri>``)."""
    ordered = sorted(prefixes.items(), key=lambda item: (-len(item[1]), item[0]))

    def name(node: object) -> str:
        iri = str(getattr(node, "value", node))
        for prefix, namespace in ordered:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and (local == "" or _PLAIN_LOCAL.fullmatch(local)):
                return f"{prefix}:{local}"
        return short_iri(iri)

    return name


def literal_n3(literal: ox.Literal) -> str:
    """rdflib's ``Literal.n3()`` for the same pyoxigraph literal."""
    value = literal.value
    if "\n" in value:
        encoded = value.replace("\\", "\\\\")
        if '"""' in value:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        quoted = '"""{}"""'.format(encoded.replace("\r", "\\r"))
    else:
        quoted = '"{}"'.format(value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r"))
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype.value != vocab.XSD + "string":
        return f"{quoted}^^<{literal.datatype.value}>"
    return quoted


def label_of(graph: rdflib.Graph, node: rdflib.term.Node) -> str | None:
    """The node's English label, or its quoted text for a sentence, if it has one."""
    from rdflib import URIRef

    for prop in LABEL_PROPERTIES:
        value = graph.value(node, URIRef(prop))
        if value is not None:
            return str(value)
    anchor = graph.value(node, URIRef(vocab.NIF + "anchorOf"))
    if anchor is not None:
        text = str(anchor).replace("\u00a0", " ")
        return f'"{text[:60]}..."' if len(text) > 60 else f'"{text}"'
    return None


def store_label(store: ox.Store, graphs: Iterable[str], node: object) -> str | None:
    """The node's label in ``graphs`` (graph IRIs), or its quoted text for a sentence.

    Returns None for a literal, or for a node without a label or a ``nif:anchorOf``. A
    sentence's text is quoted and cut at 60 characters, no-break spaces shown as spaces.
    """
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return None
    named = [ox.NamedNode(g) for g in graphs]
    for prop in LABEL_PROPERTIES:
        value = _smallest(store, named, node, prop)
        if value is not None:
            return value
    anchor = _smallest(store, named, node, vocab.NIF + "anchorOf")
    if anchor is None:
        return None
    text = anchor.replace(NBSP, " ")
    return f'"{text[:60]}..."' if len(text) > 60 else f'"{text}"'


def _smallest(
    store: ox.Store, graphs: list[ox.NamedNode], node: ox.NamedNode | ox.BlankNode, prop: str
) -> str | None:
    found = [
        quad.object.value
        for graph in graphs
        for quad in store.quads_for_pattern(node, ox.NamedNode(prop), None, graph)
        if not isinstance(quad.object, ox.Triple)
    ]
    return min(found) if found else None
