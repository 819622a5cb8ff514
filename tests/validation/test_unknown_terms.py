"""A misspelt class or property of an owned ontology is an error at file:line:col, with the
nearest declared term as a suggestion (issue 19 item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import run_scokg
from helpers.kg import copy_project
from scokg.project import Project
from scokg.validation import validate
from scokg.validation.vocabulary import suggest

DOC = "data/documents/sectsco-20200303-639652.ttl"
SCOKG = "https://w3id.org/scokg/ontology#"


def _mutate(root: Path, old: str, new: str) -> tuple[int, int]:
    """Replace the first ``old`` in the bundled document; return the (line, column) of ``new``."""
    path = root / DOC
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return line, column


def _unknown(root: Path) -> list:
    report = validate(Project.discover(root))
    return [p for p in report.problems if p.message.startswith("unknown term")]


@pytest.mark.parametrize(
    ("old", "new", "wrong", "right", "offset"),
    [
        ("a scokg:Meeting", "a scokg:Meetng", "scokg:Meetng", "scokg:Meeting", 2),
        ("scokg:participant", "scokg:particpant", "scokg:particpant", "scokg:participant", 0),
        ("a scokg:Signing", "a scokg:signing", "scokg:signing", "scokg:Signing", 2),
    ],
)
def test_a_misspelt_scokg_term_is_located_with_a_suggestion(
    tmp_path: Path, old: str, new: str, wrong: str, right: str, offset: int
) -> None:
    root = copy_project(tmp_path / "p")
    line, column = _mutate(root, old, new)
    found = _unknown(root)
    assert len(found) == 1, found
    problem = found[0]
    assert problem.message == (
        f"unknown term {wrong}: no ontology file declares it — did you mean {right}?"
    )
    assert problem.check == "declarations"
    assert Path(problem.file or "").name == Path(DOC).name
    assert (problem.line, problem.column) == (line, column + offset)


def test_no_suggestion_when_nothing_is_close(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    _mutate(root, "a scokg:Meeting", "a scokg:Zyxwvut")
    (problem,) = _unknown(root)
    assert problem.message == "unknown term scokg:Zyxwvut: no ontology file declares it"


def test_the_bundled_data_uses_only_declared_terms(tmp_path: Path) -> None:
    assert _unknown(copy_project(tmp_path / "p")) == []


def test_cli_reports_it_at_file_line_col_and_fails(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    line, column = _mutate(root, "a scokg:Meeting", "a scokg:Meetng")
    done = run_scokg("--data", str(root), "validate")
    assert done.returncode == 1
    assert f"{DOC}:{line}:{column + 2}" in done.stdout
    assert "did you mean scokg:Meeting?" in done.stdout


def test_a_project_namespace_is_checked_too(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SCOKG_CACHE_DIR", "SCOKG_ROOT")}
    made = subprocess.run(
        [sys.executable, "-m", "scokg", "init", "acme"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    root = tmp_path / "acme"
    assert [p for p in _unknown(root)] == []
    (doc,) = (root / "data/documents").glob("*.ttl")
    text = doc.read_text(encoding="utf-8")
    assert " acme:memberCount 12 ~ fact:members" in text  # an annotated fact (RDF 1.2)
    doc.write_text(text.replace(" acme:memberCount 12 ~", " acme:memberCont 12 ~", 1))
    (problem,) = _unknown(root)
    assert problem.message.endswith("did you mean acme:memberCount?")
    assert problem.file == str(doc)


def test_suggest_prefers_a_case_only_difference() -> None:
    declared = [SCOKG + "meeting", SCOKG + "Meeting", SCOKG + "Meetings"]
    assert suggest(SCOKG + "MEETING", SCOKG, declared) in {SCOKG + "Meeting", SCOKG + "meeting"}
    assert suggest(SCOKG + "Meetng", SCOKG, declared) == SCOKG + "Meeting"
    assert suggest(SCOKG + "x", SCOKG, declared) is None
