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

Each file costs one ``stat``, shared with the folder listing where the caller has it
(:attr:`SourceFile.stat`). The warm path reads neither the index nor any file:
``<cache>/sources.quick.json`` holds the key computed last together with
:func:`folder_digest`, a SHA-256 of the listing (names and the metadata above) of every
folder the inputs live in, taken *before* the files were listed and hashed. When the
listing is unchanged, so is every input's metadata, so the key is the stored one (the
index's rule, applied to all files at once); :func:`scokg.stores.cache.sources_fingerprint`
stores it only when every input lives in a watched folder. At the 30,005 files of a
1M-triple corpus, decoding the per-file index alone took longer than that path does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    # os.stat of path when the caller listed it already (None: stat it here).
    stat: os.stat_result | None = field(default=None, compare=False, repr=False)


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
    _write_json(folder, INDEX_NAME, {"version": _VERSION, "files": files})


def _write_json(folder: Path, name: str, data: dict[str, object]) -> None:
    """Replace ``folder/name`` atomically; silently skipped if it cannot be written."""
    import tempfile  # only when something changed: not on the warm path

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _absolute(path: Path) -> str:
    text = str(path)
    return text if os.path.isabs(text) else str(path.absolute())


def fingerprint(files: Iterable[SourceFile], index_dir: Path | None) -> Fingerprint:
    """The key of ``files``, reusing and updating the content hashes indexed in ``index_dir``
    (``None``: no index, hash everything). Raises ``OSError`` for a file that cannot be read.
    """
    files = sorted(files, key=lambda f: f.name)
    paths = [_absolute(f.path) for f in files]
    stats = [f.stat or os.stat(path) for f, path in zip(files, paths, strict=True)]
    index = read_index(index_dir) if index_dir is not None else {}
    changed = False
    hashed = 0
    total = 0
    digest = hashlib.sha256(_VERSION.encode() + b"\0")
    for source, path, st in zip(files, paths, stats, strict=True):
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


QUICK_NAME = "sources.quick.json"


def folder_digest(folders: Iterable[Path], skip: Path | None = None) -> str:
    """A SHA-256 of every entry of each of ``folders`` (not recursive): its name, and its
    mode, size, ``st_mtime_ns``, ``st_ino`` and ``st_ctime_ns`` (symbolic links followed),
    skipping the entry ``skip`` (the cache folder, which changes whenever it is written).

    Any file added, removed, renamed or changed in one of the folders changes the digest.
    It is taken before the files are listed and hashed, so a change made meanwhile leaves
    a digest that no later call matches.
    """
    skipped = str(skip) if skip is not None else None
    parts: list[str] = []
    for folder in sorted({str(f) for f in folders}):
        parts.append(f"/{folder}\n")
        try:
            with os.scandir(folder) as entries:
                lines = []
                for entry in entries:
                    if entry.path == skipped:
                        continue
                    try:
                        st = entry.stat()
                    except OSError as exc:
                        lines.append(f"{entry.name}\0!{exc.errno}\n")
                        continue
                    lines.append(
                        f"{entry.name}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}"
                        f"\0{st.st_ino}\0{st.st_ctime_ns}\n"
                    )
        except OSError as exc:
            parts.append(f"!{exc.errno}\n")
            continue
        lines.sort()
        parts.extend(lines)
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def read_quick(index_dir: Path, digest: str) -> Fingerprint | None:
    """The key stored in ``index_dir`` for the folder digest ``digest``, or None."""
    try:
        data = json.loads((index_dir / QUICK_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != _VERSION:
        return None
    key, size = data.get("key"), data.get("size")
    if data.get("folders") != digest or not isinstance(key, str) or not isinstance(size, int):
        return None
    return Fingerprint(key, size, 0)


def write_quick(index_dir: Path, digest: str, result: Fingerprint) -> None:
    """Store ``result`` as the key of the folder digest ``digest`` (skipped if unwritable)."""
    data = {"version": _VERSION, "folders": digest, "key": result.key, "size": result.size}
    _write_json(index_dir, QUICK_NAME, data)
