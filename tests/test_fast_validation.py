"""The fast engine reports exactly what pyshacl reports, and finds every injected violation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scokg.project import Project
from scokg.synth import INJECTION_KINDS, generate
from scokg.validation import validate


def _key(problem) -> tuple:
    return (
        problem.check,
        problem.focus,
        problem.path,
        problem.component,
        problem.shape,
        problem.value,
        problem.message,
    )


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    generate(out, docs=40, seed=7, inject=1)
    return out


@pytest.fixture(scope="module")
def reports(injected: Path):
    project = Project.discover(injected)
    return validate(project, engine="fast"), validate(project, engine="pyshacl")


def test_engines_report_identical_problems(reports) -> None:
    fast, reference = reports
    assert {_key(p) for p in fast.problems} == {_key(p) for p in reference.problems}
    assert len(fast.problems) == len(reference.problems)


def test_every_injected_violation_is_found(injected: Path, reports) -> None:
    expected = json.loads((injected / "expected-violations.json").read_text())
    assert set(expected["kinds"]) == set(INJECTION_KINDS)
    components = {e["component"] for e in expected["violations"]}
    assert len(components) >= 9
    for report in reports:
        found = {(p.shape, p.component, p.focus, p.path, p.value) for p in report.problems}
        for e in expected["violations"]:
            assert (e["shape"], e["component"], e["focus"], e["path"], e["value"]) in found, e


def test_bundled_data_conforms_under_both_engines() -> None:
    project = Project.discover()
    for engine in ("fast", "pyshacl"):
        report = validate(project, engine=engine)
        assert report.conforms, (engine, report.to_text())


def test_synth_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", docs=30, seed=3)
    generate(tmp_path / "b", docs=30, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    assert files_a == files_b and len(files_a) == 30 * 3 + 3
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_clean_synthetic_corpus_conforms(tmp_path: Path) -> None:
    generate(tmp_path / "c", docs=60, seed=1)
    report = validate(Project.discover(tmp_path / "c"), engine="fast")
    assert report.conforms, report.to_text()
