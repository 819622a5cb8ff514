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

Racy files (2026-11-30). Metadata cannot see every write: data written through a shared
writable ``mmap`` moves ``mtime``/``ctime`` only on the write fault that makes a clean page
dirty, and a page that is still dirty takes no new fault, so a second write to it changes
the content and nothing else, until the kernel writes the page back and write-protects it
again. Linux's flusher writes back a dirty inode once it has been dirty
``vm.dirty_expire_centisecs`` (default 30 s), checked every ``vm.dirty_writeback_centisecs``
(default 5 s): about 35 s at most on an idle machine. So, as git does with its racy index
entries, a file whose ``max(mtime, ctime)`` is not at least :data:`RACY_SECONDS` (60 s:
those 35 s plus margin for a busy flusher) older than the moment its hash was taken is
*racy*: its entry is marked so, and the next run hashes it again whatever its metadata
says, until a hash is taken a window after its last change. The quick key below is not
stored while any input is racy. ``$SCOKG_RACY_SECONDS`` sets the window (0 turns the rule
off: for tests that count hashes, and for file systems whose cache is known to be coherent).
Cost: a file edited in the last minute is read and hashed on every run (one ``read`` of that
file: 1-2 ms for a bundled document), and the warm path takes the per-file index instead of
the quick key for that minute; older files cost nothing more. A writer that keeps a page
dirty longer than the window (a tuned ``dirty_expire``, laptop mode, a file system without
writeback such as tmpfs, where mmap writes may not move ``mtime`` at all) can still defeat
metadata; ``msync`` after writing, or deleting the cache, covers it.

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
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

INDEX_NAME = "sources.index.json"
_VERSION = "scokg-fingerprint-v3"  # v3: entries carry the racy flag
_CHUNK = 1 << 20
# A file changed less than this long before its hash was taken is hashed again next time.
RACY_SECONDS = 60
RACY_ENV_VAR = "SCOKG_RACY_SECONDS"
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
    had to be read and hashed to compute it (0 when the index covered every file), and how
    many of them were racy (changed too recently for their metadata to be trusted next time)."""

    key: str
    size: int
    hashed: int
    # Files changed within the racy window before this key was taken (see the module text).
    racy: int = 0


def _stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def racy_window_ns() -> int:
    """The racy window in nanoseconds: ``$SCOKG_RACY_SECONDS`` (a number >= 0), else
    :data:`RACY_SECONDS`."""
    text = os.environ.get(RACY_ENV_VAR)
    try:
        seconds = float(text) if text else RACY_SECONDS
    except ValueError:
        seconds = RACY_SECONDS
    return int(seconds * 1e9) if seconds >= 0 else RACY_SECONDS * 10**9


def is_racy(st: os.stat_result, taken_ns: int, window_ns: int) -> bool:
    """Whether a file with ``st`` changed less than ``window_ns`` before ``taken_ns`` (the
    wall-clock time, in ns, before its content was read): its metadata cannot vouch for
    writes made after that read (see the module text)."""
    return window_ns > 0 and max(st.st_mtime_ns, st.st_ctime_ns) > taken_ns - window_ns


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_index(folder: Path) -> dict[str, list[object]]:
    """The index in ``folder``: absolute path -> [size, mtime_ns, ino, ctime_ns, sha256,
    racy]; empty when missing, unreadable or malformed."""
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


def fingerprint(
    files: Iterable[SourceFile], index_dir: Path | None, *, taken_ns: int | None = None
) -> Fingerprint:
    """The key of ``files``, reusing and updating the content hashes indexed in ``index_dir``
    (``None``: no index, hash everything). An entry is reused only when its metadata is
    unchanged and it was not racy when hashed; ``taken_ns`` is the wall-clock time (ns)
    taken before any of the files was stat'ed (default: now), against which racy files are
    judged. Raises ``OSError`` for a file that cannot be read.
    """
    if taken_ns is None:
        taken_ns = time.time_ns()
    window = racy_window_ns()
    files = sorted(files, key=lambda f: f.name)
    paths = [_absolute(f.path) for f in files]
    stats = [f.stat or os.stat(path) for f, path in zip(files, paths, strict=True)]
    index = read_index(index_dir) if index_dir is not None else {}
    changed = False
    hashed = 0
    racy = 0
    total = 0
    digest = hashlib.sha256(_VERSION.encode() + b"\0")
    for source, path, st in zip(files, paths, stats, strict=True):
        meta = _stat_key(st)
        total += st.st_size
        entry = index.get(path)
        if (
            isinstance(entry, list)
            and len(entry) == 6
            and entry[:4] == meta
            and isinstance(entry[4], str)
            and entry[5] is False
        ):
            content = entry[4]
        else:
            content = _hash_file(source.path)
            hashed += 1
            flag = is_racy(st, taken_ns, window)
            racy += flag
            fresh: list[object] = [*meta, content, flag]
            if entry != fresh:
                index[path] = fresh
                changed = True
        for chunk in (source.name.encode(), content.encode()):
            digest.update(len(chunk).to_bytes(8, "big"))
            digest.update(chunk)
    if changed and index_dir is not None:
        if len(index) > _MAX_ENTRIES:
            current = {str(f.path.absolute()) for f in files}
            index = {k: v for k, v in index.items() if k in current}
        _write_index(index_dir, index)
    return Fingerprint(digest.hexdigest(), total, hashed, racy)


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
