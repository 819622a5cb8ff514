"""The W3C SPARQL 1.1 query results formats: JSON, XML, CSV and TSV (written by hand:
they are short specifications, and our results are plain values, not engine objects).

Every format but CSV keeps each term exactly (lexical form, datatype, language tag, IRI,
blank node label); CSV keeps values only, as its specification says (SPARQL 1.1 Query
Results CSV and TSV Formats, section 2). JSON, CSV and TSV are written row by row as the
rows come, so a streamed answer is never held in memory. XML is checked whole before its
first byte is written: a term XML 1.0 cannot carry (a control character, U+FFFE, U+FFFF)
is a :class:`~scokg.errors.DataError` naming the term, never a document that is not
well-formed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TextIO

import pyoxigraph

from scokg.engines.results import AskResult, SelectResult, Term
from scokg.errors import DataError
from scokg.output.jsondoc import write_json as write_json_text
from scokg.output.jsondoc import write_json_streaming
from scokg.vocab import RDF, XSD

XSD_STRING = XSD + "string"
RDF_LANG_STRING = RDF + "langString"

Row = tuple[Term | None, ...]

# Characters XML 1.0 cannot hold even as a character reference (XML 1.0 section 2.2, Char).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class Solutions(Protocol):
    """A SELECT answer: :class:`~scokg.engines.results.SelectResult`, or a stream of rows
    (``rows`` may be an iterator, read once)."""

    @property
    def variables(self) -> list[str]: ...

    @property
    def rows(self) -> Iterable[Row]: ...


Answer = Solutions | AskResult


class Writer(Protocol):
    """Where text goes: a text stream, or :class:`_Utf8`."""

    def write(self, text: str, /) -> int: ...


class _Utf8:
    """Text written as UTF-8 to a stream's binary buffer (when the stream's own encoding,
    e.g. ``PYTHONIOENCODING=ascii``, cannot carry every character)."""

    def __init__(self, stream: TextIO) -> None:
        stream.flush()
        self._buffer = stream.buffer

    def write(self, text: str) -> int:
        self._buffer.write(text.encode("utf-8"))
        return len(text)


def utf8(stream: TextIO) -> Writer:
    """``stream`` itself when it writes UTF-8, else a UTF-8 view of its binary buffer."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or getattr(stream, "buffer", None) is None:
        return stream
    return _Utf8(stream)


_EDGE_SPACE = re.compile(r"^[ \t\n]+|[ \t\n]+$")


def _char_refs(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(c)};" for c in match.group())


def escape(text: str) -> str:
    """XML character data; CR as ``&#13;`` (a parser turns a raw CR into LF, XML 1.0 2.11),
    and leading or trailing white space as character references, which parsers that trim
    text (pyoxigraph's does) must keep.

    (xml.sax.saxutils would pull in urllib: slow start-up.)
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _EDGE_SPACE.sub(_char_refs, text.replace("\r", "&#13;"))


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value (whitespace kept: XML 1.0 3.3.3 normalises it)."""
    escaped = escape(text).replace('"', "&quot;")
    return '"' + escaped.replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def describe_term(term: Term) -> str:
    """A term as N-Triples with non-printable characters as ``\\u`` escapes, for messages."""
    shown = str(term)
    return "".join(
        c if c.isprintable() or c == " " else f"\\u{ord(c):04X}" if ord(c) < 0x10000 else c
        for c in shown
    )


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def write_json(result: Answer, stream: TextIO) -> None:
    """SPARQL 1.1 Query Results JSON through the one JSON printer (UTF-8, indent 2), the
    bindings written row by row as they come."""
    if isinstance(result, AskResult):
        write_json_text({"head": {}, "boolean": result.value}, stream)
        return
    variables = result.variables
    bindings = (
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t} for row in result.rows
    )
    doc = {"head": {"vars": variables}, "results": {"bindings": ...}}
    write_json_streaming(doc, bindings, stream)


def _xml_term(term: Term) -> str:
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def check_xml(variables: list[str], rows: list[Row]) -> None:
    """Raise :class:`~scokg.errors.DataError` for the first term XML 1.0 cannot carry."""
    for number, row in enumerate(rows, start=1):
        for var, term in zip(variables, row, strict=True):
            if term is None:
                continue
            parts = [term.value]
            if isinstance(term, pyoxigraph.Literal):
                parts.append(term.datatype.value)
            match = next((m for p in parts if (m := _XML_FORBIDDEN.search(p))), None)
            if match is not None:
                raise DataError(
                    f"?{var} in row {number} is {describe_term(term)}, which holds "
                    f"U+{ord(match.group()):04X}: XML 1.0 cannot carry that character",
                    hint="use --format json or tsv, which keep every term exactly",
                )


def write_xml(result: Answer, stream: TextIO) -> None:
    """SPARQL Query Results XML; every row is read and checked before anything is written."""
    out = utf8(stream)
    head = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    head.append('<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
    if isinstance(result, AskResult):
        out.write("".join(head))
        out.write("  <head/>\n")
        out.write(f"  <boolean>{'true' if result.value else 'false'}</boolean>\n")
        out.write("</sparql>\n")
        return
    rows = list(result.rows)
    check_xml(result.variables, rows)
    out.write("".join(head))
    out.write("  <head>\n")
    for var in result.variables:
        out.write(f"    <variable name={quoteattr(var)}/>\n")
    out.write("  </head>\n  <results>\n")
    for row in rows:
        out.write("    <result>\n")
        for var, term in zip(result.variables, row, strict=True):
            if term is not None:
                out.write(f"      <binding name={quoteattr(var)}>{_xml_term(term)}")
                out.write("</binding>\n")
        out.write("    </result>\n")
    out.write("  </results>\n</sparql>\n")


def write_csv(result: Answer, stream: TextIO) -> None:
    """CSV keeps values only (IRIs bare, literals without datatype or language, blank
    nodes as ``_:label``), the loss its specification states; rows as they come."""
    writer = csv.writer(utf8(stream), lineterminator="\r\n")
    if isinstance(result, AskResult):
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.value else "false"])
        return
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else csv_value(t) for t in row])


def csv_value(term: Term) -> str:
    """What CSV keeps of a term: its value (``_:label`` for a blank node)."""
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    return term.value


def write_tsv(result: Answer, stream: TextIO) -> None:
    """TSV keeps full terms in their SPARQL/N-Triples form, so nothing is lost."""
    out = utf8(stream)
    if isinstance(result, AskResult):
        out.write("?boolean\n" + ("true" if result.value else "false") + "\n")
        return
    out.write("\t".join("?" + v for v in result.variables) + "\n")
    for row in result.rows:
        out.write("\t".join("" if t is None else str(t) for t in row) + "\n")


LABEL_SUFFIX = "Label"


def with_labels(result: Solutions, labels: Mapping[str, pyoxigraph.Literal]) -> SelectResult:
    """``result`` with a ``<var>Label`` variable after each variable that binds an IRI.

    As the Wikidata Query Service's label service names them: ``?place`` gets
    ``?placeLabel``, bound to the label literal of its IRI (language tag kept) from
    ``labels``, unbound when the IRI has none or the value is not an IRI. A query that
    already has a variable of that name keeps its own. Every row is read (to know which
    variables bind IRIs); the answer stays a plain SELECT answer, so every SPARQL results
    format writes it as it is.
    """
    rows = list(result.rows)
    variables = list(result.variables)
    taken = set(variables)
    with_iris = {
        index
        for row in rows
        for index, term in enumerate(row)
        if isinstance(term, pyoxigraph.NamedNode)
    }
    out_vars: list[str] = []
    sources: list[tuple[int, bool]] = []  # (column, is a label column)
    for index, var in enumerate(variables):
        out_vars.append(var)
        sources.append((index, False))
        name = var + LABEL_SUFFIX
        if index in with_iris and name not in taken:
            out_vars.append(name)
            sources.append((index, True))
            taken.add(name)
    out_rows = [
        tuple(
            _label_of(row[index], labels) if is_label else row[index] for index, is_label in sources
        )
        for row in rows
    ]
    return SelectResult(out_vars, out_rows)


def _label_of(term: Term | None, labels: Mapping[str, pyoxigraph.Literal]) -> Term | None:
    if isinstance(term, pyoxigraph.NamedNode):
        return labels.get(term.value)
    return None


WRITERS: dict[str, Callable[[Answer, TextIO], None]] = {
    "json": write_json,
    "xml": write_xml,
    "csv": write_csv,
    "tsv": write_tsv,
}
