"""Open the engine a caller asked for: the embedded store, rdflib, or a remote endpoint.

Engine selection lives here, in the library, so every command (``query``, ``describe``) and
every script picks engines the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from scokg.errors import UsageError

if TYPE_CHECKING:
    from scokg.engines.results import Engine
    from scokg.project import Project
    from scokg.remote.http import Credentials

EngineName = Literal["embedded", "rdflib"]
ENGINE_NAMES: tuple[str, ...] = ("embedded", "rdflib")
DEFAULT_TIMEOUT = 60.0


def open_engine(
    project: Project,
    name: str = "embedded",
    *,
    endpoint: str | None = None,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    cache_dir: Path | None = None,
) -> Engine:
    """The engine that answers queries over ``project``'s dataset.

    With ``endpoint`` (a SPARQL 1.1 query URL) the answer comes from that store, with the
    project's graphs sent as the dataset (:meth:`RemoteEngine.for_project`); ``credentials``
    default to $SCOKG_USER/$SCOKG_PASSWORD or netrc; ``timeout`` (seconds) bounds every
    query, also of the embedded engine. Without it,
    ``name`` picks a local engine: ``"embedded"`` (pyoxigraph over the on-disk cache in
    ``cache_dir``, opened on first query) or ``"rdflib"`` (parses every file now: slow).
    Raises :class:`~scokg.errors.UsageError` for an unknown ``name``, or for ``rdflib``
    together with an ``endpoint``. Nothing is contacted before the first query.
    """
    if name not in ENGINE_NAMES:
        raise UsageError(
            f"unknown engine {name!r}", hint="choose one of " + ", ".join(ENGINE_NAMES)
        )
    if endpoint:
        if name != "embedded":
            raise UsageError(f"the {name} engine cannot answer from an endpoint")
        from scokg.engines.remote import RemoteEngine
        from scokg.remote.http import find_credentials

        return RemoteEngine.for_project(
            project,
            endpoint,
            credentials=credentials or find_credentials(endpoint),
            timeout=timeout,
        )
    if name == "rdflib":
        from scokg.engines.rdflib_engine import RdflibEngine

        return RdflibEngine(project)
    from scokg.engines.embedded import EmbeddedEngine

    return EmbeddedEngine(project, cache_dir=cache_dir, timeout=timeout)
