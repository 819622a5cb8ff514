"""Any Unicode label survives every RDF format and both SPARQL engines unchanged.

Labels are drawn from all of Unicode except lone surrogates (U+D800..U+DFFF), which are not
characters and cannot be in an RDF literal; the draw is biased towards the hard cases:
quotes, backslashes, newlines and carriage returns, RTL text, U+00A0, astral-plane
characters, combining marks (never normalised: "e\u0301" stays two code points).

RDF/XML is XML 1.0, which cannot carry the C0 control characters other than tab, LF and
CR, nor U+FFFE/U+FFFF (https://www.w3.org/TR/xml/#charsets). For RDF/XML the labels are
drawn from the legal characters, and a separate test shows what happens to the others:
both serializers refuse or write a document that no parser reads back; never a silently
changed label.
"""

from __future__ import annotations

import pyoxigraph
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from scokg.errors import DataError
from scokg.parsing import parse_rdf_bytes
from scokg.release.formats import rdfxml

SUBJECT = "https://w3id.org/scokg/id/organisation/test"
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
GRAPH = "https://w3id.org/scokg/graph/test"
GRAPH_REF = rdflib.URIRef(GRAPH)

HARD = [
    '"',
    "'",
    '"""',
    "\\",
    "\\n",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "\u00a0",
    "\u200f",
    "\u202e",
    "مكتب الأمم المتحدة",
    "שלום",
    "e\u0301",
    "\u0301",
    "𝔘𝔑𝔒𝔇𝔆",
    "😀",
    "\U0010fffd",
    "\x00",
    "\x01",
    "\x7f",
    "\ufeff",
    "<",
    ">",
    "&",
    "]]>",
    "@en",
    "^^",
    "#",
    "{",
    "}",
]
ANY_CHAR = st.characters(exclude_categories=("Cs",))
LABELS = st.lists(st.one_of(st.sampled_from(HARD), st.text(ANY_CHAR, max_size=8)), max_size=6).map(
    "".join
)


def xml_legal(ch: str) -> bool:
    code = ord(ch)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


XML_LABELS = LABELS.map(lambda s: "".join(c for c in s if xml_legal(c)))

RDFLIB_FORMATS = ["turtle", "nt", "nquads", "trig", "json-ld"]
OX_FORMATS = [
    pyoxigraph.RdfFormat.TURTLE,
    pyoxigraph.RdfFormat.N_TRIPLES,
    pyoxigraph.RdfFormat.N_QUADS,
    pyoxigraph.RdfFormat.TRIG,
    pyoxigraph.RdfFormat.JSON_LD,
]


def rdflib_dataset(label: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.graph(rdflib.URIRef(GRAPH)).add(
        (rdflib.URIRef(SUBJECT), rdflib.URIRef(LABEL), rdflib.Literal(label, lang="en"))
    )
    return dataset


def rdflib_labels(data: str | bytes, fmt: str) -> list[str]:
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=fmt)
    return [str(o) for _, _, o, _ in dataset.quads((None, rdflib.URIRef(LABEL), None, None))]


def ox_quad(label: str) -> pyoxigraph.Quad:
    return pyoxigraph.Quad(
        pyoxigraph.NamedNode(SUBJECT),
        pyoxigraph.NamedNode(LABEL),
        pyoxigraph.Literal(label, language="en"),
        pyoxigraph.NamedNode(GRAPH),
    )


def ox_labels(data: bytes, fmt: pyoxigraph.RdfFormat) -> list[str]:
    return [q.object.value for q in pyoxigraph.parse(data, format=fmt)]


def ox_serialize(label: str, fmt: pyoxigraph.RdfFormat) -> bytes:
    quad = ox_quad(label)
    if fmt.supports_datasets:
        return pyoxigraph.serialize([quad], format=fmt)
    return pyoxigraph.serialize([quad.triple], format=fmt)


@given(LABELS)
def test_label_survives_rdflib_serializers(label: str) -> None:
    dataset = rdflib_dataset(label)
    for fmt in RDFLIB_FORMATS:
        # Triple formats get the graph; quad formats the whole dataset.
        source = dataset if fmt in ("nquads", "trig", "json-ld") else dataset.graph(GRAPH_REF)
        data = source.serialize(format=fmt)
        assert rdflib_labels(data, fmt) == [label], fmt
        # and another library reads rdflib's output the same way
        ox_fmt = {"nt": "ntriples", "json-ld": "jsonld"}.get(fmt, fmt)
        quads = parse_rdf_bytes(data.encode("utf-8"), ox_fmt)
        assert [q.object.value for q in quads] == [label], fmt


@given(LABELS)
def test_label_survives_pyoxigraph_serializers(label: str) -> None:
    for fmt in OX_FORMATS:
        data = ox_serialize(label, fmt)
        assert ox_labels(data, fmt) == [label], fmt.name
        rdflib_fmt = {
            "Turtle": "turtle",
            "N-Triples": "nt",
            "N-Quads": "nquads",
            "TriG": "trig",
            "JSON-LD": "json-ld",
        }[fmt.name]
        assert rdflib_labels(data, rdflib_fmt) == [label], fmt.name


@given(XML_LABELS)
def test_xml_legal_label_survives_rdf_xml(label: str) -> None:
    data = rdflib_dataset(label).graph(rdflib.URIRef(GRAPH)).serialize(format="xml")
    assert rdflib_labels(data, "xml") == [label]
    assert ox_labels(data.encode("utf-8"), pyoxigraph.RdfFormat.RDF_XML) == [label]

    # scokg's own deterministic writer (dist/scokg.rdf)
    graph = rdflib_dataset(label).graph(GRAPH_REF)
    data = rdfxml(graph)
    assert rdflib_labels(data, "xml") == [label]
    assert ox_labels(data.encode("utf-8"), pyoxigraph.RdfFormat.RDF_XML) == [label]

    # pyoxigraph's writer puts a CR raw into the XML; pyoxigraph reads it back, but a
    # conforming XML parser (expat, in rdflib) must normalise it to LF (XML 1.0, 2.11).
    # That is why scokg never writes RDF/XML with pyoxigraph. Asserted, not hidden:
    data = ox_serialize(label, pyoxigraph.RdfFormat.RDF_XML)
    assert ox_labels(data, pyoxigraph.RdfFormat.RDF_XML) == [label]
    assert rdflib_labels(data, "xml") == [label.replace("\r\n", "\n").replace("\r", "\n")]


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\ufffe", "\uffff"])
def test_rdf_xml_cannot_carry_xml_restricted_characters(char: str) -> None:
    """Documented restriction: such a label is refused, never silently altered."""
    label = f"a{char}b"
    with pytest.raises(DataError, match="RDF/XML"):
        rdfxml(rdflib_dataset(label).graph(GRAPH_REF))  # scokg's writer refuses it
    outcomes = []
    for writer in ("rdflib", "pyoxigraph"):
        try:
            if writer == "rdflib":
                data = rdflib_dataset(label).graph(rdflib.URIRef(GRAPH)).serialize(format="xml")
                data = data.encode("utf-8")
            else:
                data = ox_serialize(label, pyoxigraph.RdfFormat.RDF_XML)
        except Exception:  # noqa: BLE001 - refusing to write is an acceptable outcome
            outcomes.append(f"{writer}: refused to write")
            continue
        for reader in ("rdflib", "pyoxigraph"):
            try:
                if reader == "rdflib":
                    back = rdflib_labels(data, "xml")
                else:
                    back = ox_labels(data, pyoxigraph.RdfFormat.RDF_XML)
            except Exception:  # noqa: BLE001 - refusing to read is an acceptable outcome
                outcomes.append(f"{writer}->{reader}: refused to read")
                continue
            # If a reader accepts the document, the label must be intact.
            assert back == [label], (writer, reader, back)
            outcomes.append(f"{writer}->{reader}: intact")
    assert outcomes


@given(LABELS)
def test_both_engines_return_the_label_unchanged(label: str) -> None:
    store = pyoxigraph.Store()
    store.add(ox_quad(label))
    query = f"SELECT ?l WHERE {{ <{SUBJECT}> <{LABEL}> ?l }}"
    ox_rows = list(store.query(query, use_default_graph_as_union=True))
    assert [row["l"].value for row in ox_rows] == [label]
    assert ox_rows[0]["l"].language == "en"

    dataset = rdflib_dataset(label)
    dataset.default_union = True
    rows = list(dataset.query(query))
    assert [str(row[0]) for row in rows] == [label]
    assert rows[0][0].language == "en"

    # and a literal written into the query (escaped by pyoxigraph) matches it exactly
    literal = str(pyoxigraph.Literal(label, language="en"))
    ask = f"ASK {{ <{SUBJECT}> <{LABEL}> {literal} }}"
    assert bool(store.query(ask, use_default_graph_as_union=True)) is True
    assert dataset.query(ask).askAnswer is True


def test_xml_legal_characters() -> None:
    assert all(xml_legal(c) for c in "\t\n\r\u00a0😀\U0010fffd")
    assert not any(xml_legal(c) for c in "\x00\x1f\ufffe\uffff")
