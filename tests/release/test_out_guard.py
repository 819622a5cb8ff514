"""``scokg build --out`` never replaces the project, its inputs or unrelated files (issue 19)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scokg.errors import UsageError
from scokg.project import Project
from scokg.release.outguard import check_out_folder

Run = Callable[..., subprocess.CompletedProcess[str]]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "out",
    [".", "data", "data/documents", "data/new", "ontology", "..", "queries", "ontology/sub"],
)
def test_build_refuses_an_out_that_would_destroy_the_project(
    tmp_project: Path, run_cli: Run, out: str
) -> None:
    (tmp_project / "queries").mkdir()
    (tmp_project / "queries" / "q.rq").write_text("SELECT * {}\n", encoding="utf-8")
    before = _snapshot(tmp_project.parent)
    target = tmp_project / out
    proc = run_cli("--data", str(tmp_project), "build", "--quiet", "--out", str(target))
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("scokg: error: --out"), proc.stderr
    assert "choose another --out" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _snapshot(tmp_project.parent) == before


def test_build_refuses_a_symlink_to_the_project(tmp_project: Path, run_cli: Run) -> None:
    link = tmp_project.parent / "link"
    link.symlink_to(tmp_project / "data")
    before = _snapshot(tmp_project)
    proc = run_cli("--data", str(tmp_project), "build", "--quiet", "--out", str(link))
    assert proc.returncode == 2
    assert _snapshot(tmp_project) == before


def test_build_refuses_a_non_empty_folder_that_is_not_a_build(
    tmp_project: Path, run_cli: Run
) -> None:
    notes = tmp_project.parent / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("keep me\n", encoding="utf-8")
    proc = run_cli("--data", str(tmp_project), "build", "--quiet", "--out", str(notes))
    assert proc.returncode == 2
    assert "not an earlier scokg build" in proc.stderr
    assert (notes / "todo.txt").read_text(encoding="utf-8") == "keep me\n"


def test_an_extension_file_listed_outside_ontology_is_protected(tmp_project: Path) -> None:
    ext = tmp_project / "vocab" / "acme.ttl"
    ext.parent.mkdir()
    ext.write_text("", encoding="utf-8")
    (tmp_project / "scokg.toml").write_text(
        '[ontology]\nfiles = ["vocab/acme.ttl"]\n', encoding="utf-8"
    )
    project = Project.discover(tmp_project)
    if ext.resolve() not in [p.resolve() for p in project.ontology_files]:
        pytest.fail(f"scokg.toml [ontology] files not read: {project.ontology_files}")
    with pytest.raises(UsageError, match="input file"):
        check_out_folder(project, tmp_project / "vocab")


@pytest.mark.parametrize("marker", ["SHA256SUMS", "void.ttl"])
def test_an_earlier_build_an_empty_or_a_new_folder_is_accepted(
    tmp_project: Path, marker: str
) -> None:
    project = Project.discover(tmp_project)
    earlier = tmp_project / "dist"
    earlier.mkdir()
    (earlier / marker).write_text("", encoding="utf-8")
    (earlier / "scokg.ttl").write_text("", encoding="utf-8")
    assert check_out_folder(project, earlier) == earlier.resolve()
    empty = tmp_project.parent / "empty"
    empty.mkdir()
    assert check_out_folder(project, empty) == empty.resolve()
    assert (
        check_out_folder(project, tmp_project / "new" / "out")
        == (tmp_project / "new" / "out").resolve()
    )
