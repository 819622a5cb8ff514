"""``scokg build`` on long RDF lists and deep blank-node nesting (issue 14, item 4).

Before: RecursionError at 200 levels of nesting, more than 5 minutes for a 2,000-item list
(``rdflib.compare`` canonicalisation). Now blank nodes are labelled by order of appearance
and the read-back check compares quads, both linear. No timing assertion (see
``make bench``): the build must finish and every artefact must hold the whole structure.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from helpers.release import build_project, make_project

pytestmark = pytest.mark.slow

HEAD = (
    "@prefix dc: <http://purl.org/dc/elements/1.1/> .\n@prefix id: <https://w3id.org/scokg/id/> .\n"
)
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
SIZE = 10_000


def _read(dist: Path, name: str, fmt: pyoxigraph.RdfFormat) -> dict[tuple[str, str], object]:
    """(subject, predicate) -> object, for structures where that pair is unique."""
    return {
        (str(q.subject), q.predicate.value): q.object
        for q in pyoxigraph.parse(path=dist / name, format=fmt)
    }


FORMATS = {
    "scokg.nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "scokg.ttl": pyoxigraph.RdfFormat.TURTLE,
    "scokg.trig": pyoxigraph.RdfFormat.TRIG,
    "scokg.rdf": pyoxigraph.RdfFormat.RDF_XML,
    "scokg.jsonld": pyoxigraph.RdfFormat.JSON_LD,
}


def test_a_list_of_ten_thousand_items_builds_whole(tmp_path: Path) -> None:
    items = " ".join(f'"item {i}"' for i in range(SIZE))
    root = make_project(tmp_path / "p", {"data/list.ttl": HEAD + f"id:org-a dc:p ( {items} ) .\n"})
    dist = build_project(root, tmp_path / "dist")
    for name, fmt in FORMATS.items():
        facts = _read(dist, name, fmt)
        node = facts[("<https://w3id.org/scokg/id/org-a>", DC + "p")]
        seen = []
        while str(node) != f"<{RDF}nil>":
            seen.append(facts[(str(node), RDF + "first")].value)  # type: ignore[attr-defined]
            node = facts[(str(node), RDF + "rest")]
        assert seen == [f"item {i}" for i in range(SIZE)], name


def test_blank_nodes_nested_ten_thousand_deep_build_whole(tmp_path: Path) -> None:
    body = "[ dc:q " * SIZE + '"bottom"' + " ]" * SIZE
    root = make_project(tmp_path / "p", {"data/deep.ttl": HEAD + f"id:org-a dc:p {body} .\n"})
    dist = build_project(root, tmp_path / "dist")
    for name, fmt in FORMATS.items():
        facts = _read(dist, name, fmt)
        node = facts[("<https://w3id.org/scokg/id/org-a>", DC + "p")]
        depth = 0
        while isinstance(node, pyoxigraph.BlankNode):
            node = facts[(str(node), DC + "q")]
            depth += 1
        assert (depth, str(node)) == (SIZE, '"bottom"'), name
