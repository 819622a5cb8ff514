"""Engines that run SPARQL over the scokg dataset (embedded, rdflib, remote) and answer
with :mod:`scokg.engines.results`.

Callers open one with :func:`open_engine`. The names below are imported on first use, so
``import scokg.engines`` loads neither pyoxigraph nor rdflib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scokg.exports import lazy_exports

if TYPE_CHECKING:
    from scokg.engines.embedded import EmbeddedEngine
    from scokg.engines.open import ENGINE_NAMES, open_engine
    from scokg.engines.rdflib_engine import RdflibEngine
    from scokg.engines.remote import RemoteEngine
    from scokg.engines.results import AskResult, Engine, GraphResult, Result, SelectResult, Term

_EXPORTS = {
    "ENGINE_NAMES": "open",
    "open_engine": "open",
    "EmbeddedEngine": "embedded",
    "RdflibEngine": "rdflib_engine",
    "RemoteEngine": "remote",
    "AskResult": "results",
    "Engine": "results",
    "GraphResult": "results",
    "Result": "results",
    "SelectResult": "results",
    "Term": "results",
}
__all__ = [
    "AskResult",
    "EmbeddedEngine",
    "Engine",
    "ENGINE_NAMES",
    "GraphResult",
    "open_engine",
    "RdflibEngine",
    "RemoteEngine",
    "Result",
    "SelectResult",
    "Term",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
