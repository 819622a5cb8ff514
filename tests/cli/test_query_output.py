"""Query output people read: one line per table row, widths, --labels, predeclared prefixes.

Each test runs the real CLI in a subprocess (``python -m scokg``), as a user would.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from helpers.project import write_project

Run = Callable[..., subprocess.CompletedProcess[str]]
ROOT = Path(__file__).resolve().parents[2]
ROW_COUNT_RE = re.compile(r"^(\d+) rows?$", re.MULTILINE)


@pytest.fixture
def scokg(run_cli: Run, tmp_path: Path) -> Run:
    """``scokg`` with its store cache in tmp, so tests never write into the checkout."""
    cache = tmp_path / "cache"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env={"SCOKG_CACHE_DIR": str(cache), "COLUMNS": "80"})

    return run


def data_lines(table: str) -> list[str]:
    """The lines of a table's body: those between the header rule and the bottom border."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    return lines[start + 1 : end]


def assert_one_line_per_row(out: str) -> list[str]:
    match = ROW_COUNT_RE.search(out)
    assert match, out
    body = data_lines(out)
    assert len(body) == int(match.group(1)), out
    assert all(line.startswith("│") and line.endswith("│") for line in body), out
    return body


def literal_project(root: Path, objects: list[str]) -> Path:
    write_project(root)
    lines = ["@prefix ex: <https://example.org/t/> ."]
    lines += [f"ex:s{i} ex:p {o} ." for i, o in enumerate(objects)]
    (root / "data" / "t.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


OBJECTS_QUERY = "SELECT ?s ?o WHERE { ?s <https://example.org/t/p> ?o } ORDER BY ?s"


# --- 1. one line per row --------------------------------------------------------------------


def demo_query_args() -> list[str]:
    """The arguments of the ``scokg query`` line of ``make demo`` (read from the Makefile)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    line = next(x for x in recipe.splitlines() if "/scokg query" in x)
    return shlex.split(line.split("/scokg ", 1)[1])


def test_make_demo_query_shows_one_line_per_row(scokg: Run) -> None:
    result = scokg(*demo_query_args())

    assert result.returncode == 0, result.stderr
    (row,) = assert_one_line_per_row(result.stdout)
    assert "Astana (place:astana)" in row
    assert "UN Office on Drugs and Crime (organisation:unodc)" in row


def test_every_row_is_one_line(scokg: Run) -> None:
    result = scokg("query", "meeting-participants")

    assert result.returncode == 0, result.stderr
    body = assert_one_line_per_row(result.stdout)
    assert any("Vladimir Norov (person:vladimir-norov)" in line for line in body)


def test_line_breaks_and_tabs_in_a_literal_are_shown_escaped(scokg: Run, tmp_path: Path) -> None:
    project = literal_project(tmp_path / "p", ['"one\\ntwo"', '"cr\\rhere"', '"a\\tb"'])

    result = scokg("--data", str(project), "query", "-e", OBJECTS_QUERY)

    assert result.returncode == 0, result.stderr
    body = assert_one_line_per_row(result.stdout)
    assert "one\\ntwo" in body[0] and "cr\\rhere" in body[1] and "a\\tb" in body[2]
    assert "\r" not in result.stdout and "\t" not in result.stdout
