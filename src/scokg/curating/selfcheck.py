"""Check a scaffold before it is written: both Turtle files parse, the context's text is the
source text, its length is ``nif:endIndex``, every sentence slices back to its quote and the
checksum is the text's. A failure here is a bug of scokg, reported as such."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from scokg import vocab
from scokg.curating.scaffold import Scaffold


def scaffold_problems(result: Scaffold, doc_id: str) -> list[str]:
    """What is wrong with ``result`` (empty when it is right)."""
    raw = result.files[f"data/sources/{doc_id}.txt"]
    text = raw.decode("utf-8")
    problems: list[str] = []
    graphs: dict[str, list[ox.Triple]] = {}
    for name in (f"data/sources/{doc_id}.meta.ttl", f"data/documents/{doc_id}.ttl"):
        try:
            graphs[name] = list(ox.parse(result.files[name], format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            problems.append(f"{name} does not parse: {exc}")
    if problems:
        return problems
    doc = ox.NamedNode(f"{vocab.ID}document/{doc_id}")
    meta = {t.predicate.value: t.object for t in graphs[f"data/sources/{doc_id}.meta.ttl"]}
    if meta.get(vocab.SCOKG + "sha256") != ox.Literal(hashlib.sha256(raw).hexdigest()):
        problems.append("the checksum in the metadata is not the text's SHA-256")
    by_subject: dict[ox.NamedNode | ox.BlankNode, dict[str, object]] = {}
    for t in graphs[f"data/documents/{doc_id}.ttl"]:
        if isinstance(t.subject, (ox.NamedNode, ox.BlankNode)):
            by_subject.setdefault(t.subject, {})[t.predicate.value] = t.object
    own = by_subject.get(doc, {})
    if own.get(vocab.NIF + "isString") != ox.Literal(text):
        problems.append("nif:isString is not the source text")
    end = own.get(vocab.NIF + "endIndex")
    if not isinstance(end, ox.Literal) or end.value != str(len(text)):
        problems.append("nif:endIndex is not the text's length in code points")
    count = 0
    for node, values in by_subject.items():
        if values.get(vocab.NIF + "referenceContext") != doc:
            continue
        count += 1
        b, e, a = (values.get(vocab.NIF + k) for k in ("beginIndex", "endIndex", "anchorOf"))
        if not (
            isinstance(b, ox.Literal)
            and isinstance(e, ox.Literal)
            and isinstance(a, ox.Literal)
            and text[int(b.value) : int(e.value)] == a.value
        ):
            problems.append(f"{node} does not slice back to its quote")
    if count != len(result.sentences):
        problems.append(f"{count} sentences written, {len(result.sentences)} found")
    return problems
