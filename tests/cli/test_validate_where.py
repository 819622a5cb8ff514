"""Which project ``scokg validate`` checks, and how ``--verbose`` says where it was found:
with no project at or above the current folder, validate refuses (exit 2) instead of
validating the bundled dataset, unless ``--data`` or ``--bundled`` names one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.cli import scokg_in as scokg
from scokg.project import bundled_root, find_project_root


@pytest.fixture
def nowhere(tmp_path: Path) -> Path:
    empty = tmp_path / "nothing" / "here"
    empty.mkdir(parents=True)
    if find_project_root(empty) is not None:
        pytest.fail(f"the temporary folder {empty} lies inside a project: cannot test")
    return empty


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_with_no_project_refuses_and_says_what_to_do(nowhere: Path, fmt: str) -> None:
    run = scokg(nowhere, "validate", "--format", fmt)
    assert run.returncode == 2
    assert run.stdout == ""  # no report of some other project
    assert run.stderr.startswith(f"scokg: error: no scokg project here or above {nowhere}\n")
    for way in ("--data DIR", "scokg init DIR", "--bundled"):
        assert way in run.stderr
    assert "Traceback" not in run.stderr


def test_bundled_option_validates_the_bundled_dataset(nowhere: Path) -> None:
    run = scokg(nowhere, "--verbose", "validate", "--bundled", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["conforms"] is True
    assert f"using the bundled dataset ({bundled_root()}) (given with --bundled)" in run.stderr
    quiet = scokg(nowhere, "validate", "--bundled")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_bundled_and_data_together_are_a_usage_error(nowhere: Path, tmp_project: Path) -> None:
    run = scokg(nowhere, "--data", str(tmp_project), "validate", "--bundled")
    assert run.returncode == 2
    assert run.stderr.startswith("scokg: error: --bundled and --data name two different")


def test_data_option_still_works_with_no_project_here(nowhere: Path, tmp_project: Path) -> None:
    run = scokg(nowhere, "--data", str(tmp_project), "validate", "--format", "json")
    assert run.returncode in (0, 1), run.stderr  # the minimal project lacks provenance
    assert "no scokg project here" not in run.stderr
    assert json.loads(run.stdout)["checks"]["syntax"]["run"] is True


def test_verbose_says_how_the_project_was_found(nowhere: Path, tmp_project: Path) -> None:
    option = scokg(nowhere, "--verbose", "--data", str(tmp_project), "stats")
    assert f"scokg: using the project in {tmp_project} (given with --data)" in option.stderr
    folder = scokg(tmp_project / "data", "--verbose", "stats")
    assert (
        f"scokg: using the project in {tmp_project} (found at {tmp_project}: "
        "it holds ontology/ and data/)" in folder.stderr
    )
    (tmp_project / "scokg.toml").write_text("format = 1\n")
    marker = scokg(tmp_project / "data", "--verbose", "stats")
    assert f"(found at {tmp_project / 'scokg.toml'})" in marker.stderr
    bundled = scokg(nowhere, "--verbose", "query", "--list")
    assert bundled.returncode == 0, bundled.stderr
    assert f"using the bundled dataset ({bundled_root()})" in bundled.stderr
    for run in (option, folder, marker, bundled):
        assert "using" not in run.stdout
