"""The on-disk store cache: one store per version of the sources, so unchanged data is not
re-parsed on every call. Used by ``query`` and ``describe`` (a pyoxigraph store) and by
``serve`` (a store written by the ``oxigraph`` binary, see :mod:`scokg.stores.serve`).

Layout: ``<cache>/<kind>/<fingerprint>/``, where ``<cache>`` is ``$SCOKG_CACHE_DIR`` or
``.scokg`` in the project folder, ``<kind>`` says who built it (``store``, ``serve``) and the
fingerprint is :func:`sources_fingerprint` (a hash of every source file's name and content,
the content hashes taken from ``<cache>/sources.index.json`` while a file's size, mtime,
inode and ctime are unchanged and the file was not changed within the racy window before
its hash was taken: :mod:`scokg.stores.fingerprint`). A store is written
beside its place and renamed in only when complete (:func:`scokg.atomic.write_beside`), so a
reader never sees a half-built store; stores of older fingerprints are then removed, and the
work folders of killed builders are removed by the next run.

Disk store or memory, chosen by measurement: sources of at most ``$SCOKG_IN_MEMORY_MAX_BYTES``
bytes are parsed into an in-memory store instead of opening the disk store. The default
is 0 (always the disk store): on the 2-core bench machine (benchmarks/warm_cli.py, figures
in docs/performance.md) the Turtle of the bundled data (126 kB) parses in 11 ms against
20-39 ms for ``Store.read_only``, but the SSSOM links file needs PyYAML (19 ms to import)
and its own parse, so the whole warm ``query`` process was slower in memory (median
0.18-0.31 s against 0.15-0.26 s from disk, same runs alternating). The knob stays for
projects without a links file and for the bench.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.stores.fingerprint import (
    Fingerprint,
    SourceFile,
    fingerprint,
    folder_digest,
    read_quick,
    write_quick,
)

if TYPE_CHECKING:
    from scokg.project import Project

CACHE_ENV_VAR = "SCOKG_CACHE_DIR"
IN_MEMORY_ENV_VAR = "SCOKG_IN_MEMORY_MAX_BYTES"
# 0: by measurement the disk store wins even on the bundled data (see the module text).
IN_MEMORY_MAX_BYTES = 0
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


def source_files(project: Project) -> list[SourceFile]:
    """Every input file of the project (sources, shapes, plain-text sources), named stably,
    with the ``os.stat`` taken when its folder was listed (so the key stats each file once)."""
    files = [(s.path, s.stat) for s in project.sources()]
    files.extend((path, None) for path in project.shapes_files)
    files.extend(project.source_text_stats().values())
    root = str(project.root) + os.sep
    return [SourceFile(_relative_name(project, root, path), path, st) for path, st in files]


def _relative_name(project: Project, root: str, path: Path) -> str:
    """Relative to the root (``root`` is its text with a final separator), or
    ``ontology/...`` for a bundled ontology file, so two copies of the same project share
    a fingerprint. String operations: pathlib's ``relative_to`` cost 4 s for the 27,527
    files of the 1M-triple corpus."""
    text = str(path)
    if text.startswith(root):
        return text[len(root) :].replace(os.sep, "/")
    return "ontology/" + path.relative_to(project.ontology_dir).as_posix()


def sources_fingerprint(project: Project, cache_dir: Path | None = None) -> Fingerprint:
    """The cache key of the current sources, with their total size (see the module text).

    Quick path first: when the listing of every folder the inputs live in (names and
    ``stat`` of each entry, :func:`~scokg.stores.fingerprint.folder_digest`) equals the one
    taken when the key was last computed, that key is returned without building the file
    list. Otherwise the file list is built and keyed (:func:`fingerprint`), and the listing,
    taken before it, is stored with the key.

    Raises :class:`~scokg.errors.DataError` for a source that cannot be read.
    """
    from scokg.project import unreadable

    index_dir = cache_dir or default_cache_dir(project)
    taken_ns = time.time_ns()  # before any stat: the racy files are judged against it
    # The quick path: one listing of the folders inputs live in, compared with the last one.
    watched = _watched_folders(project)
    quick = folder_digest(watched, skip=index_dir)
    known = read_quick(index_dir, quick)
    if known is not None:
        return known
    files = source_files(project)
    try:
        result = fingerprint(files, index_dir, taken_ns=taken_ns)
    except OSError as exc:
        bad = Path(exc.filename) if exc.filename else project.root
        raise unreadable(bad, exc) from None
    # Only when every input lives in a watched folder can the listing stand for the inputs,
    # and only when none is racy (its content may change with its listing unchanged).
    if result.racy == 0 and {str(f.path.parent) for f in files} <= {str(w) for w in watched}:
        write_quick(index_dir, quick, result)
    return result


def _watched_folders(project: Project) -> list[Path]:
    """The folders whose listing the quick key path compares: the project root and every
    folder :meth:`~scokg.project.Project.sources` and ``source_texts`` list files from."""
    data = project.data_dir
    return [project.root, project.ontology_dir, data, data / "documents", data / "sources"]


def store_path(project: Project, cache_dir: Path | None = None, *, kind: str = EMBEDDED) -> Path:
    """Where the ``kind`` store of the current sources lives (it may not exist yet)."""
    folder = cache_dir or default_cache_dir(project)
    return folder / kind / sources_fingerprint(project, folder).key


def in_memory_max_bytes() -> int:
    """Sources up to this many bytes are parsed into memory instead of opening a disk store."""
    env = os.environ.get(IN_MEMORY_ENV_VAR)
    try:
        return int(env) if env else IN_MEMORY_MAX_BYTES
    except ValueError:
        return IN_MEMORY_MAX_BYTES


def cached_store(
    project: Project, build: Builder, *, kind: str, cache_dir: Path | None = None
) -> Path:
    """The folder of the ``kind`` store of the current sources, built first if missing.

    ``build(project, folder)`` fills an empty ``folder`` (any exception aborts the build and
    leaves the cache as it was). Raises ``OSError`` when the cache folder cannot be written.
    """
    final = store_path(project, cache_dir, kind=kind)
    if _may_hold_work_folders(final.parent):
        from scokg.atomic import remove_abandoned

        remove_abandoned(final.parent)
    if final.is_dir():
        return final
    from scokg.atomic import write_beside  # shutil, tempfile: only to build

    with write_beside(final, replace=False) as work:
        build(project, work)
    _remove_stale(final.parent, keep=final.name)
    return final


def open_store(project: Project, cache_dir: Path | None = None) -> pyoxigraph.Store:
    """The cached pyoxigraph store of the current sources (read-only), built first if missing.

    Sources smaller than :func:`in_memory_max_bytes` are parsed into an in-memory store
    instead (see the module text). Falls back to an in-memory store too when the cache
    folder cannot be written (a read-only checkout), so queries still work.
    """
    return open_cached(project, cache_dir)[0]


def open_cached(
    project: Project, cache_dir: Path | None = None
) -> tuple[pyoxigraph.Store, Path | None]:
    """:func:`open_store`, with the folder of the store (``None`` for an in-memory one),
    where its companion files (the full-text index) are."""
    if _small(project):
        return _parsed(project), None
    try:
        final = cached_store(project, build_embedded, kind=EMBEDDED, cache_dir=cache_dir)
    except OSError:
        return _parsed(project), None
    return pyoxigraph.Store.read_only(str(final)), final


def _parsed(project: Project) -> pyoxigraph.Store:
    """Every source parsed into an in-memory store (the parsers are imported only here and
    in the build: a warm answer from the disk store needs none of them)."""
    from scokg.parsing import load_store

    return load_store(project)


def _small(project: Project) -> bool:
    """Whether the sources are at most :func:`in_memory_max_bytes` in all (stat only)."""
    limit = in_memory_max_bytes()
    if limit <= 0:
        return False
    try:
        return sum(f.path.stat().st_size for f in source_files(project)) <= limit
    except OSError:
        return False  # the cached path reports the unreadable file


def build_embedded(project: Project, folder: Path) -> None:
    """Load every source into a new pyoxigraph store in the empty ``folder``, with its
    full-text index of labels (:mod:`scokg.stores.fulltext`) and the answers of the
    scanning bundled queries (:mod:`scokg.stores.answers`)."""
    from scokg.parsing import load_store
    from scokg.stores import answers, fulltext

    disk = pyoxigraph.Store(str(folder))
    # Straight into the disk store: going through an in-memory copy first doubled the
    # peak memory (1.3 GB for a cold query at 1M triples). A syntax error still comes
    # out located, and the work folder is removed by the caller.
    load_store(project, disk)
    disk.flush()
    fulltext.build(disk, folder)
    answers.precompute(disk, folder, project)
    del disk  # closes the database before the folder moves


def _may_hold_work_folders(parent: Path) -> bool:
    """Whether ``parent`` has a hidden entry, as every work folder of
    :func:`scokg.atomic.write_beside` is (``.NAME.build-PID-...``): a warm call then needs
    no :mod:`scokg.atomic` (which imports ``shutil`` and ``tempfile``)."""
    try:
        with os.scandir(parent) as entries:
            return any(entry.name.startswith(".") for entry in entries)
    except OSError:
        return False  # no folder yet: nothing abandoned in it


def _remove_stale(parent: Path, keep: str) -> None:
    """Drop the stores of older fingerprints (work folders are left to remove_abandoned)."""
    import shutil

    for child in parent.iterdir():
        if child.name != keep and not child.name.startswith(".") and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
