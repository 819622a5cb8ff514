"""`scokg validate`: syntax, then SHACL, then provenance, in one report.

Syntax comes first because nothing else can run on a file that does not parse; its
error is raised at once with file, line and column. Ill-typed literals of the XSD datatypes
(:mod:`scokg.validation.literals`) are syntax problems too, reported with file and line
wherever they are, whichever engine runs. SHACL and provenance problems are
collected so that one run shows a curator everything to fix.

Two SHACL engines give the same problems: ``fast`` (:mod:`scokg.validation.shacl_fast`,
the compiled engine on a term-exact pyoxigraph store, no rdflib) and ``pyshacl``
(:mod:`scokg.validation.shacl_pyshacl`, the reference). Syntax (pyoxigraph, which gives
exact positions) and provenance (:mod:`scokg.validation.provenance`, SPARQL on the same
pyoxigraph store) are the same code for both.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scokg.parsing import parse_turtle_check
from scokg.validation import citations, curation, shacl_fast, shacl_pyshacl, vocabulary
from scokg.validation.literals import ill_typed_problems
from scokg.validation.locate import refine_locations
from scokg.validation.naming import display_prefixes
from scokg.validation.provenance import check_provenance
from scokg.validation.report import Problem, Report

if TYPE_CHECKING:
    from scokg.project import Project, Source

ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"


def validate(project: Project, engine: str = DEFAULT_ENGINE) -> Report:
    """Validate every source of ``project``; raise only for syntax and layout errors.

    ``engine`` is one of :data:`ENGINES`: ``fast`` (the default) or ``pyshacl``. When the
    compiler of the fast engine does not handle a construct of the shapes, SHACL runs on
    pyshacl and a note in the report says so. Raises :class:`scokg.errors.UsageError` for
    an unknown engine and a located :class:`scokg.errors.TurtleSyntaxError` for a file that
    does not parse.
    """
    if engine not in ENGINES:
        from scokg.errors import UsageError

        raise UsageError(f"unknown validation engine {engine!r}", hint=f"use one of {ENGINES}")
    prefixes = project.prefixes
    with display_prefixes(prefixes):  # every report line names IRIs with the project's prefixes
        report = _validate(project, engine)
    report.prefixes = prefixes
    return report


def _validate(project: Project, engine: str) -> Report:
    report = Report()
    sources = project.sources()
    # the canonical store and the term-exact shadow of its typed literals, one parse per file
    store, shadow = shacl_fast.project_stores(sources)
    shapes = project.shapes_files
    for path in shapes:
        parse_turtle_check(path)
    report.add(ill_typed_problems(sources))
    report.checks_run.append("syntax")

    # Curators' checks first: an undeclared resource hides the SHACL problems it causes.
    missing = curation.undeclared(store, sources)
    report.add(missing + curation.document_files(project))
    report.add(vocabulary.unknown_terms(project, store, sources))
    report.notes.extend(citations.foreign_sentences(store, sources))
    report.notes.extend(curation.same_labels(store, sources))
    report.notes.extend(curation.attested_after_issue(store, sources))
    report.checks_run.append("declarations")

    if engine == "fast":
        try:
            shacl = shacl_fast.shacl_problems(store, shapes, sources, shadow)
        except shacl_fast.Unsupported as exc:
            report.notes.append(f"SHACL ran on pyshacl: the compiler does not handle {exc}")
            shacl = shacl_pyshacl.shacl_problems(shapes, sources)
    else:
        shacl = shacl_pyshacl.shacl_problems(shapes, sources)
    del shadow  # the engine's alone: freed before the provenance checks
    shacl = refine_locations(list(shacl), sources)  # a metadata shape -> the meta file
    report.add(curation.without_consequences(list(shacl), store, missing))
    report.checks_run.append("shacl")

    unnamed = unnamed_reifiers(sources)
    report.add(unnamed)
    provenance = check_provenance(store, sources, project.source_texts())
    if unnamed:  # the blank statement's own triples would each be "a fact without source"
        provenance = [p for p in provenance if not (p.focus or "").startswith("_:")]
    report.add(provenance)
    report.checks_run.append("provenance")
    return report


def unnamed_reifiers(sources: Sequence[Source]) -> list[Problem]:
    """One problem per data file holding an RDF 1.2 reifier without a name, at its first
    one (:func:`scokg.reification.unnamed_reifier`): every fact of scokg is named."""
    from scokg.reification import MESSAGE_UNNAMED, unnamed_reifier

    problems = []
    for source in sources:
        if source.kind in ("ontology", "links") or source.path.suffix != ".ttl":
            continue
        text = source.path.read_text(encoding="utf-8", errors="replace")
        found = unnamed_reifier(text)
        if found is not None:
            problems.append(
                Problem(
                    check="syntax",
                    message=MESSAGE_UNNAMED,
                    file=str(source.path),
                    line=found[0],
                    column=found[1],
                )
            )
    return problems
