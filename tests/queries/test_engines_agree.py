"""Answers do not depend on the engine: every bundled query gives the same result on
pyoxigraph and on rdflib's SPARQL engine over the same files (union default graph)."""

from __future__ import annotations

from collections import Counter

import pytest

from helpers.queries import bundled, embedded, rdflib_engine  # noqa: F401
from helpers.rdfshow import shown_rows
from scokg.engines.results import GraphResult, SelectResult
from scokg.queries import run_query
from scokg.queries.catalog import list_queries
from scokg.queries.resolve import Resolver
from scokg.queries.run import prepare_query

# Defaults, plus other values that exercise other paths of each query.
CASES: list[tuple[str, dict[str, str]]] = [
    (q.name, {"text": "unodc"} if q.name == "lookup" else {})
    for q in list_queries()
    if "# requires: network" not in q.text  # federated: tests never touch the internet
] + [
    ("agreements-between", {"org1": "united-nations", "org2": "SCO Secretariat"}),
    ("organisation-profile", {"org": "sco"}),
    ("organisation-events", {"org": "sco"}),
    ("fact-sources", {"resource": "Vladimir Norov"}),
    ("fact-sources", {"resource": "sco"}),
    ("event-topics", {"event": "sco-unodc-darknet-drug-threat-2020-03-02"}),
    ("topic-events", {"topic": "crime-and-security-threats"}),
    ("post-holders", {"post": "UNODC Executive Director", "date": "2020-03-03"}),
    ("post-holders", {"date": "2019-01-01"}),
    ("lookup", {"text": "Norov"}),
    ("resource-subgraph", {"resource": "meeting:norov-waly-2020-03-03"}),
]


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda c: str(c))
def test_same_answer_on_pyoxigraph_and_rdflib(
    name: str,
    params: dict[str, str],
    bundled,  # noqa: F811
    embedded,  # noqa: F811
    rdflib_engine,  # noqa: F811
) -> None:
    # Bind once (against the embedded store) so both engines get the very same text.
    text = prepare_query(bundled, name, params, Resolver(embedded)).text
    ours = embedded.execute(text)
    theirs = rdflib_engine.execute(text)

    assert type(ours) is type(theirs)
    if isinstance(ours, GraphResult):
        assert set(map(tuple, shown_rows(ours))) == set(map(tuple, shown_rows(theirs)))
        assert ours.triples, "a sub-graph query should not be empty here"
        return
    assert isinstance(ours, SelectResult) and isinstance(theirs, SelectResult)
    assert ours.variables == theirs.variables
    if "ORDER BY" in text:
        assert shown_rows(ours) == shown_rows(theirs)
    else:
        assert Counter(map(tuple, shown_rows(ours))) == Counter(map(tuple, shown_rows(theirs)))


def test_resolution_is_the_same_on_both_engines(bundled, embedded, rdflib_engine) -> None:  # noqa: F811
    for value in ("unodc", "UNODC", "Norov", "organisation:sco", "vienna"):
        assert Resolver(embedded).resolve(value) == Resolver(rdflib_engine).resolve(value)


def test_run_query_accepts_the_rdflib_engine(bundled, rdflib_engine) -> None:  # noqa: F811
    result = run_query(bundled, "timeline", engine=rdflib_engine)

    assert isinstance(result, SelectResult)
    assert [r[0] for r in shown_rows(result)] == [
        '"2011-06-14"^^xsd:date',
        '"2020-03-02"^^xsd:date',
        '"2020-03-03"^^xsd:date',
    ]
