"""`scokg build` publishes the graphs in RDF 1.2 too: each statement as a named reifier."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib

from scokg.project import Project
from scokg.reification import REIFIES, compile_quads
from scokg.release.build import build_release

pytestmark = pytest.mark.slow

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
STATEMENT = pyoxigraph.NamedNode(RDF + "Statement")
TYPE = pyoxigraph.NamedNode(RDF + "type")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
FORMATS = {
    "scokg-rdf12.nq": pyoxigraph.RdfFormat.N_QUADS,
    "scokg-rdf12.trig": pyoxigraph.RdfFormat.TRIG,
}


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_release(Project.discover(), tmp_path_factory.mktemp("rdf12") / "dist").out


def read(path: Path, fmt: pyoxigraph.RdfFormat) -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(path=path, format=fmt))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdf12_dump_compiles_to_the_rdf11_dump(dist: Path, name: str) -> None:
    rdf11 = set(read(dist / "scokg.nq", pyoxigraph.RdfFormat.N_QUADS))
    rdf12 = read(dist / name, FORMATS[name])
    statements = {q.subject for q in rdf11 if q.predicate == TYPE and q.object == STATEMENT}
    reifiers = {q.subject for q in rdf12 if q.predicate == REIFIES}
    assert len(statements) >= 163  # the 2020 document's facts, at least
    assert reifiers == statements
    assert all(isinstance(q.object, pyoxigraph.Triple) for q in rdf12 if q.predicate == REIFIES)
    assert not any(q.predicate == TYPE and q.object == STATEMENT for q in rdf12)
    assert set(compile_quads(rdf12)) == rdf11


def test_rdf12_dumps_are_listed_like_the_others(dist: Path) -> None:
    sums = (dist / "SHA256SUMS").read_text(encoding="utf-8")
    void = rdflib.Graph().parse(dist / "void.ttl", format="turtle")
    titles = {str(o) for o in void.objects(None, rdflib.DCTERMS.title)}
    for name in FORMATS:
        assert f"  {name}\n" in sums
        assert name in titles
    media = {str(o).rsplit("/", 1)[-1] for o in void.objects(None, DCAT.mediaType)}
    assert {"n-quads", "trig"} <= media
    assert "scokg-rdf12.nq" in (dist / "docs" / "index.html").read_text(encoding="utf-8")
