"""Property: what `scokg load` puts into a real Oxigraph server is what the files say.

Generated graphs with hard terms (control and astral characters, ``\"\"\"`` in literals,
language tags with subtags and mixed case, non-ASCII and percent-escaped IRIs, blank
nodes, non-canonical lexical forms of every XSD numeric type, NaN, INF, -0) are written as
project files, loaded in batches of ``GRAPHS_PER_LOAD`` named graphs per load, and read
back by the test itself with one Graph Store GET (N-Quads, parsed by ``pyoxigraph.parse``).

Expected: every term comes back exactly, except the ones docs/reliability.md documents
Oxigraph as rewriting (numeric and boolean XSD literals, stored as values); each of those
comes back with the same value, and `load` names exactly those triples as changed.
The language tag case rule: RDF 1.1 Concepts §3.3 lets tags be lower-cased, and both
pyoxigraph's parser and the store do, so tags are compared in lower case.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.project import FILES
from scokg.project import Project
from scokg.stores.oxigraph_server import OxigraphServer
from scokg.stores.upload import load_project

pytestmark = pytest.mark.server

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/"
G = "https://w3id.org/scokg/graph/"
GRAPHS_PER_LOAD = 50
LOADS = 21  # 21 x 50 = 1,050 generated graphs per run

INTEGER_TYPES = (
    "integer", "byte", "short", "int", "long", "unsignedByte", "unsignedShort",
    "unsignedInt", "unsignedLong", "nonNegativeInteger", "positiveInteger",
)  # fmt: skip
FLOAT_TYPES = ("double", "float")
# Datatypes whose literals Oxigraph stores as values (docs/reliability.md, "load").
VALUE_TYPES = frozenset((*INTEGER_TYPES, *FLOAT_TYPES, "decimal", "boolean"))

HARD_CHARACTERS = "\u2028\u2029\u0085\r\n\x0b\x0c\x00\x01\x1f\x7f\t\"'\\<>@#é中\U0001f600\U00010348"
hard_text = st.text(
    alphabet=st.one_of(st.sampled_from(HARD_CHARACTERS), st.characters(codec="utf-8")),
    max_size=12,
)
# Line starts that confuse line-based tools, and Turtle's long-string delimiter.
tricky_text = st.sampled_from(['a """ b', '"""', "x\n@prefix ex: <u:> .\n", "\nPREFIX p: <u:>", ""])
literal_text = st.one_of(hard_text, tricky_text, st.tuples(tricky_text, hard_text).map("".join))
LANGUAGE_TAGS = ("en", "EN-gb", "zh-Hant-TW", "de-CH-1996", "sr-Latn-RS", "es-419", "x-Private")
iri_segment = st.lists(
    st.sampled_from(["a", "Z9", "café", "中文", "%20", "%C3%A9", "~", "-", "ü", "\U0001f600"]),
    min_size=1,
    max_size=4,
).map("".join)
iris = iri_segment.map(lambda s: ox.NamedNode(EX + s))


@st.composite
def integer_lexical(draw: st.DrawFn) -> str:
    sign = draw(st.sampled_from(["", "+", "-"]))
    zeros = draw(st.sampled_from(["", "0", "000"]))
    return sign + zeros + str(draw(st.integers(0, 120)))


@st.composite
def numeric_literal(draw: st.DrawFn) -> ox.Literal:
    kind = draw(st.sampled_from(["integer", "decimal", "float", "boolean"]))
    if kind == "integer":
        datatype = draw(st.sampled_from(INTEGER_TYPES))
        lexical = draw(integer_lexical())
        if datatype.startswith("unsigned") or datatype == "nonNegativeInteger":
            lexical = lexical.lstrip("-")
        if datatype == "positiveInteger" and Decimal(lexical) == 0:
            lexical = "+01"
    elif kind == "decimal":
        datatype = "decimal"
        fraction = draw(st.sampled_from(["", ".", ".5", ".50", ".000"]))
        lexical = draw(integer_lexical()) + fraction
        lexical = lexical if lexical[-1:] != "." else lexical + "0"
    elif kind == "float":
        datatype = draw(st.sampled_from(FLOAT_TYPES))
        lexical = draw(
            st.one_of(
                st.sampled_from(["NaN", "INF", "-INF", "+INF", "-0", "0.0E0", "1e0", "-0.0"]),
                st.tuples(integer_lexical(), st.sampled_from(["", ".25", "E3", "e-2"])).map(
                    "".join
                ),
            )
        )
    else:
        datatype = "boolean"
        lexical = draw(st.sampled_from(["1", "0", "true", "false"]))
    return ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))


other_literal = st.one_of(
    literal_text.map(ox.Literal),
    st.tuples(literal_text, st.sampled_from(LANGUAGE_TAGS)).map(
        lambda p: ox.Literal(p[0], language=p[1])
    ),
    st.tuples(literal_text, iris).map(lambda p: ox.Literal(p[0], datatype=p[1])),
)


@st.composite
def graph_triples(draw: st.DrawFn, number: int) -> list[ox.Triple]:
    """One graph: a few hard triples; numeric ones on subjects of their own (to pair)."""
    blank = ox.BlankNode(f"b{number}")
    triples = []
    for index, obj in enumerate(draw(st.lists(other_literal, min_size=1, max_size=4))):
        subject = draw(st.sampled_from([blank, ox.NamedNode(f"{EX}s{number}-{index}")]))
        triples.append(ox.Triple(subject, draw(iris), obj))
    for index, value in enumerate(draw(st.lists(numeric_literal(), max_size=3))):
        triples.append(
            ox.Triple(ox.NamedNode(f"{EX}n{number}-{index}"), ox.NamedNode(EX + "v"), value)
        )
    if draw(st.booleans()):
        triples.append(ox.Triple(draw(iris), ox.NamedNode(EX + "to"), blank))
    return triples


def lower_tag(term: ox.Literal | ox.NamedNode | ox.BlankNode | ox.Triple) -> object:
    if isinstance(term, ox.Literal) and term.language:
        return ox.Literal(term.value, language=term.language.lower())
    return term


def value_of(literal: ox.Literal) -> object:
    """The XSD value of a numeric or boolean literal (NaN compared as a marker)."""
    kind = literal.datatype.value.removeprefix(XSD)
    if kind == "boolean":
        return literal.value in ("1", "true")
    if kind in FLOAT_TYPES:
        number = float(literal.value.replace("INF", "inf"))
        if kind == "float":  # single precision: compare as the float32 the store keeps
            import struct

            number = struct.unpack("f", struct.pack("f", number))[0]
        return "NaN" if math.isnan(number) else number
    return Decimal(literal.value)


def dump(server: OxigraphServer) -> dict[str, set[ox.Triple]]:
    request = urllib.request.Request(server.store_url, headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        quads = ox.parse(answer.read(), format=ox.RdfFormat.N_QUADS)
        graphs: dict[str, set[ox.Triple]] = {}
        for q in quads:
            graphs.setdefault(q.graph_name.value, set()).add(
                ox.Triple(q.subject, q.predicate, q.object)
            )
    return graphs


@pytest.fixture(scope="module")
def server() -> Iterator[OxigraphServer]:
    with OxigraphServer() as running:
        yield running


@pytest.fixture(scope="module")
def project_dir() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="scokg-load-property-"))
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    yield root
    shutil.rmtree(root)


@settings(max_examples=LOADS)
@given(
    graphs=st.tuples(*(graph_triples(n) for n in range(GRAPHS_PER_LOAD))),
    method=st.sampled_from(["bulk", "gsp", "update"]),
)
def test_load_is_term_exact_up_to_documented_value_storage(
    graphs: tuple[list[ox.Triple], ...], method: str, server: OxigraphServer, project_dir: Path
) -> None:
    for number, triples in enumerate(graphs):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        (project_dir / "data" / f"case-{number}.ttl").write_bytes(body)
    report = load_project(
        Project.discover(project_dir), server.base_url, method=method, accept_changes=True
    )
    stored = dump(server)
    reported = {g.graph: g for g in report.graphs}

    for number, triples in enumerate(graphs):
        graph = f"{G}case-{number}"
        back = stored.get(graph, set())
        sent = {ox.Triple(t.subject, t.predicate, lower_tag(t.object)) for t in triples}
        exact_part = {t for t in sent if not _is_value(t)}
        back_exact = {t for t in back if not _is_value(t)}
        # Each generated graph has at most one blank node, so naming every blank node
        # alike is an exact isomorphism test (with the count of blank nodes checked).
        assert _blank_count(back_exact) == _blank_count(exact_part), graph
        assert _unblank(back_exact) == _unblank(exact_part), graph
        sent_values = {t.subject: t.object for t in sent if _is_value(t)}
        back_values = {t.subject: t.object for t in back if _is_value(t)}
        assert sent_values.keys() == back_values.keys(), graph
        rewritten = 0
        for subject, literal in sent_values.items():
            assert value_of(back_values[subject]) == value_of(literal), (graph, literal)
            rewritten += back_values[subject] != literal
        # load says exactly as much: each rewritten literal named, exact only when none.
        assert len(reported[graph].changes) == rewritten, (graph, reported[graph].changes)
        assert reported[graph].exact is (rewritten == 0)


def _is_value(triple: ox.Triple) -> bool:
    o = triple.object
    if not isinstance(o, ox.Literal) or not o.datatype.value.startswith(XSD):
        return False
    return o.datatype.value.removeprefix(XSD) in VALUE_TYPES


BLANK = ox.NamedNode("urn:test:the-blank-node")


def _blank_count(triples: set[ox.Triple]) -> int:
    return len({n for t in triples for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)})


def _unblank(triples: set[ox.Triple]) -> set[ox.Triple]:
    def name(term: object) -> object:
        return BLANK if isinstance(term, ox.BlankNode) else term

    return {ox.Triple(name(t.subject), t.predicate, name(t.object)) for t in triples}
