"""Compile RDF 1.2 reifiers into RDF 1.1 reification, the form every reader of scokg sees.

Curators may write a fact in the RDF 1.2 Turtle annotation syntax with a named reifier::

    organisation:unodc scokg:headquarters place:vienna
        ~ fact:unodc-headquarters {| prov:wasDerivedFrom sentence:14 |} .

pyoxigraph's parser reads it as the asserted triple, ``fact:unodc-headquarters rdf:reifies
<<( organisation:unodc scokg:headquarters place:vienna )>>`` (a *triple term* and its
*reifier*, RDF 1.2 Concepts §3.4 "Triple Terms" and §3.5 "Reifiers" of the W3C working
draft) and the annotation triples about the reifier. :func:`compile_reifiers` replaces each
``r rdf:reifies <<( s p o )>>`` by the RDF 1.1 reification vocabulary (RDF 1.1 Semantics
§D.1 "Reification"; RDF Schema 1.1 §5.3)::

    r a rdf:Statement ; rdf:subject s ; rdf:predicate p ; rdf:object o .

so SHACL shapes, rdflib and every SPARQL 1.1 store read the same graph as before. The
unasserted form ``<< s p o ~ r >>`` compiles the same way (only the triple itself is not
asserted, as in the source).

What RDF 1.1 reification cannot express is refused with a located error
(:class:`ReificationError`, file:line:column of the source): a triple term anywhere but the
object of ``rdf:reifies``, a triple term inside a triple term, one reifier reifying two
different triples, ``rdf:reifies`` with something else than a triple term, and a reifier
whose explicit ``rdf:subject``/``rdf:predicate``/``rdf:object`` contradict what it reifies.
A reifier without a name (a blank node: ``s p o {| ... |}`` without ``~ fact:slug``,
``~ _:b``, an unnamed ``<< s p o >>``) compiles, but scokg's data needs every fact named:
:func:`unnamed_reifier` finds the first one in a file for the validator.
Terms are never changed: literals keep their lexical form exactly as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from scokg.errors import DataError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
REIFIES = pyoxigraph.NamedNode(RDF + "reifies")
RDF_TYPE = pyoxigraph.NamedNode(RDF + "type")
RDF_STATEMENT = pyoxigraph.NamedNode(RDF + "Statement")
RDF_SUBJECT = pyoxigraph.NamedNode(RDF + "subject")
RDF_PREDICATE = pyoxigraph.NamedNode(RDF + "predicate")
RDF_OBJECT = pyoxigraph.NamedNode(RDF + "object")
_PARTS = (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT)

Reifier = pyoxigraph.NamedNode | pyoxigraph.BlankNode

HINT_ELSEWHERE = (
    "a triple term <<( s p o )>> may only be the object of rdf:reifies; to state a fact "
    "about a triple, name a reifier: 's p o ~ fact:slug {| ... |} .'"
)
HINT_NESTED = (
    "RDF 1.1 reification cannot hold a triple inside a triple: give the inner triple its own "
    "reifier (s p o ~ fact:inner) and use fact:inner in the outer triple"
)
HINT_TWO = "give each triple its own reifier name (one fact:slug per triple)"
HINT_NOT_TRIPLE = "rdf:reifies takes a triple term: 'fact:slug rdf:reifies <<( s p o )>> .'"
HINT_UNNAMED = (
    "scokg names every fact, so a sentence can cite it: 's p o ~ fact:slug {| ... |} .' "
    "(or '<< s p o ~ fact:slug >>' for a triple that is not asserted); a blank node (_:b) "
    "is not a name"
)
MESSAGE_UNNAMED = "this annotation has no reifier name: write `~ fact:slug` before `{|`"
HINT_CONFLICT = (
    "remove the rdf:subject/rdf:predicate/rdf:object lines: the annotation already states them"
)


class ReificationError(DataError):
    """An RDF 1.2 construct that has no RDF 1.1 reification (exit code of DataError)."""


def needs_compiling(triples: Iterable[pyoxigraph.Triple]) -> bool:
    """Whether any triple holds a triple term or uses ``rdf:reifies`` (RDF 1.2 content)."""
    return any(_is_rdf12(t) for t in triples)


def _is_rdf12(t: pyoxigraph.Triple) -> bool:
    return (
        t.predicate == REIFIES
        or isinstance(t.object, pyoxigraph.Triple)
        or isinstance(t.subject, pyoxigraph.Triple)
    )


def compile_quads(
    quads: Iterable[pyoxigraph.Quad], *, path: Path | None = None, text: str | None = None
) -> list[pyoxigraph.Quad]:
    """:func:`compile_reifiers` graph by graph: a reifier and its triple term share a graph.

    The quads of each graph keep their order; graphs come in the order they first appear.
    """
    graphs: dict[object, list[pyoxigraph.Triple]] = {}
    for q in quads:
        graphs.setdefault(q.graph_name, []).append(
            pyoxigraph.Triple(q.subject, q.predicate, q.object)
        )
    return [
        pyoxigraph.Quad(t.subject, t.predicate, t.object, graph)  # type: ignore[arg-type]  # graph names come from pyoxigraph quads
        for graph, triples in graphs.items()
        for t in compile_reifiers(triples, path=path, text=text)
    ]


def compile_reifiers(
    triples: Iterable[pyoxigraph.Triple], *, path: Path | None = None, text: str | None = None
) -> list[pyoxigraph.Triple]:
    """The triples with every ``r rdf:reifies <<( s p o )>>`` replaced by RDF 1.1 reification.

    ``triples`` come from pyoxigraph's parser (order of the source kept); ``path`` is the
    file they were read from and ``text`` its text (read from ``path`` when not given), used
    to locate errors. Triples without triple terms pass
    unchanged and in order; each reifier's four reification triples take the place of its
    first ``rdf:reifies`` triple. Raises :class:`ReificationError`.
    """
    items = list(triples)
    reified: dict[Reifier, pyoxigraph.Triple] = {}
    for t in items:
        if isinstance(t.subject, pyoxigraph.Triple):
            raise _error(path, text, "elsewhere", "a triple term is the subject of a triple", None)
        if t.predicate == REIFIES:
            if not isinstance(t.object, pyoxigraph.Triple):
                raise _error(
                    path,
                    text,
                    "reifies",
                    f"rdf:reifies names {t.object}, not a triple term",
                    t.subject,
                )
            inner = t.object
            if isinstance(inner.subject, pyoxigraph.Triple) or isinstance(
                inner.object, pyoxigraph.Triple
            ):
                raise _error(path, text, "nested", "a triple term holds another triple term", None)
            reifier = t.subject
            assert not isinstance(reifier, pyoxigraph.Triple)
            known = reified.setdefault(reifier, inner)
            if known != inner:
                raise _error(
                    path,
                    text,
                    "two",
                    f"{reifier} reifies two different triples ({_show(known)} and "
                    f"{_show(inner)}); RDF 1.1 reification names one",
                    reifier,
                )
        elif isinstance(t.object, pyoxigraph.Triple):
            raise _error(
                path,
                text,
                "elsewhere",
                f"a triple term is the object of {t.predicate}, not of rdf:reifies",
                None,
            )
    if not reified:
        return items
    for t in items:
        if t.predicate in _PARTS and t.subject in reified:
            inner = reified[t.subject]  # type: ignore[index]  # subject is a NamedNode/BlankNode here
            expected = _part(inner, t.predicate)
            if t.object != expected:
                raise _error(
                    path,
                    text,
                    "two",
                    f"{t.subject} reifies {_show(inner)} but also states {t.predicate} {t.object}",
                    t.subject,
                    hint=HINT_CONFLICT,
                )
    out: list[pyoxigraph.Triple] = []
    seen: set[pyoxigraph.Triple] = set()
    for t in items:
        if t.predicate != REIFIES:
            out.append(t)
            continue
        for added in _statement(t.subject, reified[t.subject]):  # type: ignore[arg-type,index]  # checked above
            if added not in seen:
                seen.add(added)
                out.append(added)
    return out


def _statement(reifier: Reifier, inner: pyoxigraph.Triple) -> Iterator[pyoxigraph.Triple]:
    yield pyoxigraph.Triple(reifier, RDF_TYPE, RDF_STATEMENT)
    yield pyoxigraph.Triple(reifier, RDF_SUBJECT, inner.subject)
    yield pyoxigraph.Triple(reifier, RDF_PREDICATE, inner.predicate)
    yield pyoxigraph.Triple(reifier, RDF_OBJECT, inner.object)


def _part(inner: pyoxigraph.Triple, predicate: pyoxigraph.NamedNode) -> object:
    if predicate == RDF_SUBJECT:
        return inner.subject
    if predicate == RDF_PREDICATE:
        return inner.predicate
    return inner.object


def _show(triple: pyoxigraph.Triple) -> str:
    return f"<<( {triple.subject} {triple.predicate} {triple.object} )>>"


# --- locating an error in the source text -------------------------------------------------

_HINTS = {
    "elsewhere": HINT_ELSEWHERE,
    "nested": HINT_NESTED,
    "two": HINT_TWO,
    "reifies": HINT_NOT_TRIPLE,
    "unnamed": HINT_UNNAMED,
}


def _error(
    path: Path | None,
    text: str | None,
    kind: str,
    what: str,
    reifier: object,
    *,
    hint: str | None = None,
) -> ReificationError:
    line = column = None
    if text is None and path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = None
    if text is not None:
        found = locate(text, kind, reifier)
        if found is not None:
            line, column = found
    return ReificationError(what, file=path, line=line, column=column, hint=hint or _HINTS[kind])


@dataclass(frozen=True)
class Token:
    """One token of Turtle text: its text and 1-based line and column (in code points)."""

    text: str
    line: int
    column: int


_PUNCT = ("<<(", ")>>", "<<", ">>", "{|", "|}")
_STOP = set(" \t\r\n;,()[]<>\"'{}|~#")


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a Turtle document that matter to locate reifiers: IRIs ``<...>``, names,
    ``<<(``, ``)>>``, ``<<``, ``>>``, ``{|``, ``|}``, ``~`` and punctuation. Comments and
    string literals are skipped (strings yield one ``"`` token)."""
    i, line, start_of_line, n = 0, 1, 0, len(text)
    while i < n:
        c = text[i]
        col = i - start_of_line + 1
        if c == "\n":
            line, start_of_line, i = line + 1, i + 1, i + 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            for k in range(i, min(j, n)):
                if text[k] == "\n":
                    line, start_of_line = line + 1, k + 1
            yield Token('"', line, col)
            i = j + len(quote)
            continue
        punct = next((p for p in _PUNCT if text.startswith(p, i)), None)
        if punct is not None:
            yield Token(punct, line, col)
            i += len(punct)
            continue
        if c == "<":
            j = text.find(">", i)
            j = n if j < 0 else j + 1
            yield Token(text[i:j], line, col)
            i = j
            continue
        if c in _STOP:
            yield Token(c, line, col)
            i += 1
            continue
        j = i
        while j < n and text[j] not in _STOP:
            j += 1
        word = text[i:j]
        while word.endswith(".") and len(word) > 1:
            word = word[:-1]
        yield Token(word, line, col)
        i += len(word) if word else 1


def _prefixes(toks: list[Token]) -> dict[str, str]:
    found: dict[str, str] = {}
    for k, tok in enumerate(toks[:-2]):
        if tok.text.lower() in ("@prefix", "prefix") and toks[k + 2].text.startswith("<"):
            found[toks[k + 1].text.rstrip(":")] = toks[k + 2].text[1:-1]
    return found


def _expand(word: str, prefixes: dict[str, str]) -> str | None:
    if word.startswith("<") and word.endswith(">"):
        return word[1:-1]
    if ":" in word and not word.startswith("_:"):
        prefix, local = word.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def locate(text: str, kind: str, reifier: object = None) -> tuple[int, int] | None:
    """Line and column of the construct an error of ``kind`` is about, or None.

    ``elsewhere``: the first ``<<(`` not preceded by ``rdf:reifies``; ``nested``: the first
    ``<<(`` inside another; ``two``/``reifies``: the second place where ``reifier`` (an IRI)
    is named as a reifier (after ``~`` or before ``rdf:reifies``), else its first mention.
    """
    toks = list(tokens(text))
    prefixes = _prefixes(toks)
    reifies = REIFIES.value
    if kind == "unnamed":
        return _unnamed(toks)
    if kind in ("elsewhere", "nested"):
        depth = 0
        for k, tok in enumerate(toks):
            if tok.text == "<<(":
                before = _expand(toks[k - 1].text, prefixes) if k else None
                if depth and kind == "nested":
                    return tok.line, tok.column
                if not depth and kind == "elsewhere" and before != reifies:
                    return tok.line, tok.column
                depth += 1
            elif tok.text == ")>>":
                depth = max(depth - 1, 0)
        return None
    if not isinstance(reifier, pyoxigraph.NamedNode):
        return None
    named = [k for k, tok in enumerate(toks) if _expand(tok.text, prefixes) == reifier.value]
    as_reifier = [
        k
        for k in named
        if (k and toks[k - 1].text == "~")
        or (k + 1 < len(toks) and _expand(toks[k + 1].text, prefixes) == reifies)
    ]
    if kind == "reifies" and as_reifier:
        chosen = as_reifier[0]
    elif len(as_reifier) > 1:
        chosen = as_reifier[1]
    elif as_reifier or named:
        chosen = (as_reifier or named)[0]
    else:
        return None
    return toks[chosen].line, toks[chosen].column


def unnamed_reifier(text: str) -> tuple[int, int] | None:
    """Line and column of the first annotation or reified triple of the Turtle ``text``
    whose reifier has no name (see :data:`MESSAGE_UNNAMED`), or None."""
    if "{|" not in text and "<<" not in text and "~" not in text:
        return None
    return _unnamed(list(tokens(text)))


def _is_name(tok: Token) -> bool:
    """A token that names a reifier: an IRI or a prefixed name (not a blank node)."""
    return (
        tok.text.startswith("<")
        and not tok.text.startswith("<<")
        or (":" in tok.text and not tok.text.startswith("_:"))
    )


def _unnamed(toks: list[Token]) -> tuple[int, int] | None:
    """The first annotation or reified triple without a named reifier: a ``~`` not followed
    by a name, a ``{|`` not preceded by ``~ name``, a ``<<`` whose ``>>`` comes before any
    ``~ name``."""
    for k, tok in enumerate(toks):
        if tok.text == "~" and not (k + 1 < len(toks) and _is_name(toks[k + 1])):
            return tok.line, tok.column
        if tok.text == "{|" and not (k >= 2 and toks[k - 2].text == "~"):
            return tok.line, tok.column
        if tok.text == "<<":
            depth = 0
            for j in range(k + 1, len(toks)):
                inner = toks[j].text
                if inner in ("<<", "<<("):
                    depth += 1
                elif inner in (">>", ")>>"):
                    if depth == 0:
                        return tok.line, tok.column
                    depth -= 1
                elif inner == "~" and depth == 0:
                    break
    return None


# --- the other way: RDF 1.1 reification as RDF 1.2 reifiers, for the release --------------


def to_rdf12(quads: Iterable[pyoxigraph.Quad]) -> list[pyoxigraph.Quad]:
    """RDF 1.1 statements written back as RDF 1.2 reifiers (the inverse of :func:`compile_quads`).

    A node of one graph with ``rdf:type rdf:Statement`` and exactly one ``rdf:subject``,
    ``rdf:predicate`` (an IRI) and ``rdf:object`` (subject not a literal) loses those four
    quads and gets ``r rdf:reifies <<( s p o )>>`` instead; every other quad is kept, in
    order. ``compile_quads(to_rdf12(q))`` is the set ``q`` again.
    """
    items = list(quads)
    parts: dict[tuple[object, object], dict[str, list[object]]] = {}
    for q in items:
        if q.predicate in _PARTS or (q.predicate == RDF_TYPE and q.object == RDF_STATEMENT):
            entry = parts.setdefault((q.graph_name, q.subject), {})
            entry.setdefault(q.predicate.value, []).append(q.object)
    convertible: dict[tuple[object, object], pyoxigraph.Triple] = {}
    for key, entry in parts.items():
        s, p, o = (entry.get(part.value, []) for part in _PARTS)
        if (
            entry.get(RDF_TYPE.value) == [RDF_STATEMENT]
            and len(s) == len(p) == len(o) == 1
            and isinstance(p[0], pyoxigraph.NamedNode)
            and isinstance(s[0], pyoxigraph.NamedNode | pyoxigraph.BlankNode)
            and not isinstance(o[0], pyoxigraph.Triple)
        ):
            convertible[key] = pyoxigraph.Triple(s[0], p[0], o[0])  # type: ignore[arg-type]  # kinds checked above
    out: list[pyoxigraph.Quad] = []
    for q in items:
        key = (q.graph_name, q.subject)
        inner = convertible.get(key)
        if inner is None:
            out.append(q)
        elif q.predicate == RDF_TYPE and q.object == RDF_STATEMENT:
            out.append(pyoxigraph.Quad(q.subject, REIFIES, inner, q.graph_name))
        elif q.predicate not in _PARTS:
            out.append(q)
    return out
