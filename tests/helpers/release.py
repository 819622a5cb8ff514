"""Small projects to build, and readers that parse release artefacts back term for term.

Both readers keep lexical forms exactly: pyoxigraph's parser does by itself; rdflib only
with its literal normalisation switched off (``rdflib.NORMALIZE_LITERALS``), which
:func:`exact_rdflib` does for the duration of a parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from helpers.project import FILES
from scokg import vocab
from scokg.errors import DataError
from scokg.project import Project
from scokg.release import formats, jsonld
from scokg.release.build import build_release
from scokg.release.graphs import ReleaseGraphs, ox_key
from scokg.release.terms import to_oxigraph, to_rdflib

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


# Each release writer: how it is called, pyoxigraph's and rdflib's name for its format,
# and whether it keeps named graphs.
WRITERS = {
    "turtle": (pyoxigraph.RdfFormat.TURTLE, "turtle", False),
    "ntriples": (pyoxigraph.RdfFormat.N_TRIPLES, "nt", False),
    "rdfxml": (pyoxigraph.RdfFormat.RDF_XML, "xml", False),
    "jsonld": (pyoxigraph.RdfFormat.JSON_LD, "json-ld", False),
    "nquads": (pyoxigraph.RdfFormat.N_QUADS, "nquads", True),
    "trig": (pyoxigraph.RdfFormat.TRIG, "trig", True),
}


def canonical(quads: list[pyoxigraph.Quad]) -> set[str]:
    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def union_quads(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """The union of every graph, as triples in the default graph."""
    triples = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads}
    return [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples]


def release_graphs(quads: list[pyoxigraph.Quad]) -> ReleaseGraphs:
    merged = rdflib.Graph()
    for q in quads:
        merged.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
    return ReleaseGraphs(dataset=rdflib.Dataset(), merged=merged, quads=sorted(quads, key=ox_key))


def write(writer: str, graphs: ReleaseGraphs) -> str:
    """What one release writer makes of ``graphs``."""
    triples = graphs.triples()
    if writer == "turtle":
        return formats.turtle(triples)
    if writer == "ntriples":
        return formats.ntriples(triples)
    if writer == "rdfxml":
        return formats.rdfxml(graphs.merged)
    if writer == "jsonld":
        try:
            return jsonld.dumps(jsonld.compact(graphs.merged))
        except formats.CannotCarry as exc:
            raise formats.cannot_carry(exc, "JSON-LD", None) from None
    if writer == "nquads":
        return formats.nquads(graphs)
    return formats.trig(graphs)


XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {XSD + "integer": int, XSD + "decimal": Decimal, XSD + "double": float}


def integers_as_rdflib_reads(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """Quads with each xsd:integer, xsd:decimal and xsd:double shown by its value: rdflib
    7.6's Turtle/TriG parser turns the shorthands ``01``, ``+1``, ``.1`` into other
    lexical forms (``"1"``, ``"0.1"``) even with NORMALIZE_LITERALS off."""

    def canon(term: object) -> object:
        if isinstance(term, pyoxigraph.Literal) and term.datatype.value in _NUMBERS:
            value = _NUMBERS[term.datatype.value](term.value)
            return pyoxigraph.Literal(f"value {value!r}", datatype=term.datatype)
        return term

    return [pyoxigraph.Quad(q.subject, q.predicate, canon(q.object), q.graph_name) for q in quads]  # type: ignore[arg-type]


def rdflib_quads(text: str, fmt: str) -> list[pyoxigraph.Quad]:
    with exact_rdflib():
        if fmt in ("nquads", "trig"):
            dataset = rdflib.Dataset()
            dataset.parse(data=text, format=fmt)
            out = []
            for s, p, o, g in dataset.quads((None, None, None, None)):
                name = g.identifier if isinstance(g, rdflib.Graph) else g
                graph = (
                    pyoxigraph.DefaultGraph()
                    if name is None or name == rdflib.graph.DATASET_DEFAULT_GRAPH_ID
                    else to_oxigraph(name)
                )
                out.append(pyoxigraph.Quad(*(to_oxigraph(t) for t in (s, p, o)), graph))  # type: ignore[arg-type]
            return out
        graph = rdflib.Graph().parse(data=text, format=fmt)
        return [pyoxigraph.Quad(*(to_oxigraph(t) for t in triple)) for triple in graph]  # type: ignore[arg-type]


def round_trip(writer: str, quads: list[pyoxigraph.Quad]) -> tuple[str, str]:
    """Write ``quads`` with one release writer, read the text back with pyoxigraph and with
    rdflib, and compare each with the input (after blank-node canonicalisation).

    Returns ``("ok", "")``; ``("refused", message)`` when the writer raised a DataError
    saying it cannot carry a term; ``("rdflib-numbers", "")`` when only rdflib's reading
    of a Turtle/TriG number shorthand differs (see :func:`integers_as_rdflib_reads`); or
    ``("wrong", what)``.
    """
    ox_format, rdflib_format, keeps_graphs = WRITERS[writer]
    expected = quads if keeps_graphs else union_quads(quads)
    want = canonical(expected)
    try:
        text = write(writer, release_graphs(quads))
    except DataError as exc:
        if "cannot carry the term" not in str(exc):
            return "wrong", f"unexpected error: {exc}"
        return "refused", str(exc)
    by_ox = list(pyoxigraph.parse(text.encode("utf-8"), format=ox_format))
    if canonical(by_ox) != want:
        return "wrong", "pyoxigraph reads a different dataset"
    try:
        by_rdflib = rdflib_quads(text, rdflib_format)
    except Exception as exc:  # noqa: BLE001  # any rdflib failure is a finding to report
        return "wrong", f"rdflib cannot read it: {type(exc).__name__}: {exc}"[:300]
    if canonical(by_rdflib) == want:
        return "ok", ""
    if rdflib_format in ("turtle", "trig") and canonical(
        integers_as_rdflib_reads(by_rdflib)
    ) == canonical(integers_as_rdflib_reads(expected)):
        return "rdflib-numbers", ""
    return "wrong", "rdflib reads a different dataset"


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


def local_terms(graph: rdflib.Graph) -> set[str]:
    """The IRIs in scokg's own namespace that ``graph`` types as an OWL class, object property
    or datatype property (the terms the ontology documentation must cover)."""
    return {
        str(s)
        for kind in (rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty)
        for s in graph.subjects(rdflib.RDF.type, kind)
        if str(s).startswith(vocab.SCOKG)
    }
