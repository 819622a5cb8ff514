"""Run the real CLI in a subprocess, as a user would, for the error and fault tests.

Every run gets a password marker in $SCOKG_PASSWORD so that tests can check that no output
ever shows it, and a time limit so that no test can hang.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PASSWORD_MARKER = "pw-MARKER-7f3a9c-never-printed"
USER_MARKER = "user-marker-5b2e"
TIME_LIMIT = 60.0


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        **os.environ,
        "SCOKG_USER": USER_MARKER,
        "SCOKG_PASSWORD": PASSWORD_MARKER,
        "NETRC": os.devnull,
        "COLUMNS": "200",
    }
    env.pop("SCOKG_DEBUG", None)
    env.update(extra or {})
    return env


def run_scokg(
    *args: str, env: dict[str, str] | None = None, script: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m scokg ARGS`` (or ``python SCRIPT ARGS``) with the marker credentials."""
    head = [str(script)] if script is not None else ["-m", "scokg"]
    return subprocess.run(
        [sys.executable, *head, *args],
        capture_output=True,
        text=True,
        env=cli_env(env),
        timeout=TIME_LIMIT,
    )


@dataclass
class Interrupted:
    """What an interrupted run did: exit code, output and when the SIGINT went out."""

    returncode: int
    stdout: str
    stderr: str
    delay: float
    signalled: bool


def interrupt_cli(
    args: Sequence[str],
    delay: float,
    *,
    env: dict[str, str] | None = None,
    ready: Callable[[], bool] | None = None,
) -> Interrupted:
    """Start ``scokg ARGS``, send SIGINT ``delay`` s later, wait for it to exit (bounded).

    The CLI runs in its own process group and the SIGINT goes to the whole group, as a
    terminal's Ctrl-C does (children such as ``oxigraph load`` get it too). ``ready``, if
    given, is polled first (bounded) so the delay counts from a known state. If the command
    finished before the delay, ``signalled`` is False.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "scokg", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(env),
        start_new_session=True,
    )
    try:
        if ready is not None:
            deadline = time.monotonic() + TIME_LIMIT
            while not ready() and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=delay)  # returns early if the command finishes first
        signalled = process.poll() is None
        if signalled:
            os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=TIME_LIMIT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    return Interrupted(process.returncode, stdout, stderr, delay, signalled)


def seeded_delays(seed: int, count: int, low: float, high: float) -> list[float]:
    """``count`` delays in [low, high), the same on every run (for reproducible faults)."""
    rng = random.Random(seed)
    return sorted(round(rng.uniform(low, high), 3) for _ in range(count))


def scokg_in(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m scokg ARGS`` run from ``cwd`` with no ``--data``, so the project is found
    by discovery. The environment is ``env`` (default: this process's), with
    ``$SCOKG_CACHE_DIR`` and ``$SCOKG_ROOT`` taken out and ``COLUMNS`` 200 so that help and
    messages do not wrap."""
    base = os.environ if env is None else env
    run_env = {k: v for k, v in base.items() if k not in ("SCOKG_CACHE_DIR", "SCOKG_ROOT")}
    run_env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "scokg", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=run_env,
        timeout=timeout,
    )
