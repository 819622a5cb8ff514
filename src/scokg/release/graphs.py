"""The release's graphs: one rdflib Dataset with stable blank-node labels, and its union.

Sources are read with pyoxigraph's parser, which keeps every term exactly as written, and
copied into rdflib without normalisation (:mod:`scokg.release.terms`). Blank nodes get
labels from their order of first appearance in their file, so two builds from the same
sources write identical bytes, in time linear in the data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph

from scokg import vocab
from scokg.errors import DataError
from scokg.parsing import source_triples

if TYPE_CHECKING:
    import rdflib

    from scokg.project import Project


@dataclass(frozen=True)
class ReleaseGraphs:
    """What every artefact is made from: the named graphs, their union, and the same quads
    as pyoxigraph terms (sorted) for the writers that use pyoxigraph's serialisers.

    ``origins`` maps each IRI and literal to the first source file it was read from, so a
    term a format cannot carry can be reported at its file and line.
    """

    dataset: rdflib.Dataset
    merged: rdflib.Graph
    quads: list[pyoxigraph.Quad] = field(default_factory=list)
    origins: dict[rdflib.term.Node, Path] = field(default_factory=dict)
    # Every prefix the writers declare: scokg's table plus the project's own.
    prefixes: dict[str, str] = field(default_factory=lambda: dict(vocab.PREFIXES))

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in named_graphs(self.dataset))

    def triples(self) -> list[pyoxigraph.Triple]:
        """The union of the named graphs, each triple once, sorted."""
        seen = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in self.quads}
        return sorted(seen, key=ox_key)

    def locate(self, term: rdflib.term.Node) -> tuple[Path | None, int | None]:
        """The source file and line of ``term`` (line None when not spelled literally)."""
        from scokg.release.terms import locate_in_text

        path = self.origins.get(term)
        return (path, locate_in_text(path, term) if path is not None else None)


def ox_key(item: pyoxigraph.Triple | pyoxigraph.Quad) -> tuple[str, ...]:
    """A total order on pyoxigraph triples and quads: their terms in N-Triples syntax."""
    head = (str(item.graph_name),) if isinstance(item, pyoxigraph.Quad) else ()
    return (*head, str(item.subject), str(item.predicate), str(item.object))


def triple_key(triple: tuple[rdflib.term.Node, ...]) -> tuple[str, ...]:
    """A total order on triples: rdflib's own term comparison is not total for literals."""
    return tuple(term.n3() for term in triple)


def new_graph() -> rdflib.Graph:
    """An empty graph with only our prefixes bound (none of rdflib's defaults)."""
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    bind_prefixes(graph)
    return graph


def bind_prefixes(graph: rdflib.Graph, prefixes: dict[str, str] | None = None) -> None:
    """Bind every prefix of ``prefixes`` (default :data:`scokg.vocab.PREFIXES`), so files
    never show rdflib's ns1."""
    for prefix, namespace in (vocab.PREFIXES if prefixes is None else prefixes).items():
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


def relabel_blank_nodes(triples: list[Any], salt: str) -> list[Any]:
    """Triples (or quads) with blank nodes renamed ``b<salt hash>n<N>`` by order of first
    appearance: ASCII XML names every format and parser accepts as labels.

    Linear in the data (no canonicalisation): two builds from the same file give the same
    labels; ``salt`` (graph and file name) keeps two files' blank nodes apart.
    """
    tag = hashlib.sha256(salt.encode()).hexdigest()[:6]
    labels: dict[str, pyoxigraph.BlankNode] = {}

    def relabel(term: Any) -> Any:
        if isinstance(term, pyoxigraph.BlankNode):
            found = labels.get(term.value)
            if found is None:
                found = labels[term.value] = pyoxigraph.BlankNode(f"b{tag}n{len(labels)}")
            return found
        return term

    return [
        pyoxigraph.Quad(relabel(t.subject), t.predicate, relabel(t.object), relabel(t.graph_name))
        if isinstance(t, pyoxigraph.Quad)
        else pyoxigraph.Triple(relabel(t.subject), t.predicate, relabel(t.object))
        for t in triples
    ]


def _check_iri(value: str, node: rdflib.term.Node, path: Path) -> None:
    from scokg.release.terms import invalid_iri, locate_in_text, show

    why = invalid_iri(value)
    if why is not None:
        raise DataError(
            f"{show(node)} is not an IRI (RFC 3987): {why}",
            file=path,
            line=locate_in_text(path, node),
            hint="Turtle's prefixed names accept characters IRIs forbid; no release format "
            "could carry this one: percent-encode or remove the character",
        )


def load_release_graphs(project: Project) -> ReleaseGraphs:
    """Parse every source into its named graph (stable blank nodes) and build the union."""
    import rdflib

    from scokg.release.terms import to_rdflib

    dataset = rdflib.Dataset(default_union=False)
    bind_prefixes(dataset, project.prefixes)
    per_graph: dict[str, set[pyoxigraph.Triple]] = {}
    origins: dict[rdflib.term.Node, Path] = {}
    for source in project.sources():
        # Each file alone, so blank nodes of two files in one graph never merge.
        triples = relabel_blank_nodes(source_triples(source), f"{source.graph} {source.path.name}")
        per_graph.setdefault(source.graph, set()).update(triples)
        for triple in triples:
            for term in (triple.subject, triple.predicate, triple.object):
                if isinstance(term, pyoxigraph.BlankNode):
                    continue
                node = to_rdflib(term)
                if node not in origins:
                    origins[node] = source.path
                    if isinstance(term, pyoxigraph.NamedNode):
                        _check_iri(term.value, node, source.path)
    merged = new_graph()
    bind_prefixes(merged, project.prefixes)
    quads: list[pyoxigraph.Quad] = []
    # Insert in sorted order so writers that follow store order start from a stable one;
    # each writer still sorts what it writes (see formats.py), as rdflib's store may not.
    for name in sorted(per_graph):
        target = dataset.graph(rdflib.URIRef(name))
        graph_name = pyoxigraph.NamedNode(name)
        for t in sorted(per_graph[name], key=ox_key):
            quads.append(pyoxigraph.Quad(t.subject, t.predicate, t.object, graph_name))
            terms = (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
            target.add(terms)
            merged.add(terms)
    return ReleaseGraphs(
        dataset=dataset, merged=merged, quads=quads, origins=origins, prefixes=project.prefixes
    )
