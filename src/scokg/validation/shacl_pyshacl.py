"""The reference SHACL engine: rdflib parsing, pyshacl with owlrl's RDFS closure."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.errors import DataError
from scokg.parsing import parse_source_rdflib, parse_turtle_rdflib
from scokg.validation.locate import find_subject
from scokg.validation.messages import (
    constraint_words,
    fill_template,
    pick_message,
    problem_message,
    template_value,
    template_values,
)
from scokg.validation.naming import declared_prefixes, iri_namer, label_of, short
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
    lexical form to value") and its UserWarnings about them ("Serializing weird numerical"):
    scokg reports those itself (:mod:`scokg.validation.literals`)."""
    logger = logging.getLogger("rdflib.term")
    was = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            # rdflib warns "Serializing weird numerical Literal" when pyshacl writes
            # "abc"^^xsd:double into its report: reported by scokg, not worth a warning.
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        logger.disabled = was


@contextmanager
def rdflib_conversions_kept() -> Iterator[None]:
    """Undo, on exit, the lexical converters owlrl installs into rdflib for good.

    pyshacl's RDFS inference calls owlrl's ``use_Alt_lexical_conversions``, which replaces
    rdflib's process-wide table of lexical-to-value converters; owlrl's xsd:gYear and
    xsd:gYearMonth converters reject a time zone ("2030Z"), so every literal parsed *after*
    a first pyshacl run would be ill-typed and fail ``sh:datatype`` (XSD 1.1 Part 2 §3.3.11-12
    allow the zone). Restoring the table keeps each validation independent of the ones before.
    """
    from rdflib import term

    saved = dict(term._toPythonMapping)
    try:
        yield
    finally:
        term._toPythonMapping.clear()
        term._toPythonMapping.update(saved)


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
    return run_pyshacl(data, ontology, shapes, files, declared_prefixes(shapes_file))


def run_pyshacl(
    data: rdflib.Graph,
    ontology: rdflib.Graph,
    shapes: rdflib.Graph,
    files: list[Path],
    prefixes: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Validate ``data`` against ``shapes`` with RDFS inference over ``ontology``.

    The ontology's class and property hierarchy is passed as pyshacl's ``ont_graph`` so that
    a shape targeting a superclass (scokg:Event) also applies to instances of its subclasses
    (scokg:Meeting). Its rdfs:domain and rdfs:range axioms are left out on purpose: under
    RDFS inference they would type every object of a ranged property with the range class,
    so an ``sh:class`` check on that property (a place given as an agreement's party) could
    never fail. pyshacl works on a copy: the caller's graphs are not changed.

    Paths are written with ``prefixes`` (the shapes file's own, :func:`iri_namer`). The
    ``sh:message`` of a SPARQL-based constraint is filled in as the compiled engine fills it
    (:func:`scokg.validation.messages.fill_template`); the solution's other variables are
    read from pyshacl's own ``sh:resultMessage``.
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError
    from rdflib import RDF, BNode, Literal, URIRef

    try:
        with rdflib_conversions_kept():
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
    name = iri_namer(prefixes or {})
    problems: list[Problem] = []
    patterns = _failed_patterns(results, shapes)
    for result in results.subjects(RDF.type, sh):
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        value = results.value(result, URIRef(SH + "value"))
        component = results.value(result, URIRef(SH + "sourceConstraintComponent"))
        shape = results.value(result, URIRef(SH + "sourceShape"))
        # a blank node reads ``_:label``, as the compiled engine writes it, never a bare id
        focus_iri = (
            (short(focus) if isinstance(focus, (BNode, Literal)) else str(focus))
            if focus is not None
            else None
        )
        words = constraint_words(
            str(component),
            value,
            partial(_objects, shapes, shape),
            partial(_items, shapes),
            patterns.get(result),
        )
        source = results.value(result, URIRef(SH + "sourceConstraint"))
        own = list(shapes.objects(source, URIRef(SH + "message"))) if source is not None else []
        own = own or list(shapes.objects(shape, URIRef(SH + "message")))
        sh_message = pick_message([(str(m), getattr(m, "language", None)) for m in own])
        if sh_message and str(component).endswith("#SPARQLConstraintComponent"):
            filled = [str(m) for m in results.objects(result, URIRef(SH + "resultMessage"))]
            sh_message = _fill(sh_message, filled, focus, results, path, value)
        location = find_subject(files, focus_iri) if focus_iri else None
        problems.append(
            Problem(
                check="shacl",
                message=problem_message(words, sh_message, str(component)),
                focus=focus_iri,
                focus_label=label_of(data, focus) if focus is not None else None,
                path=name(path) if isinstance(path, URIRef) else _path_text(results, path, name),
                value=short(value) if value is not None else None,
                component=str(component).removeprefix(SH) if component is not None else None,
                shape=str(shape) if isinstance(shape, URIRef) else None,
                file=str(location[0]) if location else None,
                line=location[1] if location else None,
            )
        )
    return problems


def _failed_patterns(
    results: rdflib.Graph, shapes: rdflib.Graph
) -> dict[rdflib.term.Node, rdflib.term.Node]:
    """The ``sh:pattern`` value each pattern result of pyshacl's report failed.

    pyshacl makes one result per failed pattern but names every pattern of the shape in each;
    the patterns a value fails are found again (:func:`scokg.validation.shacl_values.pattern_ok`,
    as the compiled engine tests them) and handed out one per result of that focus node, value
    and shape, in a fixed order. Where their number differs from pyshacl's results (a flag the
    two read differently), those results get none and name the whole list.
    """
    import pyoxigraph as ox
    import rdflib
    from rdflib import RDF, Literal, URIRef

    from scokg.validation.shacl_values import pattern_ok

    def get(node: rdflib.term.Node, name: str) -> rdflib.term.Node | None:
        return results.value(node, URIRef(SH + name))

    Node = rdflib.term.Node | None
    groups: dict[tuple[Node, Node, Node], list[rdflib.term.Node]] = {}
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        if str(get(result, "sourceConstraintComponent")) == SH + "PatternConstraintComponent":
            key = (get(result, "focusNode"), get(result, "value"), get(result, "sourceShape"))
            groups.setdefault(key, []).append(result)
    found: dict[rdflib.term.Node, rdflib.term.Node] = {}
    for (_focus, value, shape), members in groups.items():
        own = sorted(shapes.objects(shape, URIRef(SH + "pattern")), key=str)
        flags = shapes.value(shape, URIRef(SH + "flags"))
        term: object = None
        if isinstance(value, URIRef):
            term = ox.NamedNode(str(value))
        elif isinstance(value, Literal):
            term = ox.Literal(str(value))
        failed = [p for p in own if not pattern_ok(term, str(p), str(flags or ""))]
        if len(failed) == len(members):
            found.update(zip(sorted(members, key=str), failed, strict=True))
    return found


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


def _fill(
    template: str,
    filled: list[str],
    focus: object,
    results: rdflib.Graph,
    path: rdflib.term.Node | None,
    value: object | None,
) -> str:
    """``template`` filled with this/path/value of the result and the other variables as
    pyshacl put them in one of its ``filled`` result messages."""
    from rdflib import URIRef

    fill: dict[str, str] = {}
    for text in filled:
        found = template_values(template, text)
        if found is not None:
            fill.update(found)
            break
    fill["this"] = template_value(focus)
    if isinstance(path, URIRef):
        fill["path"] = str(path)
    elif path is not None:
        fill["path"] = _path_text(results, path, lambda node: f"<{node}>") or ""
    if value is not None:
        fill["value"] = template_value(value)
    return fill_template(template, fill)


def _path_text(
    results: rdflib.Graph, path: rdflib.term.Node | None, name: Callable[[object], str] = short
) -> str | None:
    """A SHACL path of the report in SPARQL property-path syntax (as the compiled engine
    writes it: :func:`scokg.validation.shacl_compiler.path_text`), IRIs written by ``name``."""
    from rdflib import RDF, URIRef
    from rdflib.collection import Collection

    def text(node: rdflib.term.Node, nested: bool) -> str:
        if isinstance(node, URIRef):
            return name(node)
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
