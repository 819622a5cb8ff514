"""The on-disk store cache: one store per version of the sources, so unchanged data is not
re-parsed on every call. Used by ``query`` and ``describe`` (a pyoxigraph store) and by
``serve`` (a store written by the ``oxigraph`` binary, see :mod:`scokg.stores.serve`).

Layout: ``<cache>/<kind>/<fingerprint>/``, where ``<cache>`` is ``$SCOKG_CACHE_DIR`` or
``.scokg`` in the project folder, ``<kind>`` says who built it (``store``, ``serve``) and the
fingerprint is :meth:`Project.fingerprint` (a hash of every source file). A store is written
beside its place and renamed in only when complete (:func:`scokg.atomic.write_beside`), so a
reader never sees a half-built store; stores of older fingerprints are then removed, and the
work folders of killed builders are removed by the next run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.atomic import remove_abandoned, write_beside
from scokg.parsing import load_store

if TYPE_CHECKING:
    from scokg.project import Project

CACHE_ENV_VAR = "SCOKG_CACHE_DIR"
CACHE_DIR = ".scokg"
# Kinds of cached store: who builds it, and so which on-disk format it has.
EMBEDDED = "store"  # pyoxigraph, opened read-only by query/describe
SERVED = "serve"  # written by `oxigraph load`, read by `oxigraph serve-read-only`

Builder = Callable[["Project", Path], None]


def default_cache_dir(project: Project) -> Path:
    """``$SCOKG_CACHE_DIR``, else ``.scokg`` in the project folder; for the dataset inside an
    installed package (never written: site-packages may be read-only or shared), the user
    cache folder ``$XDG_CACHE_HOME/scokg`` or ``~/.cache/scokg``."""
    env = os.environ.get(CACHE_ENV_VAR)
    if env:
        return Path(env).expanduser()
    from scokg.project import PACKAGED_DATASET

    if project.root == PACKAGED_DATASET:
        return user_cache_dir()
    return project.root / CACHE_DIR


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/scokg``, or ``~/.cache/scokg`` (the XDG base directory default)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "scokg"


def store_path(project: Project, cache_dir: Path | None = None, *, kind: str = EMBEDDED) -> Path:
    """Where the ``kind`` store of the current sources lives (it may not exist yet)."""
    return (cache_dir or default_cache_dir(project)) / kind / project.fingerprint()


def cached_store(
    project: Project, build: Builder, *, kind: str, cache_dir: Path | None = None
) -> Path:
    """The folder of the ``kind`` store of the current sources, built first if missing.

    ``build(project, folder)`` fills an empty ``folder`` (any exception aborts the build and
    leaves the cache as it was). Raises ``OSError`` when the cache folder cannot be written.
    """
    final = store_path(project, cache_dir, kind=kind)
    remove_abandoned(final.parent)
    if final.is_dir():
        return final
    with write_beside(final, replace=False) as work:
        build(project, work)
    _remove_stale(final.parent, keep=final.name)
    return final


def open_store(project: Project, cache_dir: Path | None = None) -> pyoxigraph.Store:
    """The cached pyoxigraph store of the current sources (read-only), built first if missing.

    Falls back to an in-memory store when the cache folder cannot be written (a read-only
    checkout), so queries still work, only slower.
    """
    try:
        final = cached_store(project, build_embedded, kind=EMBEDDED, cache_dir=cache_dir)
    except OSError:
        return load_store(project)
    return pyoxigraph.Store.read_only(str(final))


def build_embedded(project: Project, folder: Path) -> None:
    """Load every source into a new pyoxigraph store in the empty ``folder``."""
    disk = pyoxigraph.Store(str(folder))
    # Straight into the disk store: going through an in-memory copy first doubled the
    # peak memory (1.3 GB for a cold query at 1M triples). A syntax error still comes
    # out located, and the work folder is removed by the caller.
    load_store(project, disk)
    disk.flush()
    del disk  # closes the database before the folder moves


def _remove_stale(parent: Path, keep: str) -> None:
    """Drop the stores of older fingerprints (work folders are left to remove_abandoned)."""
    for child in parent.iterdir():
        if child.name != keep and not child.name.startswith(".") and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
