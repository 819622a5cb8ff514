"""The W3C SPARQL 1.1 query results formats: JSON, XML, CSV and TSV (written by hand:
they are short specifications, and our results are plain values, not engine objects)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any, TextIO

import pyoxigraph

from scokg.engines.results import AskResult, SelectResult, Term
from scokg.output.jsondoc import write_json as write_json_text
from scokg.vocab import RDF, XSD

XSD_STRING = XSD + "string"
RDF_LANG_STRING = RDF + "langString"


def escape(text: str) -> str:
    """XML character data (xml.sax.saxutils would pull in urllib: slow start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    escaped = escape(text).replace('"', "&quot;")
    return '"' + escaped.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


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


def write_json(result: SelectResult | AskResult, stream: TextIO) -> None:
    """SPARQL 1.1 Query Results JSON, through the one JSON printer (UTF-8, indent 2)."""
    doc: dict[str, Any]
    if isinstance(result, AskResult):
        doc = {"head": {}, "boolean": result.value}
    else:
        bindings = [
            {var: _json_term(t) for var, t in zip(result.variables, row, strict=True) if t}
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    write_json_text(doc, stream)


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


def write_xml(result: SelectResult | AskResult, stream: TextIO) -> None:
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write('<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
    if isinstance(result, AskResult):
        stream.write("  <head/>\n")
        stream.write(f"  <boolean>{'true' if result.value else 'false'}</boolean>\n")
    else:
        stream.write("  <head>\n")
        for var in result.variables:
            stream.write(f"    <variable name={quoteattr(var)}/>\n")
        stream.write("  </head>\n  <results>\n")
        for row in result.rows:
            stream.write("    <result>\n")
            for var, term in zip(result.variables, row, strict=True):
                if term is not None:
                    stream.write(f"      <binding name={quoteattr(var)}>{_xml_term(term)}")
                    stream.write("</binding>\n")
            stream.write("    </result>\n")
        stream.write("  </results>\n")
    stream.write("</sparql>\n")


def write_csv(result: SelectResult | AskResult, stream: TextIO) -> None:
    """CSV keeps values only (IRIs bare, literals without datatype or language)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    if isinstance(result, AskResult):
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.value else "false"])
        return
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if t is None else _csv_value(t) for t in row])


def _csv_value(term: Term) -> str:
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    return term.value


def write_tsv(result: SelectResult | AskResult, stream: TextIO) -> None:
    """TSV keeps full terms in their SPARQL/N-Triples form, so nothing is lost."""
    if isinstance(result, AskResult):
        stream.write("?boolean\n" + ("true" if result.value else "false") + "\n")
        return
    stream.write("\t".join("?" + v for v in result.variables) + "\n")
    for row in result.rows:
        stream.write("\t".join("" if t is None else str(t) for t in row) + "\n")


WRITERS: dict[str, Callable[[SelectResult | AskResult, TextIO], None]] = {
    "json": write_json,
    "xml": write_xml,
    "csv": write_csv,
    "tsv": write_tsv,
}
