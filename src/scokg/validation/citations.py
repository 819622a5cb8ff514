"""Warn about a fact derived from a sentence of another document.

Every claim lives in the graph of the document that makes it (docs/model.md), so a
``prov:wasDerivedFrom`` in the graph of document A that names a sentence of document B
(``.../id/document/B/sentence/N``) is either a slip (a copied slug, a wrong prefix) or a
fact that belongs in B. It stays legal RDF and may be deliberate, so it is a warning (a
report note), located at the statement's file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg import vocab
from scokg.oxquery import select
from scokg.validation.locate import find_subject
from scokg.validation.naming import short_iri

if TYPE_CHECKING:
    from scokg.project import Source

PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
DOCUMENT_SPACE = vocab.ID + "document/"


def foreign_sentences(store: ox.Store, sources: Sequence[Source]) -> list[str]:
    """A warning per statement of a document graph derived from another document's text."""
    graphs = {s.graph: s for s in sources if s.kind == "document"}
    if not graphs:
        return []
    values = " ".join(f"<{g}>" for g in sorted(graphs))
    rows = select(
        store,
        f"SELECT DISTINCT ?g ?st ?from WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ "
        f"?st <{PROV_DERIVED}> ?from }} FILTER (isIRI(?from) && "
        f'STRSTARTS(STR(?from), "{DOCUMENT_SPACE}")) }}',
    )
    out = []
    for row in rows:
        graph = row["g"].value
        source = graphs[graph]
        own = DOCUMENT_SPACE + source.path.stem + "/"
        cited = row["from"].value
        if cited.startswith(own):
            continue
        statement = row["st"]
        name = statement.value if isinstance(statement, ox.NamedNode) else str(statement)
        where = find_subject([source.path], name)
        at = f"{where[0]}:{where[1]}: " if where else f"{source.path}: "
        out.append(
            f"warning: {at}{short_iri(name)} is derived from {short_iri(cited)}, a sentence of "
            "another document: a fact belongs in the graph of the document that states it "
            "(cite this document's sentence, or move the fact to that document)"
        )
    return sorted(out)
