"""The embedded store is cached on disk per version of the sources, and rebuilt when a
source changes or the cache is deleted."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from helpers.queries import project_copy  # noqa: F401
from helpers.rdfshow import shown_rows
from scokg.engines.embedded import EmbeddedEngine
from scokg.project import Project
from scokg.queries import run_query
from scokg.stores.cache import store_path

DOC = "data/documents/sectsco-20200303-639652.ttl"
Run = Callable[..., subprocess.CompletedProcess[str]]
KillMidBuild = Callable[..., list[str]]


def _signed(root: Path, cache: Path) -> list[str | None]:
    """Signing dates the agreements-between query answers, through a fresh engine."""
    project = Project.discover(root)
    result = run_query(project, "agreements-between", {}, EmbeddedEngine(project, cache_dir=cache))
    return [row[4] for row in shown_rows(result)]


def test_store_is_built_once_and_reused(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    project = Project.discover(project_copy)

    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']
    path = store_path(project, cache)
    assert path.is_dir()
    marker = path / "scokg-test-marker"
    marker.write_text("still here")

    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']
    assert marker.exists(), "an unchanged project must reuse its store"
    assert [p.name for p in (cache / "store").iterdir()] == [path.name]


def test_editing_a_data_file_changes_the_next_answer(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']
    old = store_path(Project.discover(project_copy), cache)

    doc = project_copy / DOC
    doc.write_text(
        doc.read_text(encoding="utf-8").replace('"2011-06-14"^^xsd:date', '"2011-06-15"^^xsd:date'),
        encoding="utf-8",
    )

    assert _signed(project_copy, cache) == ['"2011-06-15"^^xsd:date']
    new = store_path(Project.discover(project_copy), cache)
    assert new != old
    # the stale store is removed, and no temporary build folder is left behind
    assert [p.name for p in (cache / "store").iterdir()] == [new.name]


def test_deleting_the_cache_rebuilds_it(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    cache = tmp_path / "cache"
    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']

    shutil.rmtree(cache)

    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']
    assert store_path(Project.discover(project_copy), cache).is_dir()


def test_unwritable_cache_falls_back_to_memory(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")

    assert _signed(project_copy, blocker) == ['"2011-06-14"^^xsd:date']


def test_cli_uses_the_project_cache_folder(project_copy: Path, run_cli) -> None:  # noqa: F811
    result = run_cli("--data", str(project_copy), "query", "timeline", "--format", "csv")

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 4
    assert store_path(Project.discover(project_copy)).is_dir()
    assert store_path(Project.discover(project_copy)).is_relative_to(project_copy / ".scokg")


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def test_a_build_killed_outright_is_cleaned_up_by_the_next_run(
    big_project: Path, tmp_path: Path, run_cli: Run, kill_mid_build: KillMidBuild
) -> None:
    cache = tmp_path / "cache"
    env = {"SCOKG_CACHE_DIR": str(cache)}
    args = ["--data", str(big_project), "query", "-e", COUNT, "--format", "csv"]

    left = kill_mid_build(args, env, cache / "store")

    assert left, "SIGKILL gives no chance to clean up: the work folder stays behind"
    after = run_cli(*args, env=env)
    assert after.returncode == 0, after.stderr
    assert int(after.stdout.splitlines()[1]) > 20_000
    final = store_path(Project.discover(big_project), cache)
    assert sorted(p.name for p in (cache / "store").iterdir()) == [final.name]


def test_a_stale_work_folder_of_a_dead_process_goes_even_when_the_store_exists(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
    plant: Callable[..., Path],
) -> None:
    cache = tmp_path / "cache"
    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']
    final = store_path(Project.discover(project_copy), cache)
    stale = plant(final.parent, "0123abcd")
    running = plant(final.parent, "4567cdef", alive=True)  # a build in progress right now

    assert _signed(project_copy, cache) == ['"2011-06-14"^^xsd:date']
    assert not stale.exists()
    assert running.exists()
