"""Bundled competency queries: catalogue, safe parameter binding and running them, and
``describe`` (everything known about one resource).

:func:`scokg.queries.describe.describe` is not exported here: its module has the same name,
and a package attribute cannot be both.

The names below are imported on first use, so ``import scokg.queries`` stays cheap and
``scokg query --list`` needs no RDF library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scokg.exports import lazy_exports

if TYPE_CHECKING:
    from scokg.queries.binding import check_syntax, parse_param_args
    from scokg.queries.catalog import Param, QueryFile, list_queries, load_query, read_query_file
    from scokg.queries.describe import Description
    from scokg.queries.labels import fetch_labels, iris_in
    from scokg.queries.policy import check_query
    from scokg.queries.resolve import Resolver
    from scokg.queries.run import PreparedQuery, default_engine, prepare_query, run_query

_EXPORTS = {
    "check_syntax": "binding",
    "parse_param_args": "binding",
    "Param": "catalog",
    "QueryFile": "catalog",
    "list_queries": "catalog",
    "load_query": "catalog",
    "read_query_file": "catalog",
    "Description": "describe",
    "fetch_labels": "labels",
    "iris_in": "labels",
    "check_query": "policy",
    "Resolver": "resolve",
    "PreparedQuery": "run",
    "default_engine": "run",
    "prepare_query": "run",
    "run_query": "run",
}
__all__ = [
    "check_query",
    "check_syntax",
    "default_engine",
    "Description",
    "fetch_labels",
    "iris_in",
    "list_queries",
    "load_query",
    "Param",
    "parse_param_args",
    "prepare_query",
    "PreparedQuery",
    "QueryFile",
    "read_query_file",
    "Resolver",
    "run_query",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
