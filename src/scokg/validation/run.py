"""`scokg validate`: syntax, then SHACL, then provenance, in one report.

Syntax comes first because nothing else can run on a file that does not parse; its
error is raised at once with file, line and column. SHACL and provenance problems are
collected so that one run shows a curator everything to fix.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.parsing import parse_source_rdflib, parse_turtle_rdflib
from scokg.validation.provenance import DocumentInput, check_documents, check_entity_names
from scokg.validation.report import Report
from scokg.validation.shacl_check import run_pyshacl

if TYPE_CHECKING:
    from scokg.project import Project

ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"


def validate(project: Project, engine: str = DEFAULT_ENGINE) -> Report:
    """Validate every source of ``project``; raise only for syntax and layout errors.

    ``fast`` (the default) compiles the shapes to SPARQL on pyoxigraph and never imports
    rdflib; ``pyshacl`` is the reference: rdflib parsing, pyshacl with owlrl's RDFS closure.
    Both give the same problems.
    """
    if engine not in ENGINES:
        from scokg.errors import UsageError

        raise UsageError(f"unknown validation engine {engine!r}", hint=f"use one of {ENGINES}")
    report = Report()
    if engine == "fast":
        from scokg.validation.fast import validate_fast

        validate_fast(project, report)
        return report
    import rdflib

    sources = project.sources()
    parsed = {s.path: parse_source_rdflib(s) for s in sources}
    shapes = parse_turtle_rdflib(project.shapes_file)
    report.checks_run.append("syntax")

    ontology = rdflib.Graph()
    data = rdflib.Graph()
    reference = rdflib.Graph()
    by_graph: dict[str, list[Path]] = defaultdict(list)
    for source in sources:
        target = ontology if source.kind == "ontology" else data
        target += parsed[source.path]
        if source.kind == "reference":
            reference += parsed[source.path]
        by_graph[source.graph].append(source.path)
    files = [s.path for s in sources if s.kind != "ontology"]

    report.add(run_pyshacl(data, ontology, shapes, files))
    report.checks_run.append("shacl")

    texts = project.source_texts()
    docs = []
    for source in sources:
        if source.kind != "document":
            continue
        slug = source.path.stem
        graph = rdflib.Graph()
        for path in by_graph[source.graph]:
            graph += parsed[path]
        docs.append(DocumentInput(slug, graph, by_graph[source.graph], texts.get(slug)))
    report.add(check_documents(docs))
    report.add(check_entity_names(data, reference, files))
    report.checks_run.append("provenance")
    return report


def pyshacl_problems(project: Project, sources: list) -> list:
    """SHACL problems from pyshacl alone: the fallback of the fast path."""
    import rdflib

    ontology = rdflib.Graph()
    data = rdflib.Graph()
    for source in sources:
        target = ontology if source.kind == "ontology" else data
        target += parse_source_rdflib(source)
    shapes = parse_turtle_rdflib(project.shapes_file)
    files = [s.path for s in sources if s.kind != "ontology"]
    return run_pyshacl(data, ontology, shapes, files)
