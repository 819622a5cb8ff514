"""``scokg spans``: find the spans of each document that no longer fit its source text, and
re-anchor them after an edit of the text.

For every document file (``data/documents/ID.ttl``) with a source text
(``data/sources/ID.txt``): the old text is the context's ``nif:isString``, the new one the
file. Every span into the context (a node with ``nif:referenceContext`` and
``nif:beginIndex``/``nif:endIndex``/``nif:anchorOf``: sentences and any other NIF string) is
moved by :mod:`scokg.curating.reanchor`; a span whose quote was already wrong is looked for
at the occurrence of its quote nearest its offsets. :func:`fix` edits the Turtle text in place
(:mod:`scokg.curating.turtle_edit`: comments and layout kept), updating offsets, quotes,
``nif:isString``, the context's ``nif:endIndex`` (the length in code points) and the meta
file's ``scokg:sha256``; it re-reads its result before replacing the files.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from scokg import vocab
from scokg.atomic import deferred_interrupts
from scokg.curating.reanchor import PositionMap, nearest, remap
from scokg.curating.scaffold import turtle_string
from scokg.curating.turtle_edit import EditError, find_block, replace_object
from scokg.errors import DataError, UsageError
from scokg.parsing import turtle_triples
from scokg.project import META_SUFFIX, Project

NIF = vocab.NIF
SHA256 = vocab.SCOKG + "sha256"
_INT = "^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>"


@dataclass
class SpanChange:
    """One span that does not fit the text: where it is, where it goes (None: unmapped)."""

    span: str
    begin: int
    end: int
    quote: str
    new: tuple[int, int, str] | None
    line: int | None = None


@dataclass
class DocumentSpans:
    """What is out of date in one document, and what ``fix`` would write."""

    doc_id: str
    document: Path
    meta: Path | None
    text: str
    raw: bytes
    old_text: str | None
    changes: list[SpanChange] = field(default_factory=list)
    checksum: tuple[str, str] | None = None  # (recorded, actual)
    length: tuple[str, int] | None = None  # (recorded nif:endIndex, actual)

    @property
    def unmapped(self) -> list[SpanChange]:
        return [c for c in self.changes if c.new is None]

    @property
    def up_to_date(self) -> bool:
        return (
            not self.changes
            and self.checksum is None
            and self.length is None
            and self.old_text == self.text
        )


def check(project: Project, only: list[str] | None = None) -> list[DocumentSpans]:
    """The span status of every document of ``project`` (or of the ids in ``only``).

    Raises :class:`~scokg.errors.UsageError` (exit 2) for an unknown id, and
    :class:`~scokg.errors.DataError` for a document without its source text, a text
    that is not UTF-8, a located syntax error for a file that does not parse.
    """
    texts = project.source_texts()
    documents = {s.path.stem: s.path for s in project.sources() if s.kind == "document"}
    for doc_id in only or []:
        if doc_id not in documents:
            raise UsageError(
                f"no document {doc_id!r} in {project.data_dir / 'documents'}",
                hint="give the id of a data/documents/ID.ttl file",
            )
    results = []
    for doc_id, path in sorted(documents.items()):
        if only and doc_id not in only:
            continue
        text_file = texts.get(doc_id)
        if text_file is None:
            raise DataError(
                f"document {doc_id} has no source text data/sources/{doc_id}.txt",
                file=path,
                hint="put the text there (byte for byte) or remove the document",
            )
        results.append(_document(doc_id, path, text_file, project))
    return results


def _document(doc_id: str, path: Path, text_file: Path, project: Project) -> DocumentSpans:
    raw = text_file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"the source text is not UTF-8 (byte {exc.start})",
            file=text_file,
            hint="save it as UTF-8",
        ) from None
    iri = f"{vocab.ID}document/{doc_id}"
    values: dict[str, dict[str, ox.Literal | ox.NamedNode]] = {}
    for t in turtle_triples(path):
        if isinstance(t.object, (ox.Literal, ox.NamedNode)):
            values.setdefault(_name(t.subject), {})[t.predicate.value] = t.object
    own = values.get(iri, {})
    old = own.get(NIF + "isString")
    meta = project.data_dir / "sources" / f"{doc_id}{META_SUFFIX}"
    result = DocumentSpans(
        doc_id,
        path,
        meta if meta.is_file() else None,
        text,
        raw,
        None if old is None else old.value,
    )
    end = own.get(NIF + "endIndex")
    if end is not None and end.value != str(len(text)):
        result.length = (end.value, len(text))
    if result.meta is not None:
        recorded = {
            t.predicate.value: t.object.value
            for t in turtle_triples(result.meta)
            if _name(t.subject) == iri and isinstance(t.object, ox.Literal)
        }.get(SHA256)
        actual = hashlib.sha256(raw).hexdigest()
        if recorded is not None and recorded != actual:
            result.checksum = (recorded, actual)
    before = text if old is None else old.value
    positions = PositionMap(before, text) if before != text else None
    for span, fields in sorted(values.items()):
        if fields.get(NIF + "referenceContext") != ox.NamedNode(iri):
            continue
        change = _span(span, fields, before, text, positions)
        if change is not None:
            change.line = _line(path, span)
            result.changes.append(change)
    return result


def _span(
    span: str,
    fields: dict[str, ox.Literal | ox.NamedNode],
    old: str,
    new: str,
    positions: PositionMap | None,
) -> SpanChange | None:
    try:
        b = int(fields[NIF + "beginIndex"].value)
        e = int(fields[NIF + "endIndex"].value)
        quote = fields[NIF + "anchorOf"].value
    except (KeyError, ValueError):
        return None  # not a span with offsets and quote: SHACL reports it
    if new[b:e] == quote and old[b:e] == quote:
        return None
    change = SpanChange(span, b, e, quote, None)
    if old[b:e] != quote:  # already wrong before the edit: find its quote in the old text
        found = nearest(old, quote, b)
        if found is None:
            at = nearest(new, quote, b)
            change.new = None if at is None else (at, at + len(quote), quote)
            return change
        b, e = found, found + len(quote)
    if positions is None:
        change.new = (b, e, quote)
        return change
    mapped = remap(old, new, b, e, positions)
    if mapped is not None:
        change.new = (mapped.begin, mapped.end, mapped.quote)
    if (mapped is None or mapped.quote != quote) and (at := _once(new, quote)) is not None:
        change.new = (at, at + len(quote), quote)  # moved: its quote occurs once, verbatim
    return change


def _once(text: str, quote: str) -> int | None:
    """Where ``quote`` occurs in ``text`` if it occurs exactly once, else None."""
    at = text.find(quote) if quote else -1
    return at if at >= 0 and text.find(quote, at + 1) < 0 else None


def fix(doc: DocumentSpans) -> None:
    """Write ``doc``'s mapped changes into its document and meta files (unmapped spans stay).

    Raises :class:`~scokg.errors.DataError` when the files are not laid out so that they can
    be edited in place (nothing written then).
    """
    text = doc.document.read_text(encoding="utf-8")
    iri = f"{vocab.ID}document/{doc.doc_id}"
    try:
        for change in doc.changes:
            if change.new is None:
                continue
            b, e, quote = change.new
            block = find_block(text, change.span)
            text = replace_object(text, block, NIF + "beginIndex", f'"{b}"{_short_int(text)}')
            block = find_block(text, change.span)
            text = replace_object(text, block, NIF + "endIndex", f'"{e}"{_short_int(text)}')
            block = find_block(text, change.span)
            text = replace_object(text, block, NIF + "anchorOf", turtle_string(quote))
        if doc.old_text != doc.text:
            block = find_block(text, iri)
            text = replace_object(text, block, NIF + "isString", turtle_string(doc.text))
        if doc.length is not None or doc.old_text != doc.text:
            block = find_block(text, iri)
            text = replace_object(
                text, block, NIF + "endIndex", f'"{len(doc.text)}"{_short_int(text)}'
            )
        meta_text = None
        if doc.checksum is not None and doc.meta is not None:
            meta_text = doc.meta.read_text(encoding="utf-8")
            block = find_block(meta_text, iri)
            meta_text = replace_object(meta_text, block, SHA256, f'"{doc.checksum[1]}"')
    except EditError as exc:
        raise DataError(
            f"cannot edit {doc.document.name} in place: {exc}",
            file=doc.document,
            hint="lay the description out as `new-document` writes it, or fix it by hand",
        ) from None
    _verify(text, doc)
    _same_facts(doc.document.read_text(encoding="utf-8"), text)
    with deferred_interrupts():
        _replace(doc.document, text)
        if meta_text is not None and doc.meta is not None:
            _replace(doc.meta, meta_text)


def _verify(text: str, doc: DocumentSpans) -> None:
    """Re-read the edited document: its text and every mapped span must be right."""
    iri = f"{vocab.ID}document/{doc.doc_id}"
    values: dict[str, dict[str, str]] = {}
    for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE):
        # RDF 1.2 facts (`rdf:reifies <<( s p o )>>`) have a triple term as object: no span.
        if isinstance(t.object, (ox.Literal, ox.NamedNode)):
            values.setdefault(_name(t.subject), {})[t.predicate.value] = t.object.value
    if values.get(iri, {}).get(NIF + "isString") != doc.text:
        raise RuntimeError("spans --fix: nif:isString is not the text after the edit")
    for change in doc.changes:
        if change.new is None:
            continue
        got = values.get(change.span, {})
        b, e = int(got[NIF + "beginIndex"]), int(got[NIF + "endIndex"])
        if doc.text[b:e] != got[NIF + "anchorOf"] or (b, e) != change.new[:2]:
            raise RuntimeError(f"spans --fix: {change.span} does not slice back after the edit")


# The only predicates ``fix`` may change; every other triple (facts included) must survive.
_EDITED = frozenset(NIF + p for p in ("beginIndex", "endIndex", "anchorOf", "isString"))


def _same_facts(before: str, after: str) -> None:
    """Check that the edit changed nothing but offsets, quotes, the text and its length.

    Compares the triples of both versions as the parser reads them (RDF 1.2 triple terms
    included); raises ``RuntimeError`` (a bug: nothing is written) on any other difference.
    """

    def triples(text: str) -> Counter[str]:
        # Blank-node labels differ between two parses: such triples count by predicate only.
        return Counter(
            f"_:? {t.predicate}" if "_:" in str(t) else str(t)
            for t in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
            if t.predicate.value not in _EDITED
        )

    if triples(before) != triples(after):
        raise RuntimeError("spans --fix: the edit would change more than spans (nothing written)")


def _short_int(text: str) -> str:
    """The datatype of an offset, as the file writes it (prefixed when it declares xsd:)."""
    if "@prefix xsd:" in text:
        return "^^xsd:nonNegativeInteger"
    return _INT


def _replace(path: Path, text: str) -> None:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.new-{os.getpid()}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, path.stat().st_mode & 0o777)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


def _name(node: object) -> str:
    return node.value if isinstance(node, ox.NamedNode) else str(node)


def _line(path: Path, iri: str) -> int | None:
    from scokg.validation.locate import find_subject

    found = find_subject([path], iri)
    return None if found is None else found[1]
