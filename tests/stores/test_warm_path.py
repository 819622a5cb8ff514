"""The warm path of `scokg query`: the project listing (scokg.project.scan_files), the
cache key's invalidation rules seen through the CLI (a warm answer equals a cold one after
any change), and what a warm csv answer leaves unimported."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.queries import project_copy  # noqa: F401
from scokg.errors import DataError
from scokg.project import Project, scan_files, scan_names
from scokg.stores.cache import sources_fingerprint, store_path
from scokg.stores.fingerprint import INDEX_NAME, QUICK_NAME, RACY_ENV_VAR

DOC = "data/documents/sectsco-20200303-639652.ttl"
GRAPHS = (
    "SELECT ?g (COUNT(*) AS ?n) ?date WHERE { GRAPH ?g { ?s ?p ?o } "
    "OPTIONAL { GRAPH ?g { ?x <https://w3id.org/scokg/ontology#date> ?date } } } "
    "GROUP BY ?g ?date ORDER BY ?g ?date"
)

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(autouse=True)
def _racy_rule_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests count hashes of files they have just written, which the racy-file rule
    (tested in test_racy_files.py) would hash again on every run."""
    monkeypatch.setenv(RACY_ENV_VAR, "0")


def test_scan_files_lists_what_glob_lists_sorted_with_each_stat(tmp_path: Path) -> None:
    for name in ("b.ttl", "a.ttl", ".hidden.ttl", "A.TTL", "notes.txt", "c.ttl.bak"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    expected = sorted(tmp_path.glob("*.ttl"), key=lambda p: p.name)

    found = scan_files(tmp_path, ".ttl")

    assert [p for p, _ in found] == expected
    assert [str(p) for p, _ in found] == [os.path.join(tmp_path, p.name) for p in expected]
    assert [st.st_ino for _, st in found] == [p.stat().st_ino for p in expected]
    assert scan_names(tmp_path, ".ttl") == [(p.name, st) for p, st in found]
    assert scan_files(tmp_path / "absent", ".ttl") == []


def test_every_ttl_of_data_sources_is_still_checked(project_copy: Path) -> None:  # noqa: F811
    """Only ``*.meta.ttl`` become graphs, but any other ``*.ttl`` there must be a file."""
    (project_copy / "data" / "sources" / "stray.ttl").mkdir()
    with pytest.raises(DataError, match=r"stray\.ttl is a folder"):
        Project.discover(project_copy).sources()


def test_a_touched_unchanged_file_misses_the_quick_key_and_keeps_key_and_store(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    project = Project.discover(project_copy)
    store = store_path(project, cache)
    store.mkdir(parents=True)
    first = sources_fingerprint(project, cache)
    quick = (cache / QUICK_NAME).read_text(encoding="utf-8")
    doc = project_copy / DOC
    st = doc.stat()
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns + 3_000_000_000))

    again = sources_fingerprint(project, cache)

    assert again.hashed == 1  # the quick key missed: the touched file alone was read again
    assert again.key == first.key and store_path(project, cache) == store
    assert (cache / QUICK_NAME).read_text(encoding="utf-8") != quick  # the new listing kept
    assert sources_fingerprint(project, cache).hashed == 0
    assert (cache / INDEX_NAME).is_file()


def _change(root: Path, change: str) -> None:
    doc = root / DOC
    if change == "edit-same-size-mtime-restored":
        before = doc.stat()
        text = doc.read_text(encoding="utf-8")
        edited = text.replace("2011-06-14", "2011-06-15")
        assert edited != text and len(edited.encode()) == len(text.encode())
        doc.write_text(edited, encoding="utf-8")
        os.utime(doc, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = doc.stat()
        assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    elif change == "edit-in-place":
        with doc.open("a", encoding="utf-8") as handle:
            handle.write("\n# a comment, and a triple\n<urn:x:a> <urn:x:b> <urn:x:c> .\n")
    elif change == "add":
        text = doc.read_text(encoding="utf-8")
        (doc.parent / "zz-added.ttl").write_text(text, encoding="utf-8")
    elif change == "remove":
        doc.unlink()
    elif change == "rename":
        doc.rename(doc.with_name("zz-renamed.ttl"))
    else:
        raise AssertionError(change)


@pytest.mark.parametrize(
    "change", ["edit-same-size-mtime-restored", "edit-in-place", "add", "remove", "rename"]
)
def test_a_warm_answer_after_a_change_is_the_cold_answer(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
    run_cli: Run,
    change: str,
) -> None:
    args = ["--data", str(project_copy), "query", "-e", GRAPHS, "--format", "csv"]
    warm = {"SCOKG_CACHE_DIR": str(tmp_path / "warm")}
    before = run_cli(*args, env=warm)
    assert before.returncode == 0, before.stderr
    assert run_cli(*args, env=warm).stdout == before.stdout  # answered from the warm cache

    _change(project_copy, change)
    after = run_cli(*args, env=warm)
    cold = run_cli(*args, env={"SCOKG_CACHE_DIR": str(tmp_path / f"cold-{change}")})

    assert after.returncode == cold.returncode == 0, after.stderr + cold.stderr
    assert after.stdout == cold.stdout
    assert after.stdout != before.stdout


def test_a_warm_csv_answer_imports_no_builder_module(tmp_path: Path) -> None:
    """Building a store needs the parsers, sqlite3, shutil and tempfile; answering from a
    built one needs none of them, nor tomllib for a project without scokg.toml."""
    code = (
        "import sys\n"
        "from scokg.cli import main\n"
        "code = main(['query', 'agreements-between', '--format', 'csv'])\n"
        "names = ('scokg.parsing', 'scokg.atomic', 'sqlite3', 'tempfile', 'tomllib', 'yaml')\n"
        "print('LOADED', sorted(m for m in names if m in sys.modules), code, file=sys.stderr)\n"
    )
    env = {
        "SCOKG_CACHE_DIR": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    cold = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert "LOADED [" in cold.stderr and "'scokg.parsing'" in cold.stderr, cold.stderr
    warm = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert "LOADED [] 0" in warm.stderr, warm.stderr
