"""Lazy package exports (PEP 562), so ``from scokg.engines import open_engine`` is short to
write and ``import scokg.engines`` stays cheap: a name's module is imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package``: ``exports`` maps an exported name to the
    submodule that defines it (relative to ``package``, e.g. ``"open"``).

    The returned function raises ``AttributeError`` for any other name, as a module does.
    """

    def __getattr__(name: str) -> object:
        submodule = exports.get(name)
        if submodule is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{submodule}"), name)

    return __getattr__
