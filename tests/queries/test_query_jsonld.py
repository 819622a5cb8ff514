"""``scokg query --format jsonld``: compact JSON-LD with the project context; ``--expanded``."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from scokg.output.jsonld import CONTEXT

Run = Callable[..., subprocess.CompletedProcess[str]]
SIGNING = "https://w3id.org/scokg/id/event/sco-secretariat-unodc-mou-2011-signing"


@pytest.fixture
def scokg(run_cli: Run, tmp_path: Path) -> Run:
    cache = tmp_path / "cache"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env={"SCOKG_CACHE_DIR": str(cache)})

    return run


def _triples(text: str) -> set[pyoxigraph.Triple]:
    return {q.triple for q in pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.JSON_LD)}


def test_construct_is_compact_with_the_project_context(scokg: Run) -> None:
    query = f"CONSTRUCT {{ <{SIGNING}> ?p ?o }} WHERE {{ <{SIGNING}> ?p ?o }}"
    compact = scokg("query", "--format", "jsonld", "-e", query)
    turtle = scokg("query", "--format", "turtle", "-e", query)
    assert compact.returncode == 0, compact.stderr
    doc = json.loads(compact.stdout)
    assert doc["@context"] == CONTEXT
    (node,) = doc["@graph"]
    assert node["type"] == "Signing"
    assert node["date"] == "2011-06-14"
    assert node["location"] == "https://w3id.org/scokg/id/place/astana"
    want = {q.triple for q in pyoxigraph.parse(turtle.stdout, format=pyoxigraph.RdfFormat.TURTLE)}
    assert _triples(compact.stdout) == want


def test_expanded_is_the_old_form_without_a_context(scokg: Run) -> None:
    query = f"DESCRIBE <{SIGNING}>"
    expanded = scokg("query", "--format", "jsonld", "--expanded", "-e", query)
    compact = scokg("query", "--format", "jsonld", "-e", query)
    assert expanded.returncode == 0, expanded.stderr
    doc = json.loads(expanded.stdout)
    assert isinstance(doc, list) and "@context" not in expanded.stdout
    assert doc[0]["@id"] == SIGNING
    assert _triples(expanded.stdout) == _triples(compact.stdout)


def test_compact_keeps_lexical_forms_datatypes_and_language_tags(
    scokg: Run, tmp_path: Path
) -> None:
    data = tmp_path / "p" / "data"
    data.mkdir(parents=True)
    (data / "t.ttl").write_text(
        "@prefix ex: <https://example.org/t/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix scokg: <https://w3id.org/scokg/ontology#> .\n"
        'ex:s scokg:date "2020-3-3"^^xsd:date , "2020-03-03"^^xsd:date ;\n'
        '  ex:p "07"^^xsd:byte , "2.50"^^xsd:decimal , "INF"^^xsd:double , "1.0"^^xsd:double ;\n'
        '  <http://www.w3.org/2004/02/skos/core#prefLabel> "Vienne"@fr , "Wien"@de-AT , "x" .\n',
        encoding="utf-8",
    )
    query = "CONSTRUCT WHERE { <https://example.org/t/s> ?p ?o }"
    common = ("--data", str(tmp_path / "p"), "query", "--engine", "rdflib", "-e", query)
    compact = scokg(*common, "--format", "jsonld")
    ntriples = scokg(*common, "--format", "ntriples")
    assert compact.returncode == 0, compact.stderr
    want = {
        q.triple for q in pyoxigraph.parse(ntriples.stdout, format=pyoxigraph.RdfFormat.N_TRIPLES)
    }
    assert len(want) == 9
    assert _triples(compact.stdout) == want
    (node,) = json.loads(compact.stdout)["@graph"]
    # Both are xsd:date, so both are bare under "date", each with its own lexical form.
    assert sorted(node["date"]) == ["2020-03-03", "2020-3-3"]
    assert {"@value": "07", "type": "xsd:byte"} in node["https://example.org/t/p"]


def test_expanded_without_jsonld_is_a_usage_error(scokg: Run) -> None:
    result = scokg("query", "--expanded", "-e", f"DESCRIBE <{SIGNING}>")
    assert result.returncode == 2
    assert result.stderr.startswith("scokg: error: --expanded applies to --format jsonld")


@pytest.mark.parametrize("iri", ["skos:x", "scokg:Thing", "prov:used"])
def test_an_iri_the_context_would_misread_is_one_line_naming_it(scokg: Run, iri: str) -> None:
    query = f"CONSTRUCT {{ <http://ex/a> <http://ex/p> <{iri}> }} WHERE {{}}"
    result = scokg("query", "-e", query, "--format", "jsonld")
    assert result.returncode == 1
    first, hint, *rest = result.stderr.splitlines()
    assert first == (
        f"scokg: error: JSON-LD cannot carry the term <{iri}>: "
        "JSON-LD with the scokg context would read it as a compact IRI"
    )
    assert hint.strip().startswith("hint: use --format jsonld --expanded")
    assert rest == [] and result.stdout == ""
    assert "frozendict" not in result.stderr and "_uuid" not in result.stderr
