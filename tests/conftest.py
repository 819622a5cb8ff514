"""Shared fixtures: a minimal project folder built in tmp so tests never read real data."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers.project import write_project

# Property-based tests: a fixed seed (derandomize) and a CI-sized number of examples, so a
# run is reproducible and bounded. HYPOTHESIS_PROFILE=dev explores more, at random.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=100,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def no_process_left_behind(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fail the run if a process the tests started outlives them: any descendant of this
    pytest process, or any process whose command line names this run's temporary folder
    (a server that detached itself). Survivors are listed, then killed by PID."""
    from helpers.processes import descendants, mentioning, wait_gone

    me = os.getpid()
    base = f"{tmp_path_factory.getbasetemp()}{os.sep}"
    yield
    suspects = sorted(set(descendants(me)) | set(mentioning(base)))
    left = wait_gone(suspects, timeout=10)  # a server being stopped gets a moment
    if left:
        from helpers.processes import command_line

        described = [f"{pid}: {command_line(pid)[:200]}" for pid in left]
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        pytest.fail(
            "processes left behind by the tests (now killed):\n" + "\n".join(described),
            pytrace=False,
        )


@pytest.fixture
def tmp_project(tmp_path: Path) -> Path:
    """A complete, valid project folder; tests break or extend it as they need."""
    return write_project(tmp_path / "project")


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m scokg`` in a subprocess, as a user would, capturing its output."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "scokg", *args],
            capture_output=True,
            text=True,
            env=full_env,
            timeout=120,
        )

    return run


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C must reach the tests' processes however the suite was started. A shell starts
    a background job (``make test &``, a CI runner's ``sh -c '... &'``) with SIGINT ignored;
    Python then installs no handler, and every child inherits the ignore, so the tests that
    send Ctrl-C (tests/robustness/test_interrupts.py, test_query_bounds.py, the error
    catalogue's ``interrupted``) would see commands that never stop. Put Python's default
    handler back in this process; children then start with SIGINT at its default."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
