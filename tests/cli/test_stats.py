from __future__ import annotations

from pathlib import Path

from helpers.project import PREFIXES, TOTAL_TRIPLES
from scokg.project import Project
from scokg.stats import summarise

ORG = "https://w3id.org/scokg/ontology#Organisation"


def test_instance_typed_in_two_graphs_counts_once(tmp_project: Path) -> None:
    doc = tmp_project / "data" / "documents" / "x.ttl"
    with doc.open("a", encoding="utf-8") as fh:
        fh.write(PREFIXES + "id:org-a a scokg:Organisation .\n")

    summary = summarise(Project.discover(tmp_project))

    assert summary.instances_per_class[ORG] == 2
    assert summary.total_triples == TOTAL_TRIPLES + 1
    assert summary.total_triples == sum(summary.triples_per_graph.values())


def test_classes_outside_scokg_namespace_are_ignored(tmp_project: Path) -> None:
    summary = summarise(Project.discover(tmp_project))

    assert all(
        c.startswith("https://w3id.org/scokg/ontology#") for c in summary.instances_per_class
    )
    assert "http://www.w3.org/2002/07/owl#Class" not in summary.instances_per_class
