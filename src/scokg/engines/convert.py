"""Turn pyoxigraph query results into engine-neutral :mod:`scokg.engines.results` values."""

from __future__ import annotations

import pyoxigraph

from scokg.engines.results import AskResult, GraphResult, Result, SelectResult


def from_oxigraph(
    answer: pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples | pyoxigraph.QueryBoolean,
) -> Result:
    """Materialise a pyoxigraph answer; graph results lose repeated triples.

    For answers of untrusted size prefer :meth:`scokg.engines.embedded.EmbeddedEngine.stream`,
    which bounds the time and streams the rows.
    """
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        width = range(len(variables))
        rows = [tuple(solution[i] for i in width) for solution in answer]
        return SelectResult(variables, rows)
    if isinstance(answer, pyoxigraph.QueryTriples):
        return GraphResult(list(dict.fromkeys(answer)))
    return AskResult(bool(answer))
