"""Parse Turtle files into rdflib or pyoxigraph, turning syntax errors into located errors.

pyoxigraph is used as the syntax checker for every path because it is fast and reports
precise positions; rdflib's messages are much harder to act on.

Facts written in the RDF 1.2 annotation syntax (``s p o ~ fact:x {| ... |}``) are compiled
here, for every reader (pyoxigraph lists, stores, rdflib graphs), into RDF 1.1 reification
by :mod:`scokg.reification`; rdflib, which cannot parse RDF 1.2, is then given pyoxigraph's
exact terms (:func:`to_rdflib`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.errors import DataError, TurtleSyntaxError
from scokg.reification import compile_quads, compile_reifiers, needs_compiling
from scokg.xmlsafe import UnsafeXmlError, check_xml

if TYPE_CHECKING:
    import rdflib

    from scokg.project import Project, Source

# Source kind whose file is SSSOM/TSV (scokg.project.KINDS), converted rather than parsed.
LINKS_KIND = "links"

TURTLE_HINT = (
    "check the Turtle near this position: a missing '.' or ';', an unclosed string "
    "or an undeclared prefix"
)

# Hints for messages whose cause is not obvious from the text (matched case-insensitively).
_SPECIFIC_HINTS: tuple[tuple[str, str], ...] = (
    (
        "has not been declared",
        "declare the prefix at the top of the file, e.g. '@prefix ex: <https://example.org/> .'",
    ),
    (
        "dot is expected",
        "a '.' (or ';' if the statement goes on) is probably missing at the end of the "
        "statement before this position",
    ),
    (
        "no scheme found",
        "relative IRIs are not allowed without @base: use a prefixed name or a full IRI",
    ),
    ("invalid utf-8", "save the file as UTF-8"),
)

# "Parser error at line 3 between columns 1 and 5: ...", "... at line 2 column 15: ..." or
# "Parser error between line 2 column 11 and line 4 column 1: ..."
_POSITION_RE = re.compile(r"line (\d+)\D*?columns? (\d+)")
_LINE_RE = re.compile(r"line (\d+)")
_PREFIX_RE = re.compile(r"^\s*Parser error[^:]*:\s*")
_SUFFIX_RE = re.compile(r"\s*\((?:[^()]*, )?line \d+\)\s*$")
# A trailing "# comment" that cannot be inside a string or IRI (no quotes or brackets in it).
_TRAILING_COMMENT_RE = re.compile(r"\s+#[^\"'<>]*$")


def position_from_message(text: str) -> tuple[int | None, int | None]:
    """Extract the 1-based (line, column) of the first position named in a parser message."""
    match = _POSITION_RE.search(text)
    if match:
        return int(match.group(1)), int(match.group(2))
    match = _LINE_RE.search(text)
    if match:
        return int(match.group(1)), None
    return None, None


def describe_syntax_error(text: str) -> str:
    """Reduce a pyoxigraph message to what is wrong, without the position boilerplate."""
    first_line = text.strip().splitlines()[0] if text.strip() else ""
    what = _SUFFIX_RE.sub("", _PREFIX_RE.sub("", first_line)).strip()
    if not what:
        return "invalid Turtle"
    return "invalid Turtle: " + what[0].lower() + what[1:]


def syntax_error_from_oxigraph(path: Path, exc: SyntaxError) -> TurtleSyntaxError:
    """Convert pyoxigraph's ``SyntaxError`` into a :class:`TurtleSyntaxError`.

    pyoxigraph fills ``lineno``/``offset`` (1-based, columns counted in code points); the
    message text is parsed only as a fallback in case a version stops setting them.
    """
    text = exc.msg if exc.msg else str(exc)
    line, column = exc.lineno, exc.offset
    if line in (1, None) and _starts_with_bom(path):
        return TurtleSyntaxError(BOM_MESSAGE, file=path, line=1, column=1, hint=BOM_HINT)
    if line is None:
        line, column = position_from_message(text)
    if column is not None:
        column = max(column, 1)
    hint = TURTLE_HINT
    lowered = text.lower()
    for needle, specific in _SPECIFIC_HINTS:
        if needle in lowered:
            hint = specific
            break
    if "dot is expected" in lowered and line is not None and column is not None:
        previous = _end_of_previous_statement(path, line, column)
        if previous is not None:
            hint = (
                f"add the missing '.' (or ';' if the statement goes on) at the end of this "
                f"line; the parser noticed at line {line}, column {column}"
            )
            line, column = previous
    return TurtleSyntaxError(
        describe_syntax_error(text), file=path, line=line, column=column, hint=hint
    )


def _end_of_previous_statement(path: Path, line: int, column: int) -> tuple[int, int] | None:
    """Where a missing '.' belongs when the parser only noticed at the next line's start.

    pyoxigraph reports a missing terminator at the first token of the *next* statement;
    pointing at the end of the last non-blank, non-comment line before it is what a person
    needs. Returns None when the error is not at the start of its line or the file is odd.
    """
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return None
    if not 1 <= line <= len(lines) or lines[line - 1][: column - 1].strip():
        return None
    for number in range(line - 1, 0, -1):
        content = _TRAILING_COMMENT_RE.sub("", lines[number - 1].rstrip("\r")).rstrip()
        if content and not content.lstrip().startswith("#"):
            return number, len(content) + 1
    return None


def _unreadable(path: Path, exc: OSError) -> DataError:
    from scokg.project import unreadable

    return unreadable(path, exc)


UTF8_BOM = b"\xef\xbb\xbf"
BOM_MESSAGE = "the file starts with a UTF-8 byte-order mark (U+FEFF)"
BOM_HINT = "remove it: save the file as UTF-8 without BOM (Turtle does not allow it)"

# pyoxigraph's parsers hold one token (a literal, an IRI) in a buffer of at most 16 MiB and
# raise MemoryError("Reached the buffer maximal size ...") past it.
MAX_TOKEN_BYTES = 16 * 1024 * 1024
_BUFFER_LIMIT = "buffer maximal size"


def _starts_with_bom(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(3) == UTF8_BOM
    except OSError:
        return False


def bom_error(path: Path | None) -> DataError:
    return DataError(BOM_MESSAGE, file=path, line=1, column=1, hint=BOM_HINT)


def too_large_error(path: Path | None, data: bytes | None = None) -> DataError:
    """A located error for a token over :data:`MAX_TOKEN_BYTES` (the line of the first
    line longer than the limit, when there is one)."""
    line = _first_long_line(path, data)
    return DataError(
        f"a literal or IRI is larger than {MAX_TOKEN_BYTES // (1024 * 1024)} MiB, the most "
        "scokg's parser holds in one term",
        file=path,
        line=line,
        hint="keep large texts outside the graph (e.g. in data/sources/*.txt) and link them",
    )


def _first_long_line(path: Path | None, data: bytes | None) -> int | None:
    """1-based number of the first line longer than :data:`MAX_TOKEN_BYTES`, read by chunks."""
    number, length = 1, 0
    try:
        for chunk in _byte_chunks(path, data):
            start = 0
            while True:
                newline = chunk.find(b"\n", start)
                end = len(chunk) if newline < 0 else newline
                length += end - start
                if length > MAX_TOKEN_BYTES:
                    return number
                if newline < 0:
                    break
                number, length, start = number + 1, 0, newline + 1
    except OSError:
        return None
    return None


def _byte_chunks(path: Path | None, data: bytes | None) -> Iterator[bytes]:
    if data is not None:
        yield data
        return
    if path is None:
        return
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def _is_buffer_limit(exc: MemoryError) -> bool:
    return _BUFFER_LIMIT in str(exc)


@contextmanager
def _turtle_errors(path: Path) -> Iterator[None]:
    """Turn pyoxigraph's errors while reading the Turtle file ``path`` into located errors:
    a syntax error, an unreadable file, a term over the parser's 16 MiB buffer."""
    try:
        yield
    except SyntaxError as exc:
        raise syntax_error_from_oxigraph(path, exc) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except MemoryError as exc:
        if not _is_buffer_limit(exc):
            raise
        raise too_large_error(path) from None


def parse_turtle_check(path: Path) -> int:
    """Check that ``path`` is valid Turtle (RDF 1.2 reifiers included, see
    :mod:`scokg.reification`) and return its number of triples once compiled."""
    return len(turtle_triples(path))


def turtle_triples(path: Path) -> list[pyoxigraph.Triple]:
    """Every triple of the Turtle file ``path`` exactly as written (pyoxigraph's parser keeps
    lexical forms, datatypes and IRIs; a Store would not), with RDF 1.2 reifiers compiled into
    RDF 1.1 reification (:func:`scokg.reification.compile_reifiers`). Every reader of a
    project file goes through here, so they all see the same graph. Errors: a located
    :class:`TurtleSyntaxError`, or a located ``ReificationError``.
    """
    path = Path(path)
    with _turtle_errors(path):
        triples = [
            pyoxigraph.Triple(q.subject, q.predicate, q.object)
            for q in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE)
        ]
    if needs_compiling(triples):
        return compile_reifiers(triples, path=path)
    return triples


# Bytes without which a Turtle file cannot hold RDF 1.2 triple terms or annotations.
_RDF12_MARKS = (b"<<", b"~", b"{|")


def may_hold_rdf12(path: Path) -> bool:
    """Whether ``path`` might use RDF 1.2 syntax (a cheap byte test: no false negatives).

    Files that cannot are read by the faster native loaders exactly as before; the others
    go through :func:`turtle_triples` so their reifiers are compiled.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False  # the reader that follows reports it, located
    return any(mark in data for mark in _RDF12_MARKS)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: object, *, normalize: bool | None = False) -> rdflib.term.Node:
    """The rdflib term equal to a pyoxigraph one (the one converter; lexical form kept unless
    ``normalize``: None follows ``rdflib.NORMALIZE_LITERALS``, as rdflib's parsers do)."""
    import rdflib

    if isinstance(term, pyoxigraph.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language, normalize=normalize)
        if term.datatype.value == XSD_STRING:
            return rdflib.Literal(term.value, normalize=normalize)
        return rdflib.Literal(
            term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=normalize
        )
    raise TypeError(f"not an RDF 1.1 term: {term!r}")


def parse_turtle_rdflib(path: Path, *, check: bool = True) -> rdflib.Graph:
    """Parse one Turtle file with rdflib (for SHACL/OWL tooling that needs rdflib graphs).

    With ``check`` the file is first parsed by pyoxigraph so that errors carry a precise
    position; that costs a few percent of rdflib's own parse time.
    """
    import rdflib

    path = Path(path)
    if check:
        parse_turtle_check(path)
    graph = rdflib.Graph()
    _rdflib_parse_into(graph, path)
    return graph


def parse_into_dataset(project: Project, *, exact_terms: bool = False) -> rdflib.Dataset:
    """Parse every project source into its named graph of one rdflib Dataset.

    With ``exact_terms`` every literal keeps its lexical form as written (``"07"^^xsd:byte``
    stays ``07``); by default rdflib normalises valid typed literals when it builds them
    (``rdflib.NORMALIZE_LITERALS``), which the SHACL tools were written against.
    """
    import rdflib

    dataset = rdflib.Dataset()
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = previous and not exact_terms
    try:
        for source in project.sources():
            graph = dataset.graph(rdflib.URIRef(source.graph))
            if source.kind == LINKS_KIND:
                graph += parse_source_rdflib(source)
                continue
            parse_turtle_check(source.path)
            _rdflib_parse_into(graph, source.path)
    finally:
        rdflib.NORMALIZE_LITERALS = previous
    return dataset


def parse_source_rdflib(source: Source) -> rdflib.Graph:
    """One source as an rdflib graph, whatever its format (Turtle, or SSSOM for links)."""
    if source.kind != LINKS_KIND:
        return parse_turtle_rdflib(source.path)
    import rdflib

    triples = source_triples(source)
    graph = rdflib.Graph()
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph.parse(data=data.decode("utf-8") if data else "", format="nt")
    return graph


def source_triples(source: Source) -> list[pyoxigraph.Triple]:
    """The triples of one source exactly as written: a Turtle file (:func:`turtle_triples`),
    or the links graph converted from SSSOM/TSV."""
    from scokg.links.rdf import links_triples

    if source.kind != LINKS_KIND:
        return turtle_triples(source.path)
    return links_triples(source.path)


def _rdflib_parse_into(graph: rdflib.Graph, path: Path) -> None:
    """Parse with rdflib, mapping its errors for files pyoxigraph accepted or did not see.

    rdflib cannot read RDF 1.2: a file that may hold it is read by :func:`turtle_triples`
    (exact, reifiers compiled) and its terms converted by :func:`to_rdflib`.
    """
    if may_hold_rdf12(path):
        for t in turtle_triples(path):
            graph.add(
                (
                    to_rdflib(t.subject, normalize=None),
                    to_rdflib(t.predicate, normalize=None),
                    to_rdflib(t.object, normalize=None),
                )
            )
        return
    try:
        graph.parse(source=str(path), format="turtle")
    except OSError as exc:
        raise _unreadable(path, exc) from None
    except SyntaxError as exc:  # rdflib's BadSyntax subclasses SyntaxError
        lines = getattr(exc, "lines", None)
        line = lines + 1 if isinstance(lines, int) else None
        reason = getattr(exc, "_why", None) or str(exc).strip().splitlines()[0]
        raise TurtleSyntaxError(
            f"invalid Turtle (rdflib): {reason}", file=path, line=line, hint=TURTLE_HINT
        ) from None


def load_store(project: Project, store: pyoxigraph.Store | None = None) -> pyoxigraph.Store:
    """Load every project source into its named graph of ``store`` (a fresh in-memory one
    by default; the on-disk cache passes its own so the data is never held twice).

    ``Store.load`` is transactional per file and gives each file its own blank nodes, so a
    document and its metadata sharing a graph cannot merge each other's ``_:b`` labels.
    """
    store = pyoxigraph.Store() if store is None else store
    for source in project.sources():
        if source.kind == LINKS_KIND:
            graph = pyoxigraph.NamedNode(source.graph)
            store.extend(
                pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
                for t in source_triples(source)
            )
            continue
        if may_hold_rdf12(source.path):
            graph = pyoxigraph.NamedNode(source.graph)
            store.extend(
                pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)
                for t in turtle_triples(source.path)
            )
            continue
        try:
            store.load(
                path=source.path,
                format=pyoxigraph.RdfFormat.TURTLE,
                to_graph=pyoxigraph.NamedNode(source.graph),
            )
        except SyntaxError as exc:
            raise syntax_error_from_oxigraph(source.path, exc) from None
        except OSError as exc:
            raise _unreadable(source.path, exc) from None
        except MemoryError as exc:
            if not _is_buffer_limit(exc):
                raise
            raise too_large_error(source.path) from None
    return store


# Names accepted by parse_rdf_file, beside pyoxigraph.RdfFormat values and media types.
RDF_FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdfxml": pyoxigraph.RdfFormat.RDF_XML,
}


def rdf_format(name: str | pyoxigraph.RdfFormat) -> pyoxigraph.RdfFormat:
    """The pyoxigraph format for a name (``jsonld``), file extension (``ttl``) or media type."""
    if isinstance(name, pyoxigraph.RdfFormat):
        return name
    key = name.strip().lower().lstrip(".").replace("-", "").replace("_", "")
    found = (
        RDF_FORMATS.get(key)
        or pyoxigraph.RdfFormat.from_extension(key)
        or pyoxigraph.RdfFormat.from_media_type(name.strip())
    )
    if found is None:
        raise DataError(
            f"unknown RDF format {name!r}", hint="use one of " + ", ".join(sorted(RDF_FORMATS))
        )
    return found


def parse_rdf_bytes(
    data: bytes, format: str | pyoxigraph.RdfFormat, *, path: Path | None = None
) -> list[pyoxigraph.Quad]:
    """Parse untrusted RDF in any format without reaching the network or the file system.

    pyoxigraph is the parser because it never fetches anything: a JSON-LD remote
    ``@context`` or ``@import`` is refused (no document loader is set), an RDF/XML
    ``<!ENTITY ... SYSTEM "...">`` is refused, and ``owl:imports`` is just a triple. This is
    the only way scokg reads non-Turtle RDF; rdflib is given a document only after this
    check accepted it (see :func:`parse_rdf_file_rdflib`). RDF 1.2 reifiers are compiled into
    RDF 1.1 reification (:func:`scokg.reification.compile_quads`), as for project files.
    """
    fmt = rdf_format(format)
    if fmt == pyoxigraph.RdfFormat.RDF_XML:
        try:
            check_xml(data)  # pyoxigraph would expand nested entities ("billion laughs")
        except UnsafeXmlError as exc:
            raise DataError(
                f"invalid {fmt.name}: {exc.reason}",
                file=path,
                hint="external, parameter and nested XML entities are not read; remove the DOCTYPE",
            ) from None
    try:
        quads = list(pyoxigraph.parse(data, format=fmt, path=None))
    except MemoryError as exc:
        if not _is_buffer_limit(exc):
            raise
        raise too_large_error(path, data) from None
    except SyntaxError as exc:
        if data.startswith(UTF8_BOM) and (exc.lineno or 1) == 1:
            raise bom_error(path) from None
        text = (exc.msg or str(exc)).strip().splitlines()[0] if (exc.msg or str(exc)) else ""
        hint = None
        if "LoadDocumentCallback" in text or "remote context" in text.lower():
            text = "a remote JSON-LD context would have to be fetched"
            hint = "embed the @context in the document; scokg never loads remote contexts"
        elif "ENTITY" in text:
            hint = "external or custom XML entities are not read; remove the DOCTYPE"
        raise DataError(
            f"invalid {fmt.name}: {text}",
            file=path,
            line=exc.lineno,
            column=exc.offset,
            hint=hint,
        ) from None
    if needs_compiling(quads):  # RDF 1.2 reifiers: compiled as for every project file
        text = data.decode("utf-8", errors="replace")
        return compile_quads(quads, path=path, text=text)
    return quads


def parse_rdf_file(path: Path, format: str | pyoxigraph.RdfFormat) -> list[pyoxigraph.Quad]:
    """Parse one RDF file of any format safely (see :func:`parse_rdf_bytes`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, exc) from None
    return parse_rdf_bytes(data, format, path=path)


def parse_rdf_file_rdflib(path: Path, format: str | pyoxigraph.RdfFormat) -> rdflib.Dataset:
    """The same file in an rdflib Dataset, for rdflib-only tools, after the safe parse.

    rdflib alone would fetch remote JSON-LD contexts; the file is first parsed by
    :func:`parse_rdf_file`, and rdflib is then given pyoxigraph's N-Quads, never the file.
    """
    import rdflib

    quads = parse_rdf_file(path, format)
    dataset = rdflib.Dataset()
    data = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS) if quads else b""
    dataset.parse(data=(data or b"").decode("utf-8"), format="nquads")
    return dataset
