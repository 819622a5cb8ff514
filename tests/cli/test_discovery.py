"""Project discovery, as git and ruff do it: ``--data``, else the nearest project at or above
the current directory, else the bundled dataset; the user is told which one is used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.cli import scokg_in as scokg
from scokg.project import MARKER_FILE, Project, bundled_root, find_project_root


@pytest.fixture
def deep(tmp_project: Path) -> Path:
    """A subfolder two levels inside the project (which gets an empty shapes file)."""
    shapes = tmp_project / "ontology" / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n")
    folder = tmp_project / "data" / "documents" / "notes"
    folder.mkdir(parents=True)
    return folder


COMMANDS = [
    ("stats", "--format", "json"),
    ("validate", "--format", "json"),
    ("describe", "doc-x", "--format", "json"),
    ("query", "lookup", "--param", "text=X", "--format", "json"),
    ("query", "--list"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_each_command_uses_the_project_it_stands_in(
    tmp_project: Path, deep: Path, command: tuple[str, ...]
) -> None:
    named = scokg(tmp_project.parent, "--data", str(tmp_project), *command)
    assert named.returncode in (0, 1), named.stderr  # 1: the minimal data lacks provenance
    assert named.stdout.strip()
    for where in (tmp_project, deep):
        found = scokg(where, *command)
        assert (found.returncode, found.stdout) == (named.returncode, named.stdout), where


def test_the_project_found_is_not_the_bundled_one(tmp_project: Path, deep: Path) -> None:
    inside = json.loads(scokg(deep, "stats", "--format", "json").stdout)
    bundled = json.loads(scokg(bundled_root(), "stats", "--format", "json").stdout)
    assert inside["total_triples"] != bundled["total_triples"]
    described = scokg(deep, "describe", "doc-x")
    assert described.returncode == 0 and "X" in described.stdout


def test_a_broken_file_of_the_found_project_is_reported(tmp_project: Path, deep: Path) -> None:
    """The issue's case: a syntax error in the copy must fail, not validate the original."""
    broken = tmp_project / "data" / "entities.ttl"
    broken.write_text(broken.read_text() + "\nthis is not turtle <<\n")
    out = tmp_project.parent / "out"  # not inside data/: build refuses that (issue 19)
    for command in (("validate",), ("stats",), ("build", "--out", str(out))):
        run = scokg(deep, *command)
        assert run.returncode != 0, command
        assert str(broken) in run.stderr, (command, run.stderr)
        assert "Traceback" not in run.stderr


def test_the_project_used_is_named_when_it_is_not_the_current_folder(
    tmp_project: Path, deep: Path
) -> None:
    from_sub = scokg(deep, "validate")
    assert f"scokg: using the project in {tmp_project}" in from_sub.stderr
    from_root = scokg(tmp_project, "validate")
    assert "scokg: using" not in from_root.stderr
    # stats and --verbose always name it, on stderr (stdout stays the data)
    for run in (scokg(tmp_project, "stats"), scokg(tmp_project, "--verbose", "validate")):
        assert f"scokg: using the project in {tmp_project}" in run.stderr
        assert "using the project" not in run.stdout


def test_no_project_here_or_above_uses_the_bundled_dataset_and_says_so(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "nothing" / "here"
    empty.mkdir(parents=True)
    if find_project_root(empty) is not None:
        pytest.fail(f"the temporary folder {empty} lies inside a project: cannot test")
    run = scokg(empty, "query", "--list")
    assert run.returncode == 0, run.stderr
    assert "no scokg project here or above; using the bundled dataset" in run.stderr
    assert str(bundled_root()) in run.stderr


def test_the_marker_file_makes_a_project_without_an_ontology(tmp_path: Path) -> None:
    root = tmp_path / "mine"
    (root / "data").mkdir(parents=True)
    (root / MARKER_FILE).write_text('name = "mine"\n')
    (root / "sub").mkdir()
    assert find_project_root(root / "sub") == root.resolve()
    located = Project.locate(cwd=root / "sub")
    assert located.how == "found" and located.project.root == root.resolve()
    # no ontology of its own: it borrows the bundled one
    assert located.project.ontology_dir == bundled_root() / "ontology"


def test_the_nearest_project_wins(tmp_project: Path) -> None:
    inner = tmp_project / "data" / "nested"
    (inner / "ontology").mkdir(parents=True)
    (inner / "data").mkdir()
    assert find_project_root(inner / "data") == inner.resolve()
    assert find_project_root(tmp_project / "data") == tmp_project.resolve()


def test_data_option_wins_over_the_current_folder(tmp_project: Path, tmp_path: Path) -> None:
    located = Project.locate(bundled_root(), cwd=tmp_project)
    assert located.how == "option" and located.project.root == bundled_root()
    assert located.describe(cwd=tmp_project) is None


def test_a_marker_without_data_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "half"
    (root / "sub").mkdir(parents=True)
    (root / MARKER_FILE).write_text('name = "half"\n')
    run = scokg(root / "sub", "validate")
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(f"scokg: error: the scokg project in {root} has no data/")
    assert "hint: create data/ beside scokg.toml" in run.stderr
