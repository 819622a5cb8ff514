"""The release built by ``scokg build``: every format, the description, docs and diagram.

The bundled project is built twice per session (module fixture): once to check the
artefacts, once more to check that the bytes do not change.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

from helpers.kg import copy_project
from helpers.release import local_terms
from scokg import vocab
from scokg.errors import ValidationFailed
from scokg.parsing import parse_source_rdflib
from scokg.project import Project
from scokg.release import diagram, jsonld
from scokg.release.build import build_release

SCOKG = rdflib.Namespace(vocab.SCOKG)
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.discover()


@pytest.fixture(scope="module")
def dist(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_release(project, tmp_path_factory.mktemp("release") / "dist").out


@pytest.fixture(scope="module")
def sources_by_graph(project: Project) -> dict[str, rdflib.Graph]:
    """Each named graph parsed straight from its source files, independently of the build."""
    graphs: dict[str, rdflib.Graph] = defaultdict(rdflib.Graph)
    for source in project.sources():
        graphs[source.graph] += parse_source_rdflib(source)
    return dict(graphs)


@pytest.fixture(scope="module")
def merged(sources_by_graph: dict[str, rdflib.Graph]) -> rdflib.Graph:
    union = rdflib.Graph()
    for graph in sources_by_graph.values():
        union += graph
    return union


# -- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("scokg.ttl", "turtle"), ("scokg.nt", "nt"), ("scokg.rdf", "xml")]
)
def test_triple_formats_are_isomorphic_to_the_merged_sources(
    dist: Path, merged: rdflib.Graph, name: str, fmt: str
) -> None:
    back = rdflib.Graph().parse(dist / name, format=fmt)
    assert len(back) == len(merged)
    assert isomorphic(back, merged)


def test_ntriples_are_sorted_lines(dist: Path) -> None:
    lines = (dist / "scokg.nt").read_text("utf-8").splitlines()
    assert lines == sorted(lines)


@pytest.mark.parametrize(("name", "fmt"), [("scokg.nq", "nquads"), ("scokg.trig", "trig")])
def test_quad_formats_keep_one_named_graph_per_source(
    dist: Path, sources_by_graph: dict[str, rdflib.Graph], name: str, fmt: str
) -> None:
    dataset = rdflib.Dataset()
    dataset.parse(dist / name, format=fmt)
    got = {
        str(g.identifier): g
        for g in dataset.graphs()
        if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID and len(g)
    }
    assert sorted(got) == sorted(sources_by_graph)
    for graph_name, expected in sources_by_graph.items():
        assert isomorphic(got[graph_name], expected), graph_name


def test_ontology_and_shapes_are_copied_byte_for_byte(dist: Path, project: Project) -> None:
    assert (dist / "ontology.ttl").read_bytes() == project.ontology_file.read_bytes()
    assert (dist / "shapes.ttl").read_bytes() == project.shapes_file.read_bytes()


def test_two_builds_are_byte_identical(dist: Path, tmp_path: Path, run_cli) -> None:
    # Another process with another hash seed: set iteration order must not leak into output.
    result = run_cli(
        "build", "--quiet", "--out", str(tmp_path / "again"), env={"PYTHONHASHSEED": "4321"}
    )
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again"
    first = sorted(p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again).as_posix() for p in again.rglob("*") if p.is_file())
    assert first == second
    for rel in first:
        assert (dist / rel).read_bytes() == (again / rel).read_bytes(), rel


def test_checksums_cover_every_file_and_verify(dist: Path) -> None:
    listed = [line.split("  ", 1)[1] for line in (dist / "SHA256SUMS").read_text().splitlines()]
    files = sorted(
        p.relative_to(dist).as_posix()
        for p in dist.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    )
    assert listed == files
    done = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],
        cwd=dist,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# -- JSON-LD ----------------------------------------------------------------------------------


def test_jsonld_round_trips_through_the_context(dist: Path, merged: rdflib.Graph) -> None:
    text = (dist / "scokg.jsonld").read_text("utf-8")
    data = json.loads(text)
    assert data["@context"] == jsonld.CONTEXT  # embedded: nothing to fetch
    # Compact keys are used, not full IRIs.
    meeting = next(n for n in data["@graph"] if n["id"].endswith("meeting/norov-waly-2020-03-03"))
    assert meeting["type"] == "Meeting"
    assert meeting["date"] == "2020-03-03"
    assert len(meeting["participants"]) == 2
    assert isomorphic(jsonld.parse(text), merged)


def test_context_file_is_the_context(dist: Path) -> None:
    assert json.loads((dist / "context.jsonld").read_text("utf-8")) == {"@context": jsonld.CONTEXT}


def test_context_has_a_key_for_every_scokg_skos_nif_prov_property(merged: rdflib.Graph) -> None:
    expanded = set()
    prefixes = {
        k: v for k, v in jsonld.CONTEXT.items() if isinstance(v, str) and v.endswith(("#", "/"))
    }
    for term in jsonld.CONTEXT.values():
        iri = term.get("@id") if isinstance(term, dict) else term
        if isinstance(iri, str) and ":" in iri:
            prefix, local = iri.split(":", 1)
            expanded.add(prefixes.get(prefix, prefix + ":") + local)
    namespaces = (
        vocab.SCOKG,
        vocab.NIF,
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/prov#",
    )
    used = {str(p) for p in merged.predicates() if str(p).startswith(namespaces)}
    declared = {str(p) for p in merged.subjects(rdflib.RDF.type, rdflib.OWL.ObjectProperty)}
    declared |= {str(p) for p in merged.subjects(rdflib.RDF.type, rdflib.OWL.DatatypeProperty)}
    # the vocabularies this test is about (ORG and OWL-Time terms restated for the time model
    # are keyed only where the data states them)
    declared = {p for p in declared if p.startswith(namespaces)}
    # A declared property the data never states (a named inverse) is a reverse key of the
    # property it inverts, so that every key of the context is used by the data.
    reversed_ = {
        prefixes.get(t["@reverse"].split(":")[0], "") + t["@reverse"].split(":", 1)[1]
        for t in jsonld.CONTEXT.values()
        if isinstance(t, dict) and "@reverse" in t
    }
    unstated = declared - {str(p) for p in merged.predicates()}
    # a property other projects state (the time model's event spans) has a key of its own
    for prop in sorted(unstated - expanded):
        inverses = {str(o) for o in merged.objects(rdflib.URIRef(prop), rdflib.OWL.inverseOf)}
        inverses |= {str(s) for s in merged.subjects(rdflib.OWL.inverseOf, rdflib.URIRef(prop))}
        assert inverses & reversed_, f"{prop}: neither stated nor a reverse key"
    assert used | (declared - unstated) <= expanded, sorted((used | declared) - expanded)


def test_jsonld_parse_refuses_remote_contexts() -> None:
    with pytest.raises(ValueError, match="remote JSON-LD context refused"):
        jsonld.parse('{"@context": "https://example.org/ctx.jsonld", "@id": "urn:x"}')


# -- VoID / DCAT ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def void_graph(dist: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(dist / "void.ttl", format="turtle")


@pytest.fixture(scope="module")
def oxigraph_store(dist: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=dist / "scokg.nt", format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _one(graph: rdflib.Graph, s: rdflib.term.Node, p: rdflib.term.Node) -> rdflib.term.Node:
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


DATASET = rdflib.URIRef("https://w3id.org/scokg/dataset")


def test_void_totals_equal_counts_made_with_sparql(
    void_graph: rdflib.Graph, oxigraph_store: pyoxigraph.Store
) -> None:
    triples = next(iter(oxigraph_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    entities = next(
        iter(
            oxigraph_store.query(
                "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{vocab.ID}")) }}'
            )
        )
    )
    assert int(_one(void_graph, DATASET, VOID.triples)) == int(triples["n"].value)
    assert int(_one(void_graph, DATASET, VOID.entities)) == int(entities["n"].value)
    assert str(_one(void_graph, DATASET, VOID.uriSpace)) == vocab.ID


def test_void_partitions_equal_counts_made_with_sparql(
    void_graph: rdflib.Graph, oxigraph_store: pyoxigraph.Store
) -> None:
    classes = {
        sol["c"].value: int(sol["n"].value)
        for sol in oxigraph_store.query(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
        )
    }
    properties = {
        sol["p"].value: int(sol["n"].value)
        for sol in oxigraph_store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")
    }
    got_classes = {
        str(_one(void_graph, part, VOID["class"])): int(_one(void_graph, part, VOID.entities))
        for part in void_graph.objects(DATASET, VOID.classPartition)
    }
    got_properties = {
        str(_one(void_graph, part, VOID.property)): int(_one(void_graph, part, VOID.triples))
        for part in void_graph.objects(DATASET, VOID.propertyPartition)
    }
    assert got_classes == classes
    assert got_properties == properties
    assert got_classes[vocab.SCOKG + "Meeting"] == 1


def test_void_describes_every_file_with_its_size(dist: Path, void_graph: rdflib.Graph) -> None:
    dists = list(void_graph.objects(DATASET, DCAT.distribution))
    sizes = {}
    for d in dists:
        url = str(_one(void_graph, d, DCAT.downloadURL))
        sizes[url.rsplit("/", 1)[-1]] = int(_one(void_graph, d, DCAT.byteSize))
        assert str(_one(void_graph, d, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/"
        )
    top_level = {
        p.name: p.stat().st_size
        for p in dist.iterdir()
        if p.is_file() and p.name not in ("void.ttl", "SHA256SUMS")
    }
    assert sizes == top_level
    dumps = {str(u).rsplit("/", 1)[-1] for u in void_graph.objects(DATASET, VOID.dataDump)}
    assert dumps == {"scokg.ttl", "scokg.nt", "scokg.nq", "scokg.trig", "scokg.jsonld", "scokg.rdf"}


def test_void_metadata_comes_from_the_data(void_graph: rdflib.Graph) -> None:
    assert str(_one(void_graph, DATASET, DCAT.version)) == "0.1.0"
    assert str(_one(void_graph, DATASET, DCT.issued)) == "2026-11-28"  # ontology dcterms:created
    assert str(_one(void_graph, DATASET, DCT.license)) == (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    conforms = {str(o) for o in void_graph.objects(DATASET, DCT.conformsTo)}
    assert conforms == {"https://w3id.org/scokg/ontology", "https://w3id.org/scokg/shapes"}
    vocabularies = {str(o) for o in void_graph.objects(DATASET, VOID.vocabulary)}
    assert {vocab.SCOKG, vocab.NIF, "http://www.w3.org/2004/02/skos/core#"} <= vocabularies
    examples = {str(o) for o in void_graph.objects(DATASET, VOID.exampleResource)}
    assert vocab.ID + "person/vladimir-norov" in examples


def _linkset_counts(void_graph: rdflib.Graph) -> dict[tuple[str, str], int]:
    found = {}
    for ls in void_graph.subjects(rdflib.RDF.type, VOID.Linkset):
        target = _one(void_graph, ls, VOID.objectsTarget)
        assert _one(void_graph, ls, VOID.subjectsTarget) == DATASET
        key = (
            str(_one(void_graph, target, VOID.uriSpace)),
            str(_one(void_graph, ls, VOID.linkPredicate)),
        )
        found[key] = int(_one(void_graph, ls, VOID.triples))
    return found


def test_bundled_linksets_count_the_rows_of_the_sssom_file(void_graph: rdflib.Graph) -> None:
    """Counted straight from the TSV rows, independently of the reader and the build."""
    prefixes = {
        "owl:": "http://www.w3.org/2002/07/owl#",
        "skos:": "http://www.w3.org/2004/02/skos/core#",
        "wd:": vocab.LINK_TARGETS["wikidata"],
        "geonames:": vocab.LINK_TARGETS["geonames"],
        "unbis:": vocab.LINK_TARGETS["unbis"],
        "eurovoc:": vocab.LINK_TARGETS["eurovoc"],
    }

    def expand(curie: str) -> str:
        for prefix, namespace in prefixes.items():
            if curie.startswith(prefix):
                return namespace + curie.removeprefix(prefix)
        raise AssertionError(f"unexpected CURIE {curie}")

    tsv = (Project.discover().data_dir / "links.sssom.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in tsv if line and not line.startswith("#")]
    header, body = rows[0], rows[1:]
    expected: dict[tuple[str, str], int] = {}
    for row in body:
        predicate = expand(row[header.index("predicate_id")])
        target = expand(row[header.index("object_id")])
        space = next(ns for ns in vocab.LINK_TARGETS.values() if target.startswith(ns))
        expected[(space, predicate)] = expected.get((space, predicate), 0) + 1
    assert len(body) >= 19
    assert _linkset_counts(void_graph) == expected


LINKS_TTL = """\
@prefix organisation: <https://w3id.org/scokg/id/organisation/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
organisation:sco skos:exactMatch <http://www.wikidata.org/entity/Q485207> .
organisation:united-nations skos:exactMatch <http://www.wikidata.org/entity/Q1065> .
organisation:united-nations owl:sameAs <http://dbpedia.org/resource/United_Nations> .
"""


def test_linksets_are_described_when_a_links_graph_exists(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "data" / "links.sssom.tsv").unlink()
    (root / "data" / "links.ttl").write_text(LINKS_TTL, encoding="utf-8")
    project = Project.discover(root)
    assert vocab.LINKS_GRAPH in project.graph_names()

    out = build_release(project, tmp_path / "dist").out
    void_graph = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    assert _linkset_counts(void_graph) == {
        (vocab.LINK_TARGETS["wikidata"], "http://www.w3.org/2004/02/skos/core#exactMatch"): 2,
        (vocab.LINK_TARGETS["dbpedia"], "http://www.w3.org/2002/07/owl#sameAs"): 1,
    }
    trig = rdflib.Dataset().parse(out / "scokg.trig", format="trig")
    assert len(trig.graph(rdflib.URIRef(vocab.LINKS_GRAPH))) == 3


# -- diagram and docs -------------------------------------------------------------------------


def test_diagram_is_svg_naming_the_core_entities(dist: Path) -> None:
    root = ET.parse(dist / "diagram.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join(t.strip() for t in root.itertext())
    for name in (
        "Vladimir Norov",
        "Ghada Fathi Waly",
        "UNODC",
        "Shanghai Cooperation",
        "Memorandum of understanding",
        "SCO Secretariat",
    ):
        assert name in text, name
    assert (dist / "diagram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_graphviz_is_installed() -> None:
    assert shutil.which("dot"), "install Graphviz: scripts/ci-install (apt-get install graphviz)"


def test_missing_graphviz_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(diagram.GraphvizMissing) as info:
        diagram.render("digraph {}", tmp_path / "d.svg", tmp_path / "d.png")
    assert "apt-get install -y graphviz" in (info.value.hint or "")


def test_docs_mention_every_local_class_and_property(dist: Path, merged: rdflib.Graph) -> None:
    html = (dist / "docs" / "ontology.html").read_text("utf-8")
    terms = local_terms(merged)
    assert len(terms) > 40
    for term in terms:
        local = term.removeprefix(vocab.SCOKG)
        assert f'id="{local}"' in html, local
        assert f"scokg:{local}" in html, local
    # Definitions, alignments and domain/range are shown.
    assert "org:FormalOrganization" in html and "schema:attendee" in html


def test_class_pages_list_instances_with_source_sentences(dist: Path) -> None:
    person = (dist / "docs" / "person.html").read_text("utf-8")
    assert "Vladimir Norov" in person and "Ghada Fathi Waly" in person
    assert "had a meeting with" in person  # the sentence that mentions them
    meeting = (dist / "docs" / "meeting.html").read_text("utf-8")
    assert "2020-03-03" in meeting and "<blockquote>" in meeting
    index = (dist / "docs" / "index.html").read_text("utf-8")
    for page in (
        "ontology.html",
        "organisation.html",
        "person.html",
        "meeting.html",
        "agreement.html",
        "topic.html",
        "../void.ttl",
        "../scokg.ttl",
    ):
        assert f'href="{page}"' in index, page


# -- atomicity and validation ------------------------------------------------------------------


def test_invalid_data_fails_and_leaves_previous_dist_untouched(tmp_path: Path, run_cli) -> None:
    root = copy_project(tmp_path / "project")
    with (root / "data" / "entities.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n<https://w3id.org/scokg/id/person/nameless> a scokg:Person .\n")
    previous = tmp_path / "dist"
    previous.mkdir()
    (previous / "scokg.ttl").write_text("previous release\n", encoding="utf-8")
    (previous / "SHA256SUMS").write_text("", encoding="utf-8")  # marks an earlier build

    result = run_cli("--data", str(root), "build", "--quiet", "--out", str(previous))

    assert result.returncode == 1
    assert "refusing to build" in result.stderr
    assert "nameless" in result.stderr  # the validation report names the offending resource
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in previous.iterdir()) == ["SHA256SUMS", "scokg.ttl"]
    assert (previous / "scokg.ttl").read_text(encoding="utf-8") == "previous release\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "project"]  # no temp left


def test_library_raises_validation_failed_with_report(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    with (root / "data" / "entities.ttl").open("a", encoding="utf-8") as fh:
        fh.write("\n<https://w3id.org/scokg/id/person/nameless> a scokg:Person .\n")
    with pytest.raises(ValidationFailed) as info:
        build_release(Project.discover(root), tmp_path / "dist")
    assert not info.value.report.conforms
    assert not (tmp_path / "dist").exists()
