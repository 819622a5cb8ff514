"""Bundled competency queries: catalogue, safe parameter binding and running them."""

from scokg.queries.run import PreparedQuery, prepare_query, run_query

__all__ = ["PreparedQuery", "prepare_query", "run_query"]
