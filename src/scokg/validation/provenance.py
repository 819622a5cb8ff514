"""Provenance checks SHACL cannot make, as SPARQL over the project's pyoxigraph store.

- every span (a node with nif:beginIndex/endIndex/anchorOf) quotes exactly the source text
  at its offsets, counted in Unicode code points, end exclusive;
- each document's nif:isString is its source file, and the file matches its checksum;
- every fact a document graph asserts has an rdf:Statement naming its sentence;
- every name of a shared entity occurs in a sentence the entity cites, or has a statement
  giving its outside source.

Both validation engines run these same checks on the same kind of store (one graph per
source, as :func:`scokg.parsing.load_store` builds it), so their provenance problems are
the same records. The store is only read; no rdflib is imported.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import pyoxigraph as ox

from scokg import vocab
from scokg.oxquery import select
from scokg.validation.locate import find_subject
from scokg.validation.naming import NBSP, short, store_label
from scokg.validation.report import Problem

if TYPE_CHECKING:
    from scokg.project import Source

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
DOCUMENT_SPACE = vocab.ID + "document/"
DOCUMENT_GRAPHS = vocab.GRAPH + "document/"

UNSOURCED_FACT = (
    "this fact has no source: add an rdf:Statement with rdf:subject, rdf:predicate, "
    "rdf:object and prov:wasDerivedFrom the sentence that states it"
)
CHECKSUM_DIFFERS = (
    "the source text does not match its recorded SHA-256 checksum: the file changed since it "
    "was received"
)
UNCITED_NAME = (
    "this name occurs in none of the sentences the entity cites (prov:wasDerivedFrom): cite "
    "the sentence that writes it, or add a statement with dcterms:source giving where the "
    "name comes from"
)

Rows = dict[str, list[ox.QuerySolution]]


class Location(TypedDict):
    """Where a problem's focus is described: ``Problem``'s ``file`` and ``line``."""

    file: str | None
    line: int | None


def check_provenance(
    store: ox.Store, sources: Sequence[Source], texts: Mapping[str, Path]
) -> list[Problem]:
    """All provenance problems of the project loaded in ``store``.

    ``sources`` are the project's sources (their graphs name the store's graphs);
    ``texts`` maps a document slug to its source text file (``Project.source_texts()``).
    """
    files = [s.path for s in sources if s.kind != "ontology"]
    return check_documents(store, sources, texts) + check_entity_names(store, sources, files)


def check_documents(
    store: ox.Store, sources: Sequence[Source], texts: Mapping[str, Path]
) -> list[Problem]:
    """Spans, nif:isString, checksum and unsourced facts of every document source."""
    by_graph: dict[str, list[Path]] = defaultdict(list)
    for s in sources:
        by_graph[s.graph].append(s.path)
    values = _per_graph(
        store,
        f"SELECT ?g ?d ?p ?o WHERE {{ GRAPH ?g {{ ?d ?p ?o }} "
        f"VALUES ?p {{ <{vocab.SCOKG}sha256> <{vocab.NIF}isString> }} {_documents('?g')} }}",
    )
    spans = _span_rows(store, None)
    unsourced = _per_graph(
        store,
        f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o "
        f'FILTER (isBlank(?s) || !STRSTARTS(STR(?s), "{DOCUMENT_SPACE}")) '
        f"FILTER NOT EXISTS {{ ?st <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ; "
        f"<{PROV}wasDerivedFrom> ?x }} }} {_documents('?g')} }}",
    )
    problems: list[Problem] = []
    for source in sources:
        if source.kind != "document":
            continue
        slug = source.path.stem
        graph = source.graph
        doc_files = by_graph[graph]
        iri = DOCUMENT_SPACE + slug
        missing = [
            Problem(
                check="provenance",
                message=UNSOURCED_FACT,
                focus=_name(row["s"]),
                focus_label=store_label(store, [graph], row["s"]),
                path=short(row["p"]),
                value=short(row["o"]),
                **_file_line(doc_files, _name(row["s"])),
            )
            for row in unsourced.get(graph, [])
        ]
        text_file = texts.get(slug)
        if text_file is None or not text_file.is_file():
            has_meta = any(s.kind == "document-metadata" and s.graph == graph for s in sources)
            also = "" if has_meta else f" (and so is its metadata data/sources/{slug}.meta.ttl)"
            problems.append(
                Problem(
                    check="provenance",
                    message=f"the source text data/sources/{slug}.txt is missing{also}: spans "
                    "cannot be checked",
                    focus=iri,
                    **_file_line(doc_files, iri),
                )
            )
            problems.extend(missing)
            continue
        raw = text_file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(
                Problem(
                    check="provenance",
                    message=f"the source text is not UTF-8 (byte {exc.start})",
                    file=str(text_file),
                )
            )
            continue
        own = {
            row["p"].value: row["o"].value for row in values.get(graph, []) if row["d"].value == iri
        }
        problems.extend(_document_text(iri, own, raw, text, doc_files))
        problems.extend(_span_problems(store, graph, spans.get(graph, []), text, iri, doc_files))
        problems.extend(missing)
    return problems


def check_spans(
    store: ox.Store, graph: str, text: str, context: str, files: list[Path] | None = None
) -> list[Problem]:
    """Every span of ``context`` in ``graph`` must quote ``text`` exactly at its offsets."""
    rows = _span_rows(store, graph).get(graph, [])
    return _span_problems(store, graph, rows, text, context, files or [])


def span_problem(
    text: str, begin: object, end: object, anchor: object
) -> tuple[str, str | None, str | None] | None:
    """None if the span is right, else (message, found quote, text at the offsets).

    ``begin``/``end`` are the lexical forms of the offsets (or None when missing),
    ``anchor`` the quoted text (or None).
    """
    try:
        b = int(str(begin))
        e = int(str(end))
    except ValueError:
        return ("the span's offsets are not integers", f"{begin}..{end}", None)
    quote = None if anchor is None else str(anchor)
    if not 0 <= b <= e <= len(text):
        return (
            f"the span [{b}, {e}) lies outside the source text (length {len(text)})",
            quote,
            None,
        )
    actual = text[b:e]
    if quote is None:
        return ("the span has no quoted text (nif:anchorOf)", None, actual)
    if quote != actual:
        message = f"the quoted text is not the source text at [{b}, {e})"
        where = _nearest(text, quote, b)
        if where is not None:
            message += f"; the quote occurs at [{where}, {where + len(quote)})"
        elif quote.replace(NBSP, " ") == actual.replace(NBSP, " "):
            message += "; they differ in no-break spaces (U+00A0): write them as \\u00A0"
        return (message, quote, actual)
    return None


def check_entity_names(
    store: ox.Store, sources: Sequence[Source], files: list[Path]
) -> list[Problem]:
    """Each name of a shared entity is in a sentence it cites, or has an outside source.

    Shared entities are those of the reference graphs; sentence texts and statements come
    from every data graph (all sources but the ontology). ``files`` are searched for the
    line of the entity after the reference files.
    """
    reference = sorted({s.graph for s in sources if s.kind == "reference"})
    data = sorted({s.graph for s in sources if s.kind != "ontology"})
    if not reference:
        return []
    ref_values = " ".join(f"<{g}>" for g in reference)
    data_values = " ".join(f"<{g}>" for g in data)
    sourced = {
        (row["s"], row["o"])
        for row in select(
            store,
            f"SELECT DISTINCT ?s ?o WHERE {{ VALUES ?g {{ {data_values} }} GRAPH ?g {{ "
            f"?st <{DCTERMS}source> ?src ; <{RDF}subject> ?s ; <{RDF}object> ?o }} }}",
        )
    }
    anchors: dict[object, list[str]] = defaultdict(list)
    for row in select(
        store,
        f"SELECT DISTINCT ?e ?s ?a WHERE {{ VALUES ?r {{ {ref_values} }} GRAPH ?r {{ "
        f"?e <{PROV}wasDerivedFrom> ?s }} OPTIONAL {{ SELECT ?s (MIN(?x) AS ?a) WHERE {{ "
        f"VALUES ?g {{ {data_values} }} GRAPH ?g {{ ?s <{vocab.NIF}anchorOf> ?x }} }} "
        f"GROUP BY ?s }} }}",
    ):
        anchors[row["e"]].append((_optional(row, "a") or "").replace(NBSP, " "))
    names = select(
        store,
        f"SELECT DISTINCT ?e ?p ?n WHERE {{ VALUES ?r {{ {ref_values} }} "
        f"VALUES ?p {{ <{SKOS}prefLabel> <{SKOS}altLabel> }} GRAPH ?r {{ ?e ?p ?n }} }}",
    )
    ref_paths = [s.path for s in sources if s.kind == "reference"]
    ref_set = set(ref_paths)
    reference_files = ref_paths + [f for f in files if f not in ref_set]
    problems = []
    for row in names:
        entity, prop, name = row["e"], row["p"], row["n"]
        if entity not in anchors or (entity, name) in sourced:
            continue
        if any(name.value.replace(NBSP, " ") in s for s in anchors[entity]):
            continue
        problems.append(
            Problem(
                check="provenance",
                message=UNCITED_NAME,
                focus=_name(entity),
                focus_label=store_label(store, reference, entity),
                path=f"skos:{prop.value.removeprefix(SKOS)}",
                value=short(name),
                **_file_line(reference_files, _name(entity)),
            )
        )
    return problems


def _document_text(
    iri: str, own: dict[str, str], raw: bytes, text: str, files: list[Path]
) -> list[Problem]:
    """The checksum and nif:isString of document ``iri`` against its source text."""
    problems = []
    digest = own.get(vocab.SCOKG + "sha256")
    actual = hashlib.sha256(raw).hexdigest()
    if digest is not None and digest != actual:
        problems.append(
            Problem(
                check="provenance",
                message=CHECKSUM_DIFFERS,
                focus=iri,
                path="scokg:sha256",
                value=digest,
                expected=actual,
                **_checksum_line(files, iri),
            )
        )
    is_string = own.get(vocab.NIF + "isString")
    if is_string is not None and is_string != text:
        offset = _first_difference(is_string, text)
        problems.append(
            Problem(
                check="provenance",
                message=f"nif:isString differs from the source file from code point {offset} on",
                focus=iri,
                path="nif:isString",
                value=_excerpt(is_string, offset),
                expected=_excerpt(text, offset),
                **_file_line(files, iri),
            )
        )
    return problems


def _span_rows(store: ox.Store, graph: str | None) -> Rows:
    """Span rows (?span ?ctx ?b ?e ?a) per document graph, of one graph or all of them."""
    where = f"VALUES ?g {{ <{graph}> }}" if graph is not None else _documents("?g")
    return _per_graph(
        store,
        f"SELECT ?g ?span ?ctx ?b ?e ?a WHERE {{ GRAPH ?g {{ ?span <{vocab.NIF}referenceContext> "
        f"?ctx OPTIONAL {{ ?span <{vocab.NIF}beginIndex> ?b }} "
        f"OPTIONAL {{ ?span <{vocab.NIF}endIndex> ?e }} "
        f"OPTIONAL {{ ?span <{vocab.NIF}anchorOf> ?a }} }} {where} }}",
    )


def _span_problems(
    store: ox.Store,
    graph: str,
    rows: list[ox.QuerySolution],
    text: str,
    context: str,
    files: list[Path],
) -> list[Problem]:
    problems = []
    for row in rows:
        if row["ctx"] != ox.NamedNode(context):
            continue
        found = span_problem(text, *(_optional(row, k) for k in ("b", "e", "a")))
        if found is None:
            continue
        span = row["span"]
        problems.append(
            Problem(
                check="provenance",
                message=found[0],
                focus=_name(span),
                focus_label=store_label(store, [graph], span),
                path="nif:anchorOf",
                value=found[1],
                expected=found[2],
                **_file_line(files, _name(span)),
            )
        )
    return problems


def _documents(var: str) -> str:
    return f'FILTER (STRSTARTS(STR({var}), "{DOCUMENT_GRAPHS}"))'


def _per_graph(store: ox.Store, query: str) -> Rows:
    out: Rows = defaultdict(list)
    for row in select(store, query):
        out[_name(row["g"])].append(row)
    return out


def _name(node: object) -> str:
    """An IRI's text, or the N-Triples form of a blank node."""
    return node.value if isinstance(node, ox.NamedNode) else str(node)


def _optional(row: ox.QuerySolution, key: str) -> str | None:
    try:
        term = row[key]
    except KeyError:
        return None
    return None if term is None else term.value


def _file_line(files: list[Path], name: str) -> Location:
    """The first file and line of ``files`` where ``name`` is described, or Nones."""
    found = find_subject(files, name)
    return Location(file=str(found[0]) if found else None, line=found[1] if found else None)


def _checksum_line(files: list[Path], iri: str) -> Location:
    """The line of the ``scokg:sha256`` in the document's meta file (where a curator fixes
    it), else where the document is described."""
    for path in files:
        if not path.name.endswith(".meta.ttl"):
            continue
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            if "sha256" in line and not line.lstrip().startswith("#"):
                return Location(file=str(path), line=number)
    return _file_line(files, iri)


def _nearest(text: str, quote: str, offset: int) -> int | None:
    """Start of the occurrence of ``quote`` in ``text`` nearest to ``offset`` (a repeated
    heading has several; the hint names the one the offsets were meant for), or None."""
    best: int | None = None
    at = text.find(quote) if quote else -1
    while at >= 0:
        if best is None or abs(at - offset) < abs(best - offset):
            best = at
        at = text.find(quote, at + 1)
    return best


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _excerpt(text: str, offset: int, width: int = 40) -> str:
    return repr(text[max(0, offset - 10) : offset + width])
