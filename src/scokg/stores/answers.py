"""Answers computed when the store cache is built, for the bundled queries that scan.

``facts-without-provenance`` has no parameter and reads every triple of every document
graph (8.4 s at 1M triples on the disk store, where the in-memory store takes about 1 s).
Its answer depends only on the sources, so it is computed once, on the store being built,
and kept with that store: ``<store folder>/answers/<SHA-256 of the query text>.tsv``,
SPARQL 1.1 Query Results TSV (§3: terms in N-Triples syntax, so every lexical form,
datatype, language tag and blank-node label comes back as the store gave it).

The key is the exact text sent: the stored answer is the answer of that very text on
that very store (same union default graph), so a query is answered from it only when the
engine would have run the same text on the same data. An edited or project-owned copy of
the query has another text, and so runs as written. Queries whose answer could change
from run to run (``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()``, ``BNODE()``) are never
stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

if TYPE_CHECKING:
    from scokg.project import Project

ANSWERS_DIR = "answers"
# Bundled queries answered at build time: parameterless, deterministic, and slow on disk.
PRECOMPUTED = ("facts-without-provenance",)
_VOLATILE = re.compile(r"\b(NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def answer_path(folder: Path, query: str) -> Path:
    """Where the stored answer of the exact text ``query`` lives in a store ``folder``."""
    digest = hashlib.sha256(query.encode("utf-8")).hexdigest()
    return folder / ANSWERS_DIR / f"{digest}.tsv"


def query_text(project: Project, name: str) -> str | None:
    """The text ``scokg query NAME`` sends for a parameterless query (the file as it is):
    the project's own ``queries/NAME.rq`` first, else the bundled one; None if neither."""
    from scokg.errors import UsageError
    from scokg.project import bundled_root

    folders = [project.root / "queries"]
    with contextlib.suppress(UsageError):
        folders.append(bundled_root() / "queries")
    for folder in folders:
        path = folder / f"{name}.rq"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def precompute(store: pyoxigraph.Store, folder: Path, project: Project) -> list[Path]:
    """Run each query of :data:`PRECOMPUTED` on ``store`` (union default graph) and write
    its TSV answer into ``folder``; returns the files written. A text that does not parse,
    is not a SELECT or is volatile is skipped (the engine then runs it as usual)."""
    written = []
    for name in PRECOMPUTED:
        text = query_text(project, name)
        if text is None or _VOLATILE.search(text):
            continue
        try:
            answer = store.query(text, use_default_graph_as_union=True)
        except SyntaxError:
            continue
        if not isinstance(answer, pyoxigraph.QuerySolutions):
            continue
        path = answer_path(folder, text)
        path.parent.mkdir(exist_ok=True)
        answer.serialize(str(path), pyoxigraph.QueryResultsFormat.TSV)
        written.append(path)
    return written


def stored(folder: Path, query: str) -> pyoxigraph.QuerySolutions | None:
    """The stored answer of the exact text ``query``, or None when there is none."""
    path = answer_path(folder, query)
    if not path.is_file():
        return None
    results = pyoxigraph.parse_query_results(
        path=str(path), format=pyoxigraph.QueryResultsFormat.TSV
    )
    return results if isinstance(results, pyoxigraph.QuerySolutions) else None
