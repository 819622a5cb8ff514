"""A fact derived from another document's sentence gives a located warning (issue 19 item 7)."""

from __future__ import annotations

from pathlib import Path

from helpers.kg import copy_project
from scokg.project import Project
from scokg.validation import validate

DOC = "data/documents/sectsco-20200303-639652.ttl"
OTHER = "https://w3id.org/scokg/id/document/another-doc/sentence/3"


def test_a_sentence_of_another_document_is_a_located_warning(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    path = root / DOC
    text = path.read_text(encoding="utf-8")
    assert "prov:wasDerivedFrom sentence:3 " in text
    path.write_text(
        text.replace("prov:wasDerivedFrom sentence:3 ", f"prov:wasDerivedFrom <{OTHER}> ", 1),
        encoding="utf-8",
    )
    report = validate(Project.discover(root))
    found = [n for n in report.notes if "a sentence of another document" in n]
    assert len(found) == 1, report.notes
    assert f"{path}:" in found[0] and "document:another-doc/sentence/3" in found[0]


def test_the_bundled_data_cites_only_its_own_sentences(tmp_path: Path) -> None:
    report = validate(Project.discover(copy_project(tmp_path / "p")))
    assert not [n for n in report.notes if "another document" in n]
