"""The CLI is thin over the library: engines are opened by the library, every JSON report
goes through one printer, commands import packages (never another command)."""

from __future__ import annotations

import ast
import importlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scokg.engines import EmbeddedEngine, RdflibEngine, RemoteEngine, open_engine
from scokg.errors import UsageError
from scokg.output import write_json
from scokg.project import Project

SRC = Path(__file__).resolve().parents[2] / "src" / "scokg"
PACKAGES = ("engines", "queries", "validation", "release", "links", "stores", "output")


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.discover()


def test_open_engine_picks_each_engine(project: Project, tmp_path: Path) -> None:
    embedded = open_engine(project, cache_dir=tmp_path)
    assert isinstance(embedded, EmbeddedEngine) and embedded.cache_dir == tmp_path
    assert isinstance(open_engine(project, "rdflib"), RdflibEngine)
    remote = open_engine(project, endpoint="http://127.0.0.1:9/sparql", timeout=5)
    assert isinstance(remote, RemoteEngine)
    assert remote.graphs == project.graph_names()  # the project's dataset is sent


def test_open_engine_refuses_what_it_cannot_open(project: Project) -> None:
    with pytest.raises(UsageError, match="unknown engine"):
        open_engine(project, "virtuoso")
    with pytest.raises(UsageError, match="rdflib engine cannot answer from an endpoint"):
        open_engine(project, "rdflib", endpoint="http://127.0.0.1:9/sparql")


@dataclass
class _Report:
    name: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "n": 1}


def test_write_json_is_utf8_indented_with_a_trailing_newline() -> None:
    out = io.StringIO()
    write_json({"b": [_Report("Ташкент")], "a": None}, out)

    assert out.getvalue() == (
        '{\n  "b": [\n    {\n      "name": "Ташкент",\n      "n": 1\n    }\n  ],\n  "a": null\n}\n'
    )


def test_write_json_sends_utf8_bytes_past_a_narrower_text_encoding() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    write_json(_Report("Ghada Fathi Wály"), stream)

    assert (
        raw.getvalue().decode("utf-8")
        == json.dumps({"name": "Ghada Fathi Wály", "n": 1}, indent=2, ensure_ascii=False) + "\n"
    )


def test_write_json_refuses_objects_without_to_dict() -> None:
    with pytest.raises(TypeError, match="has no to_dict"):
        write_json({"x": object()}, io.StringIO())


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves(package: str) -> None:
    module = importlib.import_module(f"scokg.{package}")
    for name in module.__all__:
        assert getattr(module, name) is not None, f"scokg.{package}.{name}"


def _imports(path: Path) -> list[str]:
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted((SRC / "commands").glob("*.py")), ids=lambda p: p.stem)
def test_no_command_imports_another_command(path: Path) -> None:
    assert not [m for m in _imports(path) if m.startswith("scokg.commands.")]


@pytest.mark.parametrize(
    "path",
    sorted([*(SRC / "commands").glob("*.py"), *(SRC / "output").glob("*.py")]),
    ids=lambda p: f"{p.parent.name}/{p.stem}",
)
def test_only_the_one_printer_writes_json(path: Path) -> None:
    if path.name == "jsondoc.py":
        return
    assert "json" not in _imports(path)


def test_building_the_parser_loads_no_rdf_library() -> None:
    code = (
        "import sys; from scokg.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('pyoxigraph', 'rdflib', 'pyshacl', 'rich') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_query_list_json_is_each_query_to_dict(run_cli) -> None:
    from scokg.queries import list_queries

    result = run_cli("query", "--list", "--format", "json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [q.to_dict() for q in list_queries()]
    assert set(json.loads(result.stdout)[0]) == {"name", "title", "description", "params"}
