"""Graph results (CONSTRUCT, DESCRIBE) as Turtle, N-Triples or JSON-LD, by pyoxigraph."""

from __future__ import annotations

from typing import TextIO

import pyoxigraph

from scokg.engines.results import GraphResult
from scokg.output.sparql_results import utf8
from scokg.vocab import turtle_prefixes

_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def write_graph(result: GraphResult, stream: TextIO, fmt: str, *, expanded: bool = False) -> None:
    """Serialise the triples; Turtle gets the project prefixes, sorted for stable diffs.

    ``jsonld`` is compact JSON-LD 1.1 with the project context embedded
    (:func:`scokg.output.jsonld.compact`); with ``expanded``, expanded JSON-LD without a
    context (pyoxigraph's writer). Every term is kept exactly: every literal is a JSON
    string with its lexical form, so ``INF`` and ``NaN`` stay JSON. UTF-8 whatever the
    stream's own encoding; the text ends with a newline. Raises
    :class:`~scokg.errors.DataError` for an IRI the context would misread.
    """
    triples = sorted(result.triples, key=str)
    if fmt == "jsonld" and not expanded:
        utf8(stream).write(_compact_text(triples))
        return
    prefixes = None
    if fmt == "turtle":
        terms = [t for triple in triples for t in triple]
        used = {t.value for t in terms if isinstance(t, pyoxigraph.NamedNode)}
        used |= {t.datatype.value for t in terms if isinstance(t, pyoxigraph.Literal)}
        prefixes = turtle_prefixes(used)
    data = pyoxigraph.serialize(triples, format=_FORMATS[fmt], prefixes=prefixes)
    assert data is not None
    text = data.decode("utf-8")
    utf8(stream).write(text if not text or text.endswith("\n") else text + "\n")


def _compact_text(triples: list[pyoxigraph.Triple]) -> str:
    import io

    from scokg.errors import DataError
    from scokg.output.jsondoc import write_json
    from scokg.output.jsonld import compact

    try:
        doc = compact(triples)
    except ValueError as exc:
        raise DataError(
            str(exc), hint="use --format jsonld --expanded, or turtle, which carry any IRI"
        ) from None
    buffer = io.StringIO()
    write_json(doc, buffer)  # the one JSON printer; every literal here is a JSON string
    text = buffer.getvalue()
    # Read back before writing: compaction must never change a term silently.
    back = {q.triple for q in pyoxigraph.parse(text.encode("utf-8"), format=_FORMATS["jsonld"])}
    if back != set(triples):
        changed = sorted(map(str, set(triples) ^ back))[0]
        raise DataError(
            f"compact JSON-LD would not read back as the result (first difference: {changed})",
            hint="use --format jsonld --expanded, or turtle",
        )
    return text
