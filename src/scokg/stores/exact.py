"""Term-exact comparison of the triples sent to a store and the triples it gives back.

RDF 1.1 Concepts §3.3 and §3.4: two literals are the same term only when their lexical
forms, datatype IRIs and language tags are the same, so ``"07"^^xsd:byte`` and
``"7"^^xsd:integer`` are different terms even though they have the same value. A store that
keeps values rather than lexical forms (Oxigraph does) gives back different terms; this
module finds those differences, so ``scokg load`` can say which terms changed instead of
calling the graph verified.

Blank nodes are compared up to renaming: both sides are canonicalised with RDFC-1.0
(W3C RDF Dataset Canonicalization) before their sorted N-Triples are hashed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph

# At most this many changes are named in one message; the count is always complete.
SHOWN_CHANGES = 10


def canonical_lines(triples: Iterable[pyoxigraph.Triple]) -> list[str]:
    """Sorted, distinct N-Triples lines (without the final `` .``), blank nodes relabelled
    by RDFC-1.0 so that isomorphic graphs give the same lines."""
    graph = pyoxigraph.DefaultGraph()
    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in triples
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted({f"{q.subject} {q.predicate} {q.object}" for q in dataset})


def fingerprint(lines: Sequence[str]) -> str:
    """SHA-256 (hex) of canonical N-Triples lines, one per line, as UTF-8."""
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8") + b" .\n")
    return digest.hexdigest()


@dataclass
class Comparison:
    """What the store gave back compared to what was sent.

    ``changes`` are readable lines, ``"<sent term> came back as <stored term>"`` where a
    triple's object was replaced, else ``"missing: <triple>"`` / ``"added: <triple>"``.
    """

    sent_hash: str
    found_hash: str
    sent: int
    found: int
    changes: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return self.sent_hash == self.found_hash

    def summary(self, limit: int = SHOWN_CHANGES) -> str:
        """The first ``limit`` changes joined by ``; `` and how many more there are."""
        shown = "; ".join(self.changes[:limit])
        more = len(self.changes) - limit
        return shown + (f"; and {more} more" if more > 0 else "")


def compare(sent: Iterable[pyoxigraph.Triple], found: Iterable[pyoxigraph.Triple]) -> Comparison:
    """Compare two graphs term by term (blank nodes up to renaming)."""
    sent_lines = canonical_lines(sent)
    found_lines = canonical_lines(found)
    result = Comparison(
        fingerprint(sent_lines), fingerprint(found_lines), len(sent_lines), len(found_lines)
    )
    if result.exact:
        return result
    missing = sorted(set(sent_lines) - set(found_lines))
    added = sorted(set(found_lines) - set(sent_lines))
    result.changes = _describe(missing, added)
    return result


def _split(line: str) -> tuple[str, str]:
    """(subject and predicate, object) of an N-Triples line (IRIs hold no spaces)."""
    subject, rest = line.split(" ", 1)
    predicate, obj = rest.split(" ", 1)
    return f"{subject} {predicate}", obj


def _describe(missing: list[str], added: list[str]) -> list[str]:
    """Pair a missing and an added triple when they share subject and predicate and are
    the only ones to do so: that is one object term rewritten by the store."""
    by_key_missing: dict[str, list[str]] = {}
    by_key_added: dict[str, list[str]] = {}
    for line in missing:
        key, obj = _split(line)
        by_key_missing.setdefault(key, []).append(obj)
    for line in added:
        key, obj = _split(line)
        by_key_added.setdefault(key, []).append(obj)
    changes: list[str] = []
    for key, objects in by_key_missing.items():
        others = by_key_added.pop(key, [])
        if len(objects) == 1 and len(others) == 1:
            changes.append(f"{objects[0]} came back as {others[0]} (in {key} ...)")
            continue
        if others and len(others) < len(objects):
            merged = ", ".join(objects)
            changes.append(f"{merged} came back as {', '.join(others)} (in {key} ...)")
            continue
        changes += [f"missing: {key} {obj}" for obj in objects]
        changes += [f"added: {key} {obj}" for obj in others]
    for key, objects in by_key_added.items():
        changes += [f"added: {key} {obj}" for obj in objects]
    return changes
