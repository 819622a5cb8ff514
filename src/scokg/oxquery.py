"""Typed pyoxigraph queries: ``Store.query`` returns a union of three result kinds, and each
caller knows which one its query form gives. These helpers narrow it in one place.

Errors: :class:`TypeError` when the query form does not give the kind asked for (a SELECT
passed to :func:`ask`, say) -- a bug in the caller, never a user error.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import pyoxigraph as ox

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
"""Any RDF term pyoxigraph can hand back in a quad or a solution."""


def solutions(result: object) -> ox.QuerySolutions:
    """The solutions of a SELECT result (from ``Store.query`` or ``parse_query_results``)."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"expected SELECT solutions, got {type(result).__name__}")
    return result


def select(store: ox.Store, query: str, **options: Any) -> ox.QuerySolutions:
    """Run a SELECT query; ``options`` are ``Store.query``'s keyword arguments."""
    return solutions(store.query(query, **options))


def ask(store: ox.Store, query: str, **options: Any) -> bool:
    """Run an ASK query."""
    result = store.query(query, **options)
    if not isinstance(result, ox.QueryBoolean):
        raise TypeError(f"expected an ASK answer, got {type(result).__name__}")
    return bool(result)


def construct(store: ox.Store, query: str, **options: Any) -> ox.QueryTriples:
    """Run a CONSTRUCT or DESCRIBE query."""
    result = store.query(query, **options)
    if not isinstance(result, ox.QueryTriples):
        raise TypeError(f"expected triples, got {type(result).__name__}")
    return result
