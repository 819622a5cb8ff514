"""Counts that summarise the knowledge graph: a quick sanity check after editing data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scokg import vocab
from scokg.oxquery import select
from scokg.parsing import load_store

if TYPE_CHECKING:
    from scokg.project import Project

_GRAPH_COUNTS = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g
"""

# The namespace is a constant of ours, so inlining it is safe. (pyoxigraph 0.5 rejects
# `substitutions=` for variables that are not in the SELECT projection.)
_CLASS_COUNTS = f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH ?g {{ ?s rdf:type ?class }}
  FILTER(STRSTARTS(STR(?class), "{vocab.SCOKG}"))
}} GROUP BY ?class
"""


@dataclass(frozen=True)
class Summary:
    """Triple counts per named graph and asserted instance counts per scokg class."""

    total_triples: int
    triples_per_graph: dict[str, int]
    instances_per_class: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``{"total_triples": int, "triples_per_graph": {graph IRI: int},
        "instances_per_class": {class IRI: int}}``."""
        return {
            "total_triples": self.total_triples,
            "triples_per_graph": dict(self.triples_per_graph),
            "instances_per_class": dict(self.instances_per_class),
        }


def summarise(project: Project) -> Summary:
    """Load the project and count; instances are counted once even if typed in two graphs.

    ``total_triples`` counts statements in all graphs, so a triple repeated in two graphs
    counts twice (it is the sum of ``triples_per_graph``). No inference is applied.
    """
    store = load_store(project)
    per_graph = {sol["g"].value: int(sol["n"].value) for sol in select(store, _GRAPH_COUNTS)}
    per_class = {sol["class"].value: int(sol["n"].value) for sol in select(store, _CLASS_COUNTS)}
    return Summary(
        total_triples=len(store),
        triples_per_graph=dict(sorted(per_graph.items())),
        instances_per_class=dict(sorted(per_class.items())),
    )
