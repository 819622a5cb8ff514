"""``validate`` for curators: undeclared resources first (and not their SHACL echoes), labels
shared by two resources, a document's files, the checksum at its meta line. Fictional text."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from helpers.cli import run_scokg
from helpers.kg import copy_project

DOC2020 = "sectsco-20200303-639652"
TEXT = "Guild thanks\n\nMs Tamsin Orr thanked the Harbour Council on behalf of the Guild.\n"
FACTS = """
act:orr-thanks
    a scokg:Act ;
    scokg:actKind act-kind:thank ;
    scokg:actor person:tamsin-orr ;
    scokg:partOf meeting:norov-waly-2020-03-03 ;
    skos:prefLabel "Tamsin Orr thanks the Harbour Council"@en .

fact:orr-thanks-actor a rdf:Statement ; rdf:subject act:orr-thanks ;
    rdf:predicate scokg:actor ; rdf:object person:tamsin-orr ; prov:wasDerivedFrom sentence:2 .
fact:orr-thanks-kind a rdf:Statement ; rdf:subject act:orr-thanks ;
    rdf:predicate scokg:actKind ; rdf:object act-kind:thank ; prov:wasDerivedFrom sentence:2 .
fact:orr-thanks-part a rdf:Statement ; rdf:subject act:orr-thanks ;
    rdf:predicate scokg:partOf ; rdf:object meeting:norov-waly-2020-03-03 ;
    prov:wasDerivedFrom sentence:2 .
fact:orr-thanks-type a rdf:Statement ; rdf:subject act:orr-thanks ;
    rdf:predicate rdf:type ; rdf:object scokg:Act ; prov:wasDerivedFrom sentence:2 .
fact:orr-thanks-label a rdf:Statement ; rdf:subject act:orr-thanks ;
    rdf:predicate skos:prefLabel ; rdf:object "Tamsin Orr thanks the Harbour Council"@en ;
    prov:wasDerivedFrom sentence:2 .
"""
PREFIXES = """@prefix act: <https://w3id.org/scokg/id/act/> .
@prefix act-kind: <https://w3id.org/scokg/id/act-kind/> .
@prefix meeting: <https://w3id.org/scokg/id/meeting/> .
@prefix person: <https://w3id.org/scokg/id/person/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _report(project: Path) -> tuple[int, str, dict[str, object]]:
    text = run_scokg("--data", str(project), "validate")
    data = run_scokg("--data", str(project), "validate", "--format", "json")
    return text.returncode, text.stdout, json.loads(data.stdout)


def test_undeclared_resources_are_named_first_and_hide_their_shacl_echoes(project: Path) -> None:
    source = project.parent / "guild.txt"
    source.write_text(TEXT, encoding="utf-8")
    done = run_scokg(
        "--data", str(project), "new-document", str(source), "--id", "guild-2031",
        "--url", "https://example.org/g", "--issued", "2031-05-05",
        "--publisher", "organisation:sco-secretariat",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = project / "data/documents/guild-2031.ttl"
    turtle = document.read_text(encoding="utf-8")
    document.write_text(PREFIXES + turtle + FACTS, encoding="utf-8")
    lines = document.read_text(encoding="utf-8").split("\n")
    actor_line = next(i for i, x in enumerate(lines, 1) if "scokg:actor person:tamsin-orr" in x)

    code, out, data = _report(project)
    assert code == 1
    assert "not declared: add it to data/entities.ttl" in out
    assert "not declared: add it to data/act-kinds.ttl" in out
    assert f"guild-2031.ttl:{actor_line}" in out
    assert "needs at least one actor" not in out
    assert "needs exactly one kind" not in out
    assert data["checks"]["declarations"]["problems"] == 2  # type: ignore[index]

    with (project / "data/entities.ttl").open("a", encoding="utf-8") as out_file:
        out_file.write(
            '\nperson:tamsin-orr a scokg:Person ; skos:prefLabel "Tamsin Orr"@en ;\n'
            "    prov:wasDerivedFrom <https://w3id.org/scokg/id/document/guild-2031/sentence/2> .\n"
        )
    code, out, data = _report(project)
    assert "person:tamsin-orr" not in out or "not declared: add it to data/entities" not in out
    assert data["checks"]["declarations"]["problems"] == 1  # type: ignore[index]


def test_two_resources_of_one_class_with_one_label_give_a_warning(project: Path) -> None:
    with (project / "data/entities.ttl").open("a", encoding="utf-8") as out:
        out.write('\nperson:norov-twin a scokg:Person ; skos:prefLabel "Vladimir Norov"@en .\n')
    _, out, _ = _report(project)
    assert "warning: person:norov-twin and person:vladimir-norov are both" in out
    assert "scokg describe person:norov-twin" in out and "scokg query lookup" in out


def test_a_document_needs_its_text_metadata_and_annotations(project: Path) -> None:
    sources = project / "data/sources"
    (sources / "stray.txt").write_text("A text nobody annotated.\n", encoding="utf-8")
    shutil.copy(sources / f"{DOC2020}.meta.ttl", sources / "orphan.meta.ttl")
    code, out, _ = _report(project)
    assert code == 1
    assert "the source text has no metadata data/sources/stray.meta.ttl" in out
    assert "the source text has no document file data/documents/stray.ttl" in out
    assert "metadata without its source text data/sources/orphan.txt" in out


def test_checksum_mismatch_points_at_the_meta_line_with_the_right_value(project: Path) -> None:
    text_file = project / f"data/sources/{DOC2020}.txt"
    meta = project / f"data/sources/{DOC2020}.meta.ttl"
    original = hashlib.sha256(text_file.read_bytes()).hexdigest()
    wrong = "0" * 64
    meta.write_text(meta.read_text(encoding="utf-8").replace(original, wrong), encoding="utf-8")
    line = next(
        i for i, x in enumerate(meta.read_text(encoding="utf-8").split("\n"), 1) if wrong in x
    )
    code, out, data = _report(project)
    assert code == 1
    problems = [
        p
        for r in data["resources"]  # type: ignore[attr-defined]
        for p in r["problems"]
        if p.get("path") == "scokg:sha256" and p["check"] == "provenance"
    ]
    assert len(problems) == 1
    assert problems[0]["file"].endswith(f"{DOC2020}.meta.ttl") and problems[0]["line"] == line
    assert problems[0]["expected"] == original
