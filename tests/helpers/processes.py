"""Find processes by their parent chain or command line, from /proc (Linux), without psutil:
for tests that assert no process is left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state letter, parent pid) of ``pid``, or None once it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may hold spaces or ')'
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (exited, waiting to be reaped)."""
    found = _stat(pid)
    return found is not None and found[0] not in ("Z", "X")


def command_line(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode("utf-8", errors="replace").strip()


def _all_pids() -> list[int]:
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit()]


def descendants(root: int) -> list[int]:
    """Living processes whose parent chain leads to ``root`` (not ``root`` itself)."""
    parents: dict[int, int] = {}
    for pid in _all_pids():
        found = _stat(pid)
        if found is not None and found[0] not in ("Z", "X"):
            parents[pid] = found[1]
    result = []
    for pid in parents:
        seen = pid
        for _ in range(64):  # parent chains are short; bounded in case of a race
            seen = parents.get(seen, 0)
            if seen == root:
                result.append(pid)
                break
            if seen <= 1:
                break
    return sorted(result)


def mentioning(text: str) -> list[int]:
    """Living processes (other than this one) whose command line contains ``text``."""
    me = os.getpid()
    return [p for p in _all_pids() if p != me and alive(p) and text in command_line(p)]


def wait_gone(pids: list[int], timeout: float = 10.0) -> list[int]:
    """Wait (bounded) for ``pids`` to exit; the ones still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    left = [p for p in pids if alive(p)]
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = [p for p in left if alive(p)]
    return left
