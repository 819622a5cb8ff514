"""Every result format keeps each term exactly (issue 13), tested with generated hard terms.

SELECT answers go through each SPARQL results writer and are parsed back by a standard
parser: pyoxigraph's ``parse_query_results`` for JSON, XML and TSV (term-equal), Python's
``csv`` module for CSV, whose specification keeps values only (compared with exactly that
documented loss). Graph answers go through the Turtle, N-Triples and JSON-LD writers and are
parsed back by pyoxigraph, isomorphic. XML 1.0 cannot carry some characters: for a term
holding one the writer must refuse with a DataError naming it, and write nothing.

In-process (no subprocess per case), 1,000 generated answers per format per CI run.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scokg.engines.results import GraphResult, SelectResult, Term
from scokg.errors import DataError
from scokg.output import write_result
from scokg.output.jsonld import CONTEXT
from scokg.output.sparql_results import csv_value

CASES = 1_000
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC_TYPES = [
    "integer",
    "decimal",
    "double",
    "float",
    "byte",
    "short",
    "int",
    "long",
    "nonNegativeInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "positiveInteger",
    "unsignedByte",
    "unsignedShort",
    "unsignedInt",
    "unsignedLong",
]
# Lexical forms that canonicalising stores rewrite, or that JSON/XML writers mishandle.
NUMERIC_FORMS = [
    "01",
    "+1",
    "-0",
    "0",
    "00",
    "0.000",
    "2.50",
    ".5",
    "5.",
    "1e0",
    "1E+02",
    "-1.0e-3",
    "NaN",
    "INF",
    "-INF",
    "+INF",
    "007",
    "18446744073709551616",
    "-128",
    "0.1e1",
]
HARD_CHARS = (
    "\r\n\t\x0b\x0c\x00\x01\x1b\x1f\x7f\x85\u2028\u2029\ufeff\ufffe\uffff"
    "\"'\\<>&]]>#@_:"
    "é中\U0001f600\U00010348 "
)
TEXT = st.text(alphabet=st.sampled_from(HARD_CHARS) | st.characters(codec="utf-8"), max_size=12)
IRI_PIECES = st.sampled_from(["a", "Z9", "é", "中", "\U0001f600", "%20", "%C3%A9", "-", "~", "/"])
IRIS = st.builds(
    lambda host, path: ox.NamedNode(f"http://{host}.example/" + "".join(path)),
    st.sampled_from(["ex", "xn--bcher-kva", "data"]),
    st.lists(IRI_PIECES, max_size=6),
)
LANGS = st.sampled_from(["en", "EN-gb", "zh-Hant-TW", "de-CH-1901", "sr-Latn-RS", "x-Private"])
LITERALS = st.one_of(
    st.builds(ox.Literal, TEXT),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), TEXT, LANGS),
    st.builds(
        lambda v, t: ox.Literal(v, datatype=ox.NamedNode(XSD + t)),
        st.sampled_from(NUMERIC_FORMS) | TEXT,
        st.sampled_from([*NUMERIC_TYPES, "boolean", "dateTime", "string"]),
    ),
    st.builds(lambda v, d: ox.Literal(v, datatype=d), TEXT, IRIS),
)
BNODES = st.builds(ox.BlankNode, st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}", fullmatch=True))
TERMS: st.SearchStrategy[Term] = st.one_of(IRIS, BNODES, LITERALS)
VARIABLES = st.lists(
    st.from_regex(r"[a-z][a-z0-9_]{0,5}", fullmatch=True), min_size=1, max_size=4, unique=True
)


@st.composite
def select_results(draw: st.DrawFn) -> SelectResult:
    variables = draw(VARIABLES)
    row = st.tuples(*[st.none() | TERMS for _ in variables])
    return SelectResult(variables, draw(st.lists(row, max_size=5)))


def _written(result: SelectResult | GraphResult, fmt: str) -> str:
    out = io.StringIO()
    write_result(result, out, fmt)
    return out.getvalue()


def _parsed(text: str, fmt: ox.QueryResultsFormat, variables: list[str]) -> list[tuple]:
    answer = ox.parse_query_results(text.encode("utf-8"), format=fmt)
    assert isinstance(answer, ox.QuerySolutions)
    assert [v.value for v in answer.variables] == variables
    return [tuple(solution[v] for v in variables) for solution in answer]


@settings(max_examples=CASES)
@given(result=select_results())
def test_select_formats_keep_every_term(result: SelectResult) -> None:
    """One generated answer, every format (so each format sees all CASES answers)."""
    for fmt, parser in (("json", ox.QueryResultsFormat.JSON), ("tsv", ox.QueryResultsFormat.TSV)):
        assert _parsed(_written(result, fmt), parser, result.variables) == result.rows, fmt
    _check_xml(result)
    _check_csv(result)


def _xml_cannot_carry(term: Term | None) -> bool:
    if term is None:
        return False
    text = term.value + (term.datatype.value if isinstance(term, ox.Literal) else "")
    return any((ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" for c in text)


def _check_xml(result: SelectResult) -> None:
    """XML keeps every term, or refuses naming the first term it cannot carry."""
    bad = [t for row in result.rows for t in row if _xml_cannot_carry(t)]
    out = io.StringIO()
    if bad:
        with pytest.raises(DataError) as caught:
            write_result(result, out, "xml")
        assert "XML 1.0 cannot carry" in caught.value.message
        assert caught.value.message.startswith("?") and " in row " in caught.value.message
        assert out.getvalue() == "", "nothing is written before the check"
        return
    write_result(result, out, "xml")
    ET.fromstring(out.getvalue().encode("utf-8"))  # well-formed for a standard XML parser
    assert _parsed(out.getvalue(), ox.QueryResultsFormat.XML, result.variables) == result.rows


def _check_csv(result: SelectResult) -> None:
    """CSV keeps each term's value only, as its specification says: the IRI, the lexical
    form (no datatype, no language tag), ``_:label`` for a blank node, "" when unbound."""
    text = _written(result, "csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == result.variables
    expected = [["" if t is None else csv_value(t) for t in row] for row in result.rows]
    assert rows[1:] == expected


TRIPLES = st.builds(ox.Triple, IRIS | BNODES, IRIS, TERMS)


def _canonical(triples: list[ox.Triple]) -> set[ox.Quad]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(dataset)


GRAPH_FORMATS = (
    ("turtle", ox.RdfFormat.TURTLE),
    ("ntriples", ox.RdfFormat.N_TRIPLES),
)


@settings(max_examples=CASES)
@given(triples=st.lists(TRIPLES, max_size=6, unique=True))
def test_graph_formats_keep_every_term(triples: list[ox.Triple]) -> None:
    expected = _canonical(triples)
    for fmt, parser in GRAPH_FORMATS:
        text = _written(GraphResult(triples), fmt)
        back = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(text, format=parser)]
        assert _canonical(back) == expected, fmt


@settings(max_examples=200)  # pyld compaction is slower than the other writers
@given(triples=st.lists(TRIPLES, max_size=6, unique=True))
def test_jsonld_compact_and_expanded_keep_every_term(triples: list[ox.Triple]) -> None:
    expected = _canonical(triples)
    for expanded in (False, True):
        out = io.StringIO()
        write_result(GraphResult(triples), out, "jsonld", expanded=expanded)
        text = out.getvalue()
        doc = json.loads(text, parse_constant=_no_constant)  # plain JSON: no NaN, no Infinity
        if expanded:
            assert "@context" not in text
        else:  # compact, with the project context
            assert doc["@context"] == CONTEXT and isinstance(doc["@graph"], list)
        back = [q.triple for q in ox.parse(text, format=ox.RdfFormat.JSON_LD)]
        assert _canonical(back) == expected, f"jsonld expanded={expanded}"


def _no_constant(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")


def test_xml_keeps_a_carriage_return() -> None:
    """Regression (issue 13): "a\\r\\nb" came back as "a\\nb"."""
    term = ox.Literal("a\r\nb")
    result = SelectResult(["v"], [(term,)])
    assert _parsed(_written(result, "xml"), ox.QueryResultsFormat.XML, ["v"]) == [(term,)]


def test_xml_refuses_a_control_character_naming_the_term() -> None:
    result = SelectResult(["label"], [(ox.Literal("ok"),), (ox.Literal("bell\x07"),)])
    with pytest.raises(DataError) as caught:
        _written(result, "xml")
    assert caught.value.message.startswith('?label in row 2 is "bell\\u0007", which holds U+0007')
