"""The Python recipes of docs/standard-queries.md run as written and answer.

Each ```python block of the page is taken from the document itself (so the recipe cannot
rot) and run in a fresh interpreter: the release recipe in a folder holding a real
``dist/`` built by ``scokg build`` and the repository's ``queries/``; the sources recipe
in the repository. Each must print the events of the dataset (rows naming event IRIs);
asked without entailment, the same question answers nothing, as the page says.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.kg import REPO
from scokg.project import Project
from scokg.release.build import build_release

pytestmark = pytest.mark.slow

PAGE = REPO / "docs" / "standard-queries.md"
BLOCK_RE = re.compile(r"^```python[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
EVENT_IRI = "https://w3id.org/scokg/id/event/"


def recipes() -> list[str]:
    return [m.group(1) for m in BLOCK_RE.finditer(PAGE.read_text(encoding="utf-8"))]


def run_recipe(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_page_has_both_recipes() -> None:
    blocks = recipes()
    assert len(blocks) == 2
    assert "dist/scokg.ttl" in blocks[0]
    assert "parse_turtle_rdflib" in blocks[1]


def test_release_recipe_answers(tmp_path: Path) -> None:
    build_release(Project.discover(REPO), tmp_path / "dist")
    (tmp_path / "queries").symlink_to(REPO / "queries")
    result = run_recipe(recipes()[0], tmp_path)
    assert result.returncode == 0, result.stderr
    assert EVENT_IRI in result.stdout


def test_sources_recipe_answers() -> None:
    result = run_recipe(recipes()[1], REPO)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if EVENT_IRI in line]
    assert rows


def test_scokg_query_alone_does_not_entail(run_cli, tmp_path: Path) -> None:
    """What the page warns about: without the closure the standard question is empty."""
    query = REPO / "queries" / "standard" / "events.rq"
    env = {"SCOKG_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO / "src")}
    result = run_cli("query", "--file", str(query), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []
