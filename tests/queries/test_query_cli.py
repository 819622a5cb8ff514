"""``scokg query`` and ``scokg describe`` as a user runs them (subprocesses, real store)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from helpers.queries import EXPECTED_DIR

Run = Callable[..., subprocess.CompletedProcess[str]]
MOU = "https://w3id.org/scokg/id/agreement/sco-secretariat-unodc-mou-2011"
# The reviewed answer of `resource-subgraph resource=vienna` (sources and link statements).
_VIENNA_SUBGRAPH_SIZE = len(
    json.loads((EXPECTED_DIR / "resource-subgraph.json").read_text(encoding="utf-8"))["triples"]
)


@pytest.fixture
def scokg(run_cli: Run, tmp_path: Path) -> Run:
    """``scokg`` with its store cache in tmp, so tests never write into the checkout."""
    cache = tmp_path / "cache"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env={"SCOKG_CACHE_DIR": str(cache), "COLUMNS": "200"})

    return run


def _one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("scokg: error: ")
    return first.removeprefix("scokg: error: ")


def test_list_shows_every_query_with_params(scokg: Run) -> None:
    result = scokg("query", "--list")

    assert result.returncode == 0, result.stderr
    for name in ("agreements-between", "lookup", "resource-subgraph", "timeline"):
        assert name in result.stdout
    assert "org1: organisation IRI, slug or name (default: sco)" in result.stdout
    assert "text: text to look for, e.g. unodc or Norov (required)" in result.stdout


def test_list_json(scokg: Run) -> None:
    result = scokg("query", "--list", "--format", "json")

    doc = {q["name"]: q for q in json.loads(result.stdout)}
    assert doc["agreements-between"]["params"] == [
        {
            "name": "org1",
            "kind": "resource",
            "description": "organisation IRI, slug or name",
            "default": "sco",
        },
        {
            "name": "org2",
            "kind": "resource",
            "description": "organisation IRI, slug or name",
            "default": "unodc",
        },
    ]
    assert doc["post-holders"]["params"][1]["kind"] == "date"


@pytest.mark.parametrize(
    "argv",
    [["query", "--list"], ["query", "agreements-between", "--format", "csv"]],
)
def test_query_does_not_import_rdflib_or_pyshacl(argv: list[str], tmp_path: Path) -> None:
    code = (
        "import sys, os\n"
        "from scokg.cli import main\n"
        f"code = main({argv!r})\n"
        "heavy = sorted(m for m in ('rdflib', 'pyshacl', 'owlrl') if m in sys.modules)\n"
        "print('HEAVY', heavy, code, file=sys.stderr)\n"
    )
    env = {"SCOKG_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )

    assert "HEAVY [] 0" in result.stderr, result.stderr


def test_demo_query_prints_the_memorandum_and_its_parties(scokg: Run) -> None:
    result = scokg("query", "agreements-between")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "agreement:sco-secretariat-unodc-mou-2011" in out
    assert "organisation:sco-secretariat" in out and "organisation:unodc" in out
    # labels beside IRIs
    assert "SCO Secretariat" in out and "UN Office on Drugs and Crime" in out
    assert "2011-06-14" in out and "1 row" in out


def test_json_results(scokg: Run) -> None:
    result = scokg("query", "agreements-between", "--param", "org1=SCO", "--format", "json")

    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["agreement", "label", "party1", "party2", "signed", "place"]
    (binding,) = doc["results"]["bindings"]
    assert binding["agreement"] == {"type": "uri", "value": MOU}
    assert binding["signed"] == {
        "type": "literal",
        "value": "2011-06-14",
        "datatype": "http://www.w3.org/2001/XMLSchema#date",
    }
    assert binding["label"]["xml:lang"] == "en"


def test_json_results_parse_as_sparql_results(scokg: Run) -> None:
    result = scokg("query", "timeline", "--format", "json")

    parsed = pyoxigraph.parse_query_results(
        result.stdout.encode(), format=pyoxigraph.QueryResultsFormat.JSON
    )
    assert [s["event"].value.rsplit("/", 1)[1] for s in parsed] == [
        "sco-secretariat-unodc-mou-2011-signing",
        "sco-unodc-darknet-drug-threat-2020-03-02",
        "norov-waly-2020-03-03",
    ]


def test_xml_results(scokg: Run) -> None:
    result = scokg("query", "agreements-between", "--format", "xml")

    ns = {"s": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(result.stdout)
    names = [v.get("name") for v in root.findall("s:head/s:variable", ns)]
    assert names[:2] == ["agreement", "label"]
    uri = root.find("s:results/s:result/s:binding[@name='agreement']/s:uri", ns)
    assert uri is not None and uri.text == MOU
    parsed = pyoxigraph.parse_query_results(
        result.stdout.encode(), format=pyoxigraph.QueryResultsFormat.XML
    )
    assert len(list(parsed)) == 1


def test_csv_and_tsv(scokg: Run) -> None:
    as_csv = scokg("query", "organisation-profile", "--format", "csv")
    as_tsv = scokg("query", "organisation-profile", "--format", "tsv")

    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["aspect", "value"]
    assert ["founded", "1997"] in rows
    assert ["headquarters", "https://w3id.org/scokg/id/place/vienna"] in rows
    lines = as_tsv.stdout.splitlines()
    assert lines[0] == "?aspect\t?value"
    assert '"founded"\t"1997"^^<http://www.w3.org/2001/XMLSchema#gYear>' in lines


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("turtle", pyoxigraph.RdfFormat.TURTLE),
        ("ntriples", pyoxigraph.RdfFormat.N_TRIPLES),
        ("jsonld", pyoxigraph.RdfFormat.JSON_LD),
    ],
)
def test_construct_formats(scokg: Run, fmt: str, rdf_format: pyoxigraph.RdfFormat) -> None:
    result = scokg("query", "resource-subgraph", "-p", "resource=vienna", "--format", fmt)

    assert result.returncode == 0, result.stderr
    triples = list(pyoxigraph.parse(result.stdout.encode(), format=rdf_format))
    assert len(triples) == _VIENNA_SUBGRAPH_SIZE
    if fmt == "turtle":
        assert "@prefix place: <https://w3id.org/scokg/id/place/>" in result.stdout


def test_construct_defaults_to_turtle(scokg: Run) -> None:
    result = scokg("query", "resource-subgraph", "-p", "resource=vienna")

    assert "place:vienna" in result.stdout
    assert (
        len(list(pyoxigraph.parse(result.stdout.encode(), format=pyoxigraph.RdfFormat.TURTLE)))
        == _VIENNA_SUBGRAPH_SIZE
    )


def test_expression_and_file(scokg: Run, tmp_path: Path) -> None:
    query = "SELECT ?name WHERE { ?org <http://www.w3.org/2004/02/skos/core#altLabel> ?name }"
    path = tmp_path / "q.rq"
    path.write_text(query, encoding="utf-8")

    by_e = scokg("query", "-e", query, "--param", "org=unodc", "--format", "csv")
    by_file = scokg("query", "--file", str(path), "--param", "org=unodc", "--format", "csv")

    assert by_e.stdout.splitlines() == ["name", "UNODC"]
    assert by_file.stdout == by_e.stdout


def test_ask(scokg: Run) -> None:
    result = scokg("query", "-e", "ASK { ?m a <https://w3id.org/scokg/ontology#Meeting> }")

    assert result.stdout.strip() == "yes"


def test_show_query_prints_the_bound_text(scokg: Run) -> None:
    result = scokg("query", "agreements-between", "--param", "org2=Vienna", "--show-query")

    assert "VALUES ?org1 { <https://w3id.org/scokg/id/organisation/sco> }" in result.stdout
    assert "VALUES ?org2 { <https://w3id.org/scokg/id/place/vienna> }" in result.stdout


# --- errors -------------------------------------------------------------------------------


def test_unknown_query_suggests_names(scokg: Run) -> None:
    message = _one_line_error(scokg("query", "agreement-between"))

    assert message == (
        "unknown query 'agreement-between'; did you mean agreements-between or agreement-details?"
    )


def test_missing_and_unknown_parameters(scokg: Run) -> None:
    assert _one_line_error(scokg("query", "lookup")).startswith(
        "query 'lookup' needs parameter 'text'"
    )
    assert _one_line_error(scokg("query", "post-holders", "-p", "year=2020")) == (
        "query 'post-holders' has no parameter 'year'; its parameters are post, date"
    )
    assert _one_line_error(scokg("query", "timeline", "-p", "year=2020")) == (
        "query 'timeline' has no parameter 'year'; it has none"
    )


def test_entity_resolving_to_nothing(scokg: Run) -> None:
    message = _one_line_error(scokg("query", "organisation-profile", "-p", "org=Atlantis"))

    assert message == "org='Atlantis' matches nothing in the graph"


def test_entity_resolving_to_several_things(scokg: Run, tmp_project: Path) -> None:
    (tmp_project / "data" / "twins.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/scokg/id/organisation/a> skos:prefLabel "Twin"@en .\n'
        '<https://w3id.org/scokg/id/organisation/b> skos:prefLabel "Twin"@en .\n',
        encoding="utf-8",
    )

    message = _one_line_error(
        scokg("--data", str(tmp_project), "query", "-e", "SELECT * { ?x ?p ?o }", "-p", "x=twin")
    )

    assert message == (
        "x='twin' is ambiguous: it matches organisation:a (Twin), organisation:b (Twin)"
    )


def test_syntax_error_in_file_has_position(scokg: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("# a comment\nSELECT ?x\nWHERE {\n  ?x ?y\n}\n", encoding="utf-8")

    result = scokg("query", "--file", str(path))

    message = _one_line_error(result)
    assert message.startswith("SPARQL syntax error at line 5, column 1: ")
    assert f"  at {path}:5:1" in result.stderr


def test_wrong_format_for_the_result(scokg: Run) -> None:
    assert "cannot be written as turtle" in _one_line_error(
        scokg("query", "timeline", "--format", "turtle")
    )


def test_update_is_refused(scokg: Run) -> None:
    assert "not allowed" in _one_line_error(scokg("query", "-e", "DROP ALL"))


# --- describe -----------------------------------------------------------------------------


def test_describe_text(scokg: Run) -> None:
    result = scokg("describe", "UNODC")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("organisation:unodc  UN Office on Drugs and Crime")
    assert "scokg:headquarters" in out and "place:vienna  Vienna" in out
    assert "is scokg:party of" in out
    # each fact with its sentence, quoted, with offsets
    assert "has its headquarters in\u00a0Vienna.”" in out
    assert "[2282:2382]" in out


def test_describe_json(scokg: Run) -> None:
    result = scokg("describe", "vienna", "--format", "json")

    doc = json.loads(result.stdout)
    assert doc["iri"] == "https://w3id.org/scokg/id/place/vienna"
    (incoming,) = [f for f in doc["facts"] if f["inverse"]]
    assert incoming["property"] == "https://w3id.org/scokg/ontology#headquarters"
    assert incoming["value"] == "https://w3id.org/scokg/id/organisation/unodc"
    (source,) = incoming["sources"]
    assert (source["begin"], source["end"]) == (2282, 2382)


def test_describe_unknown_thing(scokg: Run) -> None:
    assert _one_line_error(scokg("describe", "Atlantis")) == (
        "THING='Atlantis' matches nothing in the graph"
    )


def _literal_project(root: Path, objects: list[str]) -> Path:
    (root / "data").mkdir(parents=True)
    lines = [
        "@prefix ex: <https://example.org/t/> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    ]
    lines += [f"ex:s{i} ex:p {o} ." for i, o in enumerate(objects)]
    (root / "data" / "t.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


OBJECTS_QUERY = "SELECT ?o WHERE { ?s <https://example.org/t/p> ?o } ORDER BY ?s"


def test_xml_keeps_a_carriage_return(scokg: Run, tmp_path: Path) -> None:
    project = _literal_project(tmp_path / "p", ['"a\\r\\nb"', '" edge "'])
    result = scokg("--data", str(project), "query", "--format", "xml", "-e", OBJECTS_QUERY)
    assert result.returncode == 0, result.stderr
    back = pyoxigraph.parse_query_results(result.stdout, format=pyoxigraph.QueryResultsFormat.XML)
    assert [row["o"].value for row in back] == ["a\r\nb", " edge "]


def test_xml_refuses_a_character_xml_cannot_carry(scokg: Run, tmp_path: Path) -> None:
    project = _literal_project(tmp_path / "p", ['"fine"', '"bell\\u0007"'])
    result = scokg("--data", str(project), "query", "--format", "xml", "-e", OBJECTS_QUERY)
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(
        'scokg: error: ?o in row 2 is "bell\\u0007", which holds U+0007: XML 1.0 cannot carry'
    )
    assert "hint: use --format json or tsv" in result.stderr


def test_rdflib_engine_keeps_terms_the_embedded_store_canonicalises(
    scokg: Run, tmp_path: Path
) -> None:
    """The embedded store gives typed literals in canonical form (a pyoxigraph Store
    choice, docs/reliability.md); --engine rdflib answers with the terms as written."""
    written = ['"07"^^xsd:byte', '"2.50"^^xsd:decimal', '"1"^^xsd:boolean']
    project = _literal_project(tmp_path / "p", written)
    answers = {}
    for engine in ("embedded", "rdflib"):
        args = ("--data", str(project), "query", "--engine", engine, "--format", "tsv")
        result = scokg(*args, "-e", OBJECTS_QUERY)
        assert result.returncode == 0, result.stderr
        back = pyoxigraph.parse_query_results(
            result.stdout, format=pyoxigraph.QueryResultsFormat.TSV
        )
        answers[engine] = [(row["o"].value, row["o"].datatype.value.rsplit("#")[1]) for row in back]
    assert answers["rdflib"] == [("07", "byte"), ("2.50", "decimal"), ("1", "boolean")]
    assert answers["embedded"] == [("7", "integer"), ("2.5", "decimal"), ("true", "boolean")]


def test_jsonld_answer_is_plain_json(scokg: Run, tmp_path: Path) -> None:
    project = _literal_project(tmp_path / "p", ['"INF"^^xsd:double', '"NaN"^^xsd:double'])
    query = "CONSTRUCT WHERE { ?s <https://example.org/t/p> ?o }"
    result = scokg(
        "--data", str(project), "query", "--engine", "rdflib", "--format", "jsonld", "-e", query
    )
    assert result.returncode == 0, result.stderr

    def refuse(name: str) -> object:
        raise AssertionError(f"{name} is not JSON")

    json.loads(result.stdout, parse_constant=refuse)
    values = {
        o.value
        for _, _, o, _ in pyoxigraph.parse(result.stdout, format=pyoxigraph.RdfFormat.JSON_LD)
    }
    assert values == {"INF", "NaN"}
