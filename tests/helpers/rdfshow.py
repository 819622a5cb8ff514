"""A compact, exact text form of result terms, so expected answers are easy to review."""

from __future__ import annotations

import pyoxigraph

from scokg.engines.results import AskResult, GraphResult, Result, SelectResult, Term
from scokg.vocab import compact

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def show(term: Term | None) -> str | None:
    """``organisation:unodc``, ``"UNODC"@en``, ``"2011-06-14"^^xsd:date``, ``"text"``."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    if term.language:
        return f'"{term.value}"@{term.language}'
    if term.datatype.value == XSD_STRING:
        return f'"{term.value}"'
    return f'"{term.value}"^^{compact(term.datatype.value)}'


def shown_rows(result: Result) -> list[list[str | None]]:
    """Rows (SELECT), triples (graph results) or ``[[true]]`` (ASK) in the compact form."""
    if isinstance(result, SelectResult):
        return [[show(t) for t in row] for row in result.rows]
    if isinstance(result, GraphResult):
        return [[show(t) for t in triple] for triple in result.triples]  # type: ignore[misc]
    assert isinstance(result, AskResult)
    return [["true" if result.value else "false"]]
