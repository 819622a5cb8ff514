"""facts-without-provenance answered from the store cache: computed when the store is
built, the same rows as running the query, and only for the exact text it was computed for."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from scokg.engines.embedded import EmbeddedEngine
from scokg.parsing import load_store
from scokg.project import Project
from scokg.queries.catalog import load_query
from scokg.queries.run import run_query
from scokg.stores import answers
from scokg.stores.cache import EMBEDDED, store_path
from synth import generate

ROOT = Path(__file__).resolve().parents[2]
NAME = "facts-without-provenance"


def _corpus(tmp_path: Path) -> Project:
    generate(tmp_path / "corpus", 40, 2, 3)
    return Project.discover(tmp_path / "corpus")


def _plain_rows(project: Project, text: str) -> list[tuple[ox.Term, ...]]:
    """The query run on a fresh in-memory store of the same sources (no cache at all)."""
    answer = load_store(project).query(text, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    return [tuple(row) for row in answer]


def test_answer_is_stored_at_build_and_equals_the_query(tmp_path: Path) -> None:
    project = _corpus(tmp_path)
    cache = tmp_path / "cache"
    text = load_query(NAME, project).text

    result = run_query(project, NAME, engine=EmbeddedEngine(project, cache_dir=cache))

    folder = store_path(project, cache, kind=EMBEDDED)
    assert answers.answer_path(folder, text).is_file()
    expected = _plain_rows(project, text)
    assert expected, "the injected violations include facts without provenance"
    assert result.rows == expected  # same terms (exact), same order


def test_the_stored_answer_is_what_the_engine_returns(tmp_path: Path) -> None:
    """Proof that the engine reads the stored file: a row written into it comes back."""
    project = _corpus(tmp_path)
    cache = tmp_path / "cache"
    text = load_query(NAME, project).text
    engine = EmbeddedEngine(project, cache_dir=cache)
    engine.store  # noqa: B018 - builds the cache
    path = answers.answer_path(store_path(project, cache, kind=EMBEDDED), text)
    marker = '<urn:x:g>\t<urn:x:s>\t<urn:x:p>\t"marker"\n'
    path.write_text(path.read_text(encoding="utf-8") + marker, encoding="utf-8")

    rows = EmbeddedEngine(project, cache_dir=cache).execute(text).rows

    assert rows[-1] == (
        ox.NamedNode("urn:x:g"),
        ox.NamedNode("urn:x:s"),
        ox.NamedNode("urn:x:p"),
        ox.Literal("marker"),
    )


def test_another_text_runs_as_written(tmp_path: Path) -> None:
    project = _corpus(tmp_path)
    cache = tmp_path / "cache"
    text = load_query(NAME, project).text
    edited = text.replace("SELECT DISTINCT", "SELECT")  # same rows here, another text

    engine = EmbeddedEngine(project, cache_dir=cache)
    rows = engine.execute(edited).rows

    assert not answers.answer_path(store_path(project, cache, kind=EMBEDDED), edited).exists()
    assert sorted(map(str, rows)) == sorted(map(str, _plain_rows(project, edited)))


def test_a_project_copy_of_the_query_is_the_one_stored(tmp_path: Path) -> None:
    project = _corpus(tmp_path)
    own = load_query(NAME, project).text.replace("ORDER BY ?graph", "ORDER BY DESC(?graph)")
    (project.root / "queries").mkdir(exist_ok=True)
    (project.root / "queries" / f"{NAME}.rq").write_text(own, encoding="utf-8")
    cache = tmp_path / "cache"

    result = run_query(project, NAME, engine=EmbeddedEngine(project, cache_dir=cache))

    assert answers.answer_path(store_path(project, cache, kind=EMBEDDED), own).is_file()
    assert result.rows == _plain_rows(project, own)
