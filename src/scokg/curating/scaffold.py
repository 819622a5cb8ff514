"""The three files that start a document: its text, its metadata and its NIF annotations.

:func:`scaffold` turns a source text (bytes, kept exactly) and a few facts about it into
``data/sources/ID.txt``, ``data/sources/ID.meta.ttl`` (a ``scokg:SourceDocument``: SHA-256
of the bytes, title, language, issue date, address, publisher) and ``data/documents/ID.ttl``
(the NIF 2.1 ``nif:Context`` whose ``nif:isString`` is the text and whose ``nif:endIndex`` is
its length in code points, one ``nif:Sentence`` per sentence with code-point offsets, end
exclusive, and a commented skeleton of the facts section). Pure: nothing is written here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scokg import vocab
from scokg.curating.sentences import BOM, Span, split_sentences

# A document id becomes a path segment of IRIs and a file name: the project's slug rule,
# starting with a letter or digit, at most 120 characters.
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
LANGUAGE_RE = re.compile(r"[a-z]{2}")
LANGUAGE_SPACE = "http://id.loc.gov/vocabulary/iso639-1/"
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9_.-]*)")


@dataclass(frozen=True)
class DocumentInfo:
    """What the curator tells about a document; ``None`` fields become TODO lines."""

    doc_id: str
    language: str = "en"
    url: str | None = None
    issued: date | None = None
    publisher: str | None = None  # a full IRI
    title: str | None = None


@dataclass(frozen=True)
class Scaffold:
    """The three files' contents (bytes), keyed by their paths relative to the project."""

    files: dict[str, bytes]
    sentences: list[Span]
    length: int
    sha256: str
    todo: list[str] = field(default_factory=list)
    # Warnings of the sentence split (a very long stretch without a sentence end).
    notes: list[str] = field(default_factory=list)


def check_id(doc_id: str) -> str | None:
    """None if ``doc_id`` is a valid document id, else why not."""
    if ID_RE.fullmatch(doc_id) is None:
        return (
            f"{doc_id!r} is not a document id: use letters, digits, '-', '_' and '.', "
            "starting with a letter or digit, at most 120 characters"
        )
    if doc_id.endswith(".meta") or doc_id in {"ontology", "document"}:
        return f"{doc_id!r} is reserved: it would clash with a file or graph name"
    return None


def expand_iri(text: str, prefixes: Mapping[str, str] | None = None) -> str | None:
    """A full IRI from an ``http(s)://`` IRI or a prefixed name of the prefix table
    ``prefixes`` (the project's, :attr:`scokg.project.Project.prefixes`; default scokg's:
    ``organisation:sco-secretariat``), expanded by :func:`scokg.vocab.expand`; None if it
    is neither."""
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", text):
        return text
    if _PREFIXED.fullmatch(text) is None:
        return None
    return vocab.expand(text, prefixes)


# Unicode bidirectional controls (embeddings, overrides, isolates, marks): written raw they
# make an editor show a line in another order than it is stored ("trojan source").
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def comment_text(text: str) -> str:
    """``text`` for a ``#`` comment: line breaks, other control characters (C0, DEL, C1),
    U+2028/U+2029, a BOM and bidi controls as ``\\uXXXX``, so a comment stays one line
    and shows what it holds."""
    return "".join(
        f"\\u{ord(ch):04X}"
        if ord(ch) < 0x20
        or 0x7F <= ord(ch) <= 0x9F
        or ch in "\u2028\u2029\ufeff"
        or ch in BIDI_CONTROLS
        else ch
        for ch in text
    )


def turtle_string(text: str) -> str:
    """A Turtle string literal (quoted) of ``text``: ``\\``, ``"``, line breaks and tabs
    escaped, every other control character, U+00A0 and the bidi controls
    (:data:`BIDI_CONTROLS`) as ``\\uXXXX`` so they stay visible and cannot reorder the line."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ch in "\u007f\u00a0\u2028\u2029\ufeff" or ch in BIDI_CONTROLS:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def scaffold(raw: bytes, info: DocumentInfo) -> Scaffold:
    """The files of a new document from its text ``raw`` (UTF-8 bytes, non-empty).

    Raises ``ValueError`` with a message for a user when the text is not UTF-8 (naming the
    byte offset), is empty or only white space, or has no sentence.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"the source text is not UTF-8: byte {exc.start} (0x{raw[exc.start]:02x}) "
            "cannot be decoded"
        ) from None
    if not text.removeprefix(BOM).strip():
        raise ValueError("the source text is empty (or only white space, or only a BOM)")
    notes: list[str] = []
    sentences = split_sentences(text, info.language, notes)
    if not sentences:
        raise ValueError("no sentence found in the source text")
    digest = hashlib.sha256(raw).hexdigest()
    title = info.title or sentences[0].quote
    todo = []
    if info.url is None:
        todo.append("--url (dcterms:source, the address it was published at)")
    if info.issued is None:
        todo.append("--issued (dcterms:issued, the issue date)")
    if info.publisher is None:
        todo.append("--publisher (dcterms:publisher, an organisation of data/entities.ttl)")
    d = info.doc_id
    files = {
        f"data/sources/{d}.txt": raw,
        f"data/sources/{d}.meta.ttl": _meta(info, title, digest).encode("utf-8"),
        f"data/documents/{d}.ttl": _document(info, text, title, sentences).encode("utf-8"),
    }
    return Scaffold(files, sentences, len(text), digest, todo, notes)


def _meta(info: DocumentInfo, title: str, digest: str) -> str:
    d = info.doc_id
    lang = info.language
    lines = [
        "# " + "=" * 77,
        f"# Metadata of the source text {d}.txt (kept byte for byte as received).",
        "# These facts describe the document, not the world. Written by `scokg new-document`.",
        "# " + "=" * 77,
        "",
        "@prefix dcterms:      <http://purl.org/dc/terms/> .",
        "@prefix organisation: <https://w3id.org/scokg/id/organisation/> .",
        "@prefix scokg:        <https://w3id.org/scokg/ontology#> .",
        "@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"<{vocab.ID}document/{d}>",
        "    a scokg:SourceDocument ;",
        '    dcterms:format "text/plain; charset=utf-8" ;',
        f"    dcterms:identifier {turtle_string(d)} ;",
    ]
    if info.issued is not None:
        lines.append(f'    dcterms:issued "{info.issued.isoformat()}"^^xsd:date ;')
    else:
        lines.append('    # TODO dcterms:issued "YYYY-MM-DD"^^xsd:date ;')
    lines.append(f"    dcterms:language <{LANGUAGE_SPACE}{lang}> ;")
    if info.publisher is not None:
        lines.append(f"    dcterms:publisher {_iri(info.publisher)} ;")
    else:
        lines.append("    # TODO dcterms:publisher organisation:... ;")
    if info.url is not None:
        lines.append(f"    dcterms:source <{info.url}> ;")
    else:
        lines.append("    # TODO dcterms:source <https://...> ;")
    lines.append(f"    dcterms:title {turtle_string(title)}@{lang} ;")
    lines.append(f'    scokg:sha256 "{digest}" .')
    return "\n".join(lines) + "\n"


def _iri(iri: str) -> str:
    space = vocab.ID + "organisation/"
    rest = iri.removeprefix(space)
    if iri.startswith(space) and re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*", rest):
        return f"organisation:{rest}"
    return f"<{iri}>"


def _document(info: DocumentInfo, text: str, title: str, sentences: list[Span]) -> str:
    d = info.doc_id
    doc = f"<{vocab.ID}document/{d}>"
    rule = "# " + "-" * 77
    lines = [
        "# " + "=" * 77,
        f"# What the document {d} states",
        f"#   {comment_text(title)}",
    ]
    if info.url is not None:
        lines.append(f"#   {info.url}")
    lines += [
        f"#   text: data/sources/{d}.txt   metadata: data/sources/{d}.meta.ttl",
        "#",
        "# Layout:",
        "#   1. the text, as a NIF 2.1 context (nif:isString is the source file, with",
        "#      no-break spaces U+00A0 written as \\u00A0 so they stay visible)",
        "#   2. its sentences: NIF offsets in Unicode code points, end exclusive",
        "#      (computed by `scokg new-document`; after editing the text run `scokg spans --fix`)",
        "#   3. the facts, one block per sentence (see the skeleton at the end)",
        "# " + "=" * 77,
        "",
        "@prefix fact:         " + f"<{vocab.ID}document/{d}/fact/> .",
        "@prefix nif:          <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .",
        "@prefix prov:         <http://www.w3.org/ns/prov#> .",
        "@prefix rdf:          <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
        "@prefix scokg:        <https://w3id.org/scokg/ontology#> .",
        "@prefix sentence:     " + f"<{vocab.ID}document/{d}/sentence/> .",
        "@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .",
        "",
        rule,
        "# 1. The text",
        rule,
        "",
        doc,
        "    a nif:Context ;",
        '    nif:beginIndex "0"^^xsd:nonNegativeInteger ;',
        f'    nif:endIndex "{len(text)}"^^xsd:nonNegativeInteger ;',
        f"    nif:isString {turtle_string(text)}",
    ]
    if info.url is not None:
        lines[-1] += " ;"
        lines.append(f"    nif:sourceUrl <{info.url}> .")
    else:
        lines[-1] += " ."
    lines += ["", rule, f"# 2. Sentences ({len(sentences)})", rule]
    for n, span in enumerate(sentences, start=1):
        kinds = "nif:Sentence , nif:Title" if n == 1 and span.heading else "nif:Sentence"
        lines += [
            "",
            f"sentence:{n}",
            f"    a {kinds} ;",
            f"    nif:anchorOf {turtle_string(span.quote)} ;",
            f'    nif:beginIndex "{span.begin}"^^xsd:nonNegativeInteger ;',
            f'    nif:endIndex "{span.end}"^^xsd:nonNegativeInteger ;',
            f"    nif:referenceContext {doc} .",
        ]
    lines += [
        "",
        rule,
        "# 3. Facts, one block per sentence. Declare every person, organisation, place and",
        "#    post in data/entities.ttl, topics in data/topics.ttl and act kinds in",
        "#    data/act-kinds.ttl first. Each fact names the sentence(s) that state it:",
        "#",
        "#    organisation:example scokg:headquarters place:example",
        "#        ~ fact:example-headquarters {| prov:wasDerivedFrom sentence:1 |} .",
        "#",
        "#    (an RDF 1.2 annotation with a named reifier; written as RDF 1.1 it is the",
        "#    triple plus a statement fact:example-headquarters a rdf:Statement with",
        "#    rdf:subject/rdf:predicate/rdf:object and prov:wasDerivedFrom sentence:1)",
        rule,
    ]
    for n, span in enumerate(sentences, start=1):
        lines += ["", f"# --- sentence:{n}: {_comment(span.quote)}"]
    return "\n".join(lines) + "\n"


def _comment(text: str, width: int = 60) -> str:
    flat = " ".join(text.replace("\u00a0", " ").split())
    return comment_text(flat if len(flat) <= width else flat[: width - 1] + "…")


def relative_paths(doc_id: str) -> list[Path]:
    """The three files of document ``doc_id``, relative to the project root."""
    return [
        Path(f"data/sources/{doc_id}.txt"),
        Path(f"data/sources/{doc_id}.meta.ttl"),
        Path(f"data/documents/{doc_id}.ttl"),
    ]
