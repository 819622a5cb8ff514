"""Build an on-disk Oxigraph store of the project and serve it read-only over SPARQL.

Requests reach Oxigraph only through the checking front of :mod:`scokg.stores.front`
(Host and Origin checks, the query policy, a time and a size limit).

The store is built by the ``oxigraph`` binary itself (fed an N-Quads dump of
:func:`~scokg.parsing.load_store` on its standard input), so its on-disk format is always the
one the server reads, even if pyoxigraph and oxigraph are at different versions. It lives in
the store cache (:mod:`scokg.stores.cache`, kind ``serve``): keyed by the project's
fingerprint, under ``$SCOKG_CACHE_DIR`` or ``.scokg/``, built beside its place and renamed in
only when complete.
"""

from __future__ import annotations

import math
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.errors import EndpointError, ScokgError
from scokg.parsing import load_store
from scokg.stores.cache import SERVED, cached_store, store_path
from scokg.stores.front import FrontConfig, Limits, Pages, open_front
from scokg.stores.oxigraph_server import OxigraphServer, die_with_parent, oxigraph_binary

if TYPE_CHECKING:
    from scokg.project import Project


def store_location(project: Project, cache_dir: Path | None = None) -> Path:
    """Where the served store of this exact project content lives (it may not exist yet)."""
    return store_path(project, cache_dir, kind=SERVED)


def build_store(project: Project, cache_dir: Path | None = None) -> Path:
    """The on-disk store of ``project`` for the server, built unless the cache already has it.

    Raises :class:`ScokgError` when ``oxigraph load`` fails, ``OSError`` when the cache
    folder cannot be written.
    """
    return cached_store(project, load_with_oxigraph, kind=SERVED, cache_dir=cache_dir)


def load_with_oxigraph(project: Project, folder: Path) -> None:
    """Fill the empty ``folder`` with an Oxigraph store of ``project``, via ``oxigraph load``."""
    store = load_store(project)
    command = [oxigraph_binary(), "load", "--location", str(folder), "--format", "nq"]
    # stderr goes to an unnamed temporary file: a pipe could fill up and block the loader,
    # and an unnamed file leaves nothing behind even if we are killed.
    with tempfile.TemporaryFile() as errors:
        loader = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stderr=errors,
            preexec_fn=die_with_parent if sys.platform == "linux" else None,
        )
        try:
            assert loader.stdin is not None
            try:
                with loader.stdin:
                    pyoxigraph.serialize(store, loader.stdin, format=pyoxigraph.RdfFormat.N_QUADS)
            except BrokenPipeError:
                pass  # the loader stopped reading: its exit code and message say why
            code = loader.wait()
        finally:
            if loader.poll() is None:  # interrupted while loading: stop it before cleanup
                loader.kill()
                loader.wait()
        if code != 0:
            errors.seek(0)
            message = errors.read().decode("utf-8", errors="replace").strip()
            raise ScokgError(f"oxigraph could not build the store: {message}")


def serve(
    project: Project,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    cache_dir: Path | None = None,
    limits: Limits | None = None,
    announce: Callable[[str], None] = print,
    pages: Pages | None = None,
) -> None:
    """Serve the project read-only until Ctrl-C (or the server exits on its own).

    The public port is held by the checking front (:mod:`scokg.stores.front`), bound before
    anything else so that a taken port is reported at once (:class:`UsageError`); Oxigraph
    runs behind it on a private loopback port. ``cache_dir=None`` uses the store cache's
    default ($SCOKG_CACHE_DIR or ``.scokg/``). ``pages`` answers the linked-data paths
    (``/id/``, ``/doc/``, ``/ontology``; see :mod:`scokg.stores.front`).
    """
    limits = limits or Limits()
    config = FrontConfig(host=host, port=port, upstream_port=0, limits=limits, pages=pages)
    front = open_front(config)
    # --port 0: the OS chose the port; the Host check and the URL printed use the real one.
    config.port = int(front.server_address[1])
    previous = _stop_on_signals()
    try:
        location = build_store(project, cache_dir)
        server = OxigraphServer(
            location=location,
            host="127.0.0.1",
            read_only=True,
            union_default_graph=True,
            timeout_s=max(1, math.ceil(limits.query_timeout)),
            die_with_parent=True,
        )
        server.start()
        thread: threading.Thread | None = None
        restart_lock = threading.Lock()
        restart_wanted = threading.Event()
        restarted = threading.Event()

        def stop_runaway() -> None:
            # Called from a request thread after a 504, before the answer is sent: stopping
            # the process ends the runaway query; the main thread starts a fresh one on the
            # same store (not this thread: the child's parent-death signal is tied to the
            # thread that started it, so a child started here would die with this thread).
            with restart_lock:
                restarted.clear()
                restart_wanted.set()
                server.stop()
            restarted.wait(timeout=60)

        config.on_runaway = stop_runaway
        try:
            assert server.port is not None and server.process is not None
            config.upstream_port = server.port
            thread = threading.Thread(target=front.serve_forever, daemon=True)
            thread.start()
            url = f"http://{f'[{host}]' if ':' in host else host}:{config.port}"
            services = ", ".join(limits.allowed_service_hosts) or "none (--allow-service HOST)"
            announce(f"SPARQL endpoint {url}/query (read-only, union default graph)")
            announce(f"query UI        {url}/")
            if pages is not None:
                announce(f"linked data     {url}/id/... and {url}/ontology (pages: /doc/...)")
            announce(
                f"limits          {limits.query_timeout:g} s per query, "
                f"{limits.max_result_bytes} bytes per answer; SERVICE to: {services}"
            )
            announce("press Ctrl-C to stop")
            while True:
                code = server.process.wait()
                if not restart_wanted.is_set():
                    break
                with restart_lock:  # stop_runaway stopped it: start a fresh one, then go on
                    restart_wanted.clear()
                    server.port = None  # a fresh free port: the old may linger in TIME_WAIT
                    server.start()
                    assert server.port is not None and server.process is not None
                    config.upstream_port = server.port
                restarted.set()
            raise EndpointError(f"the oxigraph server stopped unexpectedly (exit code {code})")
        except KeyboardInterrupt:
            announce("stopping")
        finally:
            if thread is not None:
                front.shutdown()  # returns once serve_forever has stopped
            server.stop()
    finally:
        front.server_close()
        _restore_signals(previous)


# What a service manager, a terminal or a container runtime sends to stop a server: each one
# stops `scokg serve` as Ctrl-C does (the oxigraph child is stopped, the port released).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def _stop_on_signals() -> dict[int, object]:
    """Make SIGINT, SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread; return the
    handlers they had. Outside the main thread (a library caller) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {int(sig): signal.signal(sig, _raise_interrupt) for sig in STOP_SIGNALS}


def _restore_signals(previous: dict[int, object]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)  # type: ignore[arg-type]  # handlers signal.signal gave
