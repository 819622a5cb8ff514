"""Helpers for tests on the bundled knowledge graph: copies of the project and patches to it.

A patch is a pair of Turtle files in tests/data/: ``<name>.add.ttl`` (triples to add) and an
optional ``<name>.remove.ttl`` (triples to delete). Tests apply patches to a copy of the
bundled project in tmp, never to the real files, and then run ``scokg --data COPY validate``.

Header comments of an add file steer how it is applied and what a test expects:

- ``# into: data/documents/<doc>.ttl`` appends the triples to that file of the copy (Turtle
  allows ``@prefix`` anywhere, so the block keeps its own prefixes); without it the triples
  go to a new file ``data/fixture-<name>.ttl`` (its own reference graph);
- ``# focus: <IRI>`` is the resource the expected violation is about;
- ``# expect: <shape local name>`` is the shape (or SPARQL constraint) that must report it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
DATA = TESTS / "data"
SHAPES_NS = "https://w3id.org/scokg/shapes#"
DOC_SLUG = "sectsco-20200303-639652"
DOC_FILE = f"data/documents/{DOC_SLUG}.ttl"

_HEADER_RE = re.compile(r"^#\s*(into|focus|expect):\s*(\S+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Patch:
    """One broken fixture: triples to add and remove, and what validation must say."""

    name: str
    add: Path
    remove: Path | None
    headers: dict[str, str]

    @property
    def focus(self) -> str:
        return self.headers["focus"].strip("<>")

    @property
    def expect(self) -> str:
        return self.headers["expect"]


def load_patch(folder: Path, name: str) -> Patch:
    """Read ``<name>.add.ttl`` (required) and ``<name>.remove.ttl`` (optional) in ``folder``."""
    add = folder / f"{name}.add.ttl"
    if not add.is_file():
        raise FileNotFoundError(f"missing fixture {add.relative_to(REPO)}")
    remove = folder / f"{name}.remove.ttl"
    headers = dict(_HEADER_RE.findall(add.read_text(encoding="utf-8")))
    return Patch(name, add, remove if remove.is_file() else None, headers)


def patch_names(folder: Path) -> list[str]:
    """Names of every patch in ``folder`` (one per ``*.add.ttl``)."""
    return sorted(p.name.removesuffix(".add.ttl") for p in folder.glob("*.add.ttl"))


def copy_project(dest: Path) -> Path:
    """Copy the bundled ``data/`` and ``ontology/`` into ``dest`` and return ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in ("data", "ontology"):
        shutil.copytree(REPO / part, dest / part)
    return dest


def apply_patch(root: Path, patch: Patch) -> None:
    """Apply ``patch`` to the project copy at ``root``.

    Removal rewrites (with rdflib) only the files that held a removed triple; every removed
    triple must exist somewhere, so a fixture cannot silently go stale.
    """
    if patch.remove is not None:
        _remove_triples(root, patch.remove)
    text = patch.add.read_text(encoding="utf-8")
    into = patch.headers.get("into")
    if into is None:
        (root / "data" / f"fixture-{patch.name}.ttl").write_text(text, encoding="utf-8")
    else:
        target = root / into
        with target.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)


def _remove_triples(root: Path, remove_file: Path) -> None:
    import rdflib

    from scokg.parsing import parse_turtle_rdflib

    unwanted = rdflib.Graph().parse(remove_file, format="turtle")
    left = set(unwanted)
    for path in sorted((root / "data").rglob("*.ttl")):
        graph = parse_turtle_rdflib(path)  # RDF 1.2 annotations compiled: rdflib cannot read them
        found = [t for t in unwanted if t in graph]
        if not found:
            continue
        for triple in found:
            graph.remove(triple)
            left.discard(triple)
        graph.serialize(destination=path, format="turtle", encoding="utf-8")
    if left:
        raise AssertionError(f"{remove_file.name}: triples not in the data: {sorted(left)}")


def run_scokg(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m scokg`` as a user would, in a subprocess."""
    return run_scokg_parallel([list(args)])[0]


def run_scokg_parallel(calls: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Run several ``python -m scokg`` commands at once (validate is CPU-bound, 2+ cores)."""
    env = {k: v for k, v in os.environ.items() if k != "SCOKG_ROOT"}
    running = [
        (
            args,
            subprocess.Popen(
                [sys.executable, "-m", "scokg", *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=REPO,
            ),
        )
        for args in calls
    ]
    done = []
    for args, process in running:
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(args, process.returncode, out, err))
    return done


def validate_json(root: Path) -> tuple[int, dict[str, Any]]:
    """Exit code and parsed JSON report of ``scokg --data root validate --format json``."""
    result = run_scokg("--data", str(root), "validate", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def problems(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten a JSON report into problems, each with its ``focus`` put back."""
    return [
        {**problem, "focus": resource["focus"]}
        for resource in report["resources"]
        for problem in resource["problems"]
    ]


PREFIXES = """\
PREFIX act: <https://w3id.org/scokg/id/act/>
PREFIX act-kind: <https://w3id.org/scokg/id/act-kind/>
PREFIX agreement: <https://w3id.org/scokg/id/agreement/>
PREFIX cooperation: <https://w3id.org/scokg/id/cooperation/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX event: <https://w3id.org/scokg/id/event/>
PREFIX fact: <https://w3id.org/scokg/id/document/sectsco-20200303-639652/fact/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX initiative: <https://w3id.org/scokg/id/initiative/>
PREFIX meeting: <https://w3id.org/scokg/id/meeting/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX organisation: <https://w3id.org/scokg/id/organisation/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX person: <https://w3id.org/scokg/id/person/>
PREFIX place: <https://w3id.org/scokg/id/place/>
PREFIX plan: <https://w3id.org/scokg/id/plan/>
PREFIX post: <https://w3id.org/scokg/id/post/>
PREFIX post-holding: <https://w3id.org/scokg/id/post-holding/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX scheme: <https://w3id.org/scokg/id/scheme/>
PREFIX scokg: <https://w3id.org/scokg/ontology#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX sentence: <https://w3id.org/scokg/id/document/sectsco-20200303-639652/sentence/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX topic: <https://w3id.org/scokg/id/topic/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@cache
def bundled_store() -> pyoxigraph.Store:
    """The bundled project in an in-memory Oxigraph store (loaded once per test session)."""
    from scokg.parsing import load_store
    from scokg.project import Project

    return load_store(Project.discover())


def ask(store: pyoxigraph.Store, query: str) -> bool:
    """Run an ASK query (with our prefixes) over the union of the named graphs."""
    return bool(store.query(PREFIXES + query, use_default_graph_as_union=True))


def select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    """Run a SELECT query over the union graph; each row maps variable -> term value."""
    solutions = store.query(PREFIXES + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        rows.append({n: solution[n].value for n in names if solution[n] is not None})
    return rows
