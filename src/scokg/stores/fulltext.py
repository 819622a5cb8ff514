"""The full-text index behind the bundled ``lookup`` query on the embedded store.

``queries/lookup.rq`` finds the labels (``skos:prefLabel``, ``skos:altLabel``,
``rdfs:label``) of IRI resources that contain a text, ignoring case and the accents of
common Latin letters; written in SPARQL it runs ~30 REPLACEs and a REGEX on every label of
the store. This index, an SQLite FTS5 table with the ``trigram`` tokenizer (standard
library ``sqlite3``), is built with the store cache (``fulltext.sqlite`` in the store's
folder, so it is as atomic as the store) and holds every (resource, label) pair with the
label *folded*: each character case-folded and stripped of those accents, one character
for one (so positions, and a regular expression's ``.``, still line up).

The index only narrows: :func:`candidates` returns the (resource, label) pairs whose
folded label contains the folded text (a ``LIKE`` pattern, the text's regular-expression
characters as ``_``), a superset of the pairs the query matches. The query itself then
runs with those pairs bound (:func:`restrict`), so its answer is the query's own, row for
row, by construction. Where the superset argument does not hold, :func:`candidates` says
so (``None``) and the query runs unrestricted: a text with a character whose case folding
is not one character (``ß``, ``İ``, ligatures: regular expressions fold those one to one,
Python and SQLite differently), or more than :data:`MAX_CANDIDATES` pairs (binding them
all would cost more than the scan).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph

INDEX_FILE = "fulltext.sqlite"
# SHA-256 of the queries/lookup.rq text the folding below follows: any other text (an edited
# or a project's own lookup.rq) runs as written (a test flags the two drifting apart).
LOOKUP_QUERY_SHA256 = "f082fff629eed6c00fd59533dfde12d9fce33adb60feaa74f7b5ac5168f691ba"
MAX_CANDIDATES = 2000
LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
)
# The accented letters queries/lookup.rq folds, by base letter (keep the two in step).
_ACCENTED = {
    "a": "àáâãäåāăą",
    "c": "çćĉċč",
    "d": "ďđ",
    "e": "èéêëēĕėęě",
    "g": "ĝğġģ",
    "i": "ìíîïĩīĭįı",
    "l": "ĺļľłŀ",
    "n": "ñńņňŉ",
    "o": "òóôõöøōŏő",
    "r": "ŕŗř",
    "s": "śŝşšș",
    "t": "ţťțŧ",
    "u": "ùúûüũūŭůűų",
    "y": "ýÿŷ",
    "z": "źżž",
}
_BASE = {accented: base for base, letters in _ACCENTED.items() for accented in letters}
# Characters the query turns into "any one character" (its regular-expression characters).
_REGEX_CHARS = set("\\^$.|?*+()[]{}")


def _special(char: str) -> bool:
    """A character whose case folding is not one character (``ß``, ``İ``, ``ﬁ``...)."""
    return len(char.casefold()) != 1


def fold_char(char: str) -> str:
    """One character case-folded, then stripped of the accents the query strips."""
    if _special(char):
        return char
    folded = char.casefold()
    return _BASE.get(folded, folded)


def fold(text: str) -> str:
    """``text`` folded character by character (same length as ``text``)."""
    return "".join(fold_char(c) for c in text)


def like_pattern(text: str) -> str | None:
    """The ``LIKE`` pattern of the lookup ``text``, or ``None`` if the index cannot answer.

    Follows the query: lower case first (SPARQL ``LCASE``, which may lengthen the text),
    then each character folded, regular-expression characters as ``_`` (one character).
    """
    lowered = text.lower()
    if any(_special(c) for c in lowered):
        return None
    return "%" + "".join("_" if c in _REGEX_CHARS else fold_char(c) for c in lowered) + "%"


def _label_pairs(store: pyoxigraph.Store) -> Iterator[tuple[str, str, str]]:
    """(folded label, resource, label) in N-Triples, for every distinct labelled IRI."""
    seen: set[tuple[str, str]] = set()
    for predicate in LABEL_PREDICATES:
        for quad in store.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), None):
            subject, label = quad.subject, quad.object
            if not isinstance(subject, pyoxigraph.NamedNode):
                continue
            if not isinstance(label, (pyoxigraph.Literal, pyoxigraph.NamedNode)):
                continue  # STR() of a blank node is an error: the query never matches it
            key = (str(subject), str(label))
            if key not in seen:
                seen.add(key)
                yield fold(label.value), key[0], key[1]


def build(store: pyoxigraph.Store, folder: Path) -> Path:
    """Write the index of ``store``'s labels to ``folder/fulltext.sqlite``; its path."""
    path = folder / INDEX_FILE
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(
            "CREATE VIRTUAL TABLE labels USING fts5("
            "folded, resource UNINDEXED, label UNINDEXED, tokenize='trigram')"
        )
        db.executemany("INSERT INTO labels VALUES (?, ?, ?)", _label_pairs(store))
        db.commit()
    return path


def candidates(index: Path, text: str) -> list[tuple[str, str]] | None:
    """(resource, label) pairs in N-Triples, a superset of what ``lookup`` matches for
    ``text``; ``None`` when the index cannot narrow (see the module text) or is missing."""
    pattern = like_pattern(text)
    if pattern is None or not index.is_file():
        return None
    try:
        with contextlib.closing(
            sqlite3.connect(f"{index.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            rows = db.execute(
                "SELECT resource, label FROM labels WHERE folded LIKE ? LIMIT ?",
                (pattern, MAX_CANDIDATES + 1),
            ).fetchall()
    except sqlite3.Error:
        return None
    if len(rows) > MAX_CANDIDATES:
        return None
    return [(str(r), str(label)) for r, label in rows]


def restrict(query: str, where_open: int, pairs: Iterable[tuple[str, str]]) -> str:
    """``query`` with ``VALUES (?resource ?matched)`` of ``pairs`` after its WHERE brace."""
    rows = " ".join(f"({resource} {label})" for resource, label in pairs)
    clause = f" VALUES (?resource ?matched) {{ {rows} }}\n"
    return query[:where_open] + clause + query[where_open:]
