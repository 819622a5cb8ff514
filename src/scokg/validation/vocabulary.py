"""Unknown vocabulary terms: a misspelt class or property of an ontology the project owns.

A term such as ``a scokg:Meetng`` or ``scokg:locaton place:x`` is legal RDF, so neither the
parser nor SHACL objects to it: the node simply drops out of every query. This check reports,
as an error of the ``declarations`` check located at file:line:col, every IRI used in a data
graph (documents, metadata, reference files) that lies in an *owned* namespace but is
declared (is the subject of a triple) in no loaded ontology file, with the nearest declared
term of that namespace as a suggestion (:func:`difflib.get_close_matches`).

Owned namespaces are scokg's (``https://w3id.org/scokg/ontology#``, checked in every
position) and every hash namespace (``...#``) in which the project's extension ontologies
(``Project.ontology_files`` after the base) declare a term (checked where terms go: as a
predicate or a class, since a project with a ``#`` base keeps data IRIs there too), except
the well-known vocabularies of :data:`scokg.vocab.PREFIXES` (an extension may annotate
``skos:`` terms without owning them).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg import vocab
from scokg.oxquery import select
from scokg.validation.report import Problem

if TYPE_CHECKING:
    from scokg.project import Project, Source

CHECK = "declarations"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_PREFIX_RE = re.compile(r"^\s*@?prefix\s+([A-Za-z0-9_.-]*):\s*<([^>]*)>\s*\.?", re.M | re.I)


def owned_namespaces(project: Project) -> list[str]:
    """scokg's namespace plus the hash namespaces the project's own ontology declares."""
    from scokg.parsing import turtle_triples

    owned = {vocab.SCOKG}
    foreign = {ns for ns in vocab.PREFIXES.values() if ns != vocab.SCOKG}
    for path in project.ontology_files[1:]:
        for t in turtle_triples(path):
            if isinstance(t.subject, ox.NamedNode) and "#" in t.subject.value:
                ns = t.subject.value[: t.subject.value.rindex("#") + 1]
                if ns not in foreign and len(ns) < len(t.subject.value):
                    owned.add(ns)
    return sorted(owned)


def unknown_terms(project: Project, store: ox.Store, sources: Sequence[Source]) -> list[Problem]:
    """One problem per undeclared IRI of an owned namespace used in a data graph."""
    data_graphs = sorted({s.graph for s in sources if s.kind not in ("ontology", "links")})
    if not data_graphs:
        return []
    spaces = owned_namespaces(project)
    graphs = " ".join(f"<{g}>" for g in data_graphs)
    undeclared = f"FILTER NOT EXISTS {{ GRAPH <{vocab.ONTOLOGY_GRAPH}> {{ ?t ?dp ?do }} }}"
    # scokg's namespace holds only terms: any position. A project's may hold other IRIs
    # (its own data under a hash base), so there only terms: predicates and classes.
    rows = select(
        store,
        f"SELECT DISTINCT ?t WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ "
        "{ ?s ?t ?o } UNION { ?t ?p ?o } UNION { ?s ?p ?t } } "
        f'FILTER (isIRI(?t) && STRSTARTS(STR(?t), "{vocab.SCOKG}")) {undeclared} }}',
    )
    unknown = {row["t"].value for row in rows}
    own = [ns for ns in spaces if ns != vocab.SCOKG]
    if own:
        starts = " || ".join(f'STRSTARTS(STR(?t), "{ns}")' for ns in own)
        rows = select(
            store,
            f"SELECT DISTINCT ?t WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ "
            f"{{ ?s ?t ?o }} UNION {{ ?s <{RDF_TYPE}> ?t }} }} "
            f"FILTER (isIRI(?t) && ({starts})) {undeclared} }}",
        )
        unknown |= {row["t"].value for row in rows}
    if not unknown:
        return []
    unknown_sorted = sorted(unknown)
    declared = [
        row["t"].value
        for row in select(
            store,
            f"SELECT DISTINCT ?t WHERE {{ GRAPH <{vocab.ONTOLOGY_GRAPH}> {{ ?t ?p ?o }} "
            "FILTER (isIRI(?t)) }",
        )
    ]
    files = [s.path for s in sources if s.graph in data_graphs and s.path.suffix == ".ttl"]
    prefixes = project.prefixes
    problems = []
    for iri in unknown_sorted:
        ns = max((n for n in spaces if iri.startswith(n)), key=len)
        name = _short(iri, prefixes)
        message = f"unknown term {name}: no ontology file declares it"
        guess = suggest(iri, ns, declared)
        if guess is not None:
            message += f" — did you mean {_short(guess, prefixes)}?"
        where = locate(files, iri)
        problems.append(
            Problem(
                check=CHECK,
                message=message,
                focus=iri,
                file=None if where is None else str(where[0]),
                line=None if where is None else where[1],
                column=None if where is None else where[2],
            )
        )
    return problems


def suggest(iri: str, namespace: str, declared: Sequence[str]) -> str | None:
    """The declared term of ``namespace`` nearest ``iri`` (case first, then difflib)."""
    local = iri[len(namespace) :]
    names = {d[len(namespace) :]: d for d in declared if d.startswith(namespace)}
    names.pop("", None)
    for other, full in sorted(names.items()):
        if other.lower() == local.lower():
            return full
    close = difflib.get_close_matches(local, sorted(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _short(iri: str, prefixes: dict[str, str]) -> str:
    best = max(
        ((p, ns) for p, ns in prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)),
        key=lambda item: len(item[1]),
        default=None,
    )
    return f"<{iri}>" if best is None else f"{best[0]}:{iri[len(best[1]) :]}"


def locate(files: Sequence[Path], iri: str) -> tuple[Path, int, int] | None:
    """The first file, line and column (both 1-based, column in code points) where ``iri``
    is written, in full or as a prefixed name declared in that file."""
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        names = [re.escape(f"<{iri}>")]
        for prefix, space in _PREFIX_RE.findall(text):
            if iri.startswith(space) and len(iri) > len(space):
                local = re.escape(prefix + ":" + iri[len(space) :])
                names.append(rf"(?<![\w:.-]){local}(?![\w:-]|\.[\w:-])")
        for found in re.finditer("|".join(names), text):
            line_start = text.rfind("\n", 0, found.start()) + 1
            if "#" in text[line_start : found.start()] and not _in_iri_or_string(
                text[line_start : found.start()]
            ):
                continue  # inside a comment
            return path, text.count("\n", 0, found.start()) + 1, found.start() - line_start + 1
    return None


def _in_iri_or_string(before: str) -> bool:
    """Rough: True when the '#' before a match on its line is inside <...> or a string."""
    cut = before[: before.index("#")]
    return cut.count("<") > cut.count(">") or cut.count('"') % 2 == 1
