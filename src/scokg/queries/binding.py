"""Bind parameter values into a query as a ``VALUES`` clause of correctly escaped terms.

User text never enters the query as text: each value becomes a pyoxigraph term (a
``NamedNode`` checked as an IRI, or a ``Literal``) and its N-Triples form, which escapes
quotes, backslashes and newlines, is what is written into the ``VALUES`` clause. The
result is plain SPARQL 1.1, so any engine (embedded, rdflib, a remote endpoint) runs it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

import pyoxigraph

from scokg.engines.results import Term
from scokg.errors import UsageError
from scokg.queries.catalog import Param, QueryFile
from scokg.queries.resolve import Resolver
from scokg.queries.syntax import UPDATE_KEYWORDS, outline, without_service_targets
from scokg.vocab import XSD

XSD_DATE = pyoxigraph.NamedNode(XSD + "date")
_ERROR_AT_RE = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def bind(text: str, values: Mapping[str, Term]) -> str:
    """``text`` with one ``VALUES ?name { term }`` per value, joined before the pattern.

    The clause goes right after the brace opening the WHERE group (so engines join it
    first); where that is not allowed (``CONSTRUCT WHERE``) it is appended as the trailing
    ``VALUES`` clause, which SPARQL joins with the whole pattern.
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
    clause = " ".join(f"VALUES ?{name} {{ {term} }}" for name, term in values.items())
    if found.where_open is not None:
        at = found.where_open
        return f"{text[:at]} {clause}\n{text[at:]}"
    return f"{text.rstrip()}\n{clause}\n"


def term_for(param: Param, value: str, resolver: Resolver | None) -> Term:
    """The RDF term a parameter value stands for, by the parameter's kind."""
    if param.kind == "text":
        return pyoxigraph.Literal(value)
    if param.kind == "date":
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise UsageError(
                f"{param.name}={value!r} is not a date", hint="write dates as YYYY-MM-DD"
            ) from None
        return pyoxigraph.Literal(day.isoformat(), datatype=XSD_DATE)
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


def check_syntax(text: str, query: QueryFile | None = None) -> None:
    """Raise a usage error with line and column if ``text`` is not a SPARQL query.

    Parsing is pyoxigraph's, run on an empty store, so the position is exact and the
    check costs next to nothing; updates are refused with their own message.
    """
    found = outline(text)
    if found.form is None and found.first_keyword in UPDATE_KEYWORDS:
        raise UsageError(
            f"SPARQL updates ({found.first_keyword}) are not allowed here: scokg query only reads",
            file=query.path if query else None,
        )
    try:
        # SERVICE targets become unbound variables: checking must not send the requests
        pyoxigraph.Store().query(without_service_targets(text))
    except RuntimeError:
        pass  # it parsed; only evaluating the unbound SERVICE variable failed
    except SyntaxError as exc:
        line, column, what = _position(exc, text)
        where = f" at line {line}, column {column}" if line is not None else ""
        raise UsageError(
            f"SPARQL syntax error{where}: {what}",
            file=query.path if query else None,
            line=line,
            column=column,
            hint="check the query near this position",
        ) from None


def _position(exc: SyntaxError, text: str) -> tuple[int | None, int | None, str]:
    """Line and column of the error, from pyoxigraph's 'error at LINE:COL: what'.

    pyoxigraph reports where parsing stopped, which may be past the whitespace that follows
    the offending token (even the end of the text); step back onto that token.
    """
    message = exc.msg or str(exc)
    match = _ERROR_AT_RE.match(message)
    if not match:
        return exc.lineno, exc.offset, message.strip()
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.split("\n")
    if 1 <= line <= len(lines):
        offset = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
        if offset >= len(text) or text[offset].isspace():
            back = min(offset, len(text)) - 1
            while back > 0 and text[back].isspace():
                back -= 1
            if back >= 0:
                line = text.count("\n", 0, back) + 1
                column = back - (text.rfind("\n", 0, back) + 1) + 1
    return line, column, match.group(3).strip()
