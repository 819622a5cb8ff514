"""Data the tools cannot read is a located error, never skipped and never internal error 70.

Each hostile entry of ``data/`` is laid out in a fresh project and given to every command
that reads the data (validate, query, stats, build, load --dry-run): each must exit 1 with
``scokg: error:``, the file (and line where there is one) and a hint. Tests run as root
here, so "unreadable" is made with entries that root cannot read either: a folder named
like a data file, a symbolic link that loops, a FIFO.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.cli import run_scokg

OK_TTL = '@prefix ex: <https://example.org/bad/> .\nex:a ex:p "fine" .\n'
MiB = 1024 * 1024


def _dangling(data: Path) -> Path:
    (data / "gone.ttl").symlink_to("nowhere.ttl")
    return data / "gone.ttl"


def _loop(data: Path) -> Path:
    (data / "loop.ttl").symlink_to("loop.ttl")
    return data / "loop.ttl"


def _fifo(data: Path) -> Path:
    os.mkfifo(data / "pipe.ttl")
    return data / "pipe.ttl"


def _folder(data: Path) -> Path:
    (data / "x.ttl").mkdir()
    return data / "x.ttl"


def _document_folder(data: Path) -> Path:
    (data / "documents" / "d.ttl").mkdir(parents=True)
    return data / "documents" / "d.ttl"


def _links_folder(data: Path) -> Path:
    (data / "links.sssom.tsv").mkdir()
    return data / "links.sssom.tsv"


def _bom(data: Path) -> Path:
    (data / "bom.ttl").write_bytes(b"\xef\xbb\xbf" + OK_TTL.encode())
    return data / "bom.ttl"


def _huge_literal(data: Path) -> Path:
    path = data / "huge.ttl"
    with path.open("w", encoding="utf-8") as out:
        out.write('@prefix ex: <https://example.org/bad/> .\nex:a ex:p "fine" .\nex:b ex:p "')
        for _ in range(50):
            out.write("x" * MiB)
        out.write('" .\n')
    return path


# case -> (make the entry, message, line or None)
CASES: dict[str, tuple[Callable[[Path], Path], str, int | None]] = {
    "dangling-symlink": (
        _dangling,
        "gone.ttl is a symbolic link to nowhere.ttl, which does not exist",
        None,
    ),
    "symlink-loop": (_loop, "cannot read loop.ttl: Too many levels of symbolic links", None),
    "fifo": (_fifo, "pipe.ttl is a FIFO (named pipe), not a file scokg can read", None),
    "folder-named-ttl": (_folder, "x.ttl is a folder, not a file scokg can read", None),
    "document-folder": (_document_folder, "d.ttl is a folder, not a file scokg can read", None),
    "links-folder": (_links_folder, "links.sssom.tsv is a folder, not a file", None),
    "utf8-bom": (_bom, "the file starts with a UTF-8 byte-order mark (U+FEFF)", 1),
    "50-MB-literal": (_huge_literal, "a literal or IRI is larger than 16 MiB", 3),
}
COMMANDS = {
    "validate": ["validate"],
    "query": ["query", "-e", "ASK { ?s ?p ?o }"],
    "stats": ["stats"],
    "build": ["build", "--out", "{tmp}/dist"],
    "load": ["load", "--dry-run", "--endpoint", "http://127.0.0.1:9/sparql"],
}


@pytest.fixture(scope="module", params=sorted(CASES))
def bad_project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    make, message, line = CASES[request.param]
    root = tmp_path_factory.mktemp(request.param) / "project"
    (root / "data").mkdir(parents=True)
    (root / "data" / "ok.ttl").write_text(OK_TTL, encoding="utf-8")
    entry = make(root / "data")
    return root, entry, message, line


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_entry_is_a_located_error(bad_project, command: str, tmp_path: Path) -> None:
    root, entry, message, line = bad_project
    args = [a.replace("{tmp}", str(tmp_path)) for a in COMMANDS[command]]
    result = run_scokg("--data", str(root), *args, env={"SCOKG_CACHE_DIR": str(tmp_path / "c")})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"scokg: error: {message}" in output
    where = f"  at {entry}" + (f":{line}" if line else "")
    assert where + ("\n" if line is None else "") in output + "\n", output
    assert "  hint: " in output
    assert "internal error" not in output and "Traceback" not in output
    assert not (tmp_path / "dist").exists(), "no release is written from unreadable data"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["load", "--timeout", "-5"], "argument --timeout: '-5' is out of range"),
        (["load", "--batch-size", "0"], "argument --batch-size: '0' is out of range"),
        (["load", "--batch-size", "many"], "argument --batch-size: 'many' is not a whole number"),
        (["links", "check", "--timeout", "nan"], "argument --timeout: 'nan' is out of range"),
        (["query", "-e", "ASK {}", "--timeout", "1e999"], "'1e999' is out of range"),
        (["query", "-e", "ASK {}", "--engine", "jena"], "argument --engine: invalid choice"),
    ],
)
def test_bad_option_values_are_usage_errors(args: list[str], message: str) -> None:
    result = run_scokg(*args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
