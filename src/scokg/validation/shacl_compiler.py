"""SHACL shapes graph -> a validation plan, with the explicit list of what is implemented.

The compiled engine (:mod:`scokg.validation.shacl_engine`) implements SHACL Core and
SHACL-SPARQL constraints as listed below (W3C SHACL, §2-§4 and §5). A shapes graph that uses
anything else raises :class:`Unsupported` *before* validation starts; the caller then runs
pyshacl for the whole validation and says so in one line of the report. Nothing is skipped
silently.

Implemented (:data:`FEATURES`):

* targets (§2.1.3): ``sh:targetClass``, implicit class targets (a shape that is also an
  ``rdfs:Class``), ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``;
* property paths (§2.3.1): predicate, sequence, ``sh:alternativePath``, ``sh:inversePath``,
  ``sh:zeroOrMorePath``, ``sh:oneOrMorePath``, ``sh:zeroOrOnePath``, nested freely;
* every Core constraint component (§4) with every value of its parameters (several
  ``sh:class``, ``sh:pattern`` or ``sh:hasValue`` values are several constraints);
* ``sh:deactivated`` (only the literal ``true`` switches a shape off), ``sh:severity``,
  ``sh:message``;
* SPARQL-based constraints (§5: ``sh:sparql`` with ``sh:select``, ``sh:prefixes``/``sh:declare``,
  ``$this``, ``$PATH``, ``$currentShape``).

Not implemented (-> :class:`Unsupported`): SPARQL-based targets (``sh:target``), SPARQL-based
constraint components (``sh:ConstraintComponent`` declarations and their parameters),
``sh:ask`` constraints, ``$shapesGraph``, SHACL rules and functions, triple terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from scokg.vocab import RDF, RDFS, SH

Node = ox.NamedNode | ox.BlankNode | ox.Literal
"""A node of the shapes graph (triple terms are refused: :class:`Unsupported`)."""

TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
PATHS = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")
# Core constraint components (§4), parameter -> component local name.
COMPONENTS = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "minExclusive": "MinExclusiveConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "maxExclusive": "MaxExclusiveConstraintComponent",
    "maxInclusive": "MaxInclusiveConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "maxLength": "MaxLengthConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "uniqueLang": "UniqueLangConstraintComponent",
    "equals": "EqualsConstraintComponent",
    "disjoint": "DisjointConstraintComponent",
    "lessThan": "LessThanConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
    "not": "NotConstraintComponent",
    "and": "AndConstraintComponent",
    "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent",
    "node": "NodeConstraintComponent",
    "property": "PropertyConstraintComponent",
    "qualifiedValueShape": "QualifiedValueShapeConstraintComponent",
    "closed": "ClosedConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "in": "InConstraintComponent",
    "sparql": "SPARQLConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
}
# Parameters read together with a component, and non-validating shape properties (§2.2).
COMPANIONS = (
    "flags",
    "ignoredProperties",
    "qualifiedValueShapesDisjoint",
    "path",
    "deactivated",
    "severity",
    "message",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
)
# Parameters SHACL allows at most once per shape (§4); more makes the shapes graph ill-formed.
SINGLE_VALUED = (
    "path",
    "datatype",
    "nodeKind",
    "minCount",
    "maxCount",
    "minExclusive",
    "minInclusive",
    "maxExclusive",
    "maxInclusive",
    "minLength",
    "maxLength",
    "flags",
    "languageIn",
    "uniqueLang",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "closed",
    "deactivated",
    "severity",
)
FEATURES = frozenset(SH + n for n in (*TARGETS, *COMPONENTS, *COMPANIONS))
"""Every ``sh:`` property a shape may have for the compiled engine to run it."""
RDF_TYPE = RDF + "type"
_SHAPE_CLASSES = {SH + "NodeShape", SH + "PropertyShape"}
_SHAPE_REFS = ("node", "not", "qualifiedValueShape", "property")
_SHAPE_LISTS = ("and", "or", "xone")


class Unsupported(Exception):
    """A shapes-graph construct outside :data:`FEATURES`; the message names it."""


class ShapesGraph:
    """The shapes graph as a dict: node -> predicate IRI -> objects (in file order)."""

    def __init__(self, triples: list[ox.Triple] | list[ox.Quad]) -> None:
        self.props: dict[Node, dict[str, list[Node]]] = {}
        for q in triples:
            if isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple):
                raise Unsupported(f"a triple term in the shapes graph: {q}")
            values = self.props.setdefault(q.subject, {}).setdefault(q.predicate.value, [])
            if q.object not in values:
                values.append(q.object)

    def get(self, node: Node | None, prop: str) -> list[Node]:
        """Objects of ``node``'s ``sh:prop``."""
        if node is None:
            return []
        return self.props.get(node, {}).get(SH + prop, [])

    def objects(self, node: Node, iri: str) -> list[Node]:
        """Objects of ``node``'s property ``iri`` (a full IRI)."""
        return self.props.get(node, {}).get(iri, [])

    def get_all_predicate(self, iri: str) -> list[Node]:
        """Every object of predicate ``iri`` anywhere in the graph."""
        return [o for p in self.props.values() for o in p.get(iri, [])]

    def one(self, node: Node, prop: str) -> Node | None:
        values = self.get(node, prop)
        return values[0] if values else None

    def list_items(self, head: Node | None) -> list[Node]:
        """The members of the RDF list at ``head``; :class:`Unsupported` if it is broken."""
        items: list[Node] = []
        seen: set[Node] = set()
        while head is not None and not (
            isinstance(head, ox.NamedNode) and head.value == RDF + "nil"
        ):
            node = self.props.get(head, {})
            if (
                head in seen
                or len(node.get(RDF + "first", [])) != 1
                or len(node.get(RDF + "rest", [])) != 1
            ):
                raise Unsupported(f"a malformed RDF list at {head}")
            seen.add(head)
            items.append(node[RDF + "first"][0])
            head = node[RDF + "rest"][0]
        return items


def is_true(node: Node | None) -> bool:
    """``sh:deactivated``/``sh:closed``/... is on only for the boolean literal true."""
    return (
        isinstance(node, ox.Literal)
        and node.datatype.value.endswith("#boolean")
        and node.value in ("true", "1")
    )


@dataclass
class Plan:
    """What to validate: the shapes with targets, and every shape reachable from them."""

    shapes: ShapesGraph
    targeted: list[Node] = field(default_factory=list)
    all_shapes: set[Node] = field(default_factory=set)
    path_predicates: set[str] = field(default_factory=set)
    sparql: dict[Node, tuple[str, dict[str, str]]] = field(default_factory=dict)
    """SPARQL constraint node -> (SELECT text, prefixes) (§5.1, §5.2.1)."""


def compile_shapes(shapes: ShapesGraph) -> Plan:
    """The validation plan of ``shapes``; :class:`Unsupported` for anything outside FEATURES."""
    for key in ("parameter", "validator", "nodeValidator", "propertyValidator"):
        if shapes.get_all_predicate(SH + key):
            raise Unsupported(f"SPARQL-based constraint components (sh:{key})")
    if shapes.get_all_predicate(SH + "target"):
        raise Unsupported("SPARQL-based targets (sh:target)")
    plan = Plan(shapes)
    roots: list[Node] = []
    for node, props in shapes.props.items():
        types = {t.value for t in props.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)}
        implicit = bool(types & _SHAPE_CLASSES) and (RDFS + "Class") in types
        if implicit or any(SH + t in props for t in TARGETS) or types & _SHAPE_CLASSES:
            roots.append(node)
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node in plan.all_shapes:
            continue
        plan.all_shapes.add(node)
        _check_shape(shapes, node, plan)
        for ref in _SHAPE_REFS:
            todo.extend(shapes.get(node, ref))
        for ref in _SHAPE_LISTS:
            for head in shapes.get(node, ref):
                todo.extend(shapes.list_items(head))
    plan.targeted = sorted((n for n in plan.all_shapes if has_targets(shapes, n)), key=str)
    return plan


def has_targets(shapes: ShapesGraph, node: Node) -> bool:
    props = shapes.props.get(node, {})
    if any(SH + t in props for t in TARGETS):
        return True
    types = {t.value for t in props.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)}
    return bool(types & _SHAPE_CLASSES) and (RDFS + "Class") in types


def _check_shape(shapes: ShapesGraph, node: Node, plan: Plan) -> None:
    if isinstance(node, ox.Literal):
        raise Unsupported(f"a literal used as a shape: {node}")
    allowed = FEATURES
    if node in shapes.get_all_predicate(SH + "sparql"):  # a shape that is its own constraint
        allowed = FEATURES | {SH + "select", SH + "prefixes"}
    unknown = sorted(p for p in shapes.props.get(node, {}) if p.startswith(SH) and p not in allowed)
    if unknown:
        raise Unsupported(f"shape {node} uses {', '.join('sh:' + u[len(SH) :] for u in unknown)}")
    for param in SINGLE_VALUED:
        if len(shapes.get(node, param)) > 1:
            raise Unsupported(f"ill-formed shape {node}: several values of sh:{param}")
    paths = shapes.get(node, "path")
    if paths:
        _check_path(shapes, paths[0], plan, set())
    for constraint in shapes.get(node, "sparql"):
        if is_true(shapes.one(constraint, "deactivated")):
            continue
        if shapes.get(constraint, "ask") or not shapes.get(constraint, "select"):
            raise Unsupported(f"SPARQL constraint {constraint} without sh:select")
        text = shapes.get(constraint, "select")[0].value
        if re.search(r"\$shapesGraph\b", text):
            raise Unsupported(f"$shapesGraph in SPARQL constraint {constraint}")
        prefixes = sparql_prefixes(shapes, constraint)
        try:
            ox.Store().query(text.replace("$PATH", "<urn:p>"), prefixes=prefixes)
        except SyntaxError as exc:
            raise Unsupported(f"SPARQL constraint {constraint} does not parse: {exc}") from None
        plan.sparql[constraint] = (text, prefixes)
    for param in (
        "minCount",
        "maxCount",
        "minLength",
        "maxLength",
        "qualifiedMinCount",
        "qualifiedMaxCount",
    ):
        for value in shapes.get(node, param):
            if not (isinstance(value, ox.Literal) and re.fullmatch(r"[+]?[0-9]+", value.value)):
                raise Unsupported(f"sh:{param} {value} of {node} is not a non-negative integer")


STANDARD_PREFIXES = {
    "rdf": RDF,
    "rdfs": RDFS,
    "sh": SH,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def sparql_prefixes(shapes: ShapesGraph, constraint: Node) -> dict[str, str]:
    """The prefixes of a SPARQL constraint: ``sh:declare`` of its ``sh:prefixes`` values and of
    the ontologies they ``owl:imports`` (transitively), over rdf/rdfs/sh/xsd/owl."""
    prefixes = dict(STANDARD_PREFIXES)
    todo, seen = list(shapes.get(constraint, "prefixes")), set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for decl in shapes.get(node, "declare"):
            prefix, ns = shapes.one(decl, "prefix"), shapes.one(decl, "namespace")
            if prefix is not None and ns is not None:
                prefixes[prefix.value] = ns.value
        todo.extend(shapes.objects(node, "http://www.w3.org/2002/07/owl#imports"))
    return prefixes


def _check_path(shapes: ShapesGraph, path: Node, plan: Plan, seen: set[Node]) -> None:
    if isinstance(path, ox.NamedNode):
        plan.path_predicates.add(path.value)
        return
    if isinstance(path, ox.Literal) or path in seen:
        raise Unsupported(f"malformed sh:path {path}")
    seen = seen | {path}
    props = shapes.props.get(path, {})
    if RDF + "first" in props:
        for item in shapes.list_items(path):
            _check_path(shapes, item, plan, seen)
        return
    kinds = [k for k in PATHS if SH + k in props]
    if len(kinds) != 1 or len(props[SH + kinds[0]]) != 1:
        raise Unsupported(f"malformed sh:path {path}")
    inner = props[SH + kinds[0]][0]
    if kinds[0] == "alternativePath":
        for item in shapes.list_items(inner):
            _check_path(shapes, item, plan, seen)
    else:
        _check_path(shapes, inner, plan, seen)


def path_text(shapes: ShapesGraph, path: Node, name: Callable[[ox.NamedNode], str] = str) -> str:
    """The path in SPARQL 1.1 property-path syntax (§9.1); ``name`` writes an IRI (``<iri>``
    by default, :func:`scokg.validation.naming.short` in reports)."""

    def text(node: Node, nested: bool) -> str:
        if isinstance(node, ox.NamedNode):
            return name(node)
        props = shapes.props.get(node, {})
        if RDF + "first" in props:
            out = "/".join(text(i, True) for i in shapes.list_items(node))
            return f"({out})" if nested else out
        if SH + "alternativePath" in props:
            out = "|".join(
                text(i, True) for i in shapes.list_items(props[SH + "alternativePath"][0])
            )
            return f"({out})" if nested else out
        for key, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
            if SH + key in props:
                return text(props[SH + key][0], True) + mark
        if SH + "inversePath" in props:
            return "^" + text(props[SH + "inversePath"][0], True)
        return str(node)

    return text(path, False)
