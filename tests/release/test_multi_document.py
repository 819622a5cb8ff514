"""Release artefacts that follow the data, built from a fictional project without the 2020 article.

The project comes from tests/helpers/fictional.py (invented organisations and people, two
documents); small graphs written here check the title of one document and the precisions.
The diagram's title, the diagram per document, the JSON-LD examples, VoID's example
resources and temporal coverage, and the docs index must describe what the project holds,
never the bundled 2020 article.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from helpers.fictional import DOC_A, DOC_B, write_fictional_project
from scokg.release.diagram import diagram_title, long_date
from scokg.release.void import temporal_coverage

REPO = Path(__file__).resolve().parents[2]
DCAT = "http://www.w3.org/ns/dcat#"
DATASET = "https://w3id.org/scokg/dataset"


def _build(root: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-m", "scokg", "--data", str(root), "build", "--out", "dist", "--quiet"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "dist"


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(write_fictional_project(tmp_path_factory.mktemp("two-docs")))


def _svg_title(svg: Path) -> str:
    """The graph's label: the first text Graphviz writes in the SVG."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text("utf-8"))
    return texts[0].replace("&#45;", "-") if texts else ""


def _temporal(dist: Path) -> dict[str, tuple[str, str]]:
    store = ox.Store()
    store.load(path=str(dist / "void.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"SELECT ?p ?v WHERE {{ <{DATASET}> <http://purl.org/dc/terms/temporal> ?t . ?t ?p ?v "
        f"FILTER(?p IN (<{DCAT}startDate>, <{DCAT}endDate>)) }}"
    )
    return {
        r["p"].value.removeprefix(DCAT): (r["v"].value, r["v"].datatype.value.rsplit("#")[-1])
        for r in rows
    }


def _void_examples(dist: Path) -> set[str]:
    store = ox.Store()
    store.load(path=str(dist / "void.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"SELECT ?e WHERE {{ <{DATASET}> <http://rdfs.org/ns/void#exampleResource> ?e }}"
    )
    return {r["e"].value for r in rows}


def _subjects(dist: Path) -> set[str]:
    store = ox.Store()
    store.load(path=str(dist / "scokg.nt"), format=ox.RdfFormat.N_TRIPLES)
    return {q.subject.value for q in store if isinstance(q.subject, ox.NamedNode)}


def test_the_diagram_is_titled_by_the_documents_it_shows(both: Path) -> None:
    two = _svg_title(both / "diagram.svg")
    assert "2 source documents" in two
    assert long_date(DOC_A.issued) in two and long_date(DOC_B.issued) in two
    one = _svg_title(both / "diagrams" / f"{DOC_A.slug}.svg")
    assert DOC_A.title in one and long_date(DOC_A.issued) in one
    for title in (one, two):
        assert "2020" not in title


def _graph(turtle: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=PREFIXES + turtle, format="turtle")
    return graph


PREFIXES = (
    "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
    "@prefix scokg: <https://w3id.org/scokg/ontology#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix id: <https://w3id.org/scokg/id/> .\n"
)


def test_diagram_title_of_one_document_and_of_none() -> None:
    one = _graph(
        "<https://w3id.org/scokg/id/document/d1> a scokg:SourceDocument ; "
        'dcterms:title "Lakes agency opens an office"@en ; dcterms:issued "2032-02-29"^^xsd:date .'
    )
    assert diagram_title(one) == (
        "SCO–UNODC cooperation: “Lakes agency opens an office” (29 February 2032) as a graph"
    )
    assert diagram_title(_graph("")) == "SCO–UNODC cooperation: the graph"


def test_temporal_coverage_compares_precisions_by_their_extent() -> None:
    graph = _graph(
        '<https://w3id.org/scokg/id/event/e1> scokg:date "2031-03"^^xsd:gYearMonth .\n'
        '<https://w3id.org/scokg/id/event/e2> scokg:date "2031-03-05"^^xsd:date .\n'
        '<https://w3id.org/scokg/id/event/e3> scokg:date "2033"^^xsd:gYear .\n'
        '<https://w3id.org/scokg/id/event/e4> scokg:date "2033-12-30"^^xsd:date .\n'
        # the ontology's own dates are not data
        '<https://w3id.org/scokg/ontology> dcterms:created "1990-01-01"^^xsd:date .\n'
    )
    coverage = temporal_coverage(graph)
    assert coverage is not None
    assert [str(v) for v in coverage] == ["2031-03", "2033"]
    assert temporal_coverage(_graph("")) is None


def test_one_diagram_per_document_shows_only_that_document(both: Path) -> None:
    assert sorted(p.name for p in (both / "diagrams").glob("*.svg")) == sorted(
        [f"{DOC_A.slug}.svg", f"{DOC_B.slug}.svg"]
    )
    a = (both / "diagrams" / f"{DOC_A.slug}.svg").read_text("utf-8")
    b = (both / "diagrams" / f"{DOC_B.slug}.svg").read_text("utf-8")
    assert DOC_A.title in _svg_title(both / "diagrams" / f"{DOC_A.slug}.svg")
    # Boris Quellen appears in document B only; Cara Lindqvist in document A only
    assert "Boris Quellen" in b and "Boris Quellen" not in a
    assert "Cara Lindqvist" in a and "Cara Lindqvist" not in b


def test_thelong_date_reads_each_precision() -> None:
    assert long_date("2031-04-02") == "2 April 2031"
    assert long_date("2031-06") == "June 2031"
    assert long_date("2029") == "2029"
    assert long_date("not a date") == "not a date"


def test_void_temporal_coverage_follows_the_data(both: Path) -> None:
    # the earliest date is the year 2029 (Alma Verity's period begins, document B),
    # the latest document B's issue date
    assert _temporal(both) == {"startDate": ("2029", "gYear"), "endDate": (DOC_B.issued, "date")}


def test_void_example_resources_exist_in_the_data(both: Path) -> None:
    examples = _void_examples(both)
    assert examples, "no example resource"
    assert examples <= _subjects(both)
    assert not any("2020" in e or "unodc" in e for e in examples)


def test_jsonld_examples_show_resources_of_the_data(both: Path) -> None:
    subjects = _subjects(both)
    shown = {}
    for path in sorted((both / "examples").glob("*.jsonld")):
        shown[path.stem] = json.loads(path.read_text("utf-8"))["id"]
    assert {"meeting", "organisation", "person", "postholding"} <= set(shown)
    for stem, focus in shown.items():
        assert focus in subjects, stem
    assert shown["meeting"] == "https://w3id.org/scokg/id/meeting/nrc-cha-2031-04-10"


def test_the_docs_index_lists_every_document(both: Path) -> None:
    index = (both / "docs" / "index.html").read_text("utf-8")
    assert "Source documents (2)" in index
    for doc in (DOC_A, DOC_B):
        assert doc.title in index
        assert f'href="../diagrams/{doc.slug}.svg"' in index
    assert index.index(DOC_A.title) < index.index(DOC_B.title)  # oldest first
