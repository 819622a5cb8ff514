"""Put several new files in place all together or not at all, never over an existing file.

Each file is first written whole beside its place (``.<name>.new-<pid>-<random>``, same
folder, so the final step is a link on one file system); then, with SIGINT/SIGTERM held
back (:func:`scokg.atomic.deferred_interrupts`), each is hard-linked to its name. ``link``
fails when the name exists, so a file created meanwhile by someone else is never replaced;
on any failure the files already placed are removed again and nothing is left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from scokg.atomic import deferred_interrupts


def existing(paths: Mapping[Path, bytes] | list[Path]) -> list[Path]:
    """The paths (keys) that already exist, as files, links or folders."""
    return [p for p in paths if p.exists() or p.is_symlink()]


def place_new_files(files: Mapping[Path, bytes]) -> None:
    """Create every file of ``files`` (path -> content) or none of them.

    Raises ``FileExistsError`` naming the first path that exists (nothing written) and
    ``OSError`` when a folder cannot be written (nothing left behind).
    """
    found = existing(files)
    if found:
        raise FileExistsError(found[0])
    temps: dict[Path, Path] = {}
    placed: list[Path] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.new-{os.getpid()}-", dir=path.parent)
            temps[path] = Path(name)
            with os.fdopen(fd, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(name, 0o644)
        with deferred_interrupts():
            try:
                for path, temp in temps.items():
                    os.link(temp, path)
                    placed.append(path)
            except BaseException:
                for path in placed:
                    path.unlink(missing_ok=True)
                raise
    finally:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
