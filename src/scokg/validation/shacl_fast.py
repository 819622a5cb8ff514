"""The fast SHACL engine: the shapes compiled to SPARQL and run on the pyoxigraph store.

No rdflib: at a million triples rdflib's parser alone takes longer than this whole engine.
Its problems are the same records, with the same texts, as the pyshacl engine's
(:mod:`scokg.validation.shacl_pyshacl`), so the two reports can be compared line by line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg.validation import shacl_compiler as cmp
from scokg.validation.locate import find_subject
from scokg.validation.naming import short, store_label
from scokg.validation.report import Problem

if TYPE_CHECKING:
    from scokg.project import Source

Unsupported = cmp.Unsupported


def shacl_problems(store: ox.Store, shapes_file: Path, sources: Sequence[Source]) -> list[Problem]:
    """SHACL problems of the data loaded in ``store`` (one named graph per source).

    The shapes file must already be known to parse. RDFS entailment is added to ``store``
    in its own graph (:data:`shacl_compiler.INFERRED`). Raises :class:`Unsupported`, before
    changing ``store``, when the shapes use a construct the compiler does not handle.
    """
    shapes_store = ox.Store()
    shapes_store.load(path=shapes_file, format=ox.RdfFormat.TURTLE)
    compiled = cmp.compile_shapes(cmp.ShapesGraph(shapes_store))
    files = [s.path for s in sources if s.kind != "ontology"]
    data_graphs = sorted({s.graph for s in sources if s.kind != "ontology"})
    by_graph: dict[str, list[Path]] = defaultdict(list)
    for s in sources:
        by_graph[s.graph].append(s.path)
    cmp.materialise_rdfs(store, compiled.sparql_paths)
    problems = []
    for r in cmp.run_checks(store, compiled):
        focus = r.focus.value if isinstance(r.focus, ox.NamedNode) else str(r.focus)
        location = find_subject(_likely_files(store, r.focus, by_graph, files), focus)
        problems.append(
            Problem(
                check="shacl",
                message=r.message or "violates a shape",
                focus=focus,
                focus_label=store_label(store, data_graphs, r.focus),
                path=r.path,
                value=short(r.value) if r.value is not None else None,
                component=r.component,
                shape=r.shape,
                file=str(location[0]) if location else None,
                line=location[1] if location else None,
            )
        )
    return problems


def _likely_files(
    store: ox.Store, node: object, by_graph: dict[str, list[Path]], files: list[Path]
) -> list[Path]:
    """The files of the graphs that describe ``node`` first, then all others.

    ``find_subject`` reads files in order; with tens of thousands of document files,
    asking the store which graphs hold the node avoids reading them all.
    """
    if not isinstance(node, ox.NamedNode | ox.BlankNode):
        return files
    first: list[Path] = []
    for graph in sorted(
        {
            q.graph_name.value
            for q in store.quads_for_pattern(node, None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
    ):
        first.extend(p for p in by_graph.get(graph, []) if p not in first)
    # keep the global file order among the likely files, so the first match is the same
    order = {p: i for i, p in enumerate(files)}
    first = sorted((p for p in first if p in order), key=order.__getitem__)
    if not first:
        return files
    chosen = set(first)
    return first + [p for p in files if p not in chosen]
