"""Any span over the source text either validates (its quote is exactly the text at its
offsets) or is reported with the quote found and the text expected."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st

from scokg.validation.provenance import check_spans, span_problem

ROOT = Path(__file__).resolve().parents[2]
TEXT = next((ROOT / "data" / "sources").glob("*.txt")).read_text(encoding="utf-8")
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
CONTEXT = "https://w3id.org/scokg/id/document/test"
GRAPH = "https://w3id.org/scokg/graph/document/test"


@st.composite
def spans(draw: st.DrawFn) -> tuple[int, int, str | None]:
    n = len(TEXT)
    begin = draw(st.integers(-3, n + 3))
    end = draw(st.integers(-3, n + 3))
    kind = draw(st.sampled_from(["exact", "shifted", "random", "nbsp", "none"]))
    if kind == "exact" and 0 <= begin <= end <= n:
        quote: str | None = TEXT[begin:end]
    elif kind == "shifted":
        quote = TEXT[max(begin + 1, 0) : max(end + 1, 0)]
    elif kind == "nbsp" and 0 <= begin <= end <= n:
        quote = TEXT[begin:end].replace("\u00a0", " ")
    elif kind == "none":
        quote = None
    else:
        quote = draw(st.text(max_size=20))
    return begin, end, quote


@given(spans())
def test_span_validates_or_is_reported_with_found_and_expected(
    span: tuple[int, int, str | None],
) -> None:
    begin, end, quote = span
    problem = span_problem(TEXT, begin, end, quote)
    in_range = 0 <= begin <= end <= len(TEXT)

    if in_range and quote == TEXT[begin:end]:
        assert problem is None
        return
    assert problem is not None
    message, found, expected = problem
    assert message
    if not in_range:
        assert "outside the source text" in message
        assert expected is None
        return
    assert expected == TEXT[begin:end]
    assert found == quote
    if quote is not None and quote in TEXT:
        where = TEXT.find(quote)
        assert f"the quote occurs at [{where}, {where + len(quote)})" in message


@given(spans())
def test_check_spans_reports_the_same_through_the_store(span: tuple[int, int, str | None]) -> None:
    begin, end, quote = span
    store = ox.Store()
    node = ox.NamedNode(CONTEXT + "/sentence/1")
    graph = ox.NamedNode(GRAPH)

    def add(prop: str, value: ox.NamedNode | ox.Literal) -> None:
        store.add(ox.Quad(node, ox.NamedNode(NIF + prop), value, graph))

    add("referenceContext", ox.NamedNode(CONTEXT))
    add("beginIndex", ox.Literal(begin))
    add("endIndex", ox.Literal(end))
    if quote is not None:
        add("anchorOf", ox.Literal(quote))

    problems = check_spans(store, GRAPH, TEXT, CONTEXT)

    direct = span_problem(TEXT, begin, end, quote)
    if direct is None:
        assert problems == []
    else:
        assert len(problems) == 1
        assert problems[0].message == direct[0]
        assert (problems[0].value, problems[0].expected) == (direct[1], direct[2])
