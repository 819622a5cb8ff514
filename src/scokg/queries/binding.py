"""Bind parameter values into a query as a ``VALUES`` clause of correctly escaped terms.

User text never enters the query as text: each value becomes a pyoxigraph term (a
``NamedNode`` checked as an IRI, or a ``Literal``) and its N-Triples form, which escapes
quotes, backslashes and newlines, is what is written into the ``VALUES`` clause. The
result is plain SPARQL 1.1, so any engine (embedded, rdflib, a remote endpoint) runs it.

Where the clause goes follows variable scope (SPARQL 1.1 §18.2.1): a sub-SELECT sees
outside only the variables it projects, so a ``VALUES`` at the start of the outer WHERE
group cannot reach a variable that occurs only inside a sub-SELECT. Each parameter is
bound in the outermost group where its variable is in scope (the outer WHERE group when it
occurs there or is projected into it, else the WHERE group of each sub-SELECT where it
occurs); a parameter whose variable is in scope in no group pattern (only in a projection
or a CONSTRUCT template) is refused, never ignored.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph

from scokg.engines.results import Term
from scokg.errors import UsageError, not_text, quoted
from scokg.queries.catalog import Param, QueryFile
from scokg.queries.resolve import Resolver
from scokg.queries.syntax import (
    UPDATE_KEYWORDS,
    _decode,
    outline,
    tokens,
    without_service_targets,
)
from scokg.vocab import XSD
from scokg.xsd import lexical_error

XSD_DATE = pyoxigraph.NamedNode(XSD + "date")


def bind(text: str, values: Mapping[str, Term]) -> str:
    """``text`` with a ``VALUES ?name { term }`` for each value where ``?name`` is in scope.

    The clause goes right after the brace opening the WHERE group of the scope (so engines
    join it first): the outer query's, or a sub-SELECT's when the variable occurs only
    there (see the module docstring). Where the outer group cannot take it
    (``CONSTRUCT WHERE``) it is appended as the trailing ``VALUES`` clause. Raises
    :class:`UsageError` (exit 2) naming a variable the query does not use, or uses only
    where no pattern binds it.
    """
    if not values:
        return text
    found = outline(text)
    missing = sorted(name for name in values if name not in found.variables)
    if missing:
        raise UsageError(
            "the query does not use "
            + ", ".join("?" + name for name in missing)
            + ", so it cannot be bound",
            hint="parameters bind query variables of the same name",
        )
    root = scopes(text)
    inserts: dict[int, list[str]] = {}
    trailing: list[str] = []
    wrapped: dict[int, int] = {}
    for name, term in values.items():
        clause = f"VALUES ?{name} {{ {term} }}"
        sites = root.sites(name)
        if not sites:
            raise UsageError(
                f"?{name} is not bound by any pattern of the query (it occurs only in a "
                "SELECT list or a CONSTRUCT template), so the parameter cannot be applied",
                hint=f"use ?{name} in a WHERE pattern, or drop the parameter {name}",
            )
        for site in sites:
            if site.where_open is None:
                trailing.append(clause)
                continue
            inserts.setdefault(site.where_open, []).append(clause)
            if site.where_is_subselect and site.where_close is not None:
                wrapped[site.where_open] = site.where_close
    # WHERE { SELECT ... }: a VALUES cannot precede the SELECT, so the sub-SELECT becomes a
    # group of its own after the clauses.
    for opened, closed in wrapped.items():
        inserts[opened].append("{")
        inserts.setdefault(closed, []).append("}")
    for at in sorted(inserts, reverse=True):
        text = f"{text[:at]} {' '.join(inserts[at])}\n{text[at:]}"
    if trailing:
        text = f"{text.rstrip()}\n{' '.join(trailing)}\n"
    return text


@dataclass
class Scope:
    """One query level: the outer query or a sub-SELECT.

    ``own`` are the variables occurring in its WHERE group and after it, outside its
    sub-SELECTs; ``projected`` what a sub-SELECT shows its parent (None for ``SELECT *``);
    ``where_open``/``where_close`` the offsets (in the original text) just after the brace
    opening its WHERE group and at the brace closing it (``where_open`` None when no VALUES
    may start a group: ``CONSTRUCT WHERE``); ``where_is_subselect`` when that group is
    itself a sub-SELECT (``WHERE { SELECT ... }``), which a VALUES cannot precede.
    """

    parent: Scope | None = None
    where_open: int | None = None
    where_close: int | None = None
    where_is_subselect: bool = False
    own: set[str] = field(default_factory=set)
    projected: set[str] | None = field(default_factory=set)
    children: list[Scope] = field(default_factory=list)

    def visible(self) -> set[str]:
        """Variables in scope in this level's WHERE group (SPARQL 1.1 §18.2.1)."""
        seen = set(self.own)
        for child in self.children:
            seen |= child.visible() if child.projected is None else child.projected
        return seen

    def sites(self, name: str) -> list[Scope]:
        """The outermost levels where ``?name`` is in scope: where to bind it."""
        if name in self.visible():
            return [self]
        return [site for child in self.children for site in child.sites(name)]


@dataclass
class _Brace:
    wraps: Scope | None = None  # '{' SELECT ... '}': the sub-SELECT it holds
    where_of: Scope | None = None  # the WHERE group of this scope


def scopes(text: str) -> Scope:
    """The outer query's :class:`Scope` with its sub-SELECTs, read from the tokens.

    Raises :class:`UsageError` for an invalid codepoint escape.
    """
    decoded, offsets = _decode(text)
    toks = list(tokens(decoded))
    root = Scope(where_open=outline(text).where_open, projected=None)
    current = root
    in_list = False  # inside a sub-SELECT's SELECT list
    parens = 0  # parentheses depth inside that list
    braces: list[_Brace] = []
    previous = ""
    for index, token in enumerate(toks):
        word = token.keyword()
        at = offsets[token.start]
        if token.kind == "punct" and token.text == "{":
            brace = _Brace()
            after = offsets[token.end]
            if (current is root and after == root.where_open) or (current is not root and in_list):
                brace.where_of = current
                current.where_open = after
                in_list = False
            following = toks[index + 1].keyword() if index + 1 < len(toks) else None
            if following == "SELECT":
                if brace.where_of is not None:
                    current.where_is_subselect = True
                child = Scope(parent=current)
                current.children.append(child)
                brace.wraps = child
                current = child
            braces.append(brace)
        elif token.kind == "punct" and token.text == "}":
            brace = braces.pop() if braces else _Brace()
            if brace.wraps is not None and brace.wraps.parent is not None:
                current = brace.wraps.parent
            if brace.where_of is not None:
                brace.where_of.where_close = at
        elif word == "SELECT" and current is not root and current.where_open is None:
            in_list, parens = True, 0
        elif in_list and token.kind == "punct" and token.text in "()*":
            if token.text == "*" and parens == 0:
                current.projected = None
            parens += {"(": 1, ")": -1, "*": 0}[token.text]
        elif token.kind == "var":
            name = token.text[1:]
            if in_list:
                if (parens == 0 or previous == "AS") and current.projected is not None:
                    current.projected.add(name)
            elif current is not root or root.where_open is None or at >= root.where_open:
                current.own.add(name)
        previous = word or ""
    return root


# Exactly YYYY-MM-DD, ASCII digits, a year 0001-9999: no sign, no fifth year digit and no
# white space around it, though xsd:date allows all three (year 0000 it refuses in 1.0).
_DATE_FORM = re.compile(r"(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}")


def term_for(param: Param, value: str, resolver: Resolver | None) -> Term:
    """The RDF term a parameter value stands for, by the parameter's kind.

    A ``date`` must be a valid xsd:date written exactly YYYY-MM-DD (a real day: XSD 1.1
    Part 2 §3.3.9, :func:`scokg.xsd.lexical_error`; a year 0001-9999 in four ASCII digits,
    no sign, no time zone, no white space around it, nothing trimmed); ``20310501``,
    ``2031-5-1``, ``2031-02-30``, ``-2020-03-03``, ``10000-01-01`` or `` 2020-03-03`` are
    refused. A ``text`` (and any value) must be Unicode text: a byte that
    is not UTF-8 is refused (any character, control characters included, binds as given).
    Each refusal is a :class:`UsageError` naming the parameter, the value and the expected
    form.
    """
    what = not_text(value)
    if what is not None:
        raise UsageError(
            f"parameter {param.name}: {quoted(value)} has {what}, which RDF text cannot hold",
            hint=f"give {param.name} as UTF-8 text",
        )
    if param.kind == "text":
        return pyoxigraph.Literal(value)
    if param.kind == "date":
        day = value  # not trimmed: what is bound is what was typed
        if not _DATE_FORM.fullmatch(day) or lexical_error(day, XSD_DATE.value) is not None:
            raise UsageError(
                f"parameter {param.name}: {value!r} is not a valid xsd:date; expected "
                "YYYY-MM-DD, a day of the calendar",
                hint=f"write the date as YYYY-MM-DD, e.g. -p {param.name}=2020-03-03",
            )
        return pyoxigraph.Literal(day, datatype=XSD_DATE)
    if resolver is None:
        raise UsageError(f"parameter {param.name} needs a resolver to look up {value!r}")
    return resolver.resolve(value, param.name)


def resolve_params(
    query: QueryFile, given: Mapping[str, str], resolver: Resolver | None
) -> dict[str, Term]:
    """Check the given parameters against the header and turn every one into a term.

    A query without declared parameters (ad hoc text) accepts any variable it uses, read
    as a resource. Declared parameters without a value take their default.
    """
    declared = {p.name: p for p in query.params}
    if declared or query.title:  # a query with a header declares all its parameters
        unknown = sorted(set(given) - set(declared))
        if unknown:
            known = "its parameters are " + ", ".join(declared) if declared else "it has none"
            raise UsageError(
                f"query {query.name!r} has no parameter "
                + ", ".join(repr(u) for u in unknown)
                + "; "
                + known,
                hint=f"`scokg query --list` shows the parameters of {query.name}",
            )
    else:
        declared = {name: Param(name, "resource IRI, slug or label") for name in given}
        variables = outline(query.text).variables
        unused = sorted(name for name in given if name not in variables)
        if unused:
            raise UsageError(
                "unknown parameter "
                + ", ".join(repr(u) for u in unused)
                + ": the query has no variable of that name",
                hint="a parameter NAME binds the variable ?NAME of the query",
            )
    terms: dict[str, Term] = {}
    for name, param in declared.items():
        value = given.get(name, param.default)
        if value is None:
            raise UsageError(
                f"query {query.name!r} needs parameter {name!r} ({param.description})",
                hint=f"add --param {name}=VALUE",
            )
        terms[name] = term_for(param, value, resolver)
    return terms


def parse_param_args(items: list[str] | None) -> dict[str, str]:
    """``["org1=sco", "org2=unodc"]`` -> ``{"org1": "sco", "org2": "unodc"}``."""
    params: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(
                f"--param expects NAME=VALUE, got {item!r}", hint="e.g. --param org1=sco"
            )
        if name in params:
            raise UsageError(f"parameter {name!r} is given twice")
        params[name] = value
    return params


def check_syntax(
    text: str, query: QueryFile | None = None, prefixes: Mapping[str, str] | None = None
) -> None:
    """Raise a usage error with line, column and the problem in words if ``text`` is not
    a SPARQL query (:func:`scokg.queries.diagnose.diagnose`).

    Parsing is pyoxigraph's, run on an empty store, so the check costs next to nothing;
    ``prefixes`` (name -> namespace) are declared for the text as if it had their PREFIX
    lines, positions staying those of ``text``. Updates are refused with their own message.
    """
    from scokg.queries.diagnose import diagnose

    found = outline(text)
    if found.form is None and found.first_keyword in UPDATE_KEYWORDS:
        raise UsageError(
            f"SPARQL updates ({found.first_keyword}) are not allowed here: scokg query only reads",
            file=query.path if query else None,
        )
    try:
        # SERVICE targets become unbound variables: checking must not send the requests
        pyoxigraph.Store().query(without_service_targets(text), prefixes=dict(prefixes or {}))
    except RuntimeError:
        pass  # it parsed; only evaluating the unbound SERVICE variable failed
    except SyntaxError as exc:
        problem = diagnose(text, exc, prefixes)
        raise UsageError(
            f"SPARQL syntax error at line {problem.line}, column {problem.column}: {problem.what}",
            file=query.path if query else None,
            line=problem.line,
            column=problem.column,
            hint=problem.hint,
        ) from None
