"""The compiled SHACL engine run on a project: sources -> term-exact store -> problems.

No rdflib. The sources are parsed with pyoxigraph's parser (which keeps every term exactly as
written) into a term-exact store (:mod:`scokg.validation.exact`); the shapes file is compiled
(:mod:`scokg.validation.shacl_compiler`, which raises :class:`Unsupported` for anything it does
not implement) and run (:mod:`scokg.validation.shacl_engine`). Like the pyshacl engine (RDFS
inference over the ontology's hierarchy, see :func:`scokg.validation.shacl_pyshacl.hierarchy_of`),
a property used as a path also gets the triples of its sub-properties; class membership follows
``rdfs:subClassOf`` as SHACL requires; types are never inferred from domains or ranges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg.parsing import parse_rdf_file, source_triples
from scokg.validation.exact import ExactView, add_file
from scokg.validation.locate import find_subject
from scokg.validation.messages import constraint_words, pick_message, problem_message
from scokg.validation.naming import declared_prefixes, iri_namer, short, store_label
from scokg.validation.report import Problem
from scokg.validation.shacl_compiler import (
    Plan,
    ShapesGraph,
    Unsupported,
    compile_shapes,
    path_text,
)
from scokg.validation.shacl_engine import Engine, Result
from scokg.vocab import RDFS, SH

if TYPE_CHECKING:
    from scokg.project import Source

__all__ = ["Unsupported", "run_compiled", "shacl_problems"]
INFERRED = ox.NamedNode("urn:scokg:inferred")


def run_compiled(
    data: ox.Store, shapes: list[ox.Quad] | list[ox.Triple], sparql_store: ox.Store | None = None
) -> tuple[Plan, list[Result]]:
    """Validate the term-exact ``data`` store against the ``shapes`` triples (parsed exactly).

    This is the engine ``scokg validate`` runs. Raises :class:`Unsupported` (before reading the
    data) when the shapes use a construct outside
    :data:`scokg.validation.shacl_compiler.FEATURES`.
    """
    plan = compile_shapes(ShapesGraph(shapes))
    return plan, Engine(plan, data, sparql_store).run()


def project_stores(sources: Sequence[Source]) -> tuple[ox.Store, ox.Store]:
    """The project's canonical store (every source in its named graph, as
    :func:`scokg.parsing.load_store` builds it; SPARQL and the provenance and curation
    checks read it) and its shadow: the term-exact copies of its typed literals
    (:func:`scokg.validation.exact.add_file`), which the SHACL engine reads beside it.

    Each file is parsed once and not kept. Raises a located
    :class:`scokg.errors.TurtleSyntaxError` for a file that does not parse.
    """
    store, shadow = ox.Store(), ox.Store()
    for source in sources:  # syntax errors located as load_store locates them
        add_file(store, shadow, source_triples(source), source.graph)
    return store, shadow


def shacl_problems(
    store: ox.Store,
    shapes_file: Path | Sequence[Path],
    sources: Sequence[Source],
    shadow: ox.Store,
) -> list[Problem]:
    """SHACL problems of the project's ``sources`` against ``shapes_file`` (one file, or
    several whose union is the shapes graph: the base shapes and a project's own).

    ``store`` and ``shadow`` are the project's stores as :func:`project_stores` builds them:
    the engine reads both (:class:`~scokg.validation.exact.ExactView`), SPARQL-based
    constraints the canonical ``store`` alone. Sub-property triples are added to ``shadow``.
    Raises :class:`Unsupported` before validating when the shapes need pyshacl.
    """
    shape_paths = [shapes_file] if isinstance(shapes_file, Path) else list(shapes_file)
    shapes = [quad for path in shape_paths for quad in parse_rdf_file(path, "turtle")]
    plan = compile_shapes(ShapesGraph(shapes))
    exact = ExactView(store, shadow)
    materialise_subproperties(exact, shadow, plan.path_predicates)
    name = iri_namer(declared_prefixes(shape_paths))  # paths with the shapes' own prefixes
    return _problems(store, exact, plan, sources, name)


def _problems(
    store: ox.Store,
    exact: ExactView,
    plan: Plan,
    sources: Sequence[Source],
    name: Callable[[object], str],
) -> list[Problem]:
    files = [s.path for s in sources if s.kind != "ontology"]
    data_graphs = sorted({s.graph for s in sources if s.kind != "ontology"})
    by_graph: dict[str, list[Path]] = defaultdict(list)
    for s in sources:
        by_graph[s.graph].append(s.path)
    problems = []
    for r in Engine(plan, exact, store).run():
        # an IRI as it is; a blank node ``_:label``, a literal in N3 (never read as an IRI)
        focus = r.focus.value if isinstance(r.focus, ox.NamedNode) else short(r.focus)
        location = find_subject(_likely_files(store, r.focus, by_graph, files), focus)
        path = path_text(plan.shapes, r.path, name) if r.path is not None else None
        problems.append(
            Problem(
                check="shacl",
                message=problem_message(
                    constraint_words(
                        r.component,
                        r.value,
                        partial(plan.shapes.get, r.shape),
                        plan.shapes.list_items,  # type: ignore[arg-type]  # items of our lists
                        r.constraint,
                    ),
                    pick_message(r.messages),
                    r.component,
                ),
                focus=focus,
                focus_label=store_label(store, data_graphs, r.focus),
                path=path,
                value=short(r.value) if r.value is not None else None,
                component=r.component.removeprefix(SH),
                shape=r.shape.value if isinstance(r.shape, ox.NamedNode) else None,
                file=str(location[0]) if location else None,
                line=location[1] if location else None,
            )
        )
    return problems


def materialise_subproperties(data: ExactView, into: ox.Store, paths: set[str]) -> None:
    """Copy the triples of every sub-property of a path predicate, read term-exact from
    ``data``, under that predicate into graph :data:`INFERRED` of ``into``."""
    edges: dict[str, set[str]] = {}
    for q in data.quads_for_pattern(None, ox.NamedNode(RDFS + "subPropertyOf"), None, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            edges.setdefault(q.object.value, set()).add(q.subject.value)
    for path in sorted(paths):
        subs, todo = set(), [path]
        while todo:
            for sub in edges.get(todo.pop(), ()):
                if sub not in subs and sub != path:
                    subs.add(sub)
                    todo.append(sub)
        target = ox.NamedNode(path)
        for sub in sorted(subs):
            found = [
                ox.Quad(q.subject, target, q.object, INFERRED)
                for q in data.quads_for_pattern(None, ox.NamedNode(sub), None, None)
            ]
            into.extend(found)


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
    order = {p: i for i, p in enumerate(files)}
    first = sorted((p for p in first if p in order), key=order.__getitem__)
    if not first:
        return files
    chosen = set(first)
    return first + [p for p in files if p not in chosen]
