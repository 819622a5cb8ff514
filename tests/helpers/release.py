"""Small projects to build, and readers that parse release artefacts back term for term.

Both readers keep lexical forms exactly: pyoxigraph's parser does by itself; rdflib only
with its literal normalisation switched off (``rdflib.NORMALIZE_LITERALS``), which
:func:`exact_rdflib` does for the duration of a parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from helpers.project import FILES
from scokg.project import Project
from scokg.release.build import build_release
from scokg.release.terms import to_rdflib

# Every RDF artefact of a release and its rdflib format name.
TRIPLE_FILES = {
    "scokg.ttl": "turtle",
    "scokg.nt": "nt",
    "scokg.rdf": "xml",
    "scokg.jsonld": "json-ld",
    "scokg.nq": "nquads",
    "scokg.trig": "trig",
}
OX_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "json-ld": pyoxigraph.RdfFormat.JSON_LD,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
}
EMPTY_SHAPES = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"


def make_project(root: Path, files: dict[str, str]) -> Path:
    """A project with the fixture ontology, no shapes, ``data/entities.ttl`` and ``files``.

    No documents: provenance rules apply to facts of documents only, so any data builds.
    """
    base = {k: v for k, v in FILES.items() if k in ("ontology/scokg.ttl", "data/entities.ttl")}
    for rel, text in {**base, "ontology/shapes.ttl": EMPTY_SHAPES, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return root


def build_project(root: Path, out: Path) -> Path:
    """``scokg build`` in-process (validation, every writer, the read-back check)."""
    return build_release(Project.discover(root), out).out


@contextmanager
def exact_rdflib() -> Iterator[None]:
    """rdflib builds literals without normalising their lexical forms, while inside."""
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _graph(triples: object) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o in triples:  # type: ignore[attr-defined]
        graph.add((s, p, o))
    return graph


def ox_graph(path: Path, fmt: str) -> rdflib.Graph:
    """The triples (of every graph) of ``path`` as pyoxigraph's parser reads them."""
    quads = pyoxigraph.parse(path=path, format=OX_FORMATS[fmt])
    return _graph(
        (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads
    )


def rdflib_graph(path: Path, fmt: str) -> rdflib.Graph:
    """The triples (of every graph) of ``path`` as rdflib's parser reads them, unnormalised."""
    with exact_rdflib():
        if fmt in ("nquads", "trig"):
            dataset = rdflib.Dataset()
            dataset.parse(path, format=fmt)
            return _graph((s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None)))
        return rdflib.Graph().parse(path, format=fmt)


def source_graph(root: Path) -> rdflib.Graph:
    """Every Turtle file of the project (data and ontology), each file's blank nodes apart."""
    graph = rdflib.Graph()
    for path in sorted(root.rglob("*.ttl")):
        if path.name == "shapes.ttl":
            continue
        graph += ox_graph(path, "turtle")
    return graph


def same_graph(got: rdflib.Graph, want: rdflib.Graph) -> str | None:
    """None when isomorphic, else a short description of the difference."""
    if isomorphic(got, want):
        return None
    _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
    return f"only read back: {sorted(only_got)[:3]}; only in source: {sorted(only_want)[:3]}"
