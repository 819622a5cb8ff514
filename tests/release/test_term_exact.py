"""Regression tests of issue 13: ``scokg build`` keeps every term exactly, in every format.

Each test builds a small project holding one kind of hard term and parses every artefact
back with two independent parsers (rdflib and pyoxigraph), comparing term for term with
the source as pyoxigraph's parser reads it (lexical forms exact; language tags in lower
case, the one normalisation RDF 1.1 §3.3 allows and pyoxigraph always applies).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from helpers.release import (
    TRIPLE_FILES,
    build_project,
    make_project,
    ox_graph,
    rdflib_graph,
    same_graph,
    source_graph,
)

PREFIXES = """\
@prefix dc: <http://purl.org/dc/elements/1.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/scokg/id/> .
"""

CASES = {
    "u2028": 'id:org-a dc:title "first\u2028second" , "a\u2029b\u0085c\\r\\nf" .\n',
    "at-prefix": 'id:org-a dc:description """line one\n@prefix x: <http://x/> .\n'
    'PREFIX y: <http://y/>\nBASE <http://z/>\n@base <http://w/> .\n\\"\\"\\" end""" .\n',
    "own-vocabulary": "@prefix my: <http://example.org/my-vocab#> .\n"
    'id:org-a my:rating "5"^^my:stars ; my:related <http://example.org/other/thing> ;\n'
    '  <http://example.org/a%20b/é> "x" ; dc:title "T" .\n',
    "doubles": 'id:org-a dc:p "INF"^^xsd:double , "-INF"^^xsd:double , "NaN"^^xsd:double , '
    '"-0"^^xsd:double , "0.000"^^xsd:decimal , "0"^^xsd:integer , "01"^^xsd:byte , '
    '"+1.50E0"^^xsd:float , "1"^^xsd:boolean , "2.50"^^xsd:decimal .\n',
    "blank-nodes": 'id:org-a dc:p [ dc:q [ dc:r "deep" ] ] , ( 1 "two" ( 3 ) ) .\n',
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_artefact_keeps_each_term(tmp_path: Path, case: str) -> None:
    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + CASES[case]})
    dist = build_project(root, tmp_path / "dist")
    want = source_graph(root)
    for name, fmt in TRIPLE_FILES.items():
        assert same_graph(ox_graph(dist / name, fmt), want) is None, f"pyoxigraph, {name}"
        assert same_graph(rdflib_graph(dist / name, fmt), want) is None, f"rdflib, {name}"


def test_jsonld_is_strict_json(tmp_path: Path) -> None:
    import json

    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + CASES["doubles"]})
    dist = build_project(root, tmp_path / "dist")

    def refuse(value: str) -> None:
        raise AssertionError(f"non-JSON constant {value} in scokg.jsonld")

    json.loads((dist / "scokg.jsonld").read_text("utf-8"), parse_constant=refuse)


def test_trig_of_own_vocabulary_declares_every_prefix_it_uses(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + CASES["own-vocabulary"]})
    dist = build_project(root, tmp_path / "dist")
    text = (dist / "scokg.trig").read_text("utf-8")
    assert "ns1:" not in text
    quads = list(pyoxigraph.parse(path=dist / "scokg.trig", format=pyoxigraph.RdfFormat.TRIG))
    assert any(q.predicate.value == "http://example.org/my-vocab#rating" for q in quads)


def test_ntriples_lines_are_whole_triples(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + CASES["u2028"]})
    dist = build_project(root, tmp_path / "dist")
    lines = (dist / "scokg.nt").read_bytes().decode("utf-8").split("\n")
    assert lines[-1] == ""
    assert all(line.endswith(" .") for line in lines[:-1])
    assert lines[:-1] == sorted(lines[:-1])


@pytest.mark.parametrize(
    ("triple", "what"),
    [
        ('id:org-a dc:title "bell\\u0007here" .', "U+0007"),
        ('id:org-a dc:title "tab\\u000Bvertical" .', "U+000B"),
        ('id:org-a dc:title "not\\uFFFEchar" .', "U+FFFE"),
        ("id:org-a <http://example.org/vocab/1234> id:org-b .", "XML name"),
        ("id:org-a <http://www.w3.org/1999/02/22-rdf-syntax-ns#li> id:org-b .", "reserves"),
    ],
)
def test_a_term_rdfxml_cannot_carry_is_a_located_error(
    tmp_path: Path, run_cli, triple: str, what: str
) -> None:
    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + triple + "\n"})
    result = run_cli("--data", str(root), "build", "--out", str(tmp_path / "dist"))
    assert result.returncode == 1, result.stderr
    assert "scokg: error: RDF/XML cannot carry the term" in result.stderr
    assert what in result.stderr
    assert "hard.ttl:4" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "dist").exists()


def test_html_docs_show_each_literal_exactly(tmp_path: Path) -> None:
    from scokg.release.docs import literal_html

    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + CASES["doubles"]})
    page = (build_project(root, tmp_path / "dist") / "docs" / "organisation.html").read_text()
    for lexical in ("INF", "-INF", "NaN", "-0", "0.000", "01", "+1.50E0", "2.50"):
        assert f">{lexical} <span class=note>xsd:" in page, lexical
    assert literal_html("a\u2028b<\x07") == (
        "a<code class=esc>\\u2028</code>b&lt;<code class=esc>\\u0007</code>"
    )


def test_an_iri_jsonld_would_misread_is_a_located_error(tmp_path: Path, run_cli) -> None:
    # "skos" is a prefix of the embedded context: <skos:x> would be read back as a CURIE.
    triple = "id:org-a dc:relation <skos:not-a-curie> .\n"
    root = make_project(tmp_path / "p", {"data/hard.ttl": PREFIXES + triple})
    result = run_cli("--data", str(root), "build", "--out", str(tmp_path / "dist"))
    assert result.returncode == 1, result.stderr
    assert "scokg: error: JSON-LD cannot carry the term <skos:not-a-curie>" in result.stderr
    assert "hard.ttl:4" in result.stderr
    assert "Traceback" not in result.stderr
