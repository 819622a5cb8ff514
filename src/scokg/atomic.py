"""Write a folder beside its final place, then rename it into place, with Ctrl-C held back.

Used for every folder scokg produces whole: the release (``scokg build``) and the cached
stores (``query``, ``describe``, ``serve``). A reader never sees a half-written folder:

* the work happens in ``.<name>.build-<pid>-<random>`` beside the target (same file system,
  so the final ``rename`` is atomic); a failure removes it and leaves the target as it was;
* the renames run inside :func:`deferred_interrupts`: a ``KeyboardInterrupt`` between "move
  the old folder aside" and "move the new one in" would leave neither in place, so SIGINT
  and SIGTERM are blocked meanwhile and delivered as soon as the folder is whole again;
* a process killed outright (SIGKILL, power loss) cannot clean up; the folders it leaves
  carry its PID, and :func:`remove_abandoned` (called by the next :func:`write_beside` in the
  same folder) removes those whose process no longer runs.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_DEFERRED = {signal.SIGINT, signal.SIGTERM}

# ``.<target name>.<build|old>-<pid>-<random>``: a folder being written, or an old version
# moved aside; the PID says whether its owner still runs.
_WORK_RE = re.compile(r"^\.(?P<name>.+)\.(?:build|old)-(?P<pid>\d+)-[^/]+$")
# A live PID may be a reused one: past this age (seconds) a work folder is abandoned anyway.
ABANDONED_AFTER = 24 * 3600.0


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Block SIGINT/SIGTERM for the body (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _work_dir(target: Path, kind: str) -> Path:
    """A new empty folder ``.<target>.<kind>-<pid>-<random>`` beside ``target``."""
    prefix = f".{target.name}.{kind}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))


@contextmanager
def write_beside(target: Path, *, replace: bool = True, mode: int | None = None) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; rename it to ``target`` when the body ends.

    ``replace=True``: an existing ``target`` folder is renamed aside first and removed last,
    so an interrupt leaves the old version or the new one at ``target``, never neither.
    ``replace=False`` (content-addressed caches): if ``target`` already exists when the body
    ends (another process built the same thing meanwhile), it is kept and ours is dropped.
    ``mode`` sets the new folder's permissions (``mkdtemp`` makes it private, 0o700).

    If the body raises, the new folder is removed and ``target`` is untouched. Raises
    ``NotADirectoryError`` if ``target`` exists and is not a folder, and ``OSError`` when
    the parent folder cannot be written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(target.parent, name=target.name)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} exists and is not a folder")
    work = _work_dir(target, "build")
    try:
        if mode is not None:
            work.chmod(mode)
        yield work
        with deferred_interrupts():
            _rename_into_place(work, target, replace=replace)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)


def _rename_into_place(work: Path, target: Path, *, replace: bool) -> None:
    old = None
    if target.exists():
        if not replace:
            return  # an equal folder is already in place; the caller removes ``work``
        old = _work_dir(target, "old")
        old.rmdir()
        target.rename(old)
    try:
        work.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        elif target.is_dir() and not replace:
            return  # lost a race with another builder of the same content
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_abandoned(parent: Path, *, name: str | None = None) -> list[Path]:
    """Remove the work folders in ``parent`` whose process no longer runs; return them.

    ``name`` limits this to the work folders of one target. Work folders of running
    processes are kept (they are being written right now) unless older than
    :data:`ABANDONED_AFTER`. Errors (a folder removed meanwhile, no permission) are ignored.
    """
    removed: list[Path] = []
    try:
        children = list(parent.iterdir())
    except OSError:
        return removed
    now = time.time()
    for child in children:
        found = _WORK_RE.match(child.name)
        if found is None or (name is not None and found["name"] != name):
            continue
        try:
            if not child.is_dir():
                continue
            young = now - child.stat().st_mtime < ABANDONED_AFTER
        except OSError:
            continue
        if young and _running(int(found["pid"])):
            continue
        shutil.rmtree(child, ignore_errors=True)
        removed.append(child)
    return removed


def _running(pid: int) -> bool:
    """Whether a process with this PID exists (ours counts: a folder it is writing)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to another user
    except OSError:
        return True
    return True
