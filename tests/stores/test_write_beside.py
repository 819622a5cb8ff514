"""The one "write beside, then rename into place" helper (scokg.atomic), used by the release,
the store cache and serve: whole folders only, and no work folder outlives its process."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from scokg.atomic import remove_abandoned, write_beside

Plant = Callable[..., Path]


def test_new_folder_replaces_the_old_one_whole(tmp_path: Path) -> None:
    target = tmp_path / "dist"
    target.mkdir()
    (target / "old.txt").write_text("old")

    with write_beside(target, mode=0o755) as work:
        assert work.parent == tmp_path and work.name.startswith(f".dist.build-{os.getpid()}-")
        (work / "new.txt").write_text("new")
        assert (target / "old.txt").exists()  # untouched until the body ends

    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]
    assert target.stat().st_mode & 0o777 == 0o755
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # nothing aside is left


def test_a_failing_body_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "dist"
    target.mkdir()
    (target / "old.txt").write_text("old")

    with pytest.raises(RuntimeError), write_beside(target) as work:
        (work / "new.txt").write_text("new")
        raise RuntimeError("the build failed")

    assert sorted(p.name for p in target.iterdir()) == ["old.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_without_replace_an_existing_target_wins(tmp_path: Path) -> None:
    """A content-addressed cache: another process built the same store meanwhile."""
    target = tmp_path / "store" / "fingerprint"

    with write_beside(target, replace=False) as work:
        (work / "ours").write_text("ours")
        target.mkdir()
        (target / "theirs").write_text("theirs")

    assert sorted(p.name for p in target.iterdir()) == ["theirs"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["fingerprint"]


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "dist"
    target.write_text("not a folder")

    with pytest.raises(NotADirectoryError), write_beside(target):
        pass

    assert target.read_text() == "not a folder"


def test_work_folders_of_dead_processes_are_removed_others_kept(
    tmp_path: Path, plant: Plant
) -> None:
    dead = plant(tmp_path, "dist")
    dead_old = plant(tmp_path, "dist", kind="old")
    alive = plant(tmp_path, "other", alive=True)
    unrelated = tmp_path / ".dist.build-notapid"
    unrelated.mkdir()

    removed = remove_abandoned(tmp_path)

    assert sorted(removed) == sorted([dead, dead_old])
    assert alive.is_dir() and unrelated.is_dir()


def test_the_next_write_removes_what_a_killed_one_left(tmp_path: Path, plant: Plant) -> None:
    target = tmp_path / "dist"
    left = plant(tmp_path, "dist")
    other_target = plant(tmp_path, "elsewhere")

    with write_beside(target) as work:
        (work / "file").write_text("x")

    assert not left.exists()
    assert other_target.exists()  # only the target's own work folders are its business
