"""``owl:imports`` of a project's extension ontologies, resolved locally, never fetched.

A project's own ontology may import the scokg ontology (:data:`SCOKG_ONTOLOGY`, which is
the bundled ``scokg.ttl``, or the project's copy of it) and any ontology declared by another
of the project's ontology files (OWL 2 Structural Specification §3.4: an import names an
ontology IRI or version IRI). Anything else would have to be fetched from the Web; scokg
does not, and loading a graph without what its ontology imports would be a silent change of
meaning, so it is an error (exit 1) at the ``owl:imports`` line, not a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from scokg.errors import DataError
from scokg.vocab import OWL, RDF

SCOKG_ONTOLOGY = "https://w3id.org/scokg/ontology"


def check_imports(files: Sequence[Path], base: Path) -> None:
    """Raise a located :class:`~scokg.errors.DataError` for an ``owl:imports`` in one of
    ``files`` (other than ``base``, the scokg ontology) that none of ``files`` declares.

    A file that does not parse is skipped here: the parser reports it with its position.
    """
    own = [f for f in files if f != base]
    if not own:
        return
    declared = {SCOKG_ONTOLOGY}
    wanted: list[tuple[Path, str]] = []
    for path in own:
        names, imports = _scan(path, path.stat().st_mtime_ns, path.stat().st_size)
        declared.update(names)
        wanted.extend((path, iri) for iri in imports)
    for path, iri in wanted:
        if iri not in declared:
            raise DataError(
                f"{path.name} imports <{iri}>, which is not part of this project",
                file=path,
                **_position(path, iri),
                hint="scokg never fetches ontologies: it resolves <"
                + SCOKG_ONTOLOGY
                + "> to the bundled ontology and the IRIs of the project's own ontology "
                "files; put the imported ontology's Turtle file into ontology/, or remove "
                "the owl:imports",
            )


@lru_cache(maxsize=256)
def _scan(path: Path, _mtime_ns: int, _size: int) -> tuple[frozenset[str], tuple[str, ...]]:
    """(ontology and version IRIs declared, IRIs imported) of one file; cached per version."""
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError, ValueError):
        return frozenset(), ()
    names = set()
    imports = []
    for t in triples:
        p = t.predicate.value
        if p == RDF + "type" and t.object == ox.NamedNode(OWL + "Ontology"):
            if isinstance(t.subject, ox.NamedNode):
                names.add(t.subject.value)
        elif p == OWL + "versionIRI" and isinstance(t.object, ox.NamedNode):
            names.add(t.object.value)
        elif p == OWL + "imports" and isinstance(t.object, ox.NamedNode):
            imports.append(t.object.value)
    return frozenset(names), tuple(sorted(set(imports)))


def _position(path: Path, iri: str) -> dict[str, int]:
    """``line`` and ``column`` (1-based, code points) of the first ``<iri>`` in the file; empty
    when it is not spelled in full (a prefixed name)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    for number, text in enumerate(lines, 1):
        column = text.find(f"<{iri}>")
        if column >= 0:
            return {"line": number, "column": column + 1}
    return {}
