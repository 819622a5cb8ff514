"""The fast validation path: pyoxigraph for syntax and loading, compiled SHACL, and the
provenance checks as SPARQL over the store. No rdflib: at a million triples rdflib's
parser alone takes longer than this whole path.

The problems are the same records, with the same texts, as the rdflib/pyshacl path
(``run.validate(engine="pyshacl")``), so the two reports can be compared line by line.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg import vocab as iris
from scokg.parsing import load_store, parse_turtle_check
from scokg.validation import compiled as cmp
from scokg.validation.locate import find_subject
from scokg.validation.naming import short
from scokg.validation.provenance import (
    DCTERMS,
    DOCUMENT_SPACE,
    NBSP,
    PROV,
    RDF,
    SKOS,
    UNCITED_NAME,
    _excerpt,
    _first_difference,
    document_iri,
    read_source_text,
    span_problem,
)
from scokg.validation.report import Problem, Report

if TYPE_CHECKING:
    from scokg.project import Project

_LABELS = (
    SKOS + "prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    DCTERMS + "title",
)


class Labels:
    """``labels.label_of`` over some graphs of the store."""

    def __init__(self, store: ox.Store, graphs: list[str]) -> None:
        self.store = store
        self.graphs = [ox.NamedNode(g) for g in graphs]

    def _value(self, node: object, prop: str) -> str | None:
        found = []
        for g in self.graphs:
            for q in self.store.quads_for_pattern(node, ox.NamedNode(prop), None, g):
                found.append(q.object.value)
        return min(found) if found else None

    def __call__(self, node: object) -> str | None:
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return None
        for prop in _LABELS:
            value = self._value(node, prop)
            if value is not None:
                return value
        anchor = self._value(node, iris.NIF + "anchorOf")
        if anchor is not None:
            text = anchor.replace(NBSP, " ")
            return f'"{text[:60]}..."' if len(text) > 60 else f'"{text}"'
        return None


def validate_fast(project: Project, report: Report) -> ox.Store:
    """Syntax, SHACL (compiled) and provenance on one pyoxigraph store, into ``report``."""
    sources = project.sources()
    store = load_store(project)
    parse_turtle_check(project.shapes_file)
    shapes_store = ox.Store()
    shapes_store.load(path=project.shapes_file, format=ox.RdfFormat.TURTLE)
    report.checks_run.append("syntax")

    files = [s.path for s in sources if s.kind != "ontology"]
    data_graphs = sorted({s.graph for s in sources if s.kind != "ontology"})
    shapes = cmp.ShapesGraph(shapes_store)
    try:
        compiled = cmp.compile_shapes(shapes)
    except cmp.Unsupported as exc:
        report.notes.append(f"SHACL ran on pyshacl: the compiler does not handle {exc}")
        from scokg.validation.run import pyshacl_problems

        report.add(pyshacl_problems(project, sources))
        compiled = None
    if compiled is not None:
        cmp.materialise_rdfs(store, compiled.sparql_paths)
        label = Labels(store, data_graphs)
        by_graph: dict[str, list[Path]] = defaultdict(list)
        for s in sources:
            by_graph[s.graph].append(s.path)
        for r in cmp.run_checks(store, compiled):
            focus = r.focus.value if isinstance(r.focus, ox.NamedNode) else str(r.focus)
            location = find_subject(_likely_files(store, r.focus, by_graph, files), focus)
            report.add(
                [
                    Problem(
                        check="shacl",
                        message=r.message or "violates a shape",
                        focus=focus,
                        focus_label=label(r.focus),
                        path=r.path,
                        value=short(r.value) if r.value is not None else None,
                        component=r.component,
                        shape=r.shape,
                        file=str(location[0]) if location else None,
                        line=location[1] if location else None,
                    )
                ]
            )
    report.checks_run.append("shacl")
    report.add(check_provenance(project, store, sources, files))
    report.checks_run.append("provenance")
    return store


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


def check_provenance(project: Project, store: ox.Store, sources: list, files: list[Path]):
    """``provenance.check_documents`` + ``check_entity_names`` as queries on the store."""
    problems: list[Problem] = []
    texts = project.source_texts()
    by_graph: dict[str, list[Path]] = defaultdict(list)
    for s in sources:
        by_graph[s.graph].append(s.path)
    docs = [s for s in sources if s.kind == "document"]
    doc_graph_prefix = iris.GRAPH + "document/"

    def per_graph(query: str) -> dict[str, list[ox.QuerySolution]]:
        out: dict[str, list[ox.QuerySolution]] = defaultdict(list)
        for row in store.query(query):
            out[row["g"].value].append(row)
        return out

    values = per_graph(
        f"SELECT ?g ?d ?p ?o WHERE {{ GRAPH ?g {{ ?d ?p ?o }} "
        f"VALUES ?p {{ <{iris.SCOKG}sha256> <{iris.NIF}isString> }} "
        f'FILTER (STRSTARTS(STR(?g), "{doc_graph_prefix}")) }}'
    )
    spans = per_graph(
        f"SELECT ?g ?span ?ctx ?b ?e ?a WHERE {{ GRAPH ?g {{ ?span <{iris.NIF}referenceContext> "
        f"?ctx OPTIONAL {{ ?span <{iris.NIF}beginIndex> ?b }} "
        f"OPTIONAL {{ ?span <{iris.NIF}endIndex> ?e }} "
        f"OPTIONAL {{ ?span <{iris.NIF}anchorOf> ?a }} }}"
        f' FILTER (STRSTARTS(STR(?g), "{doc_graph_prefix}")) }}'
    )
    unsourced = per_graph(
        f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o "
        f'FILTER (isBlank(?s) || !STRSTARTS(STR(?s), "{DOCUMENT_SPACE}")) '
        f"FILTER NOT EXISTS {{ ?st <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ; "
        f"<{PROV}wasDerivedFrom> ?x }} }} "
        f'FILTER (STRSTARTS(STR(?g), "{doc_graph_prefix}")) }}'
    )
    for source in docs:
        slug = source.path.stem
        graph = source.graph
        doc_files = by_graph[graph]
        iri = document_iri(slug)
        where = find_subject(doc_files, iri)
        label = Labels(store, [graph])

        def at(node: str, doc_files=doc_files, where=where) -> dict[str, object]:
            found = find_subject(doc_files, node) or where
            return {"file": str(found[0]), "line": found[1]} if found else {}

        text_file = texts.get(slug)
        missing = [
            Problem(
                check="provenance",
                message="this fact has no source: add an rdf:Statement with rdf:subject, "
                "rdf:predicate, rdf:object and prov:wasDerivedFrom the sentence that states it",
                focus=row["s"].value if isinstance(row["s"], ox.NamedNode) else str(row["s"]),
                focus_label=label(row["s"]),
                path=short(row["p"]),
                value=short(row["o"]),
                **_file_line(doc_files, row["s"]),
            )
            for row in unsourced.get(graph, [])
        ]
        if text_file is None or not text_file.is_file():
            problems.append(
                Problem(
                    check="provenance",
                    message=f"the source text data/sources/{slug}.txt is missing: spans cannot "
                    "be checked",
                    focus=iri,
                    **at(iri),  # type: ignore[arg-type]
                )
            )
            problems.extend(missing)
            continue
        raw, text, not_utf8 = read_source_text(text_file)
        if text is None:
            problems.append(not_utf8)  # type: ignore[arg-type]
            continue
        own = {
            row["p"].value: row["o"].value for row in values.get(graph, []) if row["d"].value == iri
        }
        digest = own.get(iris.SCOKG + "sha256")
        actual = hashlib.sha256(raw).hexdigest()
        if digest is not None and digest != actual:
            problems.append(
                Problem(
                    check="provenance",
                    message="the source text does not match its recorded SHA-256 checksum: "
                    "the file changed since it was received",
                    focus=iri,
                    path="scokg:sha256",
                    value=digest,
                    expected=actual,
                    **at(iri),  # type: ignore[arg-type]
                )
            )
        is_string = own.get(iris.NIF + "isString")
        if is_string is not None and is_string != text:
            offset = _first_difference(is_string, text)
            problems.append(
                Problem(
                    check="provenance",
                    message="nif:isString differs from the source file from code point "
                    f"{offset} on",
                    focus=iri,
                    path="nif:isString",
                    value=_excerpt(is_string, offset),
                    expected=_excerpt(text, offset),
                    **at(iri),  # type: ignore[arg-type]
                )
            )
        for row in spans.get(graph, []):
            if row["ctx"] != ox.NamedNode(iri):
                continue
            b, e, a = (_opt(row, k) for k in ("b", "e", "a"))
            found = span_problem(text, b, e, a)
            if found is None:
                continue
            span = row["span"]
            problems.append(
                Problem(
                    check="provenance",
                    message=found[0],
                    focus=span.value if isinstance(span, ox.NamedNode) else str(span),
                    focus_label=label(span),
                    path="nif:anchorOf",
                    value=found[1],
                    expected=found[2],
                    **_file_line(doc_files, span),
                )
            )
        problems.extend(missing)
    problems.extend(_entity_names(store, sources, files))
    return problems


def _opt(row: ox.QuerySolution, key: str) -> str | None:
    try:
        term = row[key]
    except KeyError:
        return None
    return None if term is None else term.value


def _file_line(files: list[Path], node: object) -> dict[str, object]:
    name = node.value if isinstance(node, ox.NamedNode) else str(node)
    found = find_subject(files, name)
    return {"file": str(found[0]) if found else None, "line": found[1] if found else None}


def _entity_names(store: ox.Store, sources: list, files: list[Path]) -> list[Problem]:
    reference = sorted({s.graph for s in sources if s.kind == "reference"})
    data = sorted({s.graph for s in sources if s.kind != "ontology"})
    if not reference:
        return []
    ref_values = " ".join(f"<{g}>" for g in reference)
    data_values = " ".join(f"<{g}>" for g in data)
    sourced = {
        (row["s"], row["o"])
        for row in store.query(
            f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?g {{ {data_values} }} GRAPH ?g {{ "
            f"?st <{DCTERMS}source> ?src ; <{RDF}subject> ?s ; <{RDF}object> ?o }} }}"
        )
    }
    anchors: dict[object, list[str]] = defaultdict(list)
    for row in store.query(
        f"SELECT DISTINCT ?e ?s ?a WHERE {{ VALUES ?r {{ {ref_values} }} GRAPH ?r {{ "
        f"?e <{PROV}wasDerivedFrom> ?s }} OPTIONAL {{ SELECT ?s (MIN(?x) AS ?a) WHERE {{ "
        f"VALUES ?g {{ {data_values} }} GRAPH ?g {{ ?s <{iris.NIF}anchorOf> ?x }} }} "
        f"GROUP BY ?s }} }}"
    ):
        a = _opt(row, "a")
        anchors[row["e"]].append((a or "").replace(NBSP, " "))
    names = store.query(
        f"SELECT DISTINCT ?e ?p ?n WHERE {{ VALUES ?r {{ {ref_values} }} "
        f"VALUES ?p {{ <{SKOS}prefLabel> <{SKOS}altLabel> }} GRAPH ?r {{ ?e ?p ?n }} }}"
    )
    label = Labels(store, reference)
    ref_paths = [s.path for s in sources if s.kind == "reference"]
    ref_set = set(ref_paths)
    reference_files = ref_paths + [f for f in files if f not in ref_set]
    problems = []
    for row in names:
        entity, prop, name = row["e"], row["p"], row["n"]
        if entity not in anchors or (entity, name) in sourced:
            continue
        if any(name.value.replace(NBSP, " ") in s for s in anchors[entity]):
            continue
        problems.append(
            Problem(
                check="provenance",
                message=UNCITED_NAME,
                focus=entity.value,
                focus_label=label(entity),
                path=f"skos:{prop.value.removeprefix(SKOS)}",
                value=short(name),
                **_file_line(reference_files, entity),
            )
        )
    return problems
