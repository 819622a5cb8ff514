"""Local stores: the on-disk store cache, the oxigraph server runner, ``serve`` and
the upload of a project into a SPARQL store (``load``). Names below are imported on first
use (``scokg.stores.serve.serve`` is not among them: its module has the same name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scokg.exports import lazy_exports

if TYPE_CHECKING:
    from scokg.stores.upload import LoadReport, load_project

_EXPORTS = {"LoadReport": "upload", "load_project": "upload"}
__all__ = [
    "load_project",
    "LoadReport",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
