"""Every SHACL shape catches the breakage it exists for, through the real `scokg validate`.

Node shapes and SPARQL constraints are enumerated from ontology/shapes.ttl, so a new shape
without a broken fixture (tests/data/shapes/<Shape>.add.ttl, or tests/data/sparql/<name>.add.ttl
for a SPARQL constraint) fails here. A pyshacl run costs seconds, so all fixtures are applied
to one copy of the bundled project and validated once; each fixture breaks its own focus
resource, and each test looks for its violation by focus *and* shape, so the fixtures cannot
stand in for one another.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import rdflib

from helpers.kg import (
    DATA,
    REPO,
    SHAPES_NS,
    apply_patch,
    copy_project,
    load_patch,
    patch_names,
    problems,
    validate_json,
)

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPE_DIR = DATA / "shapes"
SPARQL_DIR = DATA / "sparql"


@cache
def _shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(REPO / "ontology" / "shapes.ttl", format="turtle")


def _local(iri: object) -> str:
    text = str(iri)
    assert text.startswith(SHAPES_NS), f"shape outside the shapes namespace: {text}"
    return text.removeprefix(SHAPES_NS)


def node_shapes() -> list[str]:
    graph = _shapes_graph()
    return sorted(_local(s) for s in graph.subjects(rdflib.RDF.type, SH.NodeShape))


def sparql_constraints() -> list[str]:
    graph = _shapes_graph()
    return sorted(_local(s) for s in graph.subjects(rdflib.RDF.type, SH.SPARQLConstraint))


def property_shapes_of(node: str) -> set[str]:
    graph = _shapes_graph()
    return {_local(p) for p in graph.objects(rdflib.URIRef(SHAPES_NS + node), SH.property)}


def owner_of_constraint(name: str) -> str:
    graph = _shapes_graph()
    owners = {_local(s) for s in graph.subjects(SH.sparql, rdflib.URIRef(SHAPES_NS + name))}
    assert len(owners) == 1, f"{name} is used by {owners or 'no'} node shape(s)"
    return owners.pop()


def constraint_message(name: str) -> str:
    value = _shapes_graph().value(rdflib.URIRef(SHAPES_NS + name), SH.message)
    assert value is not None, f"{name} has no sh:message"
    return str(value)


@pytest.fixture(scope="module")
def broken_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The JSON report of one validate run over a copy with every fixture applied."""
    root = copy_project(tmp_path_factory.mktemp("broken-shapes") / "project")
    for folder in (SHAPE_DIR, SPARQL_DIR):
        for name in patch_names(folder):
            apply_patch(root, load_patch(folder, name))
    code, report = validate_json(root)
    assert code == 1, "validate must exit 1 on data that violates shapes"
    assert report["conforms"] is False
    return report


def _matching(report: dict[str, Any], focus: str, shape: str) -> list[dict[str, Any]]:
    return [p for p in problems(report) if p["focus"] == focus and p.get("shape") == shape]


def _describe(report: dict[str, Any], focus: str) -> str:
    found = [(p.get("shape"), p["message"]) for p in problems(report) if p["focus"] == focus]
    return f"violations reported for <{focus}>: {found}"


def test_shapes_file_declares_shapes() -> None:
    # Guards the enumeration itself: an empty list would make the parametrized tests vanish.
    assert len(node_shapes()) >= 19
    assert len(sparql_constraints()) >= 7


@pytest.mark.parametrize("shape", node_shapes())
def test_node_shape_fixture_names_one_of_its_shapes(shape: str) -> None:
    patch = load_patch(SHAPE_DIR, shape)  # fails when a shape has no fixture

    allowed = {shape} | property_shapes_of(shape)
    assert patch.expect in allowed, f"{patch.add.name} expects {patch.expect}, not in {allowed}"


@pytest.mark.parametrize("shape", node_shapes())
def test_node_shape_reports_its_fixture(shape: str, broken_report: dict[str, Any]) -> None:
    patch = load_patch(SHAPE_DIR, shape)
    expected_iri = SHAPES_NS + patch.expect

    found = _matching(broken_report, patch.focus, expected_iri)

    assert found, f"no violation of {expected_iri}; " + _describe(broken_report, patch.focus)
    assert all(p["check"] == "shacl" for p in found)


@pytest.mark.parametrize("name", sparql_constraints())
def test_sparql_constraint_reports_its_fixture(name: str, broken_report: dict[str, Any]) -> None:
    patch = load_patch(SPARQL_DIR, name)  # fails when a constraint has no fixture
    owner = SHAPES_NS + owner_of_constraint(name)

    found = [
        p
        for p in _matching(broken_report, patch.focus, owner)
        if p.get("component") == "SPARQLConstraintComponent"
        and p["message"] == constraint_message(name)
    ]

    assert patch.expect == name
    assert found, f"no violation of {name} on {owner}; " + _describe(broken_report, patch.focus)


def test_no_fixture_for_a_shape_that_does_not_exist() -> None:
    assert set(patch_names(SHAPE_DIR)) <= set(node_shapes())
    assert set(patch_names(SPARQL_DIR)) <= set(sparql_constraints())


def test_fixture_focus_resources_are_distinct() -> None:
    # The batch run is only sound if no two fixtures break the same resource.
    foci = [load_patch(SHAPE_DIR, n).focus for n in patch_names(SHAPE_DIR)]
    foci += [load_patch(SPARQL_DIR, n).focus for n in patch_names(SPARQL_DIR)]
    assert len(foci) == len(set(foci))


def test_remove_fixture_must_match_bundled_triples(tmp_path: Path) -> None:
    stale = tmp_path / "fixtures"
    stale.mkdir()
    (stale / "Stale.add.ttl").write_text("# focus: <urn:x>\n# expect: Stale\n", encoding="utf-8")
    (stale / "Stale.remove.ttl").write_text(
        "<https://w3id.org/scokg/id/person/nobody> <urn:p> <urn:o> .\n", encoding="utf-8"
    )
    root = copy_project(tmp_path / "project")

    with pytest.raises(AssertionError, match="triples not in the data"):
        apply_patch(root, load_patch(stale, "Stale"))
