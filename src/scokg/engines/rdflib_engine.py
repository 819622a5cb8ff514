"""rdflib's SPARQL engine over the same files, to check that answers do not depend on the
engine (and for tools that only speak rdflib)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph

from scokg.engines.results import AskResult, GraphResult, Result, SelectResult, Term
from scokg.errors import UsageError

if TYPE_CHECKING:
    import rdflib

    from scokg.project import Project


class RdflibEngine:
    """An ``rdflib.Dataset`` with one graph per source and the union as default graph."""

    name = "rdflib"

    def __init__(self, project: Project) -> None:
        import rdflib.plugins.sparql

        from scokg.parsing import parse_into_dataset

        # rdflib fetches the IRI of every FROM / FROM NAMED from the web by default; a query
        # must never reach the network or the file system, and our graphs are all loaded.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        self.project = project
        self.dataset: rdflib.Dataset = parse_into_dataset(project, exact_terms=True)
        self.dataset.default_union = True

    def execute(self, query: str) -> Result:
        from pyparsing import ParseException

        try:
            answer = self.dataset.query(query)
        except ParseException as exc:
            raise UsageError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        if answer.type == "ASK":
            return AskResult(bool(answer.askAnswer))
        if answer.type in ("CONSTRUCT", "DESCRIBE"):
            assert answer.graph is not None
            triples = (_triple(s, p, o) for s, p, o in answer.graph)
            return GraphResult(list(dict.fromkeys(triples)))
        variables = [str(v) for v in answer.vars or []]
        rows = [
            tuple(to_oxigraph(term) for term in row) for row in answer if isinstance(row, tuple)
        ]
        return SelectResult(variables, rows)


def _triple(s: Any, p: Any, o: Any) -> pyoxigraph.Triple:
    """A pyoxigraph triple of an rdflib one (rdflib's graph results never hold None)."""
    subject, predicate, obj = to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)
    if not isinstance(subject, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
        raise TypeError(f"not a subject: {s!r}")
    if not isinstance(predicate, pyoxigraph.NamedNode):
        raise TypeError(f"not a predicate: {p!r}")
    if obj is None:
        raise TypeError(f"not an object: {o!r}")
    return pyoxigraph.Triple(subject, predicate, obj)


def to_oxigraph(term: Any) -> Term | None:
    """The pyoxigraph term equal to an rdflib term (None for unbound)."""
    import rdflib

    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype)))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"unexpected rdflib term {term!r}")
