"""``lookup`` through the full-text index answers exactly what the SPARQL query answers:
generated labels with accents, case, regular-expression characters and substrings, the
bundled query run unrestricted and restricted to the index's candidates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.queries import project_copy  # noqa: F401
from scokg.engines.embedded import EmbeddedEngine
from scokg.project import Project
from scokg.queries import Resolver, prepare_query, run_query
from scokg.queries.catalog import load_query
from scokg.queries.syntax import outline
from scokg.stores import fulltext

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PREDICATES = [SKOS + "prefLabel", SKOS + "altLabel", RDFS + "label"]
# Letters with and without the accents the query folds, both cases, letters it does not
# fold, characters whose case folding is not one character, and regex/LIKE characters.
ALPHABET = "aAàÀáÁeEéÉnNñÑoOóÓöÖøIiıİsSšŠßẞKKſkbB .-_%*()?"
LABEL = st.text(alphabet=ALPHABET, min_size=0, max_size=12)


def _answer(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    rows = store.query(text, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return [tuple(str(term) for term in row) for row in rows]


def _store(labels: list[str]) -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode("https://example.org/graph/g")
    for n, label in enumerate(labels):
        subject = ox.NamedNode(f"https://example.org/r{n % 5}")
        predicate = ox.NamedNode(PREDICATES[n % 3])
        obj = ox.Literal(label, language="en") if n % 2 else ox.Literal(label)
        store.add(ox.Quad(subject, predicate, obj, graph))
        store.add(ox.Quad(subject, ox.NamedNode(RDFS + "seeAlso"), obj, graph))
    store.add(ox.Quad(ox.BlankNode(), ox.NamedNode(PREDICATES[0]), ox.Literal("Nórov"), graph))
    return store


def _compare(store: ox.Store, index: Path, text: str) -> None:
    bound = prepare_query(None, "lookup", {"text": text}, None).text
    expected = _answer(store, bound)
    pairs = fulltext.candidates(index, text)
    if pairs is None:  # declined: only for a text the folding cannot carry (small stores)
        assert fulltext.like_pattern(text) is None, text
        return
    where_open = outline(bound).where_open
    assert where_open is not None
    assert _answer(store, fulltext.restrict(bound, where_open, pairs)) == expected


@settings(max_examples=60)
@given(labels=st.lists(LABEL, min_size=1, max_size=8), data=st.data())
def test_index_answers_equal_the_query_answers(
    labels: list[str], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    store = _store(labels)
    folder = tmp_path_factory.mktemp("fts")
    index = fulltext.build(store, folder)
    label = data.draw(st.sampled_from(labels))
    start = data.draw(st.integers(0, len(label)))
    piece = label[start : start + data.draw(st.integers(0, 6))]
    case = data.draw(st.sampled_from([str.upper, str.lower, str.title, str]))
    for text in (piece, case(piece), data.draw(LABEL)):
        _compare(store, index, text)


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("Vladimir Nórov", "NOROV"),
        ("Vladimir Norov", "nÓrov"),
        ("UNODC", "únodč"),
        ("Şanghai", "shang"),
        ("\u212aelvin", "kel"),  # the Kelvin sign
        ("Straße", "strasse"),
        ("a.b", "a?b"),  # regular-expression characters are any one character
        ("100%", "0%"),
    ],
)
def test_hand_picked_cases(tmp_path: Path, label: str, text: str) -> None:
    store = _store([label])
    index = fulltext.build(store, tmp_path)
    _compare(store, index, text)


def test_the_index_narrows_and_declines_where_it_must(tmp_path: Path) -> None:
    store = _store(["Vladimir Nórov", "Ghada Waly", "Straße"])
    index = fulltext.build(store, tmp_path)
    pairs = fulltext.candidates(index, "NOROV")
    assert pairs is not None and [label for _, label in pairs] == ['"Vladimir Nórov"']
    assert fulltext.candidates(index, "straße") is None  # ß folds to two letters
    assert fulltext.candidates(tmp_path / "missing.sqlite", "norov") is None


def test_the_folding_follows_the_bundled_query_text() -> None:
    """fulltext.py mirrors queries/lookup.rq; an edit to one must be made to the other."""
    text = load_query("lookup").text
    assert hashlib.sha256(text.encode()).hexdigest() == fulltext.LOOKUP_QUERY_SHA256
    for base, letters in fulltext._ACCENTED.items():
        assert f'"[{letters}]", "{base}"' in text
        assert f'"{base}", "[{base}{letters}]"' in text


def test_the_cli_path_uses_the_index_and_answers_the_same(
    project_copy: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    project = Project.discover(project_copy)
    engine = EmbeddedEngine(project, cache_dir=tmp_path / "cache")
    prepared = prepare_query(project, "lookup", {"text": "Nórov"}, _resolver(engine))
    assert "VALUES (?resource ?matched)" in prepared.sent
    assert "VALUES (?resource ?matched)" not in prepared.text
    plain = EmbeddedEngine(project, store=engine.store)  # no folder: no index
    assert run_query(project, "lookup", {"text": "Nórov"}, engine) == run_query(
        project, "lookup", {"text": "Nórov"}, plain
    )


def _resolver(engine: EmbeddedEngine) -> Resolver:
    return Resolver(engine)
