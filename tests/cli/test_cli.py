from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.project import TOTAL_TRIPLES
from scokg import __version__
from scokg.cli import main
from scokg.errors import DataError, TurtleSyntaxError, format_error

Run = Callable[..., subprocess.CompletedProcess[str]]


def test_unknown_subcommand_exits_2(run_cli: Run) -> None:
    result = run_cli("frobnicate")

    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_subcommand_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "required: COMMAND" in capsys.readouterr().err


def test_nonexistent_data_dir_exits_2(run_cli: Run) -> None:
    result = run_cli("--data", "/nonexistent", "stats")

    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "scokg: error: data folder /nonexistent does not exist"
    )
    assert "hint:" in result.stderr and "--data" in result.stderr
    assert "Traceback" not in result.stderr


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    from scokg.project import dataset_version

    dataset = dataset_version()
    assert dataset is not None
    assert capsys.readouterr().out.strip() == f"scokg {__version__} (dataset {dataset})"


def test_stats_json(tmp_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_project), "stats", "--format", "json"]) == 0

    data = json.loads(capsys.readouterr().out)
    g = "https://w3id.org/scokg/graph/"
    assert data == {
        "total_triples": TOTAL_TRIPLES,
        "triples_per_graph": {g + "document/x": 3, g + "entities": 4, g + "ontology": 2},
        "instances_per_class": {
            "https://w3id.org/scokg/ontology#Document": 1,
            "https://w3id.org/scokg/ontology#Organisation": 2,
        },
    }


def test_stats_table(tmp_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(tmp_project), "stats"]) == 0

    out = capsys.readouterr().out
    assert "scokg:Organisation" in out
    assert "graph:document/x" in out
    assert str(TOTAL_TRIPLES) in out


def test_cli_startup_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, scokg.cli; scokg.cli.build_parser(); "
        "print(sorted(m for m in ('rdflib', 'pyshacl', 'rich', 'owlrl') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_format_error_full() -> None:
    err = TurtleSyntaxError("bad", file=Path("a/b.ttl"), line=3, column=7, hint="fix it")

    assert format_error(err) == "scokg: error: bad\n  at a/b.ttl:3:7\n  hint: fix it"


def test_format_error_partial_location() -> None:
    assert format_error(DataError("bad", file=Path("b.ttl"), line=3)) == (
        "scokg: error: bad\n  at b.ttl:3"
    )
    assert format_error(DataError("bad", file=Path("b.ttl"), column=4)) == (
        "scokg: error: bad\n  at b.ttl"
    )
    assert format_error(DataError("bad", hint="h")) == "scokg: error: bad\n  hint: h"
    assert format_error(DataError("bad")) == "scokg: error: bad"


def test_keyboard_interrupt_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_project: Path
) -> None:
    def interrupted(project: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("scokg.stats.summarise", interrupted)

    assert main(["--data", str(tmp_project), "stats"]) == 130
    assert capsys.readouterr().err.strip() == "scokg: interrupted"


ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # far more than a pipe buffer holds


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_a_closed_output_pipe_is_exit_141_for_every_output(fmt: str) -> None:
    """``scokg ... | head -1``: the same exit code whichever printer met the closed pipe
    (rich's tables used to end with exit 1, which means invalid data), nothing on stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scokg", "query", "-e", ALL_TRIPLES, "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 141, stderr
    assert stderr == b""


def test_ctrl_c_after_the_work_is_done_is_ignored() -> None:
    """A SIGINT landing while the interpreter shuts down (the run had finished) must not
    print a KeyboardInterrupt traceback: the entry point ignores Ctrl-C once main returned."""
    code = (
        "import signal, scokg.cli as cli\n"
        "cli.main = lambda: 0\n"
        "try:\n"
        "    cli.run()\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0\n"
        "    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN\n"
        "    print('ignored')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "ignored", run.stderr
