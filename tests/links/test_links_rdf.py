"""The links graph (links + their statements), VoID linksets, and the event codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from scokg import vocab
from scokg.links.rdf import link_statement_iri, links_triples
from scokg.links.sssom import read_sssom
from scokg.parsing import load_store, parse_into_dataset
from scokg.project import Project
from scokg.release.void import linksets

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "sssom"
BUNDLED_LINKS = Path(__file__).resolve().parents[2] / "data" / "links.sssom.tsv"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_links_are_a_project_source_in_their_own_graph(tmp_project: Path) -> None:
    shutil.copy(FIXTURES / "valid.sssom.tsv", tmp_project / "data" / "links.sssom.tsv")
    project = Project.discover(tmp_project)

    links = [s for s in project.sources() if s.kind == "links"]

    assert [(s.path.name, s.graph) for s in links] == [("links.sssom.tsv", vocab.LINKS_GRAPH)]
    assert vocab.LINKS_GRAPH in project.graph_names()


def test_store_and_dataset_hold_links_with_their_source(tmp_project: Path) -> None:
    shutil.copy(FIXTURES / "valid.sssom.tsv", tmp_project / "data" / "links.sssom.tsv")
    project = Project.discover(tmp_project)
    store = load_store(project)
    query = f"""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX sssom: <https://w3id.org/sssom/>
        SELECT ?s ?p ?o ?source ?why ?conf WHERE {{ GRAPH <{vocab.LINKS_GRAPH}> {{
            ?s ?p ?o .
            ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                dcterms:source ?source ; sssom:mapping_justification ?why ;
                sssom:confidence ?conf .
        }} }} ORDER BY ?s"""

    rows = [
        (r["s"].value, r["p"].value, r["o"].value, r["source"].value, float(r["conf"].value))
        for r in store.query(query)
    ]

    assert rows == [
        (
            vocab.ID + "organisation/sco",
            OWL + "sameAs",
            "http://www.wikidata.org/entity/Q485207",
            "https://example.org/test-mappings",
            1.0,
        ),
        (
            vocab.ID + "topic/organised-crime",
            SKOS + "exactMatch",
            "http://metadata.un.org/thesaurus/1004663",
            "https://example.org/test-mappings",
            0.9,
        ),
    ]
    dataset = parse_into_dataset(project)
    import rdflib

    graph = dataset.graph(rdflib.URIRef(vocab.LINKS_GRAPH))
    assert len(graph) == len(links_triples(FIXTURES / "valid.sssom.tsv")) == 2 * 9


def test_link_statement_iris_are_readable_and_unique() -> None:
    mapping_set = read_sssom(BUNDLED_LINKS)

    names = [link_statement_iri(m) for m in mapping_set.mappings]

    assert vocab.ID + "link/place-vienna--geonames-2761369" in names
    assert vocab.ID + "link/organisation-sco--wikidata-q485207" in names
    assert len(set(names)) == len(names)


def test_void_linkset_per_target_and_predicate_with_counts() -> None:
    """The release's VoID linksets (scokg.release.void) count the bundled links file's rows
    per outside dataset and link predicate; negative or documenting triples do not count."""
    import rdflib

    graph = rdflib.Graph()
    for t in links_triples(BUNDLED_LINKS):
        graph.add(
            (
                rdflib.URIRef(t.subject.value),
                rdflib.URIRef(t.predicate.value),
                rdflib.URIRef(t.object.value)
                if isinstance(t.object, ox.NamedNode)
                else rdflib.Literal(t.object.value),
            )
        )

    counts = {(ls.target, ls.predicate): ls.triples for ls in linksets(graph)}

    assert counts == {
        ("eurovoc", SKOS + "broadMatch"): 1,
        ("eurovoc", SKOS + "exactMatch"): 3,
        ("geonames", OWL + "sameAs"): 2,
        ("unbis", SKOS + "broadMatch"): 1,
        ("unbis", SKOS + "exactMatch"): 7,
        ("wikidata", OWL + "sameAs"): 4,
        ("wikidata", SKOS + "broadMatch"): 1,
    }


def test_bundled_links_graph_counts_match_the_file() -> None:
    store = load_store(Project.discover())

    rows = list(
        store.query(f"""
        SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{vocab.LINKS_GRAPH}> {{ ?s ?p ?o }}
          FILTER (?p IN (<{OWL}sameAs>, <{SKOS}exactMatch>, <{SKOS}broadMatch>)) }}
        GROUP BY ?p""")
    )

    assert {r["p"].value: int(r["n"].value) for r in rows} == {
        OWL + "sameAs": 6,
        SKOS + "exactMatch": 10,
        SKOS + "broadMatch": 3,
    }


def test_every_act_kind_and_the_events_have_a_cameo_code() -> None:
    store = load_store(Project.discover())
    codes = {
        r["kind"].value.rsplit("/", 1)[1]: (r["rel"].value.rsplit("#", 1)[1], r["code"].value)
        for r in store.query(
            f"""
            PREFIX skos: <{SKOS}>
            SELECT ?kind ?rel ?code WHERE {{
                ?kind a <{vocab.SCOKG}ActKind> ; ?rel ?cameo .
                FILTER (?rel IN (skos:closeMatch, skos:broadMatch))
                ?cameo skos:inScheme <{vocab.ID}scheme/cameo> ; skos:notation ?code .
            }}""",
            use_default_graph_as_union=True,
        )
    }
    events = {
        r["event"].value.rsplit("/", 1)[1]: (r["code"].value, r["plover"].value)
        for r in store.query(
            f"""
            PREFIX skos: <{SKOS}>
            SELECT ?event ?code ?plover WHERE {{
                ?event <http://schema.org/additionalType> ?cameo .
                ?cameo skos:notation ?code ; skos:closeMatch ?p .
                ?p skos:inScheme <{vocab.ID}scheme/plover> ; skos:notation ?plover .
            }}""",
            use_default_graph_as_union=True,
        )
    }

    assert codes == {
        "agree": ("closeMatch", "030"),
        "call-for": ("closeMatch", "020"),
        "congratulate": ("closeMatch", "051"),
        "discuss": ("closeMatch", "040"),
        "exchange-views": ("closeMatch", "040"),
        "express-good-wishes": ("broadMatch", "010"),
        "express-hope": ("broadMatch", "020"),
        "express-interest": ("broadMatch", "010"),
        "note": ("broadMatch", "010"),
        "praise": ("closeMatch", "051"),
        "propose": ("closeMatch", "020"),
        "reaffirm-readiness": ("closeMatch", "030"),
    }
    assert events == {
        "norov-waly-2020-03-03": ("040", "CONSULT"),
        "sco-secretariat-unodc-mou-2011-signing": ("057", "AGREE"),
    }


def test_bundled_data_with_links_and_event_codes_validates() -> None:
    from scokg.validation import validate

    report = validate(Project.discover())

    assert report.conforms, report.to_text()
