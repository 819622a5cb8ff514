"""A command-line argument that must be text but holds a byte that is not UTF-8 is a usage
error naming the argument (exit 2), never an internal error (scokg.cli.check_text_arguments).
Python hands such a byte over as a lone surrogate (PEP 383): "\\udcff" here is the byte 0xff.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]
BAD = "\udcff"  # the byte 0xff on the command line

CASES = {
    "query -e": (["query", "-e", f'SELECT * {{ ?s ?p "{BAD}" }}'], "-e/--expression"),
    "query NAME": (["query", f"post{BAD}"], "NAME"),
    "describe THING": (["describe", f"x{BAD}"], "THING"),
    "new-document --id": (["new-document", "-", "--id", f"x{BAD}"], "--id"),
    "new-document --url": (
        ["new-document", "-", "--id", "x", "--url", f"https://example.org/{BAD}"],
        "--url",
    ),
    "new-document --publisher": (
        ["new-document", "-", "--id", "x", "--publisher", f"https://example.org/{BAD}"],
        "--publisher",
    ),
    "new-document --language": (
        ["new-document", "-", "--id", "x", "--language", BAD],
        "--language",
    ),
    "new-document --title": (["new-document", "-", "--id", "x", "--title", f"T{BAD}"], "--title"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_non_utf8_byte_in_a_text_argument_is_a_usage_error(
    case: str, tmp_project: Path, run_cli: Run
) -> None:
    args, name = CASES[case]
    before = sorted(p.relative_to(tmp_project) for p in tmp_project.rglob("*"))

    result = run_cli("--data", str(tmp_project), *args)

    assert result.returncode == 2, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"scokg: error: {name} "), result.stderr
    assert "a byte that is not UTF-8 (\\xff)" in first
    assert "\\udcff" not in result.stderr and "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_project) for p in tmp_project.rglob("*")) == before


def test_a_non_utf8_byte_in_a_file_name_is_not_refused_as_text(
    tmp_project: Path, run_cli: Run
) -> None:
    """File names may hold any byte: the file is looked for (and here not found)."""
    result = run_cli("--data", str(tmp_project), "query", "-f", str(tmp_project / f"q{BAD}.rq"))

    assert result.returncode == 2, result.stderr
    assert "not UTF-8" not in result.stderr and "internal error" not in result.stderr
