"""One sentence per SHACL result that a person understands, the same from both engines.

:func:`constraint_words` names the violated constraint in words ("needs at least 1 value(s)",
"value not in the list: ...", "value is not a valid xsd:date") from the result's constraint
component, its value and the parameters of its source shape; :func:`problem_message` puts the
shape's ``sh:message`` (when it has one) in front. Both take rdflib or pyoxigraph terms (written
by :func:`scokg.validation.naming.short`), so the compiled engine and pyshacl print the same line.

The ``sh:message`` of a SPARQL-based constraint is a template (SHACL §5.3.2): ``{?name}`` and
``{$name}`` stand for the value of that variable in the solution (``this``, ``path`` and
``value`` the result's): :func:`fill_template`. The message of a core constraint is shown as
written, placeholders and all, as pyshacl does (the spec defines templates for SPARQL-based
constraints only).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from scokg.validation.naming import short
from scokg.vocab import SH
from scokg.xsd import lexical_error

Params = Callable[[str], Sequence[object]]
"""``params("minCount")``: the values of ``sh:minCount`` of the source shape."""
Items = Callable[[object], Sequence[object]]
"""``items(head)``: the members of an RDF list."""

_KINDS = {
    "IRI": "an IRI",
    "BlankNode": "a blank node",
    "Literal": "a literal",
    "BlankNodeOrIRI": "a blank node or an IRI",
    "BlankNodeOrLiteral": "a blank node or a literal",
    "IRIOrLiteral": "an IRI or a literal",
}


def _text(node: object) -> str:
    kind = type(node).__name__
    if kind in ("BlankNode", "BNode"):
        return "an unnamed shape"
    return short(node)


def _literal_parts(value: object) -> tuple[str, str | None, str | None] | None:
    """(lexical form, datatype IRI, language) of an rdflib or pyoxigraph literal, else None."""
    if type(value).__name__ != "Literal":
        return None
    language = getattr(value, "language", None) or None
    datatype = getattr(value, "datatype", None)
    if hasattr(value, "n3"):  # rdflib: the literal is a str, its datatype a URIRef or None
        return str(value), str(datatype) if datatype is not None else None, language
    return str(getattr(value, "value", "")), getattr(datatype, "value", None), language


def constraint_words(
    component: str,
    value: object | None,
    params: Params,
    items: Items,
    which: object | None = None,
) -> str:
    """The constraint of ``component`` (IRI or local name) in words.

    ``which`` is the parameter value of the one constraint the result is about, where a shape
    has several of the same component (each ``sh:pattern`` value is a constraint, SHACL §4.4.3):
    the sentence names that one value, not all of them.
    """
    name = component.removeprefix(SH).removesuffix("ConstraintComponent")

    def one(param: str) -> str:
        return ", ".join(_text(v) for v in params(param)) or "?"

    def number(param: str) -> str:
        return ", ".join(str(getattr(v, "value", v)) for v in params(param)) or "?"

    def listed(param: str) -> str:
        return " | ".join(", ".join(_text(i) for i in items(head)) for head in params(param))

    if name == "Datatype":
        parts = _literal_parts(value)
        if parts is not None and parts[1] is not None and not parts[2]:
            reason = lexical_error(parts[0], parts[1])
            if reason is not None:
                return f"value is {reason}"
        return f"value needs datatype {one('datatype')}"
    words = {
        "Class": lambda: (
            f"value needs to be an instance of {one('class')}"
            if len(params("class")) < 2
            else f"value needs to be an instance of each of {one('class')} (one or more missing)"
        ),
        "NodeKind": lambda: (
            "value needs to be "
            + " or ".join(
                _KINDS.get(short(k).removeprefix("sh:"), short(k)) for k in params("nodeKind")
            )
        ),
        "MinCount": lambda: f"needs at least {number('minCount')} value(s)",
        "MaxCount": lambda: f"allows at most {number('maxCount')} value(s)",
        "MinExclusive": lambda: f"value needs to be greater than {one('minExclusive')}",
        "MinInclusive": lambda: f"value needs to be at least {one('minInclusive')}",
        "MaxExclusive": lambda: f"value needs to be less than {one('maxExclusive')}",
        "MaxInclusive": lambda: f"value needs to be at most {one('maxInclusive')}",
        "MinLength": lambda: f"value needs at least {number('minLength')} characters",
        "MaxLength": lambda: f"value allows at most {number('maxLength')} characters",
        "Pattern": lambda: (
            f"value does not match the pattern {getattr(which, 'value', which)}"
            if which is not None
            else f"value does not match the pattern {number('pattern')}"
        ),
        "LanguageIn": lambda: f"value needs a language tag in: {listed('languageIn')}",
        "UniqueLang": lambda: "two or more values share a language tag",
        "Equals": lambda: f"values need to be the same as those of {one('equals')}",
        "Disjoint": lambda: f"value is also a value of {one('disjoint')}",
        "LessThan": lambda: f"value needs to be less than every value of {one('lessThan')}",
        "LessThanOrEquals": lambda: (
            "value needs to be at most every value of " + one("lessThanOrEquals")
        ),
        "Not": lambda: f"value must not conform to {one('not')}",
        "And": lambda: "value needs to conform to all of the shapes",
        "Or": lambda: "value needs to conform to at least one of the shapes",
        "Xone": lambda: "value needs to conform to exactly one of the shapes",
        "Node": lambda: f"value needs to conform to {one('node')}",
        "QualifiedMinCount": lambda: (
            f"needs at least {number('qualifiedMinCount')} value(s) "
            f"conforming to {one('qualifiedValueShape')}"
        ),
        "QualifiedMaxCount": lambda: (
            f"allows at most {number('qualifiedMaxCount')} value(s) "
            f"conforming to {one('qualifiedValueShape')}"
        ),
        "Closed": lambda: "property not allowed by the closed shape",
        "HasValue": lambda: (
            f"needs the value {one('hasValue')}"
            if len(params("hasValue")) < 2
            else f"needs each of the values {one('hasValue')} (one or more missing)"
        ),
        "In": lambda: f"value not in the list: {listed('in')}",
        "SPARQL": lambda: "fails a SPARQL constraint",
    }
    make = words.get(name)
    return make() if make is not None else f"violates {short(component)}"


def pick_message(messages: Sequence[tuple[str, str | None]]) -> str | None:
    """The ``sh:message`` to show among (text, language) pairs: no language, then English,
    then the first by language tag, so both engines pick the same one."""
    if not messages:
        return None
    ranked = sorted(
        messages,
        key=lambda m: (m[1] not in (None, ""), (m[1] or "").lower() != "en", m[1] or "", m[0]),
    )
    return ranked[0][0]


def problem_message(words: str, message: str | None, component: str = "") -> str:
    """The report line: the shape's ``sh:message`` (when present), then the constraint in words.

    A SPARQL-based constraint's own ``sh:message`` is its description: it is shown alone.
    """
    if message and component.endswith("SPARQLConstraintComponent"):
        return message
    return f"{message} ({words})" if message else words


PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
"""A variable in a message template: ``{?value}`` or ``{$this}`` (SHACL §5.3.2)."""


def template_value(term: object) -> str:
    """A term as a template shows it: an IRI as the IRI, a literal as its lexical form (as
    pyshacl substitutes them), a blank node as ``_:label``."""
    kind = type(term).__name__
    if kind in ("BlankNode", "BNode"):
        return "_:" + str(getattr(term, "value", term))
    if kind in ("NamedNode", "URIRef"):
        return str(getattr(term, "value", term))
    if kind == "Literal" and not hasattr(term, "n3"):  # a pyoxigraph literal
        return str(getattr(term, "value", ""))
    return str(term)


def fill_template(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{?name}``/``{$name}`` whose name is in ``values`` replaced by its
    value; other placeholders stay as written (an unbound variable)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def template_values(template: str, filled: str) -> dict[str, str] | None:
    """The values a filler put in ``template`` to give ``filled`` (None when it does not fit):
    how pyshacl's substituted ``sh:resultMessage`` gives back the solution's variables."""
    parts = PLACEHOLDER.split(template)
    pattern = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<v{i}>.*?)" for i, part in enumerate(parts)
    )
    match = re.fullmatch(pattern, filled, flags=re.DOTALL)
    if match is None:
        return None
    found: dict[str, str] = {}
    for i in range(1, len(parts), 2):
        found.setdefault(parts[i], match.group(f"v{i}"))
    return found
