"""Release artefacts: every distribution format, the dataset description, docs and a diagram.

``scokg build`` calls :func:`build_release`; each artefact has its own small module so it
can be tested and reused on its own. Names below are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scokg.exports import lazy_exports

if TYPE_CHECKING:
    from scokg.release.build import BuildResult, build_release

_EXPORTS = {"BuildResult": "build", "build_release": "build"}
__all__ = [
    "build_release",
    "BuildResult",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
