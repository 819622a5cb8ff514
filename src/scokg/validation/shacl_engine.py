"""The compiled SHACL engine: a :class:`~scokg.validation.shacl_compiler.Plan` run on a store.

Targets and property paths are looked up in a term-exact pyoxigraph store
(:mod:`scokg.validation.exact`), constraints are decided on the exact terms
(:mod:`scokg.validation.shacl_values`), SPARQL-based constraints (§5) run as SPARQL on the store
with ``$this`` and ``$currentShape`` pre-bound (SEP-0007 substitutions, so blank nodes work).
Semantics follow W3C SHACL §2-§5; the validation report's results are :class:`Result` records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

import pyoxigraph as ox

from scokg.validation.exact import ExactView, decode, encode
from scokg.validation.messages import fill_template, template_value
from scokg.validation.shacl_compiler import COMPONENTS, Node, Plan, Unsupported, is_true, path_text
from scokg.validation.shacl_values import datatype_ok, lang_matches, less, node_kind_ok, pattern_ok
from scokg.vocab import RDF, RDFS, SH

Term = ox.NamedNode | ox.BlankNode | ox.Literal
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Result:
    """One validation result (SHACL §3.6.2): who, where, what, which constraint, how bad."""

    focus: Term
    path: Node | None
    value: Term | None
    component: str
    shape: Node
    severity: str
    messages: tuple[tuple[str, str | None], ...] = ()
    """The ``sh:message`` values (text, language) of the source shape or SPARQL constraint."""
    constraint: Node | None = None
    """The parameter value that makes this constraint one of several of the same component
    on the shape (each ``sh:pattern``, ``sh:class``, ... value is a constraint, SHACL §4):
    two failed constraints are two results, even where the other fields are equal."""


class Engine:
    """Validate the data in ``store`` (term-exact, see :mod:`exact`) against ``plan``.

    ``sparql_store`` answers SPARQL-based constraints (the same data; by default ``store``).
    """

    def __init__(
        self,
        plan: Plan,
        store: ox.Store | ExactView,
        sparql_store: ox.Store | None = None,
    ) -> None:
        self.plan = plan
        self.shapes = plan.shapes
        self.store = store
        if sparql_store is None:
            if not isinstance(store, ox.Store):
                raise TypeError("an ExactView needs its canonical store as sparql_store")
            sparql_store = store
        self.sparql_store = sparql_store
        self._supers: dict[Term, set[Term]] = {}
        self._depth = 0
        self._shape_params: dict[Node, dict[str, list[Node]]] = {}

    # -- the data graph -------------------------------------------------------------------
    def objects(self, subject: Term, predicate: str) -> list[Term]:
        if isinstance(subject, ox.Literal):
            return []
        seen = dict.fromkeys(
            _term(decode(q.object))
            for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)
        )
        return list(seen)

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        seen = dict.fromkeys(
            _term(q.subject)
            for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), encode(obj), None)
        )
        return list(seen)

    def outgoing(self, subject: Term) -> list[tuple[ox.NamedNode, Term]]:
        if isinstance(subject, ox.Literal):
            return []
        return list(
            dict.fromkeys(
                (q.predicate, _term(decode(q.object)))
                for q in self.store.quads_for_pattern(subject, None, None, None)
            )
        )

    def superclasses(self, cls: Term) -> set[Term]:
        if cls not in self._supers:
            seen, todo = {cls}, [cls]
            while todo:
                for sup in self.objects(todo.pop(), RDFS + "subClassOf"):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            self._supers[cls] = seen
        return self._supers[cls]

    def is_instance(self, node: Term, cls: Term) -> bool:
        return any(cls in self.superclasses(t) for t in self.objects(node, RDF + "type"))

    def instances(self, cls: Term) -> list[Term]:
        classes, todo = {cls}, [cls]
        while todo:
            for sub in self.subjects(RDFS + "subClassOf", todo.pop()):
                if sub not in classes:
                    classes.add(sub)
                    todo.append(sub)
        found: dict[Term, None] = {}
        for c in sorted(classes, key=str):
            found.update(dict.fromkeys(self.subjects(RDF + "type", c)))
        return list(found)

    # -- paths (§2.3.1) -------------------------------------------------------------------
    def path_values(self, nodes: Iterable[Term], path: Node, inverse: bool = False) -> list[Term]:
        """Nodes reached from ``nodes`` by ``path`` (backwards when ``inverse``)."""
        start = list(dict.fromkeys(nodes))
        if isinstance(path, ox.NamedNode):
            out: dict[Term, None] = {}
            for n in start:
                out.update(
                    dict.fromkeys(
                        self.subjects(path.value, n) if inverse else self.objects(n, path.value)
                    )
                )
            return list(out)
        props = self.shapes.props.get(path, {})
        if RDF + "first" in props:
            items = self.shapes.list_items(path)
            for item in reversed(items) if inverse else items:
                start = self.path_values(start, item, inverse)
            return start
        if SH + "alternativePath" in props:
            out = {}
            for item in self.shapes.list_items(props[SH + "alternativePath"][0]):
                out.update(dict.fromkeys(self.path_values(start, item, inverse)))
            return list(out)
        if SH + "inversePath" in props:
            return self.path_values(start, props[SH + "inversePath"][0], not inverse)
        if SH + "zeroOrOnePath" in props:
            return list(
                dict.fromkeys(
                    [*start, *self.path_values(start, props[SH + "zeroOrOnePath"][0], inverse)]
                )
            )
        key = "zeroOrMorePath" if SH + "zeroOrMorePath" in props else "oneOrMorePath"
        inner = props[SH + key][0]
        reached: dict[Term, None] = dict.fromkeys(start) if key == "zeroOrMorePath" else {}
        frontier = self.path_values(start, inner, inverse)
        while frontier:
            fresh = [n for n in frontier if n not in reached]
            reached.update(dict.fromkeys(fresh))
            frontier = self.path_values(fresh, inner, inverse) if fresh else []
        return list(reached)

    # -- targets (§2.1.3) -----------------------------------------------------------------
    def focus_nodes(self, shape: Node) -> list[Term]:
        g = self.shapes
        found: dict[Term, None] = {}
        for node in g.get(shape, "targetNode"):
            found[node] = None
        classes = list(g.get(shape, "targetClass"))
        types = g.objects(shape, RDF + "type")
        if (
            ox.NamedNode(RDFS + "Class") in types
            and types
            and any(
                t.value in (SH + "NodeShape", SH + "PropertyShape")
                for t in types
                if isinstance(t, ox.NamedNode)
            )
        ):
            classes.append(shape)
        for cls in classes:
            found.update(dict.fromkeys(self.instances(cls)))
        for p in g.get(shape, "targetSubjectsOf"):
            if isinstance(p, ox.NamedNode):
                quads = self.store.quads_for_pattern(None, p, None, None)
                found.update(dict.fromkeys(_term(q.subject) for q in quads))
        for p in g.get(shape, "targetObjectsOf"):
            if isinstance(p, ox.NamedNode):
                quads = self.store.quads_for_pattern(None, p, None, None)
                found.update(dict.fromkeys(_term(decode(q.object)) for q in quads))
        return list(found)

    # -- validation -----------------------------------------------------------------------
    def run(self) -> list[Result]:
        """Every result of every targeted shape, duplicates removed."""
        results: list[Result] = []
        for shape in self.plan.targeted:
            results.extend(self.validate(shape, self.focus_nodes(shape)))
        return list(dict.fromkeys(results))

    def conforms(self, node: Term, shape: Node) -> bool:
        """Does ``node`` conform to ``shape`` (its results are empty)?"""
        if self._depth > _MAX_DEPTH:
            raise Unsupported(f"recursive shapes (through {shape})")
        self._depth += 1
        try:
            return not self.validate(shape, [node])
        finally:
            self._depth -= 1

    def validate(self, shape: Node, foci: Iterable[Term]) -> list[Result]:
        """Results of ``shape`` for ``foci`` (§3.4); a deactivated shape has none."""
        g = self.shapes
        if is_true(g.one(shape, "deactivated")):
            return []
        path = g.one(shape, "path")
        results: list[Result] = []
        for focus in foci:
            values = [focus] if path is None else self.path_values([focus], path)
            results.extend(self._constraints(shape, focus, values, path))
        return results

    def _constraints(
        self, shape: Node, focus: Term, values: list[Term], path: Node | None
    ) -> list[Result]:
        """Results of every constraint of ``shape`` for one focus node and its value nodes."""
        g = self.shapes
        params = self._params(shape)
        severity = _first(params, "severity")
        sev = severity.value if isinstance(severity, ox.NamedNode) else SH + "Violation"
        messages = _messages(params.get("message", []))
        out: list[Result] = []

        def fail(
            param: str, value: Term | None, at: Node | None = path, which: Node | None = None
        ) -> None:
            component = SH + COMPONENTS[param]
            out.append(Result(focus, at, value, component, shape, sev, messages, which))

        def each(param: str, ok: Callable[[Term], bool], which: Node | None = None) -> None:
            for v in values:
                if not ok(v):
                    fail(param, v, which=which)

        for c in params.get("class", []):
            each("class", partial(self._instance_of, c), which=c)
        for d in params.get("datatype", []):
            each("datatype", partial(_has_datatype, d.value), which=d)
        for k in params.get("nodeKind", []):
            each("nodeKind", partial(_has_kind, k.value.removeprefix(SH)), which=k)
        for n in params.get("minCount", []):
            if len(values) < int(n.value):
                fail("minCount", None, which=n)
        for n in params.get("maxCount", []):
            if len(values) > int(n.value):
                fail("maxCount", None, which=n)
        for b in params.get("minExclusive", []):
            each("minExclusive", partial(_above, b, False), which=b)
        for b in params.get("minInclusive", []):
            each("minInclusive", partial(_above, b, True), which=b)
        for b in params.get("maxExclusive", []):
            each("maxExclusive", partial(_below_all, [b], False), which=b)
        for b in params.get("maxInclusive", []):
            each("maxInclusive", partial(_below_all, [b], True), which=b)
        for n in params.get("minLength", []):
            each("minLength", partial(_length_between, int(n.value), None), which=n)
        for n in params.get("maxLength", []):
            each("maxLength", partial(_length_between, 0, int(n.value)), which=n)
        flags = _first(params, "flags")
        for pattern in params.get("pattern", []):
            each(
                "pattern",
                partial(_matches, pattern.value, flags.value if flags else ""),
                which=pattern,
            )
        for head in params.get("languageIn", []):
            each(
                "languageIn",
                partial(_language_in, [t.value for t in g.list_items(head)]),
                which=head,
            )
        if is_true(_first(params, "uniqueLang")) and path is not None:
            langs = [_language(v).lower() for v in values if _language(v)]
            for lang in dict.fromkeys(langs):
                if langs.count(lang) > 1:
                    fail("uniqueLang", None)
        for p in params.get("equals", []):
            others = self.objects(focus, p.value)
            for v in [
                *(v for v in values if v not in others),
                *(o for o in others if o not in values),
            ]:
                fail("equals", v, which=p)
        for p in params.get("disjoint", []):
            each("disjoint", partial(_not_in, self.objects(focus, p.value)), which=p)
        for p in params.get("lessThan", []):
            each("lessThan", partial(_below_all, self.objects(focus, p.value), False), which=p)
        for p in params.get("lessThanOrEquals", []):
            each(
                "lessThanOrEquals", partial(_below_all, self.objects(focus, p.value), True), which=p
            )
        for s in params.get("not", []):
            each("not", partial(self._conforming, [s], range(0, 1)), which=s)
        for head in params.get("and", []):
            members = g.list_items(head)
            each(
                "and",
                partial(self._conforming, members, range(len(members), len(members) + 1)),
                which=head,
            )
        for head in params.get("or", []):
            members = g.list_items(head)
            each("or", partial(self._conforming, members, range(1, len(members) + 1)), which=head)
        for head in params.get("xone", []):
            each("xone", partial(self._conforming, g.list_items(head), range(1, 2)), which=head)
        for s in params.get("node", []):
            each("node", partial(self._conforming, [s], range(1, 2)), which=s)
        for prop in params.get("property", []):
            out.extend(self.validate(prop, values))
        for param, _count in self._qualified(shape, values):
            fail(param, None)
        if is_true(_first(params, "closed")):
            allowed = {
                i.value for h in params.get("ignoredProperties", []) for i in g.list_items(h)
            }
            for prop in params.get("property", []):
                allowed |= {p.value for p in g.get(prop, "path") if isinstance(p, ox.NamedNode)}
            for v in values:
                for predicate, obj in self.outgoing(v):
                    if predicate.value not in allowed:
                        fail("closed", obj, at=predicate)
        for h in params.get("hasValue", []):
            if h not in values:
                fail("hasValue", None, which=h)
        for head in params.get("in", []):
            each("in", partial(_is_in, g.list_items(head)), which=head)
        for constraint in params.get("sparql", []):
            out.extend(self._sparql(shape, constraint, focus, path, sev))
        return out

    def _params(self, shape: Node) -> dict[str, list[Node]]:
        """The ``sh:`` properties of ``shape`` by local name (read once per shape)."""
        found = self._shape_params.get(shape)
        if found is None:
            props = self.shapes.props.get(shape, {})
            found = {k[len(SH) :]: v for k, v in props.items() if k.startswith(SH)}
            self._shape_params[shape] = found
        return found

    def _instance_of(self, cls: Node, node: Term) -> bool:
        return self.is_instance(node, cls)

    def _conforming(self, shapes: list[Node], counts: range, node: Term) -> bool:
        """Does ``node`` conform to a number of ``shapes`` within ``counts``?"""
        return sum(self.conforms(node, s) for s in shapes) in counts

    def _qualified(self, shape: Node, values: list[Term]) -> list[tuple[str, int]]:
        """(parameter, count) of the violated qualified cardinalities of ``shape`` (§4.7.3)."""
        g = self.shapes
        q = g.one(shape, "qualifiedValueShape")
        if q is None:
            return []
        siblings: list[Node] = []
        if is_true(g.one(shape, "qualifiedValueShapesDisjoint")):
            parents = [n for n, p in g.props.items() if shape in p.get(SH + "property", [])]
            siblings = [
                s
                for parent in parents
                for sibling in g.get(parent, "property")
                for s in g.get(sibling, "qualifiedValueShape")
                if s != q
            ]
        count = sum(
            1
            for v in values
            if self.conforms(v, q) and not any(self.conforms(v, s) for s in siblings)
        )
        out = []
        out += [
            ("qualifiedMinCount", count)
            for n in g.get(shape, "qualifiedMinCount")
            if count < int(n.value)
        ]
        out += [
            ("qualifiedMaxCount", count)
            for n in g.get(shape, "qualifiedMaxCount")
            if count > int(n.value)
        ]
        return out

    def _sparql(
        self, shape: Node, constraint: Node, focus: Term, path: Node | None, sev: str
    ) -> list[Result]:
        g = self.shapes
        if is_true(g.one(constraint, "deactivated")):
            return []
        text, prefixes = self.plan.sparql[constraint]
        if path is not None:
            text = text.replace("$PATH", path_text(g, path))
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable("this"): focus
        }
        if isinstance(shape, ox.NamedNode):
            text = re.sub(r"[$?]currentShape\b", str(shape), text)
        messages = _messages(g.get(constraint, "message") or g.get(shape, "message"))
        out = []
        rows = self.sparql_store.query(
            text, prefixes=prefixes, substitutions=subs, use_default_graph_as_union=True
        )
        if not isinstance(rows, ox.QuerySolutions):
            raise Unsupported(f"SPARQL constraint {constraint} is not a SELECT query")
        for row in rows:
            bound = {v.value: row[v] for v in rows.variables if row[v] is not None}
            value = (
                _term(decode(bound["value"]))
                if "value" in bound
                else (focus if path is None else None)
            )
            found = bound.get("path")
            at = found if isinstance(found, ox.NamedNode) else path
            # §5.3.2: {?var}/{$var} in sh:message is the solution's value of var.
            fill = {name: template_value(decode(term)) for name, term in bound.items()}
            fill["this"] = template_value(focus)
            if at is not None:
                fill["path"] = at.value if isinstance(at, ox.NamedNode) else path_text(g, at)
            if value is not None:
                fill["value"] = template_value(value)
            filled = tuple((fill_template(text, fill), lang) for text, lang in messages)
            out.append(
                Result(
                    focus,
                    at,
                    value,
                    SH + COMPONENTS["sparql"],
                    shape,
                    sev,
                    filled,
                    constraint,
                )
            )
        return out


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Term:
    """A data node; RDF 1.2 triple terms are outside what the engine implements."""
    if isinstance(term, ox.Triple):
        raise Unsupported(f"a triple term in the data: {term}")
    return term


def _messages(values: list[Node]) -> tuple[tuple[str, str | None], ...]:
    return tuple((m.value, m.language) for m in values if isinstance(m, ox.Literal))


def _first(params: dict[str, list[Node]], name: str) -> Node | None:
    values = params.get(name)
    return values[0] if values else None


def _length_between(low: int, high: int | None, term: Term) -> bool:
    """§4.4.1-2: the string length of an IRI or literal within bounds; blank nodes fail."""
    if isinstance(term, ox.BlankNode):
        return False
    return low <= len(term.value) and (high is None or len(term.value) <= high)


def _has_datatype(datatype: str, term: Term) -> bool:
    return datatype_ok(term, datatype)


def _has_kind(kind: str, term: Term) -> bool:
    return node_kind_ok(term, kind)


def _above(bound: Node, or_equal: bool, term: Term) -> bool:
    return less(bound, term, or_equal)


def _below_all(others: list[Term] | list[Node], or_equal: bool, term: Term) -> bool:
    return all(less(term, o, or_equal) for o in others)


def _matches(pattern: str, flags: str, term: Term) -> bool:
    return pattern_ok(term, pattern, flags)


def _language_in(tags: list[str], term: Term) -> bool:
    return lang_matches(_language(term), tags)


def _not_in(others: list[Term], term: Term) -> bool:
    return term not in others


def _is_in(items: list[Node], term: Term) -> bool:
    return term in items


def _language(term: Term) -> str:
    return (term.language or "") if isinstance(term, ox.Literal) else ""
