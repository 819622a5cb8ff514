"""The store cache key comes from file metadata; content is hashed again only when a file's
size, mtime, inode or ctime changed (scokg.stores.fingerprint)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers.queries import project_copy  # noqa: F401
from helpers.rdfshow import shown_rows
from scokg.engines.embedded import EmbeddedEngine
from scokg.project import Project
from scokg.queries import run_query
from scokg.stores import cache as cache_module
from scokg.stores.cache import source_files, sources_fingerprint, store_path
from scokg.stores.fingerprint import (
    INDEX_NAME,
    QUICK_NAME,
    RACY_ENV_VAR,
    SourceFile,
    fingerprint,
    read_index,
)

DOC = "data/documents/sectsco-20200303-639652.ttl"
DATE = '"2011-06-14"^^xsd:date'


@pytest.fixture(autouse=True)
def _racy_rule_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests count hashes of files they have just written, which the racy-file rule
    (tested in test_racy_files.py) would hash again on every run."""
    monkeypatch.setenv(RACY_ENV_VAR, "0")


def _signed(root: Path, cache: Path) -> list[str | None]:
    project = Project.discover(root)
    result = run_query(project, "agreements-between", {}, EmbeddedEngine(project, cache_dir=cache))
    return [row[4] for row in shown_rows(result)]


def test_a_warm_key_reads_no_file(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    project = Project.discover(project_copy)
    cache = tmp_path / "cache"
    first = sources_fingerprint(project, cache)
    assert first.hashed == len(source_files(project)) > 0
    again = sources_fingerprint(project, cache)
    assert again.key == first.key and again.hashed == 0
    # the index says, per file, the metadata it trusts and the content hash
    entries = read_index(cache)
    doc = str((project_copy / DOC).absolute())
    st = (project_copy / DOC).stat()
    assert entries[doc][:4] == [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def test_touching_a_file_rehashes_it_and_keeps_the_store(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    assert _signed(project_copy, cache) == [DATE]
    store = store_path(Project.discover(project_copy), cache)
    marker = store / "scokg-test-marker"
    marker.write_text("still here")
    doc = project_copy / DOC
    old = doc.stat()
    os.utime(doc, ns=(old.st_atime_ns, old.st_mtime_ns + 5_000_000_000))

    key = sources_fingerprint(Project.discover(project_copy), cache)
    assert key.hashed == 1  # only the touched file was read again
    assert _signed(project_copy, cache) == [DATE]
    assert store_path(Project.discover(project_copy), cache) == store
    assert marker.exists(), "a touched but unchanged file must not rebuild the store"
    assert read_index(cache)[str(doc.absolute())][1] == doc.stat().st_mtime_ns


def test_same_size_edit_with_the_mtime_put_back_is_seen(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    """The known limit of metadata keys: ctime cannot be put back, so the edit is seen."""
    cache = tmp_path / "cache"
    assert _signed(project_copy, cache) == [DATE]
    doc = project_copy / DOC
    before = doc.stat()
    text = doc.read_text(encoding="utf-8")
    edited = text.replace('"2011-06-14"^^xsd:date', '"2011-06-15"^^xsd:date')
    assert edited != text and len(edited.encode()) == len(text.encode())
    doc.write_text(edited, encoding="utf-8")
    os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = doc.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    assert _signed(project_copy, cache) == ['"2011-06-15"^^xsd:date']


def test_a_changed_file_gives_a_new_key(tmp_path: Path) -> None:
    path = tmp_path / "a.ttl"
    path.write_text("one")
    files = [SourceFile("a.ttl", path)]
    first = fingerprint(files, tmp_path / "c")
    path.write_text("two, longer")
    second = fingerprint(files, tmp_path / "c")
    assert second.key != first.key and second.hashed == 1
    path.write_text("one")
    assert fingerprint(files, tmp_path / "c").key == first.key


def test_the_key_does_not_depend_on_the_index(tmp_path: Path) -> None:
    """With the index, without it, and with a broken one: the same key."""
    path = tmp_path / "a.ttl"
    path.write_text("content")
    files = [SourceFile("a.ttl", path)]
    cache = tmp_path / "c"
    indexed = fingerprint(files, cache).key
    assert fingerprint(files, None).key == indexed
    (cache / INDEX_NAME).write_text("{not json")
    assert fingerprint(files, cache).key == indexed
    assert json.loads((cache / INDEX_NAME).read_text())["files"], "a broken index is rewritten"
    (cache / INDEX_NAME).write_text(json.dumps({"version": "other", "files": {"x": 1}}))
    assert fingerprint(files, cache).hashed == 1


def test_two_copies_of_a_project_share_their_key(project_copy: Path, tmp_path: Path) -> None:  # noqa: F811
    other = tmp_path / "other"
    os.rename(project_copy, other)
    moved = sources_fingerprint(Project.discover(other), tmp_path / "c1").key
    os.rename(other, project_copy)
    assert sources_fingerprint(Project.discover(project_copy), tmp_path / "c2").key == moved


def test_in_memory_mode_builds_no_store_and_answers_the_same(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SCOKG_IN_MEMORY_MAX_BYTES", str(10**9))
    cache = tmp_path / "cache"
    assert _signed(project_copy, cache) == [DATE]
    assert not (cache / "store").exists()
    monkeypatch.setenv("SCOKG_IN_MEMORY_MAX_BYTES", "1")  # larger than that: the disk store
    assert _signed(project_copy, cache) == [DATE]
    assert (cache / "store").is_dir()


def _quick_taken(project: Project, cache: Path) -> bool:
    """Whether a key is answered by the quick path: a broken index stays broken then (the
    full path reads it and writes it back whole)."""
    (cache / INDEX_NAME).write_text("{broken")
    sources_fingerprint(project, cache)
    return (cache / INDEX_NAME).read_text() == "{broken"


def test_an_unchanged_listing_gives_the_key_without_the_file_list(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    project = Project.discover(project_copy)
    cache = tmp_path / "cache"
    first = sources_fingerprint(project, cache)
    assert (cache / QUICK_NAME).is_file()
    again = sources_fingerprint(project, cache)
    assert (again.key, again.size, again.hashed) == (first.key, first.size, 0)
    assert _quick_taken(project, cache)
    # and the quick answer is the full computation's answer
    assert fingerprint(source_files(project), None).key == first.key


@pytest.mark.parametrize("change", ["add", "remove", "rename", "edit-same-size", "folder"])
def test_any_change_in_a_watched_folder_misses_the_quick_key(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
    change: str,
) -> None:
    project = Project.discover(project_copy)
    cache = tmp_path / "cache"
    first = sources_fingerprint(project, cache)
    doc = project_copy / DOC
    if change == "add":
        (doc.parent / "zz-new.ttl").write_text("# an empty document\n", encoding="utf-8")
    elif change == "remove":
        doc.unlink()
    elif change == "rename":
        doc.rename(doc.with_name("renamed.ttl"))
    elif change == "edit-same-size":
        before = doc.stat()
        text = doc.read_text(encoding="utf-8").replace("2011-06-14", "2011-06-15")
        doc.write_text(text, encoding="utf-8")
        os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))
    else:
        (project_copy / "data" / "notes").mkdir()  # not an input, but the listing changed
    assert not _quick_taken(project, cache)
    second = sources_fingerprint(project, cache)
    assert second.key == fingerprint(source_files(project), None).key
    assert (second.key == first.key) is (change == "folder")


def test_the_quick_key_is_not_stored_for_inputs_outside_the_watched_folders(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    project = Project.discover(project_copy)
    cache = tmp_path / "cache"
    # pretend the documents folder is not watched: its files could change unseen
    monkeypatch.setattr(
        cache_module,
        "_watched_folders",
        lambda p: [p.root, p.ontology_dir, p.data_dir, p.data_dir / "sources"],
    )
    sources_fingerprint(project, cache)
    assert not (cache / QUICK_NAME).exists()
    assert not _quick_taken(project, cache)


def test_the_cache_folder_inside_the_project_does_not_defeat_the_quick_key(
    project_copy: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SCOKG_CACHE_DIR", raising=False)
    project = Project.discover(project_copy)
    cache = project_copy / ".scokg"
    first = sources_fingerprint(project)  # writes into <root>/.scokg, an entry of the root
    assert (cache / QUICK_NAME).is_file()
    assert _quick_taken(project, cache)
    assert sources_fingerprint(project).key == first.key
