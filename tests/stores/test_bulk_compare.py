"""The bulk load's shortcut comparison gives exactly what the term-exact comparison gives."""

from __future__ import annotations

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from scokg.stores.bulk import bulk_url, compare_graph, drop_temporaries, replace_all
from scokg.stores.exact import compare

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

objects = st.one_of(
    st.sampled_from(["a", "b"]).map(lambda v: ox.NamedNode(EX + v)),
    st.sampled_from(["x", "é", "A b"]).map(ox.Literal),
    st.sampled_from(["en", "fr"]).map(lambda tag: ox.Literal("hi", language=tag)),
    st.sampled_from(
        [("07", "byte"), ("7", "integer"), ("2.50", "decimal"), ("2.5", "decimal")]
    ).map(lambda lit: ox.Literal(lit[0], datatype=ox.NamedNode(XSD + lit[1]))),
    st.sampled_from(["b1", "b2"]).map(ox.BlankNode),
)
subjects = st.one_of(
    st.sampled_from(["s", "t"]).map(lambda v: ox.NamedNode(EX + v)),
    st.sampled_from(["b1", "b2"]).map(ox.BlankNode),
)
triples = st.builds(
    ox.Triple, subjects, st.sampled_from(["p", "q"]).map(lambda v: ox.NamedNode(EX + v)), objects
)


@settings(max_examples=200)
@given(sent=st.lists(triples, max_size=8), found=st.lists(triples, max_size=8))
def test_shortcut_comparison_equals_the_exact_one(
    sent: list[ox.Triple], found: list[ox.Triple]
) -> None:
    fast, exact = compare_graph(sent, found), compare(sent, found)
    assert fast == exact
    assert fast.exact == (fast.sent_hash == fast.found_hash)


def test_a_rewritten_literal_is_named() -> None:
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    sent = [ox.Triple(s, p, ox.Literal("07", datatype=ox.NamedNode(XSD + "byte")))]
    found = [ox.Triple(s, p, ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")))]

    result = compare_graph(sent, found)

    assert not result.exact
    assert result.changes == [
        f'"07"^^<{XSD}byte> came back as "7"^^<{XSD}integer> (in <{EX}s> <{EX}p> ...)'
    ]


def test_requests_text() -> None:
    assert bulk_url("http://h/store", "oxigraph") == "http://h/store?no_transaction"
    assert bulk_url("http://h/ds/data?x=1", "fuseki") == "http://h/ds/data?x=1"
    assert (
        drop_temporaries(["urn:t1", "urn:t2"])
        == "DROP SILENT GRAPH <urn:t1> ;\nDROP SILENT GRAPH <urn:t2>"
    )
    update = replace_all([("urn:g1", "urn:t1"), ("urn:g2", None)])
    assert update == "MOVE <urn:t1> TO <urn:g1> ;\nDROP SILENT GRAPH <urn:g2>"
