"""The bundled document in the concise fact syntax, and the script that converts to it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph

from scokg.parsing import turtle_triples

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "concise-facts"
DOC = REPO / "data" / "documents" / "sectsco-20200303-639652.ttl"
OLD_NT = Path(__file__).parent / "fixtures" / "sectsco-20200303-639652.rdf11.nt"

OLD_STYLE = """\
# A fictional bulletin of the Lowmoor Rivers Guild.
@prefix ex:   <http://example.org/fictional/> .
@prefix note: <http://example.org/fictional/fact/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

# --- Sentence 1
ex:guild
    a ex:Guild ;
    ex:founded "0900"^^xsd:gYear ; # the year as the bulletin prints it
    ex:seat ex:lowmoor .

note:guild-type
    a rdf:Statement ;
    rdf:subject ex:guild ;
    rdf:predicate rdf:type ;
    rdf:object ex:Guild ;
    prov:wasDerivedFrom ex:sentence-1 , ex:sentence-2 .

note:guild-founded
    a rdf:Statement ;
    rdf:subject ex:guild ;
    rdf:predicate ex:founded ;
    rdf:object "0900"^^xsd:gYear ;
    prov:wasDerivedFrom ex:sentence-1 ;
    ex:note "The bulletin says \\"nine hundred\\"; read as 0900."@en .

# a statement about a triple stated in another file stays as it is
note:elsewhere
    a rdf:Statement ;
    rdf:subject ex:tarn ;
    rdf:predicate ex:member ;
    rdf:object ex:guild ;
    prov:wasDerivedFrom ex:sentence-1 .

ex:guild ex:rival ex:vell ~ note:guild-rival {| prov:wasDerivedFrom ex:sentence-2 |} .
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def canonical(triples: list[pyoxigraph.Triple]) -> set[pyoxigraph.Quad]:
    dataset = pyoxigraph.Dataset(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def test_script_converts_statements_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "bulletin.ttl"
    path.write_text(OLD_STYLE, encoding="utf-8")
    before = turtle_triples(path)
    result = run(str(path))
    assert result.returncode == 0, result.stderr
    assert "2 statements written as annotations" in result.stderr
    assert "note:elsewhere" in result.stderr  # said why it was left
    text = path.read_text(encoding="utf-8")
    assert canonical(turtle_triples(path)) == canonical(before)
    assert (
        "    a ex:Guild ~ note:guild-type {| prov:wasDerivedFrom ex:sentence-1 , ex:sentence-2 |} ;"
        in text
    )
    assert (
        '    ex:founded "0900"^^xsd:gYear ~ note:guild-founded {| prov:wasDerivedFrom '
        'ex:sentence-1 ;\n        ex:note "The bulletin says' in text
    )
    assert "# the year as the bulletin prints it" in text
    assert "# A fictional bulletin" in text and "# --- Sentence 1" in text
    assert "note:guild-type\n" not in text and "note:guild-founded\n" not in text
    assert "note:elsewhere\n    a rdf:Statement ;" in text
    assert "ex:guild ex:rival ex:vell ~ note:guild-rival" in text
    assert "\n\n\n" not in text


def test_script_is_idempotent_and_check_mode_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bulletin.ttl"
    path.write_text(OLD_STYLE, encoding="utf-8")
    check = run("--check", str(path))
    assert check.returncode == 1
    assert path.read_text(encoding="utf-8") == OLD_STYLE
    assert run(str(path)).returncode == 0
    once = path.read_text(encoding="utf-8")
    again = run(str(path))
    assert again.returncode == 0
    assert "nothing to convert" in again.stderr
    assert path.read_text(encoding="utf-8") == once
    assert run("--check", str(path)).returncode == 0


def test_script_refuses_an_invalid_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 2
    assert "concise-facts: error:" in result.stderr and "broken.ttl:2:" in result.stderr
    assert "Traceback" not in result.stderr


def test_bundled_document_compiles_to_the_rdf11_graph() -> None:
    expected = set(pyoxigraph.parse(path=OLD_NT, format=pyoxigraph.RdfFormat.N_TRIPLES))
    got = {pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in turtle_triples(DOC)}
    assert got == expected  # no blank nodes: isomorphic means equal
    assert len(expected) == 1117


def test_bundled_document_is_fully_concise(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert "    a rdf:Statement ;" not in text
    facts = [line for line in text.splitlines() if " ~ fact:" in line and line[:1] != "#"]
    assert len(facts) == 165
    copy = tmp_path / DOC.name
    shutil.copy(DOC, copy)
    result = run("--check", str(copy))
    assert result.returncode == 0, result.stderr
