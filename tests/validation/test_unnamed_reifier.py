"""An RDF 1.2 annotation or reified triple without a named reifier is ONE located error that
says what to write (issue 19 item 5), not five provenance problems about a blank node."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers.cli import run_scokg
from helpers.kg import copy_project
from scokg.reification import MESSAGE_UNNAMED, compile_reifiers, unnamed_reifier

DOC = "data/documents/sectsco-20200303-639652.ttl"
TAIL = "prov:wasDerivedFrom sentence:3"

# (the statement appended to the document, the text the error must point at)
CASES = {
    "annotation-without-name": (f"organisation:sco scokg:partOf place:x {{| {TAIL} |}} .", "{|"),
    "tilde-without-slug": (f"organisation:sco scokg:partOf place:x ~ {{| {TAIL} |}} .", "~"),
    "blank-reifier": (f"organisation:sco scokg:partOf place:x ~ _:b1 {{| {TAIL} |}} .", "~"),
    "unasserted-unnamed": (f"<< organisation:sco scokg:partOf place:x >> {TAIL} .", "<<"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unnamed_reifier_is_one_located_error(tmp_path: Path, case: str) -> None:
    statement, marker = CASES[case]
    root = copy_project(tmp_path / "p")
    path = root / DOC
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    path.write_text(text + "\n    " + statement + "\n", encoding="utf-8")
    column = 5 + statement.index(marker)
    done = run_scokg("--data", str(root), "validate")
    assert done.returncode == 1, done.stdout
    assert f"{DOC}:{line}:{column}\n" in done.stdout
    assert done.stdout.count(MESSAGE_UNNAMED) == 1, done.stdout
    assert "this fact has no source" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_named_reifier_still_compiles() -> None:
    text = (
        "@prefix ex: <https://example.org/> .\n"
        "ex:s ex:p ex:o ~ ex:r {| ex:q ex:v |} .\n"
        "<< ex:a ex:b ex:c ~ ex:r2 >> ex:q ex:v .\n"
    )
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    compiled = compile_reifiers(triples, text=text)
    subjects = {t.subject for t in compiled}
    assert ox.NamedNode("https://example.org/r") in subjects
    assert ox.NamedNode("https://example.org/r2") in subjects
    assert not any(isinstance(s, ox.BlankNode) for s in subjects)


def test_unnamed_reifier_locates_each_form() -> None:
    head = "@prefix ex: <https://example.org/> .\n"
    assert unnamed_reifier(head + "ex:s ex:p ex:o {| ex:q ex:v |} .\n") == (2, 16)
    assert unnamed_reifier(head + "ex:s ex:p ex:o ~ _:b {| ex:q ex:v |} .\n") == (2, 16)
    assert unnamed_reifier(head + "<< ex:s ex:p ex:o >> ex:q ex:v .\n") == (2, 1)
    assert unnamed_reifier(head + "ex:s ex:p ex:o ~ ex:r {| ex:q ex:v |} .\n") is None
    assert unnamed_reifier(head + "<< ex:s ex:p ex:o ~ ex:r >> ex:q ex:v .\n") is None
    assert unnamed_reifier(head + '# {| ~ in a comment\nex:s ex:p "{| ~" .\n') is None
