"""Differential fuzzing of the compiled SHACL engine against pyshacl: the generators and the
comparison (used by test_shacl_fuzz.py and by ``make fuzz``).

A case is a small shapes graph (Turtle text) and a small data graph (N-Triples text with
blank nodes). Both engines see the very same terms: the texts are parsed once by pyoxigraph
(which keeps terms and blank-node labels exactly) and handed to pyshacl as rdflib terms built
from those. Results are compared as sets of (focus, path, value, source shape, component,
severity).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
from hypothesis import strategies as st

from scokg.validation.exact import exact_store
from scokg.validation.shacl_compiler import Unsupported, path_text
from scokg.validation.shacl_fast import run_compiled

EX = "http://example.org/ns#"
SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    f"@prefix ex: <{EX}> .\n"
)
CASES = Path(__file__).parent / "fuzz_cases"

# Hard values: ill-typed and out-of-range literals, zones, subtags, equal values of different
# datatypes, unknown datatypes. (Datatypes whose lexical space rdflib does not check are left
# out of the ill-typed ones: pyshacl accepts any form there; see docs/reliability.md.)
LITERALS = [
    '"1"^^xsd:integer',
    '"01"^^xsd:integer',
    '"1.0"^^xsd:decimal',
    '"1"^^xsd:decimal',
    '"1.0E0"^^xsd:double',
    '"1"^^xsd:byte',
    '"-5"^^xsd:integer',
    '"2.5"^^xsd:decimal',
    '"three"^^xsd:integer',
    '"abc"^^xsd:double',
    '"1.5"^^xsd:integer',
    '"x"^^xsd:decimal',
    '"INF"^^xsd:double',
    '"-INF"^^xsd:float',
    '"NaN"^^xsd:double',
    '"true"^^xsd:boolean',
    '"yes"^^xsd:boolean',
    '"2020-03-03"^^xsd:date',
    '"2020-03-03Z"^^xsd:date',
    '"2020-03-03+03:00"^^xsd:date',
    '"2020-13-01"^^xsd:date',
    '"yesterday"^^xsd:dateTime',
    '"2020-03-03T10:00:00"^^xsd:dateTime',
    '"2020-03-03T10:00:00Z"^^xsd:dateTime',
    '"12:00:00"^^xsd:time',
    '"a"',
    '"ab"',
    '"abc"',
    '"A"',
    '"Bc"',
    '""',
    '"a"@en',
    '"a"@en-GB',
    '"b"@en-gb-oxendict',
    '"a"@de',
    '"a"@fr-CA',
    '"A"^^ex:grade',
    '"B"^^ex:grade',
    '"1"^^ex:grade',
]
NODES = ["ex:s0", "ex:s1", "ex:s2", "_:b0", "_:b1"]
CLASSES = ["ex:C0", "ex:C1"]
PREDICATES = ["ex:p0", "ex:p1", "ex:p2"]


@st.composite
def data_graphs(draw: st.DrawFn) -> str:
    """N-Triples-like Turtle of a few typed nodes and values."""
    lines = ["ex:C1 rdfs:subClassOf ex:C0 ."]
    for node in NODES:
        for cls in draw(st.lists(st.sampled_from(CLASSES), max_size=2, unique=True)):
            lines.append(f"{node} rdf:type {cls} .")
    objects = st.one_of(st.sampled_from(NODES), st.sampled_from(LITERALS))
    for _ in range(draw(st.integers(1, 10))):
        s = draw(st.sampled_from(NODES))
        p = draw(st.sampled_from(PREDICATES))
        lines.append(f"{s} {p} {draw(objects)} .")
    return "\n".join(lines)


@st.composite
def paths(draw: st.DrawFn, depth: int = 0) -> str:
    p = st.sampled_from(PREDICATES)
    if depth >= 1:
        return draw(p)
    kind = draw(st.sampled_from(["iri", "iri", "inverse", "seq", "alt", "star", "plus", "opt"]))
    if kind == "iri":
        return draw(p)
    inner = paths(depth + 1)
    if kind == "inverse":
        return f"[ sh:inversePath {draw(inner)} ]"
    if kind == "seq":
        return f"( {draw(inner)} {draw(inner)} )"
    if kind == "alt":
        return f"[ sh:alternativePath ( {draw(inner)} {draw(inner)} ) ]"
    key = {"star": "zeroOrMorePath", "plus": "oneOrMorePath", "opt": "zeroOrOnePath"}[kind]
    return f"[ sh:{key} {draw(inner)} ]"


def _value_constraints(draw: st.DrawFn) -> list[str]:
    literal = st.sampled_from(LITERALS)
    term = st.one_of(st.sampled_from(NODES[:3]), literal)
    options = [
        lambda: f"sh:class {draw(st.sampled_from(CLASSES))}",
        lambda: (
            "sh:datatype "
            + draw(
                st.sampled_from(
                    [
                        "xsd:integer",
                        "xsd:decimal",
                        "xsd:double",
                        "xsd:date",
                        "xsd:dateTime",
                        "xsd:boolean",
                        "xsd:string",
                        "xsd:byte",
                        "rdf:langString",
                        "ex:grade",
                    ]
                )
            )
        ),
        lambda: (
            "sh:nodeKind "
            + draw(
                st.sampled_from(
                    [
                        "sh:IRI",
                        "sh:BlankNode",
                        "sh:Literal",
                        "sh:BlankNodeOrIRI",
                        "sh:BlankNodeOrLiteral",
                        "sh:IRIOrLiteral",
                    ]
                )
            )
        ),
        lambda: f"sh:minInclusive {draw(literal)}",
        lambda: f"sh:maxExclusive {draw(literal)}",
        lambda: f"sh:minExclusive {draw(literal)}",
        lambda: f"sh:maxInclusive {draw(literal)}",
        lambda: f"sh:minLength {draw(st.integers(0, 3))}",
        lambda: f"sh:maxLength {draw(st.integers(0, 3))}",
        lambda: (
            f'sh:pattern "{draw(st.sampled_from(["^a", "b", "^$", "[0-9]", "C$"]))}"'
            + draw(st.sampled_from(["", ' ; sh:flags "i"']))
        ),
        lambda: (
            "sh:languageIn ("
            + " ".join(
                f'"{t}"'
                for t in draw(st.lists(st.sampled_from(["en", "de", "EN-gb", "fr"]), max_size=2))
            )
            + ")"
        ),
        lambda: f"sh:in ( {' '.join(draw(st.lists(term, max_size=3)))} )",
        lambda: f"sh:hasValue {draw(st.one_of(st.sampled_from(NODES[:3]), literal))}",
        lambda: f"sh:node ex:N{draw(st.integers(0, 1))}",
        lambda: f"sh:not ex:N{draw(st.integers(0, 1))}",
        lambda: "sh:or ( ex:N0 ex:N1 )",
        lambda: "sh:xone ( ex:N0 ex:N1 )",
        lambda: "sh:and ( ex:N0 ex:N1 )",
        # several values of one parameter are several constraints (§4.1.1, §4.4.3, §4.8.1)
        lambda: "sh:class ex:C0 , ex:C1",
        lambda: 'sh:pattern "^a" , "b"',
        lambda: f"sh:hasValue ex:s0 , {draw(literal)}",
    ]
    # parameters that SHACL allows once per shape are drawn at most once
    chosen = draw(st.lists(st.integers(0, len(options) - 1), min_size=1, max_size=3, unique=True))
    return [options[i]() for i in chosen]


@st.composite
def shapes_graphs(draw: st.DrawFn) -> str:
    """A node shape with targets, property shapes with paths and components, two helper
    shapes ex:N0/ex:N1 (used by sh:node/not/and/or/xone)."""
    targets = draw(
        st.lists(
            st.sampled_from(
                [f"sh:targetClass {c}" for c in CLASSES]
                + [f"sh:targetNode {n}" for n in NODES[:3]]
                + [f"sh:targetSubjectsOf {p}" for p in PREDICATES]
                + [f"sh:targetObjectsOf {p}" for p in PREDICATES]
            ),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    lines = [
        "ex:N0 a sh:NodeShape ; sh:class ex:C1 .",
        "ex:N1 a sh:NodeShape ; sh:nodeKind sh:IRI .",
    ]
    head = ["ex:S a sh:NodeShape", *targets]
    if draw(st.booleans()):
        head += _value_constraints(draw)
    if draw(st.booleans()):
        head.append(f"sh:deactivated {draw(st.sampled_from(['false', 'true']))}")
    properties = draw(st.integers(1, 2))
    for i in range(properties):
        head.append(f"sh:property ex:P{i}")
        body = [f"ex:P{i} sh:path {draw(paths())}"]
        if draw(st.booleans()):
            body.append(f"sh:minCount {draw(st.integers(0, 2))}")
        if draw(st.booleans()):
            body.append(f"sh:maxCount {draw(st.integers(0, 2))}")
        body += _value_constraints(draw)
        if draw(st.integers(0, 5)) == 0:
            body.append("sh:uniqueLang true")
        if draw(st.integers(0, 5)) == 0:
            # sh:lessThan is left to the DASH suite: pyshacl skips IRIs and fails on blank nodes
            rel = draw(st.sampled_from(["equals", "disjoint"]))
            body.append(f"sh:{rel} {draw(st.sampled_from(PREDICATES))}")
        if draw(st.integers(0, 3)) == 0:
            body.append("sh:severity sh:Warning")
        lines.append(" ;\n    ".join(body) + " .")
    lines.insert(0, " ;\n    ".join(head) + " .")
    return "\n".join(lines)


Key = tuple[str, str | None, str | None, str, str, str]


def _term_key(term: object) -> str:
    """An engine-neutral text of an rdflib or pyoxigraph term."""
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return str(term)
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        plain = dt.endswith("#string") or dt.endswith("#langString")
        return repr((term.value, None if plain else dt, term.language or None))
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    if isinstance(term, rdflib.Literal):
        dt = str(term.datatype) if term.datatype is not None else None
        if dt is not None and dt.endswith("#string"):
            dt = None
        return repr((str(term), dt, term.language or None))
    return str(term)


def parse_case(shapes: str, data: str) -> tuple[list[ox.Quad], list[ox.Quad]]:
    return (
        list(ox.parse(PREFIXES + shapes, format=ox.RdfFormat.TURTLE)),
        list(ox.parse(PREFIXES + data, format=ox.RdfFormat.TURTLE)),
    )


_RANGES = {
    SH + "MinExclusiveConstraintComponent": "minExclusive",
    SH + "MinInclusiveConstraintComponent": "minInclusive",
    SH + "MaxExclusiveConstraintComponent": "maxExclusive",
    SH + "MaxInclusiveConstraintComponent": "maxInclusive",
}


def pyshacl_deviation(plan: object, result: object) -> str | None:
    """Why pyshacl 0.40.1 misses this (spec-correct) result of the compiled engine, if it is
    one of the two known deviations (docs/reliability.md):

    * range constraints (§4.3) on a value SPARQL cannot compare with the bound (another kind
      of value, an ill-typed literal, a language-tagged string): the spec's ``<`` is an
      error, so the value is a violation; pyshacl compares Python values or skips it;
    * ``sh:minLength 0`` on a blank node (§4.4.1 reports every blank node); pyshacl skips 0.
    """
    from scokg.validation.shacl_values import sort_value

    param = _RANGES.get(result.component)  # type: ignore[attr-defined]
    if param is not None:
        bound = plan.shapes.one(result.shape, param)  # type: ignore[attr-defined]
        a, b = sort_value(result.value), sort_value(bound)  # type: ignore[attr-defined]
        if a is None or b is None or a[0] != b[0]:
            return "incomparable values are violations of a range constraint"
    if result.component == SH + "MinLengthConstraintComponent" and isinstance(
        result.value,
        ox.BlankNode,  # type: ignore[attr-defined]
    ):
        return "a blank node violates sh:minLength, even 0"
    return None


def compiled_results(
    shapes: list[ox.Quad], data: list[ox.Quad]
) -> tuple[set[Key], set[Key]] | None:
    """(result keys, the keys among them that pyshacl is known to miss); None: Unsupported."""
    try:
        plan, results = run_compiled(exact_store(data), shapes)
    except Unsupported:
        return None
    keys: set[Key] = set()
    deviations: set[Key] = set()
    for r in results:
        key = (
            _term_key(r.focus),
            path_text(plan.shapes, r.path) if r.path is not None else None,
            _term_key(r.value) if r.value is not None else None,
            str(r.shape),
            r.component,
            r.severity,
        )
        keys.add(key)
        if pyshacl_deviation(plan, r):
            deviations.add(key)
    return keys, deviations


def _to_rdflib(term: object) -> object:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if dt == XSD + "string" else rdflib.URIRef(dt))


def rdflib_graph(quads: list[ox.Quad]) -> object:
    import rdflib

    graph = rdflib.Graph()
    for q in quads:
        graph.add((_to_rdflib(q.subject), _to_rdflib(q.predicate), _to_rdflib(q.object)))  # type: ignore[arg-type]
    return graph


def pyshacl_results(shapes: list[ox.Quad], data: list[ox.Quad]) -> set[Key]:
    import pyshacl
    import rdflib
    from rdflib import RDF, URIRef

    from scokg.validation.shacl_pyshacl import _path_text, quiet_rdflib

    sh = "http://www.w3.org/ns/shacl#"
    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        with quiet_rdflib():
            data_graph = rdflib_graph(data)
            shapes_graph = rdflib_graph(shapes)
            _ok, report, _text = pyshacl.validate(
                data_graph,
                shacl_graph=shapes_graph,
                inference="none",
                meta_shacl=False,
                advanced=False,
                js=False,
                allow_warnings=True,
            )
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    keys: set[Key] = set()
    # top-level results only (pyshacl also lists nested ones as sh:detail)
    top = report.value(None, RDF.type, URIRef(sh + "ValidationReport"))
    for result in report.objects(top, URIRef(sh + "result")):

        def get(name: str, result: object = result) -> object:
            return report.value(result, URIRef(sh + name))  # type: ignore[arg-type]

        path = get("resultPath")
        value = get("value")
        text = _path_text(report, path) if path is not None else None  # type: ignore[arg-type]
        keys.add(
            (
                _term_key(get("focusNode")),
                _iris_in_brackets(text),
                _term_key(value) if value is not None else None,
                _term_key(get("sourceShape")),
                str(get("sourceConstraintComponent")),
                str(get("resultSeverity")),
            )
        )
    return keys


def _iris_in_brackets(text: str | None) -> str | None:
    """pyshacl's path text uses the project's prefixes; the compiled one <IRI>s: align."""
    if text is None:
        return None
    return re.sub(r"(?<![<\w])ex:(\w+)", rf"<{EX}\1>", text)


def write_case(shapes: str, data: str) -> Path:
    """Save a counterexample as a fixture that test_shacl_fuzz replays."""
    CASES.mkdir(exist_ok=True)
    import hashlib

    name = hashlib.sha256((shapes + "\0" + data).encode()).hexdigest()[:12]
    path = CASES / f"case-{name}.json"
    path.write_text(
        json.dumps({"shapes": shapes, "data": data, "note": "found by make fuzz"}, indent=1) + "\n"
    )
    return path
