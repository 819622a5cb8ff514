"""Quality rules for the ontology and the data, kept as SPARQL files (OBO ODK style).

Each tests/quality/<rule>-violation.rq returns one row per offending term and must return
none on the bundled graph. Each rule also has a SPARQL Update in tests/quality/fixtures/
that breaks a fresh copy of the graph so that the rule must fire: a rule that can never
return rows would pass forever without checking anything.
"""

from __future__ import annotations

import pyoxigraph
import pytest

from helpers.kg import REPO, bundled_store
from scokg.parsing import load_store
from scokg.project import Project

QUALITY = REPO / "tests" / "quality"
FIXTURES = QUALITY / "fixtures"
RULES = sorted(p.name.removesuffix("-violation.rq") for p in QUALITY.glob("*-violation.rq"))


def run_rule(store: pyoxigraph.Store, rule: str) -> list[dict[str, str]]:
    """Rows of a rule over the store, the union of named graphs as default graph."""
    query = (QUALITY / f"{rule}-violation.rq").read_text(encoding="utf-8")
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions), f"{rule} is not a SELECT"
    names = [v.value for v in solutions.variables]
    return [
        {n: str(row[n]) for n in names if row[n] is not None}
        for row in solutions  # type: ignore[union-attr]
    ]


def test_rules_exist() -> None:
    expected = {
        "single_ontology",
        "missing_ontology_metadata",
        "missing_ontology_license",
        "missing_label",
        "multiple_labels",
        "duplicate_label",
        "label_whitespace",
        "missing_definition",
        "invalid_entity_uri",
        "subclass_cycle",
        "undeclared_vocabulary",
        "core_classes_not_disjoint",
        "inconsistent_inverse",
        "missing_is_defined_by",
        "missing_inverse",
        "inverse_label_not_phrase",
    }
    assert expected <= set(RULES)


@pytest.mark.parametrize("rule", RULES)
def test_rule_passes_on_bundled_graph(rule: str) -> None:
    rows = run_rule(bundled_store(), rule)

    offending = "\n".join(f"  {row}" for row in rows)
    assert not rows, f"{rule}: {len(rows)} violation(s):\n{offending}"


@pytest.mark.parametrize("rule", RULES)
def test_rule_catches_its_fixture(rule: str) -> None:
    fixture = FIXTURES / f"{rule}.ru"
    assert fixture.is_file(), f"rule {rule} has no fixture {fixture.relative_to(REPO)}"
    store = load_store(Project.discover())
    store.update(fixture.read_text(encoding="utf-8"))

    assert run_rule(store, rule), f"{rule} found nothing after {fixture.name}"


def test_every_fixture_belongs_to_a_rule() -> None:
    assert {p.stem for p in FIXTURES.glob("*.ru")} == set(RULES)


def test_bundled_graph_is_large_enough_for_the_rules_to_matter() -> None:
    # Rules over an empty or unloaded graph would pass vacuously.
    store = bundled_store()
    assert len(store) > 1500
    graphs = {str(g.value) for g in store.named_graphs()}
    assert "https://w3id.org/scokg/graph/ontology" in graphs
