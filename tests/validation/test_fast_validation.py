"""The fast engine reports exactly what pyshacl reports, and finds every injected violation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scokg.project import Project
from scokg.validation import validate
from synth import INJECTION_KINDS, generate

# pyoxigraph stores the xsd:integer family canonically as xsd:integer (see README
# "Performance"); a reported value of a derived integer type is compared as xsd:integer.
_INTEGER_FAMILY = re.compile(
    r"\^\^<http://www\.w3\.org/2001/XMLSchema#"
    r"(?:nonNegativeInteger|positiveInteger|nonPositiveInteger|negativeInteger|long|int|short"
    r"|byte|unsignedLong|unsignedInt|unsignedShort|unsignedByte)>"
)


def _key(problem) -> tuple:
    value = problem.value
    if isinstance(value, str):
        value = _INTEGER_FAMILY.sub("^^<http://www.w3.org/2001/XMLSchema#integer>", value)
    return (
        problem.check,
        problem.focus,
        problem.path,
        problem.component,
        problem.shape,
        value,
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


def test_engines_agree_on_every_broken_shape_fixture(tmp_path: Path) -> None:
    """The hand-written fixtures of tests/data/shapes and tests/data/sparql, all at once.

    They include values of the wrong class on ranged properties (a place given as a party),
    which only an engine that does not infer types from rdfs:range can catch.
    """
    from helpers.kg import DATA, apply_patch, copy_project, load_patch, patch_names

    root = copy_project(tmp_path / "project")
    for folder in (DATA / "shapes", DATA / "sparql"):
        for name in patch_names(folder):
            apply_patch(root, load_patch(folder, name))
    project = Project.discover(root)
    fast, reference = validate(project, engine="fast"), validate(project, engine="pyshacl")

    assert {_key(p) for p in fast.problems} == {_key(p) for p in reference.problems}
    assert any(
        p.component and p.component.endswith("ClassConstraintComponent") for p in fast.problems
    )


def test_unsupported_shape_falls_back_to_pyshacl_and_says_so(tmp_path: Path) -> None:
    """A construct outside the compiler's list (a SPARQL-based constraint component) is still
    checked, by pyshacl, and the report says so in one note."""
    from helpers.kg import copy_project

    root = copy_project(tmp_path / "project")
    shapes = root / "ontology" / "shapes.ttl"
    shapes.write_text(
        shapes.read_text(encoding="utf-8")
        + """
<http://example.org/ns#ShortComponent> a sh:ConstraintComponent ;
    sh:parameter [ sh:path <http://example.org/ns#maxChars> ] ;
    sh:validator [ a sh:SPARQLAskValidator ;
        sh:ask "ASK { FILTER (STRLEN(STR($value)) <= $maxChars) }" ] .
shape:Organisation sh:property [ sh:path skos:prefLabel ; <http://example.org/ns#maxChars> 3 ] .
""",
        encoding="utf-8",
    )

    report = validate(Project.discover(root), engine="fast")

    assert any("SHACL ran on pyshacl" in note and "sh:parameter" in note for note in report.notes)
    found = {
        p.focus for p in report.problems if p.component == "http://example.org/ns#ShortComponent"
    }
    assert "https://w3id.org/scokg/id/organisation/unodc" in found


def test_min_length_is_compiled(tmp_path: Path) -> None:
    """sh:minLength, once a fallback, is on the compiled engine's list: no note, same result."""
    from helpers.kg import copy_project

    root = copy_project(tmp_path / "project")
    shapes = root / "ontology" / "shapes.ttl"
    shapes.write_text(
        shapes.read_text(encoding="utf-8")
        + "\nshape:Organisation sh:property [ sh:path skos:prefLabel ; sh:minLength 500 ] .\n",
        encoding="utf-8",
    )
    fast = validate(Project.discover(root), engine="fast")
    reference = validate(Project.discover(root), engine="pyshacl")

    assert not fast.notes
    found = {p.focus for p in fast.problems if p.component == "MinLengthConstraintComponent"}
    assert "https://w3id.org/scokg/id/organisation/unodc" in found
    assert {_key(p) for p in fast.problems} == {_key(p) for p in reference.problems}
