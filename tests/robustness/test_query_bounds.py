"""Embedded queries are bounded: ``--timeout`` stops them (exit 3), Ctrl-C stops them
(exit 130) however busy pyoxigraph is, and SELECT rows reach csv/tsv/json output while the
query still runs. ``query --file`` reads only a regular file of bounded size.

The project is generated: 300 triples, so a three-way cartesian product has 27 million
rows (and more with the borrowed ontology) -- far more than any run here waits for.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.cli import TIME_LIMIT, cli_env, interrupt_cli, run_scokg

CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
# One step of pyoxigraph that never gives control back to Python: an aggregate over a
# four-way product (8 * 10^9 rows) is computed inside Store.query.
BLOCKING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SORTED = CARTESIAN + " ORDER BY ?i ?a"
QUERIES = [CARTESIAN, BLOCKING, SORTED]
QUERY_IDS = ["rows", "aggregate", "sorted"]


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bounds") / "project"
    (root / "data").mkdir(parents=True)
    lines = ["@prefix ex: <https://example.org/bounds/> ."]
    lines += [f'ex:s{i} ex:p "value {i}" .' for i in range(300)]
    (root / "data" / "many.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Build the store cache once, so the runs below time the query, not the cache.
    warm = run_scokg("--data", str(root), "query", "-e", "ASK { ?s ?p ?o }", env=_env(root))
    assert warm.returncode == 0, warm.stderr
    return root


def _env(root: Path) -> dict[str, str]:
    return {"SCOKG_CACHE_DIR": str(root / ".cache")}


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_timeout_stops_an_embedded_query(big_project: Path, query: str, fmt: str) -> None:
    args = ["--data", str(big_project), "query", "--timeout", "1", "--format", fmt, "-e", query]
    process = subprocess.Popen(
        [sys.executable, "-m", "scokg", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(_env(big_project)),
    )
    try:
        _, stderr = process.communicate(timeout=TIME_LIMIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 3, stderr
    assert stderr.startswith("scokg: error: the query did not finish within 1 s (--timeout)")
    assert "hint: " in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("query", QUERIES, ids=QUERY_IDS)
def test_ctrl_c_stops_an_embedded_query(big_project: Path, query: str) -> None:
    args = ["--data", str(big_project), "query", "--timeout", "600", "--format", "csv"]
    run = interrupt_cli([*args, "-e", query], 2.0, env=_env(big_project))
    assert run.signalled, "the query ended before the interrupt"
    assert run.returncode == 130, run.stderr
    assert run.stderr.strip() == "scokg: interrupted"


def test_select_rows_stream_before_the_query_ends(big_project: Path) -> None:
    """The first rows of an endless SELECT arrive while it runs; it is then interrupted."""
    for fmt, first in (("csv", b"a,b,c"), ("tsv", b"?a\t?b\t?c"), ("json", b'{\n  "head"')):
        process = subprocess.Popen(
            [sys.executable, "-m", "scokg", "--data", str(big_project), "query"]
            + ["--timeout", "600", "--format", fmt, "-e", CARTESIAN],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=cli_env(_env(big_project)),
            start_new_session=True,
        )
        try:
            assert process.stdout is not None
            received = b""
            while len(received) < 200_000:
                chunk = os.read(process.stdout.fileno(), 65536)
                assert chunk, process.stderr.read() if process.stderr else ""
                received += chunk
            # 200 kB came out, and the query is still running: the rows were streamed.
            assert process.poll() is None
            assert received.startswith(first)
            assert received.count(b"https://example.org/bounds/") > 100
            os.killpg(process.pid, signal.SIGINT)
            _, stderr = process.communicate(timeout=TIME_LIMIT)
            assert process.returncode == 130, stderr
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def test_file_that_is_a_device_is_refused() -> None:
    result = run_scokg("query", "--file", "/dev/zero")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        "scokg: error: query file /dev/zero is a character device, not a regular file"
    )


def test_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = run_scokg("query", "--file", str(fifo))
    assert result.returncode == 2, result.stderr
    assert "is a FIFO (named pipe), not a regular file" in result.stderr
    assert "hint: " in result.stderr
    assert time.monotonic() - started < TIME_LIMIT  # it did not wait for a writer


def test_file_too_large_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.rq"
    big.write_text("# " + "x" * (1024 * 1024) + "\nASK {}\n", encoding="utf-8")
    result = run_scokg("query", "--file", str(big))
    assert result.returncode == 2, result.stderr
    assert "is larger than 1024 KiB" in result.stderr


def test_file_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    result = run_scokg("query", "--file", str(tmp_path))
    assert result.returncode == 2, result.stderr
    assert "is a folder, not a regular file" in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "'abc' is not a number of seconds"),
        ("-1", "'-1' is out of range"),
        ("0", "'0' is out of range"),
        ("nan", "'nan' is out of range"),
        ("inf", "'inf' is out of range"),
        ("1e300", "'1e300' is out of range"),
    ],
)
def test_bad_timeout_is_a_usage_error(value: str, message: str) -> None:
    for command in (["query", "-e", "ASK {}"], ["describe", "unodc"]):
        result = run_scokg(*command, "--timeout", value)
        assert result.returncode == 2, result.stderr
        assert f"error: argument --timeout: {message}" in result.stderr
        assert "Traceback" not in result.stderr
