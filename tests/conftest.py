"""Shared fixtures: a minimal project folder built in tmp so tests never read real data."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from helpers.project import FILES

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


@pytest.fixture
def tmp_project(tmp_path: Path) -> Path:
    """A complete, valid project folder; tests break or extend it as they need."""
    root = tmp_path / "project"
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


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
