"""Racy files (scokg.stores.fingerprint): a file changed too recently for its metadata to
vouch for its content is hashed again, so a write that moves neither size, mtime, inode nor
ctime (a second write through a shared mmap to a page that is still dirty) is still seen.
"""

from __future__ import annotations

import mmap
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scokg.project import Project
from scokg.stores.cache import sources_fingerprint
from scokg.stores.fingerprint import (
    QUICK_NAME,
    RACY_ENV_VAR,
    RACY_SECONDS,
    SourceFile,
    fingerprint,
    read_index,
)

Run = Callable[..., subprocess.CompletedProcess[str]]
LABELS = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"


def test_a_second_mmap_write_to_a_dirty_page_is_seen_by_the_warm_answer(
    tmp_project: Path, tmp_path: Path, run_cli: Run
) -> None:
    """The breaker's reproduction: write through a shared mmap, no msync, two writes to the
    same page; after each, the warm answer must be the fresh-cache answer."""
    args = ["--data", str(tmp_project), "query", "-e", LABELS, "--format", "csv"]
    warm = {"SCOKG_CACHE_DIR": str(tmp_path / "warm")}
    first = run_cli(*args, env=warm)
    assert first.returncode == 0, first.stderr
    assert "Org A" in first.stdout
    path = tmp_project / "data" / "entities.ttl"
    with path.open("r+b") as handle, mmap.mmap(handle.fileno(), 0) as mapped:
        at = mapped.find(b'"Org A"') + 5
        answers = []
        for n, letter in enumerate(b"CD"):
            before = os.stat(path)
            mapped[at] = letter  # no flush (msync) between the writes
            if n == 1:  # the case under test: the dirty page took no new fault
                after = os.stat(path)
                assert (after.st_mtime_ns, after.st_ctime_ns, after.st_size) == (
                    before.st_mtime_ns,
                    before.st_ctime_ns,
                    before.st_size,
                )
            warm_answer = run_cli(*args, env=warm)
            fresh = run_cli(*args, env={"SCOKG_CACHE_DIR": str(tmp_path / f"fresh-{n}")})
            assert warm_answer.returncode == fresh.returncode == 0, warm_answer.stderr
            assert f"Org {chr(letter)}" in fresh.stdout
            answers.append(warm_answer.stdout)
            assert warm_answer.stdout == fresh.stdout
    assert answers[0] != answers[1]


def _files(root: Path) -> list[SourceFile]:
    return [SourceFile(p.name, p) for p in sorted(root.glob("*.ttl"))]


def test_a_racy_file_is_hashed_again_until_hashed_a_window_after_its_change(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:p> 1 .\n", encoding="utf-8")
    (tmp_path / "b.ttl").write_text("<urn:b> <urn:p> 2 .\n", encoding="utf-8")
    files, cache = _files(tmp_path), tmp_path / "cache"
    now = time.time_ns()
    later = now + (RACY_SECONDS + 1) * 10**9  # a run a whole window after both changes

    first = fingerprint(files, cache, taken_ns=now)
    assert (first.hashed, first.racy) == (2, 2)
    assert all(entry[5] is True for entry in read_index(cache).values())
    again = fingerprint(files, cache, taken_ns=now)  # metadata unchanged, still re-read
    assert (again.key, again.hashed, again.racy) == (first.key, 2, 2)

    settled = fingerprint(files, cache, taken_ns=later)
    assert (settled.key, settled.hashed, settled.racy) == (first.key, 2, 0)
    assert all(entry[5] is False for entry in read_index(cache).values())
    trusted = fingerprint(files, cache, taken_ns=later)
    assert (trusted.key, trusted.hashed, trusted.racy) == (first.key, 0, 0)


def test_only_the_racy_file_is_hashed_again(tmp_path: Path) -> None:
    (tmp_path / "a.ttl").write_text("<urn:a> <urn:p> 1 .\n", encoding="utf-8")
    (tmp_path / "b.ttl").write_text("<urn:b> <urn:p> 2 .\n", encoding="utf-8")
    files, cache = _files(tmp_path), tmp_path / "cache"
    later = time.time_ns() + (RACY_SECONDS + 1) * 10**9
    fingerprint(files, cache, taken_ns=later)
    (tmp_path / "b.ttl").write_text("<urn:b> <urn:p> 3 .\n", encoding="utf-8")

    changed = fingerprint(_files(tmp_path), cache)  # b.ttl was just written: racy
    assert (changed.hashed, changed.racy) == (1, 1)
    again = fingerprint(_files(tmp_path), cache)  # a.ttl trusted, b.ttl read again
    assert (again.key, again.hashed, again.racy) == (changed.key, 1, 1)
    assert fingerprint(_files(tmp_path), None).key == changed.key


def test_the_quick_key_is_not_stored_while_an_input_is_racy(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project.discover(tmp_project)
    racy = sources_fingerprint(project, tmp_path / "c1")  # every file was just written
    assert racy.racy > 0
    assert not (tmp_path / "c1" / QUICK_NAME).exists()

    monkeypatch.setenv(RACY_ENV_VAR, "0")  # the rule off: the same call stores the quick key
    off = sources_fingerprint(project, tmp_path / "c2")
    assert (off.key, off.racy) == (racy.key, 0)
    assert (tmp_path / "c2" / QUICK_NAME).is_file()
