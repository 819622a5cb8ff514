"""The cache key of a project's sources, from file metadata, hashing content only on change.

A source's content hash (SHA-256) is kept in a small index file inside the cache folder,
``<cache>/sources.index.json``, keyed by the file's absolute path together with its
metadata: size, ``st_mtime_ns``, ``st_ino`` and ``st_ctime_ns``. While all four are
unchanged the stored hash is used and the file is not read; when any differs the file is
read and hashed again (so touching a file costs one hash, and gives the same key).

The known limit of metadata keys is content changed with the same size and the old
modification time put back (``touch -d``, ``os.utime``, some copy tools). That is covered
by ``st_ctime_ns``: the kernel sets it on every content or metadata change, and no
ordinary call sets it back, so the restored ``mtime`` still leaves a new ``ctime``. A file
system without a real ``ctime`` (some network and FUSE mounts) cannot be covered; set
``SCOKG_CACHE_DIR`` elsewhere or delete the cache there after editing behind its back.

The key itself is the hash of every file's stable relative name and content hash, so two
copies of one project share their key. The index is rewritten atomically (a temporary
file renamed over it) and only when an entry changed; an unreadable or malformed index is
ignored (every file is hashed again), and an unwritable cache folder only costs the saving.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INDEX_NAME = "sources.index.json"
_VERSION = "scokg-fingerprint-v2"
_CHUNK = 1 << 20
# Entries of other projects kept in a shared index, beyond the current project's files.
_MAX_ENTRIES = 100_000


@dataclass(frozen=True)
class SourceFile:
    """One input file: its stable name (the key's part) and where it is read from."""

    name: str
    path: Path


@dataclass(frozen=True)
class Fingerprint:
    """The key of the sources (hex SHA-256), their total size in bytes, and how many files
    had to be read and hashed to compute it (0 when the index covered every file)."""

    key: str
    size: int
    hashed: int


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_index(folder: Path) -> dict[str, list[object]]:
    """The index in ``folder``: absolute path -> [size, mtime_ns, ino, ctime_ns, sha256];
    empty when missing, unreadable or malformed."""
    try:
        data = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_index(folder: Path, files: dict[str, list[object]]) -> None:
    """Replace the index in ``folder`` atomically; silently skipped if it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{INDEX_NAME}.", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"version": _VERSION, "files": files}, handle)
        os.replace(tmp, folder / INDEX_NAME)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def fingerprint(files: Iterable[SourceFile], index_dir: Path | None) -> Fingerprint:
    """The key of ``files``, reusing and updating the content hashes indexed in ``index_dir``
    (``None``: no index, hash everything). Raises ``OSError`` for a file that cannot be read.
    """
    files = list(files)
    index = read_index(index_dir) if index_dir is not None else {}
    changed = False
    hashed = 0
    total = 0
    digest = hashlib.sha256(_VERSION.encode() + b"\0")
    for source in sorted(files, key=lambda f: f.name):
        path = str(source.path.absolute())
        st = source.path.stat()
        meta = _stat_key(st)
        total += st.st_size
        entry = index.get(path)
        if isinstance(entry, list) and entry[:4] == meta and isinstance(entry[4], str):
            content = entry[4]
        else:
            content = _hash_file(source.path)
            hashed += 1
            index[path] = [*meta, content]
            changed = True
        for chunk in (source.name.encode(), content.encode()):
            digest.update(len(chunk).to_bytes(8, "big"))
            digest.update(chunk)
    if changed and index_dir is not None:
        if len(index) > _MAX_ENTRIES:
            current = {str(f.path.absolute()) for f in files}
            index = {k: v for k, v in index.items() if k in current}
        _write_index(index_dir, index)
    return Fingerprint(digest.hexdigest(), total, hashed)
