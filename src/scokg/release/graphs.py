"""The release's graphs: one rdflib Dataset with stable blank-node labels, and its union.

Blank nodes (only in ``owl:AllDisjointClasses`` axioms and SHACL shapes) get labels derived
from the graph's structure, so two builds from the same sources write identical bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scokg import vocab
from scokg.parsing import LINKS_KIND, parse_source_rdflib, parse_turtle_check

if TYPE_CHECKING:
    import rdflib

    from scokg.project import Project


@dataclass(frozen=True)
class ReleaseGraphs:
    """What every artefact is made from: the named graphs and their union."""

    dataset: rdflib.Dataset
    merged: rdflib.Graph

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in named_graphs(self.dataset))


def triple_key(triple: tuple[rdflib.term.Node, ...]) -> tuple[str, ...]:
    """A total order on triples: rdflib's own term comparison is not total for literals."""
    return tuple(term.n3() for term in triple)


def new_graph() -> rdflib.Graph:
    """An empty graph with only our prefixes bound (none of rdflib's defaults)."""
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def bind_prefixes(graph: rdflib.Graph) -> None:
    """Bind every prefix of :data:`scokg.vocab.PREFIXES`, so files never show rdflib's ns1."""
    for prefix, namespace in vocab.PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def named_graphs(dataset: rdflib.Dataset) -> list[rdflib.Graph]:
    """The non-empty named graphs of ``dataset``, sorted by IRI (default graph left out)."""
    import rdflib

    graphs = [
        g
        for g in dataset.graphs()
        if g.identifier != rdflib.graph.DATASET_DEFAULT_GRAPH_ID and len(g) > 0
    ]
    return sorted(graphs, key=lambda g: str(g.identifier))


def stable_bnodes(graph: rdflib.Graph, salt: str) -> rdflib.Graph:
    """Copy ``graph`` with blank nodes relabelled from its canonical form.

    ``salt`` (the graph name) keeps equal structures in two graphs from sharing a label.
    """
    import rdflib
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(graph)
    tag = hashlib.sha256(salt.encode()).hexdigest()[:6]
    out = new_graph()

    def relabel(term: rdflib.term.Node) -> rdflib.term.Node:
        if isinstance(term, rdflib.BNode):
            return rdflib.BNode(f"b{tag}{str(term)[:16]}")
        return term

    for s, p, o in sorted(canonical, key=triple_key):
        out.add((relabel(s), p, relabel(o)))
    return out


def _parse(path: object) -> rdflib.Graph:
    graph = new_graph()
    graph.parse(source=str(path), format="turtle")
    return graph


def load_release_graphs(project: Project) -> ReleaseGraphs:
    """Parse every source into its named graph (stable blank nodes) and build the union."""
    import rdflib

    dataset = rdflib.Dataset(default_union=False)
    bind_prefixes(dataset)
    per_graph: dict[str, rdflib.Graph] = {}
    for source in project.sources():
        per_graph.setdefault(source.graph, new_graph())
        if source.kind == LINKS_KIND:
            parsed = parse_source_rdflib(source)
        else:
            parse_turtle_check(source.path)
            parsed = _parse(source.path)
        # Parse each file alone so blank nodes of two files in one graph never merge.
        per_graph[source.graph] += stable_bnodes(parsed, f"{source.graph} {source.path.name}")
    merged = new_graph()
    # Insert in sorted order so writers that follow store order start from a stable one;
    # each writer still sorts what it writes (see formats.py), as rdflib's store may not.
    for name in sorted(per_graph):
        target = dataset.graph(rdflib.URIRef(name))
        for triple in sorted(per_graph[name], key=triple_key):
            target.add(triple)
            merged.add(triple)
    return ReleaseGraphs(dataset=dataset, merged=merged)
