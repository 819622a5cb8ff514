"""``scokg init``: lay out a new project that validates, queries, builds and loads at once.

The files (see :func:`plan`): ``scokg.toml`` (:mod:`scokg.project_config`), an extension
ontology ``ontology/<name>.ttl`` that imports the scokg ontology by IRI (resolved locally by
:mod:`scokg.ontology_imports`), an empty shapes file ``ontology/<name>-shapes.ttl`` that adds
to the bundled shapes, one example document pair under ``data/`` (a fictional text, its
metadata with the text's SHA-256 and length, NIF sentences, two facts each with its
statement as an RDF 1.2 annotation ``~ fact:slug {| ... |}``), ``data/entities.ttl``, one
query and a README. Everything is written into a temporary folder beside ``DIR`` and renamed
into place, so a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from scokg import vocab
from scokg.errors import UsageError
from scokg.project_config import FORMAT, check_base_iri, check_name

LICENCE = "CC-BY-4.0"
DOCUMENT = "example-2026-05-04"

# The fictional example text (offsets below are computed from it, never typed by hand).
TITLE = "Lindvik Harbour Reading Circle opens a school library"
SENTENCES = (
    TITLE,
    "The Lindvik Harbour Reading Circle was founded in 2019 by volunteers of the fishing "
    "town of Lindvik.",
    "Today the circle has twelve members.",
    "This spring it agreed to open a small lending library for the two schools of the town.",
)
TEXT = SENTENCES[0] + "\n\n" + " ".join(SENTENCES[1:]) + "\n"


def default_name(folder: Path) -> str:
    """A project name from a folder name: lower case, other characters as '-'."""
    name = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
    return name if name and name[0].isalpha() else f"kg-{name}".rstrip("-")


def namespaces(base: str) -> tuple[str, str]:
    """(vocabulary namespace, entity namespace) under the base IRI: ``<base>ontology#`` and
    ``<base>id/`` for a base ending in '/'; ``<base>`` and ``<base without #>/id/`` for '#'."""
    if base.endswith("#"):
        return base, base[:-1] + "/id/"
    return base + "ontology#", base + "id/"


def check_arguments(folder: Path, name: str, base: str) -> None:
    """Raise :class:`~scokg.errors.UsageError` (exit 2) for a bad name, base IRI or folder."""
    if why := check_name(name):
        raise UsageError(f"{name!r} is not a valid project name", hint=f"--name: {why}")
    taken = {name, f"{name}-id"} & set(vocab.PREFIXES)
    if taken:
        raise UsageError(
            f"the name {name!r} would clash with scokg's prefix {sorted(taken)[0]!r}",
            hint="choose another --name; it becomes the prefix of your vocabulary",
        )
    if why := check_base_iri(base):
        raise UsageError(f"{base!r} is not a valid base IRI", hint=f"--base-iri: {why}")
    if base.startswith(("https://w3id.org/scokg/", "http://w3id.org/scokg/")):
        raise UsageError(
            f"the base IRI {base} lies inside scokg's own namespace",
            hint="use an IRI you control, e.g. https://example.org/NAME/",
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} exists and is not a folder", hint="choose another DIR")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(
            f"{folder} is not empty",
            hint="scokg init writes a new project; give a new or empty folder",
        )


def create(folder: Path, name: str, base: str) -> list[str]:
    """Write the project into ``folder`` (new or empty) and return the files, relative.

    Raises :class:`~scokg.errors.UsageError` for bad arguments (nothing is written).
    """
    folder = folder.expanduser().absolute()
    check_arguments(folder, name, base)
    files = plan(name, base)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for rel, text in files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        for path in [tmp, *tmp.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        if folder.is_dir():
            folder.rmdir()  # empty (checked above); rename needs the place free
        os.rename(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return sorted(files)


def plan(name: str, base: str) -> dict[str, str]:
    """Relative path -> text of every file of a new project."""
    onto, ent = namespaces(base)
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    return {
        "scokg.toml": _toml(name, base, onto, ent),
        f"ontology/{name}.ttl": _ontology(name, base, onto),
        f"ontology/{name}-shapes.ttl": _shapes(name, onto),
        "data/entities.ttl": _entities(name, onto, ent),
        f"data/sources/{DOCUMENT}.txt": TEXT,
        f"data/sources/{DOCUMENT}.meta.ttl": _meta(name, ent, base, sha),
        f"data/documents/{DOCUMENT}.ttl": _document(name, onto, ent),
        "queries/members.rq": _query(name, onto),
        "README.md": _readme(name, base),
    }


def _toml(name: str, base: str, onto: str, ent: str) -> str:
    return f"""\
# The scokg project {name}: its name, base IRI, licence and own prefixes.
# scokg finds this file from any folder below it (like git); see `scokg --help`.
format = {FORMAT}

[project]
name = "{name}"
base-iri = "{base}"
licence = "{LICENCE}"

# Prefixes of your own namespaces: every release file declares them.
[prefixes]
{name} = "{onto}"
{name}-id = "{ent}"

# scokg reads every ontology/*.ttl as your ontology, and ontology/*shapes*.ttl as shapes
# added to scokg's. To list them instead, uncomment:
# [ontology]
# files = ["ontology/{name}.ttl"]
# shapes = ["ontology/{name}-shapes.ttl"]
"""


_HEAD = """\
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix {name}: <{onto}> .
@prefix owl:     <http://www.w3.org/2002/07/owl#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix scokg:   <https://w3id.org/scokg/ontology#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""


def _ontology(name: str, base: str, onto: str) -> str:
    return (
        f"""\
# =============================================================================
# The vocabulary of the project {name}: what scokg's ontology does not have.
# It imports scokg's ontology by its IRI; scokg resolves that import to the
# ontology it ships (never from the Web). Other imports must name an ontology
# whose file is in this folder.
# =============================================================================

"""
        + _HEAD.format(name=name, onto=onto)
        + f"""
<{base}ontology>
    a owl:Ontology ;
    dcterms:title "{name} ontology"@en ;
    owl:imports <https://w3id.org/scokg/ontology> ;
    owl:versionInfo "0.1.0" .

# An example property: replace it with your own terms.
{name}:memberCount
    a owl:DatatypeProperty ;
    rdfs:comment "How many members an organisation has, as its source text states it."@en ;
    rdfs:domain scokg:Organisation ;
    rdfs:label "member count"@en ;
    rdfs:range xsd:integer ;
    rdfs:isDefinedBy <{base}ontology> .
"""
    )


def _shapes(name: str, onto: str) -> str:
    return f"""\
# =============================================================================
# SHACL shapes of the project {name}. They ADD to scokg's shapes (which always
# apply); this file may stay empty. Example, for the property of {name}.ttl:
#
#   {name}-shape:Organisation-memberCount
#       a sh:NodeShape ;
#       sh:targetSubjectsOf {name}:memberCount ;
#       sh:property [ sh:path {name}:memberCount ; sh:datatype xsd:integer ;
#                     sh:maxCount 1 ; sh:minInclusive 1 ] .
# =============================================================================

@prefix {name}: <{onto}> .
@prefix sh:  <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _entities(name: str, onto: str, ent: str) -> str:
    return f"""\
# =============================================================================
# The things the documents talk about, each with the sentence that names it.
# =============================================================================

@prefix {name}-id: <{ent}> .
@prefix prov:  <http://www.w3.org/ns/prov#> .
@prefix scokg: <https://w3id.org/scokg/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .

{name}-id:harbour-reading-circle
    a scokg:Organisation ;
    prov:wasDerivedFrom <{vocab.DOCUMENT}{DOCUMENT}/sentence/2> ;
    skos:prefLabel "Lindvik Harbour Reading Circle"@en .
"""


def _meta(name: str, ent: str, base: str, sha: str) -> str:
    return f"""\
# =============================================================================
# Metadata of the source text {DOCUMENT}.txt (a fictional example: replace it).
# scokg:sha256 is the checksum of the .txt file; `scokg validate` checks it.
# =============================================================================

@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix {name}-id: <{ent}> .
@prefix scokg:   <https://w3id.org/scokg/ontology#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .

<{vocab.DOCUMENT}{DOCUMENT}>
    a scokg:SourceDocument ;
    dcterms:format "text/plain; charset=utf-8" ;
    dcterms:identifier "{DOCUMENT}" ;
    dcterms:issued "2026-05-04"^^xsd:date ;
    dcterms:language <http://id.loc.gov/vocabulary/iso639-1/en> ;
    dcterms:publisher {name}-id:harbour-reading-circle ;
    dcterms:source <{base}news/{DOCUMENT}> ;
    dcterms:title "{TITLE}"@en ;
    scokg:sha256 "{sha}" .
"""


def _spans() -> list[tuple[int, int, str]]:
    """(begin, end, text) of each sentence of :data:`TEXT`, in code points, end exclusive."""
    spans = []
    start = 0
    for sentence in SENTENCES:
        begin = TEXT.index(sentence, start)
        spans.append((begin, begin + len(sentence), sentence))
        start = begin + len(sentence)
    return spans


def _literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _document(name: str, onto: str, ent: str) -> str:
    doc = f"{vocab.DOCUMENT}{DOCUMENT}"
    nni = "^^xsd:nonNegativeInteger"
    sentences = []
    for number, (begin, end, text) in enumerate(_spans(), 1):
        kinds = "nif:Sentence , nif:Title" if number == 1 else "nif:Sentence"
        sentences.append(
            f"""sentence:{number}
    a {kinds} ;
    nif:anchorOf {_literal(text)} ;
    nif:beginIndex "{begin}"{nni} ;
    nif:endIndex "{end}"{nni} ;
    nif:referenceContext <{doc}> .
"""
        )
    return f"""\
# =============================================================================
# What the example text {DOCUMENT} states (a fictional text: replace it).
#   text: data/sources/{DOCUMENT}.txt   metadata: data/sources/{DOCUMENT}.meta.ttl
#
# Layout: 1. the text as a NIF context; 2. its sentences (offsets in code
# points, end exclusive); 3. the facts. Each triple the text states carries
# its statement as an RDF 1.2 annotation with a named reifier:
#     s p o ~ fact:<slug> {{| prov:wasDerivedFrom sentence:N |}} .
# naming the sentence(s) stating it and, where the text only implies a value,
# how it was derived (scokg:derivationNote). scokg compiles each annotation
# into the statement fact:<slug> a rdf:Statement ; rdf:subject s ;
# rdf:predicate p ; rdf:object o (docs/curating.md). `scokg validate` reports
# a fact without its statement, and offsets that do not match the text.
# =============================================================================

@prefix fact:     <{doc}/fact/> .
@prefix nif:      <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov:     <http://www.w3.org/ns/prov#> .
@prefix rdf:      <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix scokg:    <https://w3id.org/scokg/ontology#> .
@prefix sentence: <{doc}/sentence/> .
@prefix xsd:      <http://www.w3.org/2001/XMLSchema#> .
@prefix {name}:   <{onto}> .
@prefix {name}-id: <{ent}> .

# -----------------------------------------------------------------------------
# 1. The text
# -----------------------------------------------------------------------------

<{doc}>
    a nif:Context ;
    nif:beginIndex "0"{nni} ;
    nif:endIndex "{len(TEXT)}"{nni} ;
    nif:isString {_literal(TEXT)} .

# -----------------------------------------------------------------------------
# 2. Sentences (1 is the title)
# -----------------------------------------------------------------------------

{chr(10).join(sentences)}
# -----------------------------------------------------------------------------
# 3. Facts
# -----------------------------------------------------------------------------

# Sentence 2: founded in 2019 (a term of scokg's ontology)
{name}-id:harbour-reading-circle
    scokg:foundingDate "2019"^^xsd:gYear ~ fact:founded {{| prov:wasDerivedFrom sentence:2 |}} .

# Sentence 3: twelve members (a term of this project's own ontology)
{name}-id:harbour-reading-circle
    {name}:memberCount 12 ~ fact:members {{| prov:wasDerivedFrom sentence:3 ;
        scokg:derivationNote "The text writes the number in words (twelve)."@en |}} .
"""


def _query(name: str, onto: str) -> str:
    return f"""\
# title: Organisations and their member counts
# description: Every organisation with the number of members its sources state
# description: ({name}:memberCount, the example term of ontology/{name}.ttl).
PREFIX {name}: <{onto}>
PREFIX scokg: <https://w3id.org/scokg/ontology#>
PREFIX skos:  <http://www.w3.org/2004/02/skos/core#>

SELECT ?organisation ?name ?members
WHERE {{
  ?organisation a scokg:Organisation ;
                skos:prefLabel ?name .
  OPTIONAL {{ ?organisation {name}:memberCount ?members }}
}}
ORDER BY STR(?name)
"""


def _readme(name: str, base: str) -> str:
    return f"""\
# {name}

A knowledge graph made with [scokg](https://w3id.org/scokg). Base IRI: <{base}>.

- `scokg.toml`: name, base IRI, licence ({LICENCE}) and prefixes of the project.
- `ontology/{name}.ttl`: your vocabulary (it imports scokg's ontology);
  `ontology/{name}-shapes.ttl`: your SHACL shapes, added to scokg's.
- `data/`: `entities.ttl`, and per source text a pair: `sources/<slug>.txt` with
  `sources/<slug>.meta.ttl`, and `documents/<slug>.ttl` with its sentences and facts.
  The example document is fictional: replace it with your own.
- `queries/`: SPARQL queries, run with `scokg query NAME`.

From this folder or any folder below it:

    scokg validate          # syntax, SHACL and provenance
    scokg query members     # the example query
    scokg build --out dist  # the release files
"""
