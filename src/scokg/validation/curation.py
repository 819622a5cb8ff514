"""Checks for curators, run before SHACL: what a person adding a document gets wrong first.

- **not declared**: an IRI of the id space (``https://w3id.org/scokg/id/``) used in a data
  file but typed nowhere. The message names the file to declare it in, by namespace
  (:data:`HOMES`), and the problem is located at its first use. SHACL problems that only
  follow from it (an act "needs at least one actor" because its actor has no type) are
  dropped by :func:`without_consequences`, so the cause is the one shown.
- **same label**: two resources of one class with the same ``skos:prefLabel`` (same text and
  language, after Unicode NFC and white-space normalisation: :func:`same_label_key`) — a
  warning (a report note), since two people may share a name.
- **attested after issue**: a post holding attested (``scokg:attestedOn``) on a day after
  the issue date (``dcterms:issued``) of the document whose sentence states it — a text
  cannot attest a later day, so the day is likely mistyped: a warning (a report note), with
  the document's file.
- **files of a document**: a source text without its metadata or its document file, or a
  metadata file without its text, is an error at that file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg import vocab
from scokg.oxquery import select
from scokg.project import META_SUFFIX
from scokg.validation.naming import short, short_iri
from scokg.validation.report import Problem

if TYPE_CHECKING:
    from scokg.project import Project, Source

CHECK = "declarations"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"

# Where each kind of the id space is declared (kinds not listed: in the document stating it).
HOMES = {
    "act-kind": "data/act-kinds.ttl",
    "topic": "data/topics.ttl",
    "organisation": "data/entities.ttl",
    "person": "data/entities.ttl",
    "place": "data/entities.ttl",
    "post": "data/entities.ttl",
}
# Namespaces whose IRIs are not resources a curator declares one by one.
_SKIPPED = ("document/", "scheme/")
_PREFIX_RE = re.compile(r"^\s*@prefix\s+([A-Za-z0-9_-]*):\s*<([^>]*)>\s*\.", re.MULTILINE)


def undeclared(store: ox.Store, sources: Sequence[Source]) -> list[Problem]:
    """A problem per IRI of the id space used in a data graph and typed in no graph.

    The links graph is not searched: a link names its subject, which ``links check`` and
    the SSSOM reader judge; an entity is declared where the data uses it.

    Set-based and linear in the data: the IRIs used (one pass over each data graph's quads)
    minus the IRIs typed (one pass over the rdf:type quads of every graph); each missing IRI
    is then located by one pass over each data file (:func:`first_uses`)."""
    used_in = sorted({s.graph for s in sources if s.kind not in ("ontology", "links")})
    if not used_in:
        return []
    used: set[str] = set()
    for graph in used_in:
        for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.NamedNode) and term.value.startswith(vocab.ID):
                    used.add(term.value)
    typed = {
        quad.subject.value
        for quad in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None)
        if isinstance(quad.subject, ox.NamedNode)
    }
    missing = []
    for iri in sorted(used - typed):
        rest = iri.removeprefix(vocab.ID)
        if not rest.startswith(_SKIPPED) and "/" in rest:
            missing.append(iri)
    graphs = set(used_in)
    files = [s.path for s in sources if s.graph in graphs and s.path.suffix == ".ttl"]
    located = first_uses(files, set(missing))
    problems = []
    for iri in missing:
        kind = iri.removeprefix(vocab.ID).split("/", 1)[0]
        home = HOMES.get(kind)
        where = (
            f"add it to {home}"
            if home
            else "declare it (with its type) in the document that states it"
        )
        used_at = located.get(iri)
        problems.append(
            Problem(
                check=CHECK,
                message=f"not declared: {where}; it has no rdf:type in any file",
                focus=iri,
                file=None if used_at is None else str(used_at[0]),
                line=None if used_at is None else used_at[1],
            )
        )
    return problems


def without_consequences(
    shacl: list[Problem], store: ox.Store, missing: list[Problem]
) -> list[Problem]:
    """``shacl`` without the problems an undeclared resource causes: those whose value is
    one, and those of a focus node on a path that leads to one."""
    if not missing:
        return shacl
    names = {short_iri(p.focus) for p in missing if p.focus}
    values = " ".join(f"<{p.focus}>" for p in missing if p.focus)
    causes = {
        (row["s"].value if isinstance(row["s"], ox.NamedNode) else str(row["s"]), short(row["p"]))
        for row in select(
            store,
            f"SELECT DISTINCT ?s ?p WHERE {{ VALUES ?r {{ {values} }} GRAPH ?g {{ ?s ?p ?r }} }}",
        )
    }
    return [
        p
        for p in shacl
        if p.value not in names
        and (p.focus, p.path) not in causes
        and p.focus not in {m.focus for m in missing}
    ]


def same_label_key(label: object) -> object:
    """The label as the same-label check compares it: Unicode NFC, every run of white space
    (a no-break, thin or ideographic space, a tab, a newline: :meth:`str.split`) one space,
    none at the ends, the language tag in lower case (BCP 47 tags ignore case). Letter case
    and punctuation still count: "A\u00a0B" and " A  B" are one label, "a b" another."""
    if not isinstance(label, ox.Literal):
        return label
    text = " ".join(unicodedata.normalize("NFC", label.value).split())
    if label.language:
        return ox.Literal(text, language=label.language.lower())
    return ox.Literal(text, datatype=label.datatype)


def same_labels(store: ox.Store, sources: Sequence[Source]) -> list[str]:
    """A warning per pair of resources of one class sharing a ``skos:prefLabel``, compared
    as :func:`same_label_key` writes them (the warning shows that form)."""
    data = " ".join(f"<{g}>" for g in sorted({s.graph for s in sources if s.kind != "ontology"}))
    if not data:
        return []
    # grouped here, not by a self-join in SPARQL (quadratic on large data)
    groups: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(
        store,
        f"SELECT DISTINCT ?a ?class ?label WHERE {{ VALUES ?g {{ {data} }} "
        f"GRAPH ?g {{ ?a <{SKOS_PREF}> ?label ; <{RDF_TYPE}> ?class }} FILTER isIRI(?a) }}",
    ):
        groups[(short(row["class"]), short(same_label_key(row["label"])))].add(row["a"].value)
    # one warning per set of resources sharing a label (classes joined): 12 namesakes are
    # one warning, not 66 pairs
    together: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for (cls, label), members in groups.items():
        if len(members) > 1:
            together[(label, tuple(sorted(members)))].add(cls)
    out = []
    # the names to give `scokg describe`: a bundled prefix's (it resolves those) or the IRI
    for (label, namesakes), classes in sorted(together.items(), key=lambda kv: kv[0][1]):
        names = [short_iri(m) for m in namesakes]
        who = (
            " and ".join(names) if len(names) == 2 else ", ".join(names[:-1]) + " and " + names[-1]
        )
        all_ = "both" if len(names) == 2 else "all"
        describe = " and ".join(f"`scokg describe {vocab.compact(m)}`" for m in namesakes)
        out.append(
            f"warning: {who} are {all_} {'/'.join(sorted(classes))} "
            f"labelled {label}: if they are one, keep one (compare them with {describe}; "
            "`scokg query lookup -p text=...` finds a label)"
        )
    return out


def attested_after_issue(store: ox.Store, sources: Sequence[Source]) -> list[str]:
    """A warning per statement of a ``scokg:attestedOn`` day later than the ``dcterms:issued``
    day of the document its sentence belongs to (both compared on their first ten
    characters, YYYY-MM-DD, so a time zone does not count; an issue date given as a month
    or a year, ``xsd:gYearMonth``/``xsd:gYear``, covers the whole month or year)."""
    # statements live in a document's file, not its metadata (the two share one graph)
    files = {s.graph: s.path for s in sources if s.kind == "document"}
    out = []
    for row in select(
        store,
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX scokg: <https://w3id.org/scokg/ontology#> "
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
        "SELECT DISTINCT ?holding ?day ?doc ?issued ?g WHERE { "
        "GRAPH ?g { ?st rdf:subject ?holding ; rdf:predicate scokg:attestedOn ; "
        "rdf:object ?day ; prov:wasDerivedFrom ?sentence } "
        "?sentence nif:referenceContext ?doc . ?doc dcterms:issued ?issued . "
        # an issue date given as a month or a year covers it all: compared on its length
        "BIND(SUBSTR(STR(?issued), 1, IF(DATATYPE(?issued) = xsd:gYear, 4, "
        "IF(DATATYPE(?issued) = xsd:gYearMonth, 7, 10))) AS ?key) "
        "FILTER(SUBSTR(STR(?day), 1, STRLEN(?key)) > ?key) } "
        "ORDER BY STR(?holding) STR(?day)",
        use_default_graph_as_union=True,
    ):
        where = files.get(row["g"].value) if isinstance(row["g"], ox.NamedNode) else None
        out.append(
            f"warning: {short(row['holding'])} is attested on {row['day'].value} by "
            f"{short(row['doc'])}, issued {row['issued'].value}"
            + (f" ({where})" if where else "")
            + ": a text cannot attest a day after its own issue date; check the day"
        )
    return out


def document_files(project: Project) -> list[Problem]:
    """Errors for a source text without metadata or document, or metadata without text."""
    sources = project.data_dir / "sources"
    documents = project.data_dir / "documents"
    if not sources.is_dir():
        return []
    problems = []
    for text in sorted(sources.glob("*.txt")):
        doc_id = text.stem
        for needed, what in (
            (sources / f"{doc_id}{META_SUFFIX}", "metadata"),
            (documents / f"{doc_id}.ttl", "document file"),
        ):
            if not needed.is_file():
                problems.append(
                    Problem(
                        check=CHECK,
                        message=f"the source text has no {what} "
                        f"{needed.relative_to(project.root).as_posix()}: start a document with "
                        f"`scokg new-document`, or remove the text",
                        file=str(text),
                    )
                )
    for meta in sorted(sources.glob(f"*{META_SUFFIX}")):
        doc_id = meta.name.removesuffix(META_SUFFIX)
        if not (sources / f"{doc_id}.txt").is_file():
            problems.append(
                Problem(
                    check=CHECK,
                    message=f"metadata without its source text data/sources/{doc_id}.txt: "
                    "put the text there (byte for byte) or remove the metadata",
                    file=str(meta),
                    line=1,
                )
            )
    return problems


# A full IRI or a prefixed name (Turtle §2.4, §6.3 PNAME_LN, simplified: the local part may
# not end with a dot, which then ends the triple).
_NAME_RE = re.compile(
    r"<([^<>\s\"{}|^`\\]*)>|(?<![\w:<-])([A-Za-z][\w.-]*)?:((?:[\w:%-]|\.(?=[\w:%-]))*)"
)


def first_uses(files: Sequence[Path], iris: set[str]) -> dict[str, tuple[Path, int]]:
    """The first file and line where each of ``iris`` is written (full or as a prefixed name).

    One pass over each file, whatever the number of IRIs asked for; an IRI not found is
    absent from the result."""
    found: dict[str, tuple[Path, int]] = {}
    for path in files:
        if len(found) == len(iris):
            break
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        prefixes = dict(_PREFIX_RE.findall(text))
        for number, line in enumerate(text.split("\n"), 1):
            if line.lstrip().startswith(("@prefix", "PREFIX", "#")):
                continue
            for match in _NAME_RE.finditer(line):
                full, prefix, local = match.groups()
                if full is not None:
                    iri = full
                elif (prefix or "") in prefixes and local:
                    iri = prefixes[prefix or ""] + local
                else:
                    continue
                if iri in iris and iri not in found:
                    found[iri] = (path, number)
    return found
