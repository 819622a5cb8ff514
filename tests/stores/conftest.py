"""Killing a command while it builds a cached store, as the OOM killer or `kill -9` would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from helpers.project import write_project

KillMidBuild = Callable[..., list[str]]
Plant = Callable[..., Path]


def work_folders(parent: Path) -> list[str]:
    """Names of the write-beside work folders in ``parent`` (see scokg.atomic)."""
    if not parent.is_dir():
        return []
    return sorted(p.name for p in parent.iterdir() if ".build-" in p.name)


def dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def plant() -> Plant:
    """``plant(parent, name, alive=False, kind="build")``: a work folder for target ``name``
    as a builder leaves it when killed mid-write (``alive``: owned by a running process)."""

    def make(parent: Path, name: str, alive: bool = False, kind: str = "build") -> Path:
        pid = os.getpid() if alive else dead_pid()
        folder = parent / f".{name}.{kind}-{pid}-abc123"
        folder.mkdir(parents=True)
        (folder / "half-written").write_text("partial")
        return folder

    return make


@pytest.fixture
def big_project(tmp_path: Path) -> Path:
    """A valid project with 20 000 more triples: its store takes a moment to build."""
    root = write_project(tmp_path / "big")
    extra = "".join(
        f'<https://w3id.org/scokg/id/organisation/k{i}> rdfs:label "k {i}"@en .\n'
        for i in range(20_000)
    )
    entities = root / "data" / "entities.ttl"
    entities.write_text(entities.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return root


@pytest.fixture
def kill_mid_build() -> KillMidBuild:
    """``kill(args, env, parent, ready=None)``: run ``scokg ARGS``, SIGKILL it (the process
    only, not its children) as soon as a work folder appears in ``parent`` (and ``ready()``
    holds, if given); return the work folders left."""

    def kill(
        args: Sequence[str],
        env: dict[str, str],
        parent: Path,
        ready: Callable[[], bool] | None = None,
    ) -> list[str]:
        process = subprocess.Popen(
            [sys.executable, "-m", "scokg", *args],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while not work_folders(parent) or (ready is not None and not ready()):
                assert process.poll() is None, "the command ended before its build began"
                assert time.monotonic() < deadline, "no build began within 60 s"
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        return work_folders(parent)

    return kill
