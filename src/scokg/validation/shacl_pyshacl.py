"""The reference SHACL engine: rdflib parsing, pyshacl with owlrl's RDFS closure."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.errors import DataError
from scokg.parsing import parse_source_rdflib, parse_turtle_rdflib
from scokg.validation.locate import find_subject
from scokg.validation.messages import constraint_words, pick_message, problem_message
from scokg.validation.naming import label_of, short
from scokg.validation.report import Problem
from scokg.vocab import SH

if TYPE_CHECKING:
    import rdflib

    from scokg.project import Source


def shacl_problems(shapes_file: Path | Sequence[Path], sources: Sequence[Source]) -> list[Problem]:
    """SHACL problems of ``sources`` against ``shapes_file`` (one file, or several whose
    union is the shapes graph), every file parsed by rdflib.

    The ontology sources give the class and property hierarchy (see :func:`run_pyshacl`);
    all other sources are the data. Raises the located syntax error of a file that does
    not parse.
    """

    with quiet_rdflib():
        return _shacl_problems(shapes_file, sources)


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's logged tracebacks for ill-typed literals ("Failed to convert Literal
    lexical form to value"): scokg reports those itself (:mod:`scokg.validation.literals`)."""
    logger = logging.getLogger("rdflib.term")
    was = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was


def _shacl_problems(shapes_file: Path | Sequence[Path], sources: Sequence[Source]) -> list[Problem]:
    import rdflib

    ontology = rdflib.Graph()
    data = rdflib.Graph()
    for source in sources:
        target = ontology if source.kind == "ontology" else data
        target += parse_source_rdflib(source)
    files = [shapes_file] if isinstance(shapes_file, Path) else list(shapes_file)
    shapes = parse_turtle_rdflib(files[0])
    for path in files[1:]:
        shapes += parse_turtle_rdflib(path)
    files = [s.path for s in sources if s.kind != "ontology"]
    return run_pyshacl(data, ontology, shapes, files)


def run_pyshacl(
    data: rdflib.Graph, ontology: rdflib.Graph, shapes: rdflib.Graph, files: list[Path]
) -> list[Problem]:
    """Validate ``data`` against ``shapes`` with RDFS inference over ``ontology``.

    The ontology's class and property hierarchy is passed as pyshacl's ``ont_graph`` so that
    a shape targeting a superclass (scokg:Event) also applies to instances of its subclasses
    (scokg:Meeting). Its rdfs:domain and rdfs:range axioms are left out on purpose: under
    RDFS inference they would type every object of a ranged property with the range class,
    so an ``sh:class`` check on that property (a place given as an agreement's party) could
    never fail. pyshacl works on a copy: the caller's graphs are not changed.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError
    from rdflib import RDF, URIRef

    try:
        _conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=hierarchy_of(ontology),
            inference="rdfs",
            abort_on_first=False,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
            js=False,
        )
    except ReportableRuntimeError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(
            f"the shapes graph is not valid SHACL: {first}",
            hint="see https://www.w3.org/TR/shacl/ for what each parameter allows",
        ) from None
    sh = URIRef(SH + "ValidationResult")
    problems: list[Problem] = []
    for result in results.subjects(RDF.type, sh):
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        value = results.value(result, URIRef(SH + "value"))
        component = results.value(result, URIRef(SH + "sourceConstraintComponent"))
        shape = results.value(result, URIRef(SH + "sourceShape"))
        focus_iri = str(focus) if focus is not None else None
        words = constraint_words(
            str(component),
            value,
            partial(_objects, shapes, shape),
            partial(_items, shapes),
        )
        source = results.value(result, URIRef(SH + "sourceConstraint"))
        own = list(shapes.objects(source, URIRef(SH + "message"))) if source is not None else []
        own = own or list(shapes.objects(shape, URIRef(SH + "message")))
        sh_message = pick_message([(str(m), getattr(m, "language", None)) for m in own])
        location = find_subject(files, focus_iri) if focus_iri else None
        problems.append(
            Problem(
                check="shacl",
                message=problem_message(words, sh_message, str(component)),
                focus=focus_iri,
                focus_label=label_of(data, focus) if focus is not None else None,
                path=short(path) if isinstance(path, URIRef) else _path_text(results, path),
                value=short(value) if value is not None else None,
                component=str(component).removeprefix(SH) if component is not None else None,
                shape=str(shape) if isinstance(shape, URIRef) else None,
                file=str(location[0]) if location else None,
                line=location[1] if location else None,
            )
        )
    return problems


def _objects(graph: rdflib.Graph, node: object, name: str) -> list[object]:
    from rdflib import URIRef

    return list(graph.objects(node, URIRef(SH + name)))  # type: ignore[arg-type]


def _items(graph: rdflib.Graph, head: object) -> list[object]:
    from rdflib.collection import Collection

    return list(Collection(graph, head))  # type: ignore[arg-type]


def hierarchy_of(ontology: rdflib.Graph) -> rdflib.Graph:
    """Only the rdfs:subClassOf and rdfs:subPropertyOf axioms of ``ontology``."""
    import rdflib
    from rdflib import RDFS

    hierarchy = rdflib.Graph()
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
        for triple in ontology.triples((None, prop, None)):
            hierarchy.add(triple)
    return hierarchy


def _path_text(results: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """A SHACL path of the report in SPARQL property-path syntax (as the compiled engine
    writes it: :func:`scokg.validation.shacl_compiler.path_text`)."""
    from rdflib import RDF, URIRef
    from rdflib.collection import Collection

    def text(node: rdflib.term.Node, nested: bool) -> str:
        if isinstance(node, URIRef):
            return short(node)
        if results.value(node, RDF.first) is not None:
            out = "/".join(text(i, True) for i in Collection(results, node))
            return f"({out})" if nested else out
        alternatives = results.value(node, URIRef(SH + "alternativePath"))
        if alternatives is not None:
            out = "|".join(text(i, True) for i in Collection(results, alternatives))
            return f"({out})" if nested else out
        for key, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            inner = results.value(node, URIRef(SH + key))
            if inner is not None:
                return text(inner, True) + mark
        inverse = results.value(node, URIRef(SH + "inversePath"))
        if inverse is not None:
            return "^" + text(inverse, True)
        return str(node)

    if path is None:
        return None
    return text(path, False)
