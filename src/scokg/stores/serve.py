"""Build an on-disk Oxigraph store of the project and serve it read-only over SPARQL.

The store is built by the ``oxigraph`` binary itself (from an N-Quads dump of
:func:`~scokg.parsing.load_store`), so its on-disk format is always the one the server
reads, even if pyoxigraph and oxigraph are at different versions. It is cached under
``.scokg/`` by the project's fingerprint and built in a temporary folder renamed into
place only when complete.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.errors import EndpointError, ScokgError
from scokg.parsing import load_store
from scokg.stores.oxigraph_server import OxigraphServer, oxigraph_binary

if TYPE_CHECKING:
    from scokg.project import Project

CACHE_DIR = ".scokg"
STORE_PREFIX = "store-"


def store_location(project: Project, cache_dir: Path | None = None) -> Path:
    """Where the store of this exact project content lives (it may not exist yet)."""
    folder = cache_dir if cache_dir is not None else project.root / CACHE_DIR
    return folder / f"{STORE_PREFIX}{project.fingerprint()[:16]}"


def build_store(project: Project, cache_dir: Path | None = None) -> Path:
    """The on-disk store of ``project``, built unless the cache already has it."""
    location = store_location(project, cache_dir)
    if location.is_dir():
        return location
    location.parent.mkdir(parents=True, exist_ok=True)
    store = load_store(project)
    with tempfile.TemporaryDirectory(dir=location.parent, prefix=".build-") as work:
        dump = Path(work) / "all.nq"
        pyoxigraph.serialize(store, dump, format=pyoxigraph.RdfFormat.N_QUADS)
        staging = Path(work) / "store"
        result = subprocess.run(
            [oxigraph_binary(), "load", "--location", str(staging), "--file", str(dump)],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise ScokgError(f"oxigraph could not build the store: {result.stderr.strip()}")
        try:
            staging.rename(location)
        except OSError:
            if not location.is_dir():  # not a concurrent build that won the race
                raise
    _remove_stale(location)
    return location


def _remove_stale(current: Path) -> None:
    """Drop stores of older versions of the project; only the current one is kept."""
    for other in current.parent.glob(STORE_PREFIX + "*"):
        if other != current and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)


def serve(
    project: Project,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    cache_dir: Path | None = None,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the project read-only until Ctrl-C (or the server exits on its own)."""
    location = build_store(project, cache_dir)
    server = OxigraphServer(
        location=location, host=host, port=port, read_only=True, union_default_graph=True
    )
    server.start()
    try:
        announce(f"SPARQL endpoint {server.query_url} (read-only, union default graph)")
        announce(f"query UI        {server.base_url}/")
        announce("press Ctrl-C to stop")
        assert server.process is not None
        code = server.process.wait()
        raise EndpointError(f"the oxigraph server stopped unexpectedly (exit code {code})")
    except KeyboardInterrupt:
        announce("stopping")
    finally:
        server.stop()
