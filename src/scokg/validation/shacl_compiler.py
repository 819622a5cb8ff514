"""SHACL validation compiled to SPARQL and run on an embedded pyoxigraph store.

pyshacl (with owlrl's RDFS closure) is the reference but does not scale: its closure
compares every pair of literals. This engine gives the same results (focus node, path,
constraint component, value, source shape, message) much faster:

1. RDFS entailment that matters for SHACL is materialised into one extra graph: asserted
   types up ``rdfs:subClassOf``, the triples of sub-properties for every property a shape
   uses as a path, and owlrl's rule that copies triples between typed literals of equal
   value. Like the pyshacl run (which gets only the ontology's hierarchy, see
   :func:`scokg.validation.shacl_pyshacl.hierarchy_of`), types are never inferred from
   ``rdfs:domain``/``rdfs:range``: that would make every ``sh:class`` check on a ranged
   property pass whatever the value (a place given as a party would become an
   organisation).
2. Each property shape constraint becomes one SELECT query over the union of all graphs.
3. ``sh:sparql`` constraints run with ``$this`` bound by the target pattern.

Known difference: pyoxigraph stores literals of the xsd:integer family in canonical form
as xsd:integer ("05"^^xsd:nonNegativeInteger becomes "5"^^xsd:integer), so sh:datatype on a
derived integer type is checked by value range, and an integer written with another integer
datatype is not told apart (pyshacl would report it).

Anything else (another target kind, another path form, a constraint component not listed in
``SUPPORTED``) makes :func:`compile_shapes` report the construct; the caller then runs
pyshacl for the whole validation and says so in the report notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from scokg.oxquery import select
from scokg.validation.naming import short
from scokg.vocab import RDF, RDFS, SH, XSD

INFERRED = ox.NamedNode("urn:scokg:inferred")
ShapeNode = ox.NamedNode | ox.BlankNode | ox.Literal
"""A node or value of the shapes graph (triple terms are refused: :class:`Unsupported`)."""
RDF_TYPE = RDF + "type"

SUPPORTED = frozenset(
    SH + n
    for n in [
        "minCount",
        "maxCount",
        "datatype",
        "class",
        "in",
        "pattern",
        "flags",
        "nodeKind",
        "languageIn",
        "hasValue",
        "or",
        "message",
        "path",
        "name",
        "description",
        "order",
        "group",
        "severity",
    ]
)
_NODE_SHAPE_KEYS = frozenset(
    SH + n for n in ["targetClass", "property", "sparql", "message", "severity", "deactivated"]
) | {RDF_TYPE}

INTEGER_TYPES = frozenset(
    XSD + n
    for n in [
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)


class Unsupported(Exception):
    """A shape construct this compiler does not translate."""


@dataclass
class Check:
    """One compiled query and how to turn its rows into results."""

    shape: str
    component: str
    path: str | None
    message: str | None
    query: str
    has_value: bool = True


@dataclass
class Compiled:
    checks: list[Check] = field(default_factory=list)
    sparql_paths: set[str] = field(default_factory=set)


def _iri(term: str) -> str:
    return f"<{term}>"


def _nt(term: object) -> str:
    """A SPARQL term for a pyoxigraph term."""
    return str(term)


class ShapesGraph:
    """The shapes file as a dict: node -> predicate -> objects."""

    def __init__(self, store: ox.Store) -> None:
        self.props: dict[ShapeNode, dict[str, list[ShapeNode]]] = {}
        for q in store:
            if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
                raise Unsupported(f"a triple term in the shapes graph: {q}")
            self.props.setdefault(q.subject, {}).setdefault(q.predicate.value, []).append(q.object)

    def get(self, node: ShapeNode | None, prop: str) -> list[ShapeNode]:
        if node is None:
            return []
        return self.props.get(node, {}).get(SH + prop, [])

    def one(self, node: ShapeNode, prop: str) -> ShapeNode | None:
        values = self.get(node, prop)
        return values[0] if values else None

    def the(self, node: ShapeNode, prop: str) -> ShapeNode:
        """The value of ``prop`` that the caller has checked is there."""
        value = self.one(node, prop)
        if value is None:
            raise Unsupported(f"{node} has no sh:{prop}")
        return value

    def list_items(self, head: ShapeNode | None) -> list[ShapeNode]:
        items = []
        while head is not None and not (
            isinstance(head, ox.NamedNode) and head.value == RDF + "nil"
        ):
            node = self.props.get(head, {})
            items.append(node[RDF + "first"][0])
            head = node[RDF + "rest"][0]
        return items

    def node_shapes(self) -> list[ShapeNode]:
        return sorted(
            (n for n, p in self.props.items() if SH + "targetClass" in p), key=lambda n: str(n)
        )

    def prefixes(self) -> str:
        lines = []
        for decl in self.get_all("declare"):
            prefix = self.one(decl, "prefix")
            namespace = self.one(decl, "namespace")
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix.value}: <{namespace.value}>")
        return "\n".join(lines) + "\n"

    def get_all(self, prop: str) -> list[ShapeNode]:
        return [o for p in self.props.values() for o in p.get(SH + prop, [])]


def _message(shapes: ShapesGraph, node: ShapeNode) -> str | None:
    values = shapes.get(node, "message")
    return values[0].value if values else None


def compile_shapes(shapes: ShapesGraph) -> Compiled:
    """Translate every node shape; raise :class:`Unsupported` on anything unknown."""
    compiled = Compiled()
    prefixes = shapes.prefixes()
    for node in shapes.node_shapes():
        keys = set(shapes.props[node])
        if keys - _NODE_SHAPE_KEYS:
            raise Unsupported(f"node shape {node} uses {sorted(keys - _NODE_SHAPE_KEYS)}")
        if shapes.get(node, "deactivated"):
            continue
        targets = shapes.get(node, "targetClass")
        target = " UNION ".join(f"{{ ?this a {_iri(t.value)} }}" for t in targets)
        for prop in shapes.get(node, "property"):
            compiled.checks.extend(_property_checks(shapes, node, prop, target, compiled))
        for constraint in shapes.get(node, "sparql"):
            select = shapes.one(constraint, "select")
            if select is None:
                raise Unsupported(f"SPARQL constraint {constraint} without sh:select")
            query = _bind_this(select.value, target)
            compiled.checks.append(
                Check(
                    shape=node.value,
                    component="SPARQLConstraintComponent",
                    path=None,
                    message=_message(shapes, constraint),
                    query=prefixes + query,
                )
            )
    return compiled


def _bind_this(select: str, target: str) -> str:
    """Turn ``$this`` into a variable bound by the target pattern at the top of WHERE."""
    text = select.replace("$this", "?this")
    match = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if match is None:
        raise Unsupported("SPARQL constraint without WHERE")
    return text[: match.end()] + f" {target} " + text[match.end() :]


def _path(shapes: ShapesGraph, prop: ShapeNode) -> tuple[str, str, str]:
    """(SPARQL path, reported path text, property IRI) of a property shape."""
    path = shapes.one(prop, "path")
    if isinstance(path, ox.NamedNode):
        return _iri(path.value), short(path), path.value
    inverse = shapes.get(path, "inversePath")
    if (
        path is not None
        and inverse
        and isinstance(inverse[0], ox.NamedNode)
        and len(shapes.props[path]) == 1
    ):
        return "^" + _iri(inverse[0].value), "^" + short(inverse[0]), inverse[0].value
    raise Unsupported(f"path {path} of {prop}")


def _value_condition(shapes: ShapesGraph, node: ShapeNode) -> str:
    """A SPARQL boolean that holds when ?v satisfies the (single) constraint of ``node``."""
    keys = set(shapes.props.get(node, {})) - {RDF_TYPE}
    if keys == {SH + "class"}:
        return f"EXISTS {{ ?v a {_iri(shapes.the(node, 'class').value)} }}"
    if keys == {SH + "datatype"}:
        return _datatype_ok(shapes.the(node, "datatype").value)
    if keys == {SH + "nodeKind"}:
        return _node_kind_ok(shapes.the(node, "nodeKind").value)
    raise Unsupported(f"sh:or member {node}")


def _datatype_ok(datatype: str) -> str:
    if datatype == RDF + "langString":
        return "(isLiteral(?v) && lang(?v) != '')"
    if datatype in INTEGER_TYPES:
        # pyoxigraph stores every integer type as xsd:integer (canonical form), so the
        # derived type is checked by its value range; see the module docstring.
        low = {XSD + "nonNegativeInteger": ">= 0", XSD + "positiveInteger": "> 0"}
        test = f" && ?v {low[datatype]}" if datatype in low else ""
        return f"(isLiteral(?v) && datatype(?v) = <{XSD}integer>{test})"
    ok = f"(isLiteral(?v) && datatype(?v) = {_iri(datatype)})"
    if datatype in WELL_FORMED:
        # ill-typed literals are rejected like pyshacl does (checked in Python, see run)
        ok = f"({ok} && __WELL_FORMED__)"
    return ok


def _node_kind_ok(kind: str) -> str:
    tests = {
        "IRI": "isIRI(?v)",
        "BlankNode": "isBlank(?v)",
        "Literal": "isLiteral(?v)",
        "BlankNodeOrIRI": "(isBlank(?v) || isIRI(?v))",
        "BlankNodeOrLiteral": "(isBlank(?v) || isLiteral(?v))",
        "IRIOrLiteral": "(isIRI(?v) || isLiteral(?v))",
    }
    return tests[kind.removeprefix(SH)]


def _property_checks(
    shapes: ShapesGraph, node: ShapeNode, prop: ShapeNode, target: str, compiled: Compiled
) -> list[Check]:
    keys = set(shapes.props[prop]) - {RDF_TYPE}
    if keys - SUPPORTED:
        raise Unsupported(f"property shape {prop} uses {sorted(keys - SUPPORTED)}")
    sparql_path, path_text, base = _path(shapes, prop)
    compiled.sparql_paths.add(base)
    message = _message(shapes, prop)
    shape = prop.value if isinstance(prop, ox.NamedNode) else str(prop)
    checks: list[Check] = []

    def add(component: str, query: str, has_value: bool = True) -> None:
        checks.append(Check(shape, component, path_text, message, query, has_value))

    def per_value(component: str, ok: str) -> None:
        add(
            component,
            f"SELECT DISTINCT ?this ?v WHERE {{ {target} ?this {sparql_path} ?v . "
            f"FILTER (!({ok})) }}",
        )

    min_count = shapes.one(prop, "minCount")
    if min_count is not None:
        add(
            "MinCountConstraintComponent",
            f"SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {sparql_path} ?v }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(min_count.value)})",
            has_value=False,
        )
    max_count = shapes.one(prop, "maxCount")
    if max_count is not None:
        add(
            "MaxCountConstraintComponent",
            f"SELECT ?this WHERE {{ {target} ?this {sparql_path} ?v }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(max_count.value)})",
            has_value=False,
        )
    datatype = shapes.one(prop, "datatype")
    if datatype is not None:
        per_value("DatatypeConstraintComponent", _datatype_ok(datatype.value))
    cls = shapes.one(prop, "class")
    if cls is not None:
        per_value("ClassConstraintComponent", f"EXISTS {{ ?v a {_iri(cls.value)} }}")
    kind = shapes.one(prop, "nodeKind")
    if kind is not None:
        per_value("NodeKindConstraintComponent", _node_kind_ok(kind.value))
    pattern = shapes.one(prop, "pattern")
    if pattern is not None:
        flags = shapes.one(prop, "flags")
        flag_arg = f", {_nt(ox.Literal(flags.value))}" if flags is not None else ""
        per_value(
            "PatternConstraintComponent",
            f"!isBlank(?v) && REGEX(STR(?v), {_nt(ox.Literal(pattern.value))}{flag_arg})",
        )
    languages = shapes.one(prop, "languageIn")
    if languages is not None:
        tags = [t.value for t in shapes.list_items(languages)]
        tests = " || ".join(f"langMatches(lang(?v), {_nt(ox.Literal(t))})" for t in tags)
        per_value("LanguageInConstraintComponent", f"isLiteral(?v) && ({tests or 'false'})")
    values = shapes.one(prop, "in")
    if values is not None:
        items = ", ".join(_nt(v) for v in shapes.list_items(values))
        per_value("InConstraintComponent", f"?v IN ({items})")
    has_value = shapes.one(prop, "hasValue")
    if has_value is not None:
        add(
            "HasValueConstraintComponent",
            f"SELECT DISTINCT ?this WHERE {{ {target} "
            f"FILTER NOT EXISTS {{ ?this {sparql_path} {_nt(has_value)} }} }}",
            has_value=False,
        )
    alternatives = shapes.one(prop, "or")
    if alternatives is not None:
        tests = " || ".join(_value_condition(shapes, m) for m in shapes.list_items(alternatives))
        per_value("OrConstraintComponent", tests)
    return checks


# -- entailment ---------------------------------------------------------------------------


def _closure(edges: dict[str, set[str]], start: str) -> set[str]:
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _schema(store: ox.Store, prop: str) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
            edges.setdefault(q.subject.value, set()).add(q.object.value)
    return edges


def materialise_rdfs(store: ox.Store, paths: set[str]) -> None:
    """Add to ``INFERRED`` what owlrl's RDFS closure adds that SHACL can observe."""
    sub_class = _schema(store, RDFS + "subClassOf")
    sub_prop = _schema(store, RDFS + "subPropertyOf")

    # super-property triples for every property used as a shape path
    inverse_sub: dict[str, set[str]] = {}
    for sub, _supers in sub_prop.items():
        for sup in _closure(sub_prop, sub) - {sub}:
            inverse_sub.setdefault(sup, set()).add(sub)
    for path in sorted(paths):
        for sub in sorted(inverse_sub.get(path, ())):
            store.update(
                f"INSERT {{ GRAPH {INFERRED} {{ ?s <{path}> ?o }} }} "
                f"WHERE {{ GRAPH ?g {{ ?s <{sub}> ?o }} }}"
            )

    # types: asserted up the class hierarchy (never from domains or ranges, see above)
    class_pairs = [(c, s) for c in sub_class for s in sorted(_closure(sub_class, c) - {c})]
    if class_pairs:
        store.update(
            f"INSERT {{ GRAPH {INFERRED} {{ ?x a ?s }} }} WHERE {{ "
            f"VALUES (?c ?s) {{ {_values(class_pairs)} }} GRAPH ?g {{ ?x a ?c }} }}"
        )


def _values(pairs: list[tuple[str, str]]) -> str:
    return " ".join(f"(<{a}> <{b}>)" for a, b in sorted(set(pairs)))


def _literal_equalities(store: ox.Store) -> None:
    """owlrl gives every triple ``s p l1`` a copy ``s p l2`` when l1, l2 have equal values."""
    groups: dict[object, set[ox.Literal]] = {}
    rows = select(
        store,
        "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isLiteral(?o) && "
        f"datatype(?o) != <{XSD}string> && lang(?o) = '') }}",
    )
    for row in rows:
        literal = row["o"]
        value = python_value(literal)
        if value is not None:
            groups.setdefault(value, set()).add(literal)
    for literals in groups.values():
        if len(literals) < 2:
            continue
        for source in literals:
            for target in literals - {source}:
                store.update(
                    f"INSERT {{ GRAPH {INFERRED} {{ ?s ?p {target} }} }} "
                    f"WHERE {{ GRAPH ?g {{ ?s ?p {source} }} }}"
                )


# Lexical forms rdflib accepts; a literal of these datatypes that does not match is
# ill-typed, and pyshacl's sh:datatype rejects it.
WELL_FORMED: dict[str, re.Pattern[str]] = {
    XSD + "date": re.compile(r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    **{t: re.compile(r"\s*[+-]?\d+\s*") for t in INTEGER_TYPES},
}


def python_value(literal: ox.Literal) -> object | None:
    """The value rdflib gives a typed literal (None where it gives none)."""
    import datetime

    datatype = literal.datatype.value
    text = literal.value
    try:
        if datatype in INTEGER_TYPES:
            value = int(text)
            if datatype == XSD + "nonNegativeInteger" and value < 0:
                return None
            return value
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(text)
        if datatype == XSD + "decimal":
            return Decimal(text)
        if datatype in (XSD + "double", XSD + "float"):
            return float(text)
        if datatype == XSD + "boolean":
            return {"true": True, "1": True, "false": False, "0": False}.get(text)
    except (ValueError, InvalidOperation):
        return None
    return None


def ill_typed(store: ox.Store, datatypes: set[str]) -> list[ox.Literal]:
    """Literals of ``datatypes`` whose lexical form does not fit their datatype."""
    bad = []
    for datatype, pattern in WELL_FORMED.items():
        if datatype not in datatypes or datatype in INTEGER_TYPES:
            continue
        rows = select(
            store,
            f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
            f"FILTER (isLiteral(?o) && datatype(?o) = <{datatype}>) }}",
        )
        for row in rows:
            literal = row["o"]
            if not pattern.fullmatch(literal.value) or (
                datatype == XSD + "date" and python_value(literal) is None
            ):
                bad.append(literal)
    return bad


@dataclass(frozen=True)
class Result:
    focus: object
    path: str | None
    value: object | None
    component: str
    shape: str
    message: str | None


def run_checks(store: ox.Store, compiled: Compiled) -> list[Result]:
    """Run every compiled check on ``store`` (entailment already materialised)."""
    checked = {
        d
        for c in compiled.checks
        if "__WELL_FORMED__" in c.query
        for d in re.findall(r"datatype\(\?v\) = <([^>]+)>", c.query)
    }
    bad = ill_typed(store, checked)
    results: list[Result] = []
    for check in compiled.checks:
        well_formed = f"?v NOT IN ({', '.join(map(str, bad))})" if bad else "true"
        query = check.query.replace("__WELL_FORMED__", well_formed)
        for row in select(store, query, use_default_graph_as_union=True):
            focus = row["this"]
            value = None
            if check.component == "SPARQLConstraintComponent":
                # an unbound ?value of a node shape's constraint reports the focus node,
                # as pyshacl does
                value = _get(row, "value") or focus
            elif check.has_value:
                value = row["v"]
            results.append(
                Result(focus, check.path, value, check.component, check.shape, check.message)
            )
    return list(dict.fromkeys(results))


def _get(row: ox.QuerySolution, name: str) -> object | None:
    try:
        return row[name]
    except KeyError:
        return None
