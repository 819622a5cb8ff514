"""Provenance checks SHACL cannot make: against the source files, and across triples.

- every span (a node with nif:beginIndex/endIndex/anchorOf) quotes exactly the source text
  at its offsets, counted in Unicode code points, end exclusive;
- each document's nif:isString is its source file, and the file matches its checksum;
- every fact a document graph asserts has an rdf:Statement naming its sentence;
- every name of a shared entity occurs in a sentence the entity cites, or has a statement
  giving its outside source.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scokg import vocab as iris
from scokg.validation.locate import find_subject
from scokg.validation.naming import label_of, short
from scokg.validation.report import Problem

if TYPE_CHECKING:
    import rdflib

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
DOCUMENT_SPACE = iris.ID + "document/"
NBSP = "\u00a0"


@dataclass(frozen=True)
class DocumentInput:
    """One source document: its slug, its graph's triples, files and source text."""

    slug: str
    graph: rdflib.Graph
    files: list[Path]
    text_file: Path | None


# Shared with the fast engine (scokg.validation.fast), which runs the same check in SPARQL.
UNCITED_NAME = (
    "this name occurs in none of the sentences the entity cites (prov:wasDerivedFrom): cite "
    "the sentence that writes it, or add a statement with dcterms:source giving where the "
    "name comes from"
)


def read_source_text(path: Path) -> tuple[bytes, str | None, Problem | None]:
    """The bytes of a source text (for its checksum) and their UTF-8 text, or why not."""
    raw = path.read_bytes()
    try:
        return raw, raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        problem = Problem(
            check="provenance",
            message=f"the source text is not UTF-8 (byte {exc.start})",
            file=str(path),
        )
        return raw, None, problem


def document_iri(slug: str) -> str:
    return DOCUMENT_SPACE + slug


def check_documents(docs: list[DocumentInput]) -> list[Problem]:
    problems: list[Problem] = []
    for doc in docs:
        problems.extend(_check_document(doc))
    return problems


def _check_document(doc: DocumentInput) -> list[Problem]:
    from rdflib import URIRef

    problems: list[Problem] = []
    iri = URIRef(document_iri(doc.slug))
    where = find_subject(doc.files, str(iri))

    def at(node: str) -> dict[str, object]:
        found = find_subject(doc.files, node) or where
        return {"file": str(found[0]), "line": found[1]} if found else {}

    if doc.text_file is None or not doc.text_file.is_file():
        expected = f"data/sources/{doc.slug}.txt"
        problems.append(
            Problem(
                check="provenance",
                message=f"the source text {expected} is missing: spans cannot be checked",
                focus=str(iri),
                **at(str(iri)),  # type: ignore[arg-type]
            )
        )
        return problems + _missing_statements(doc)

    raw, text, not_utf8 = read_source_text(doc.text_file)
    if text is None:
        return [*problems, not_utf8]

    digest = doc.graph.value(iri, URIRef(iris.SCOKG + "sha256"))
    actual = hashlib.sha256(raw).hexdigest()
    if digest is not None and str(digest) != actual:
        problems.append(
            Problem(
                check="provenance",
                message="the source text does not match its recorded SHA-256 checksum: "
                "the file changed since it was received",
                focus=str(iri),
                path="scokg:sha256",
                value=str(digest),
                expected=actual,
                **at(str(iri)),  # type: ignore[arg-type]
            )
        )

    is_string = doc.graph.value(iri, URIRef(iris.NIF + "isString"))
    if is_string is not None and str(is_string) != text:
        offset = _first_difference(str(is_string), text)
        problems.append(
            Problem(
                check="provenance",
                message=f"nif:isString differs from the source file from code point {offset} on",
                focus=str(iri),
                path="nif:isString",
                value=_excerpt(str(is_string), offset),
                expected=_excerpt(text, offset),
                **at(str(iri)),  # type: ignore[arg-type]
            )
        )

    problems.extend(check_spans(doc.graph, text, str(iri), doc.files))
    problems.extend(_missing_statements(doc))
    return problems


def check_spans(
    graph: rdflib.Graph, text: str, context: str, files: list[Path] | None = None
) -> list[Problem]:
    """Every span of ``context`` must quote ``text`` exactly at its offsets."""
    from rdflib import URIRef

    nif = iris.NIF
    problems = []
    for span in sorted(graph.subjects(URIRef(nif + "referenceContext"), URIRef(context))):
        begin = graph.value(span, URIRef(nif + "beginIndex"))
        end = graph.value(span, URIRef(nif + "endIndex"))
        anchor = graph.value(span, URIRef(nif + "anchorOf"))
        problem = span_problem(text, begin, end, anchor)
        if problem is None:
            continue
        found = find_subject(files or [], str(span))
        problems.append(
            Problem(
                check="provenance",
                message=problem[0],
                focus=str(span),
                focus_label=label_of(graph, span),
                path="nif:anchorOf",
                value=problem[1],
                expected=problem[2],
                file=str(found[0]) if found else None,
                line=found[1] if found else None,
            )
        )
    return problems


def span_problem(
    text: str, begin: object, end: object, anchor: object
) -> tuple[str, str | None, str | None] | None:
    """None if the span is right, else (message, found quote, text at the offsets)."""
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
        where = text.find(quote)
        if where >= 0:
            message += f"; the quote occurs at [{where}, {where + len(quote)})"
        elif quote.replace(NBSP, " ") == actual.replace(NBSP, " "):
            message += "; they differ in no-break spaces (U+00A0): write them as \\u00A0"
        return (message, quote, actual)
    return None


def _missing_statements(doc: DocumentInput) -> list[Problem]:
    """Facts of the document graph that no rdf:Statement ties to a sentence."""
    from rdflib import URIRef

    rdf_subject, rdf_predicate, rdf_object = (
        URIRef(RDF + n) for n in ("subject", "predicate", "object")
    )
    derived = URIRef(PROV + "wasDerivedFrom")
    sourced: set[tuple[object, object, object]] = set()
    for statement in doc.graph.subjects(rdf_subject, None):
        if doc.graph.value(statement, derived) is None:
            continue
        sourced.add(
            (
                doc.graph.value(statement, rdf_subject),
                doc.graph.value(statement, rdf_predicate),
                doc.graph.value(statement, rdf_object),
            )
        )
    problems = []
    for s, p, o in sorted(doc.graph):
        if str(s).startswith(DOCUMENT_SPACE) or (s, p, o) in sourced:
            continue
        found = find_subject(doc.files, str(s))
        problems.append(
            Problem(
                check="provenance",
                message="this fact has no source: add an rdf:Statement with rdf:subject, "
                "rdf:predicate, rdf:object and prov:wasDerivedFrom the sentence that states it",
                focus=str(s),
                focus_label=label_of(doc.graph, s),
                path=short(p),
                value=short(o),
                file=str(found[0]) if found else None,
                line=found[1] if found else None,
            )
        )
    return problems


def check_entity_names(
    graph: rdflib.Graph, reference: rdflib.Graph, files: list[Path]
) -> list[Problem]:
    """Each name of a shared entity is in a sentence it cites, or has an outside source.

    ``graph`` is the whole data (for sentence texts); ``reference`` the shared entities.
    """
    from rdflib import URIRef

    derived = URIRef(PROV + "wasDerivedFrom")
    anchor = URIRef(iris.NIF + "anchorOf")
    sourced = {
        (graph.value(st, URIRef(RDF + "subject")), graph.value(st, URIRef(RDF + "object")))
        for st in graph.subjects(URIRef(DCTERMS + "source"), None)
        if graph.value(st, URIRef(RDF + "subject")) is not None
    }
    problems = []
    for entity in sorted(set(reference.subjects(derived, None))):
        sentences = [
            str(graph.value(s, anchor) or "").replace(NBSP, " ")
            for s in reference.objects(entity, derived)
        ]
        for prop in ("prefLabel", "altLabel"):
            for name in reference.objects(entity, URIRef(SKOS + prop)):
                if (entity, name) in sourced:
                    continue
                if any(str(name).replace(NBSP, " ") in s for s in sentences):
                    continue
                found = find_subject(files, str(entity))
                problems.append(
                    Problem(
                        check="provenance",
                        message=UNCITED_NAME,
                        focus=str(entity),
                        focus_label=label_of(reference, entity),
                        path=f"skos:{prop}",
                        value=short(name),
                        file=str(found[0]) if found else None,
                        line=found[1] if found else None,
                    )
                )
    return problems


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _excerpt(text: str, offset: int, width: int = 40) -> str:
    return repr(text[max(0, offset - 10) : offset + width])
