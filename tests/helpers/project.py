"""The minimal project the ``tmp_project`` fixture lays out, the counts tests assert, and
the one-shapes-file project of the SHACL tests (:func:`write_shacl_project`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scokg.project import Project

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


def write_shacl_project(root: Path, prefixes: str, shapes: str, data: str) -> Project:
    """A project of one shapes file and one data file, for SHACL tests: ``ontology/scokg.ttl``
    declares ``ex:Thing``, ``ontology/shapes.ttl`` is ``prefixes + shapes`` and
    ``data/entities.ttl`` is ``prefixes + data`` (so a data line's number is the count of
    prefix lines plus its own). Returns the discovered project."""
    from scokg.project import Project

    (root / "ontology").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "ontology" / "scokg.ttl").write_text(prefixes + "ex:Thing a ex:Class .\n")
    (root / "ontology" / "shapes.ttl").write_text(prefixes + shapes)
    (root / "data" / "entities.ttl").write_text(prefixes + data)
    return Project.discover(root)
