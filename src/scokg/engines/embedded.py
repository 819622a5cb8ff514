"""The default engine: pyoxigraph over the cached on-disk store, union default graph.

Every query runs under a time limit (``timeout`` seconds, :data:`DEFAULT_TIMEOUT` unless
given; ``None`` for none) and stops on Ctrl-C within a fraction of a second, whatever
pyoxigraph is doing (:mod:`scokg.engines.bounded`). :meth:`EmbeddedEngine.stream` hands a
SELECT's rows over as the store produces them, so output can be written before the query
ends and memory stays bounded; :meth:`EmbeddedEngine.execute` collects them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.engines.bounded import BoundedRun, Deadline
from scokg.engines.results import AskResult, GraphResult, Result, SelectResult, Term
from scokg.errors import EndpointError, UsageError
from scokg.queries.syntax import outline
from scokg.stores import answers
from scokg.stores.cache import open_cached

if TYPE_CHECKING:
    from scokg.project import Project

DEFAULT_TIMEOUT = 60.0  # seconds; the same default as --timeout for an endpoint

Row = tuple[Term | None, ...]


@dataclass
class SelectStream:
    """A SELECT answer whose ``rows`` come as the engine produces them (read them once).

    Iterating ``rows`` raises :class:`~scokg.engines.bounded.QueryTimeout` when the time
    limit passes and ``KeyboardInterrupt`` on Ctrl-C; closing it stops the query.
    """

    variables: list[str]
    rows: Iterator[Row]

    def collect(self) -> SelectResult:
        """Every row in a list (bounded by the same time limit)."""
        return SelectResult(self.variables, list(self.rows))


class EmbeddedEngine:
    """Runs queries in-process; the store is opened on first use, not at construction."""

    name = "pyoxigraph"

    def __init__(
        self,
        project: Project,
        *,
        cache_dir: Path | None = None,
        store: pyoxigraph.Store | None = None,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        self.project = project
        self.cache_dir = cache_dir
        self.timeout = timeout
        self._store = store
        self._folder: Path | None = None  # of the cached store, when it is one

    @property
    def store(self) -> pyoxigraph.Store:
        if self._store is None:
            self._store, self._folder = open_cached(self.project, self.cache_dir)
        return self._store

    def lookup_candidates(self, text: str) -> list[tuple[str, str]] | None:
        """(resource, label) pairs in N-Triples that include every match of the bundled
        ``lookup`` query for ``text``, from the store's full-text index; ``None`` when
        there is no index (an in-memory store) or it cannot narrow
        (:func:`scokg.stores.fulltext.candidates`)."""
        self.store  # noqa: B018 - opens (or builds) the store and so its index
        if self._folder is None:
            return None
        from scokg.stores import fulltext  # sqlite3: only for a lookup

        return fulltext.candidates(self._folder / fulltext.INDEX_FILE, text)

    def execute(self, query: str) -> Result:
        """The whole answer; graph results lose repeated triples."""
        answer = self.stream(query)
        return answer.collect() if isinstance(answer, SelectStream) else answer

    def stream(self, query: str) -> SelectStream | AskResult | GraphResult:
        """Start ``query``: a SELECT's rows stream, ASK and graph answers are collected.

        Raises :class:`~scokg.errors.UsageError` for a syntax error,
        :class:`~scokg.engines.bounded.QueryTimeout` after ``timeout`` seconds.
        """
        store = self.store  # opened (or built) before the clock starts
        if self._folder is not None:
            kept = answers.stored(self._folder, query)
            if kept is not None:  # computed on this very store when it was built
                width = range(len(kept.variables))
                return SelectStream(
                    [v.value for v in kept.variables], (tuple(s[i] for i in width) for s in kept)
                )
        run: BoundedRun[tuple[str, object], object] = BoundedRun(
            lambda: _start(store, query), Deadline(self.timeout)
        )
        kind, value = run.head()
        if kind == "ask":
            return AskResult(bool(value))
        if kind == "graph":
            triples = [t for t in run.rows() if isinstance(t, pyoxigraph.Triple)]
            return GraphResult(list(dict.fromkeys(triples)))
        assert isinstance(value, list)
        return SelectStream(value, _rows(run.rows()))


def _rows(items: Iterator[object]) -> Iterator[Row]:
    for item in items:
        assert isinstance(item, tuple)
        yield item


def _start(store: pyoxigraph.Store, query: str) -> tuple[tuple[str, object], Iterable[object]]:
    """Run in the worker thread: the answer's kind and its rows (tuples) or triples."""
    try:
        answer = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise UsageError(f"SPARQL syntax error: {exc.msg or exc}") from None
    except (OSError, RuntimeError) as exc:
        raise _service_failure(query, exc) from None
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = [v.value for v in answer.variables]
        width = range(len(variables))
        rows = (tuple(s[i] for i in width) for s in answer)
        return ("select", variables), _services_checked(query, rows)
    if isinstance(answer, pyoxigraph.QueryTriples):
        return ("graph", None), _services_checked(query, answer)
    return ("ask", bool(answer)), ()


def _services_checked(query: str, items: Iterable[object]) -> Iterator[object]:
    """``items``, with a failing SERVICE endpoint met while iterating reported as exit 3."""
    try:
        yield from items
    except (OSError, RuntimeError) as exc:
        raise _service_failure(query, exc) from None


def _service_failure(query: str, exc: Exception) -> Exception:
    """:class:`EndpointError` (exit 3) when ``query`` calls a SERVICE endpoint (pyoxigraph
    reports its failure as OSError/RuntimeError); otherwise ``exc`` itself, a bug."""
    services = outline(query).services
    if not services:
        return exc
    return EndpointError(
        f"the SERVICE request to {services[0].target} failed: {exc}",
        hint="is that endpoint up? SERVICE SILENT ignores an endpoint that fails",
    )
