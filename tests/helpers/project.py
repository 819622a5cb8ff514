"""The minimal project the ``tmp_project`` fixture lays out, the counts tests assert, and a
private copy of the bundled project (:func:`copy_bundled`)."""

from __future__ import annotations

import shutil
from pathlib import Path

PREFIXES = """\
@prefix scokg: <https://w3id.org/scokg/ontology#> .
@prefix id: <https://w3id.org/scokg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

# Triple counts below are asserted by tests; keep them in sync when editing the files.
FILES: dict[str, str] = {
    # 2 triples
    "ontology/scokg.ttl": PREFIXES
    + "scokg:Organisation a owl:Class .\nscokg:Document a owl:Class .\n",
    # 4 triples: two organisations
    "data/entities.ttl": PREFIXES
    + 'id:org-a a scokg:Organisation ; rdfs:label "Org A" .\n'
    + 'id:org-b a scokg:Organisation ; rdfs:label "Org B" .\n',
    # 2 triples
    "data/documents/x.ttl": PREFIXES + 'id:doc-x a scokg:Document ; rdfs:label "X" .\n',
    # 1 triple, same graph as documents/x.ttl
    "data/sources/x.meta.ttl": PREFIXES + 'id:doc-x rdfs:comment "metadata of x" .\n',
    "data/sources/x.txt": "The text of document x.\n",
}
TOTAL_TRIPLES = 9


def write_project(root: Path) -> Path:
    """Lay out the minimal project (:data:`FILES`) in ``root`` and return ``root``."""
    for rel, text in FILES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


REPO = Path(__file__).resolve().parents[2]


def copy_bundled(root: Path) -> Path:
    """Copy this repository's ``ontology/`` and ``data/`` into ``root`` (a project that
    validates, private to the test) and return ``root``."""
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(REPO / "data", root / "data")
    return root
