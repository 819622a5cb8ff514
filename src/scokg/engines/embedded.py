"""The default engine: pyoxigraph over the cached on-disk store, union default graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.engines.convert import from_oxigraph
from scokg.engines.results import Result
from scokg.errors import EndpointError, UsageError
from scokg.queries.syntax import outline
from scokg.stores.cache import open_store

if TYPE_CHECKING:
    from scokg.project import Project


class EmbeddedEngine:
    """Runs queries in-process; the store is opened on first use, not at construction."""

    name = "pyoxigraph"

    def __init__(
        self,
        project: Project,
        *,
        cache_dir: Path | None = None,
        store: pyoxigraph.Store | None = None,
    ) -> None:
        self.project = project
        self.cache_dir = cache_dir
        self._store = store

    @property
    def store(self) -> pyoxigraph.Store:
        if self._store is None:
            self._store = open_store(self.project, self.cache_dir)
        return self._store

    def execute(self, query: str) -> Result:
        """Run ``query`` (already checked by :mod:`scokg.queries.policy`) on the store.

        Raises :class:`UsageError` for a syntax error and :class:`EndpointError` (exit 3)
        when a ``SERVICE`` endpoint the query calls cannot be reached or fails.
        """
        try:
            answer = self.store.query(query, use_default_graph_as_union=True)
            return from_oxigraph(answer)
        except SyntaxError as exc:
            raise UsageError(f"SPARQL syntax error: {exc.msg or exc}") from None
        except (OSError, RuntimeError) as exc:
            services = outline(query).services
            if not services:
                raise
            raise EndpointError(
                f"the SERVICE request to {services[0].target} failed: {exc}",
                hint="is that endpoint up? SERVICE SILENT ignores an endpoint that fails",
            ) from None
