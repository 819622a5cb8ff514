"""A real ``scokg serve`` for the tests: started, its address read, stopped with Ctrl-C.

:func:`start_serve` runs ``python -m scokg --data PROJECT serve --port PORT OPTIONS`` with
stdout and stderr piped, reads the first line (``SPARQL endpoint http://127.0.0.1:N/query``,
flushed at once although stdout is a pipe) and returns the process and ``http://127.0.0.1:N``.
Port 0 lets the server choose; any other port must be the one printed. A server that does not
print that line is killed and the test fails with its stderr. :func:`stop_serve` sends SIGINT,
waits up to 30 s (then kills) and returns what was left on stderr.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

FIRST_LINE = re.compile(r"SPARQL endpoint (http://127\.0\.0\.1:(\d+))/query")


def start_serve(
    project: Path,
    *options: str,
    port: int = 0,
    env: dict[str, str] | None = None,
    new_session: bool = False,
) -> tuple[subprocess.Popen[str], str]:
    """A running ``scokg serve`` over ``project`` and its base URL (see the module text).

    ``env`` is added to this process's environment; ``new_session`` starts the server in a
    session of its own, so that a signal sent to its group reaches it alone."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scokg", "--data", str(project), "serve", "--port", str(port)]
        + list(options),
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=new_session,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = FIRST_LINE.match(first)
    if found is None or (port != 0 and int(found.group(2)) != port):
        process.kill()
        _, err = process.communicate(timeout=30)
        pytest.fail(f"scokg serve: unexpected first line {first!r}; stderr: {err}")
    return process, found.group(1)


def stop_serve(process: subprocess.Popen[str]) -> str:
    """Ctrl-C (SIGINT) to a server still running, a kill after 30 s; the rest of its stderr."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
    return err or ""


@contextlib.contextmanager
def serving(
    project: Path, *options: str, port: int = 0, env: dict[str, str] | None = None
) -> Iterator[str]:
    """``with serving(project) as base:`` a running server's base URL, stopped on leaving."""
    process, base = start_serve(project, *options, port=port, env=env)
    try:
        yield base
    finally:
        stop_serve(process)
