"""A fictional two-document project for the time tests: a holder who changes, a two-day
meeting, a month-precision event, a year-precision event and periods of post holdings.

Everything here is invented for the tests (the Northern Rivers Commission and the Coastal
Health Agency do not exist). The project has no ``ontology/`` folder, so it borrows the bundled
ontology and shapes (``Project.discover``), and it must pass ``scokg validate`` as written:
sentence offsets (code points, end exclusive) and checksums are computed here, never typed.

What the two texts attest about the post ``post:nrc-chair``:

- document A (issued 2031-04-12): Alma Verity holds it on 2031-04-10 and 2031-04-11;
- document B (issued 2031-09-23): Boris Quellen holds it from 2031-09-22 (attested that day,
  period with a beginning only); Alma Verity held it from 2029 to June 2031 (a period with a
  year and a month as ends; document B re-confirms her holding with its own statements).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

ID = "https://w3id.org/scokg/id/"

PREFIXES = """\
@prefix dcterms:      <http://purl.org/dc/terms/> .
@prefix event:        <https://w3id.org/scokg/id/event/> .
@prefix meeting:      <https://w3id.org/scokg/id/meeting/> .
@prefix nif:          <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix org:          <http://www.w3.org/ns/org#> .
@prefix organisation: <https://w3id.org/scokg/id/organisation/> .
@prefix period:       <https://w3id.org/scokg/id/period/> .
@prefix person:       <https://w3id.org/scokg/id/person/> .
@prefix place:        <https://w3id.org/scokg/id/place/> .
@prefix post:         <https://w3id.org/scokg/id/post/> .
@prefix post-holding: <https://w3id.org/scokg/id/post-holding/> .
@prefix prov:         <http://www.w3.org/ns/prov#> .
@prefix rdf:          <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix scokg:        <https://w3id.org/scokg/ontology#> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix time:         <http://www.w3.org/2006/time#> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
"""

# A fact: the sentence numbers that state it, subject, predicate, object (Turtle terms),
# and an optional derivation note.
Fact = tuple[tuple[int, ...], str, str, str, str | None]


@dataclass
class Document:
    """One fictional source text with its sentences and the facts it states."""

    slug: str
    issued: str
    title: str
    sentences: list[str]
    facts: list[Fact] = field(default_factory=list)

    @property
    def iri(self) -> str:
        return f"{ID}document/{self.slug}"

    def sentence(self, n: int) -> str:
        return f"<{self.iri}/sentence/{n}>"

    @property
    def text(self) -> str:
        return "\n\n".join(self.sentences) + "\n"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _d(value: str, datatype: str = "date") -> str:
    return f'"{value}"^^xsd:{datatype}'


NOTE_YEAR = "The text gives the day and month; the year is the one it names."
NOTE_CHAIR = "A chair of the Commission is read as its head."

DOC_A = Document(
    slug="nrc-20310412-meeting",
    issued="2031-04-12",
    title="Northern Rivers Commission and Coastal Health Agency meet in Harbourtown",
    sentences=[
        "Northern Rivers Commission and Coastal Health Agency meet in Harbourtown",
        "On 10 and 11 April 2031, NRC Chair Alma Verity met Cara Lindqvist, head of the "
        "Coastal Health Agency, in Harbourtown.",
        "In March 2031 the two bodies held a joint workshop on river water quality.",
    ],
)
_MEET = "meeting:nrc-cha-2031-04-10"
_WORKSHOP = "event:nrc-cha-workshop-2031-03"
_ALMA = "post-holding:alma-verity-nrc-chair"
_BORIS = "post-holding:boris-quellen-nrc-chair"
DOC_A.facts = [
    ((2,), _MEET, "a", "scokg:Meeting", None),
    ((2,), _MEET, "scokg:startDate", _d("2031-04-10"), None),
    ((2,), _MEET, "scokg:endDate", _d("2031-04-11"), None),
    ((2,), _MEET, "scokg:participant", "person:alma-verity", None),
    ((2,), _MEET, "scokg:participant", "person:cara-lindqvist", None),
    ((2,), _MEET, "scokg:location", "place:harbourtown", None),
    (
        (2,),
        _MEET,
        "skos:prefLabel",
        _lit("Meeting of Alma Verity and Cara Lindqvist") + "@en",
        None,
    ),
    ((2,), "post:nrc-chair", "scokg:postIn", "organisation:nrc", None),
    ((2,), _ALMA, "a", "scokg:PostHolding", None),
    ((2,), _ALMA, "scokg:holder", "person:alma-verity", None),
    ((2,), _ALMA, "scokg:post", "post:nrc-chair", None),
    ((2,), _ALMA, "scokg:inOrganisation", "organisation:nrc", None),
    ((2,), _ALMA, "skos:prefLabel", _lit("Alma Verity as NRC Chair") + "@en", None),
    ((2,), _ALMA, "scokg:attestedOn", _d("2031-04-10"), None),
    ((2,), _ALMA, "scokg:attestedOn", _d("2031-04-11"), None),
    ((2,), "person:alma-verity", "scokg:headOf", "organisation:nrc", NOTE_CHAIR),
    ((2,), "person:cara-lindqvist", "scokg:headOf", "organisation:cha", None),
    ((3,), _WORKSHOP, "a", "scokg:Event", None),
    ((3,), _WORKSHOP, "scokg:date", _d("2031-03", "gYearMonth"), None),
    ((3,), _WORKSHOP, "scokg:organiser", "organisation:nrc", None),
    ((3,), _WORKSHOP, "scokg:organiser", "organisation:cha", None),
    (
        (3,),
        _WORKSHOP,
        "skos:prefLabel",
        _lit("Joint workshop on river water quality") + "@en",
        None,
    ),
]

DOC_B = Document(
    slug="nrc-20310923-new-chair",
    issued="2031-09-23",
    title="New chair of the Northern Rivers Commission",
    sentences=[
        "New chair of the Northern Rivers Commission",
        "On 22 September 2031, Boris Quellen took up his post as NRC Chair.",
        "He succeeded Alma Verity, who had chaired the Commission from 2029 to June 2031.",
        "The Commission and the Coastal Health Agency first worked together in 2030.",
    ],
)
_FIRST = "event:nrc-cha-first-cooperation-2030"
_P_ALMA = "period:alma-verity-nrc-chair"
_P_BORIS = "period:boris-quellen-nrc-chair"
DOC_B.facts = [
    ((2,), "post:nrc-chair", "scokg:postIn", "organisation:nrc", None),
    ((2,), _BORIS, "a", "scokg:PostHolding", None),
    ((2,), _BORIS, "scokg:holder", "person:boris-quellen", None),
    ((2,), _BORIS, "scokg:post", "post:nrc-chair", None),
    ((2,), _BORIS, "scokg:inOrganisation", "organisation:nrc", None),
    ((2,), _BORIS, "skos:prefLabel", _lit("Boris Quellen as NRC Chair") + "@en", None),
    ((2,), _BORIS, "scokg:attestedOn", _d("2031-09-22"), None),
    ((2,), _BORIS, "org:memberDuring", _P_BORIS, None),
    ((2,), _P_BORIS, "a", "time:ProperInterval", None),
    ((2,), _P_BORIS, "time:hasBeginning", _P_BORIS + "-beginning", None),
    ((2,), _P_BORIS + "-beginning", "a", "time:Instant", None),
    ((2,), _P_BORIS + "-beginning", "time:inXSDDate", _d("2031-09-22"), None),
    ((2,), "person:boris-quellen", "scokg:headOf", "organisation:nrc", NOTE_CHAIR),
    # Document B re-confirms Alma Verity's holding: the same triples, its own statements.
    ((3,), _ALMA, "a", "scokg:PostHolding", None),
    ((3,), _ALMA, "scokg:holder", "person:alma-verity", None),
    ((3,), _ALMA, "scokg:post", "post:nrc-chair", None),
    ((3,), _ALMA, "scokg:inOrganisation", "organisation:nrc", None),
    ((3,), _ALMA, "org:memberDuring", _P_ALMA, None),
    ((3,), _P_ALMA, "a", "time:ProperInterval", None),
    ((3,), _P_ALMA, "time:hasBeginning", _P_ALMA + "-beginning", None),
    ((3,), _P_ALMA, "time:hasEnd", _P_ALMA + "-end", None),
    ((3,), _P_ALMA + "-beginning", "a", "time:Instant", None),
    ((3,), _P_ALMA + "-beginning", "time:inXSDgYear", _d("2029", "gYear"), None),
    ((3,), _P_ALMA + "-end", "a", "time:Instant", None),
    ((3,), _P_ALMA + "-end", "time:inXSDgYearMonth", _d("2031-06", "gYearMonth"), None),
    ((4,), _FIRST, "a", "scokg:Event", None),
    ((4,), _FIRST, "scokg:date", _d("2030", "gYear"), None),
    ((4,), _FIRST, "scokg:participant", "organisation:nrc", None),
    ((4,), _FIRST, "scokg:participant", "organisation:cha", None),
    (
        (4,),
        _FIRST,
        "skos:prefLabel",
        _lit("First cooperation of the Commission and the Agency") + "@en",
        None,
    ),
]

DOCUMENTS = (DOC_A, DOC_B)

# Shared entities: (IRI, class, prefLabel, altLabels, [(document, sentence)] that name them).
ENTITIES: list[tuple[str, str, str, tuple[str, ...], list[tuple[Document, int]]]] = [
    (
        "organisation:nrc",
        "scokg:Organisation",
        "Northern Rivers Commission",
        ("NRC",),
        [(DOC_A, 1), (DOC_A, 2)],
    ),
    ("organisation:cha", "scokg:Organisation", "Coastal Health Agency", (), [(DOC_A, 1)]),
    ("person:alma-verity", "scokg:Person", "Alma Verity", (), [(DOC_A, 2), (DOC_B, 3)]),
    ("person:boris-quellen", "scokg:Person", "Boris Quellen", (), [(DOC_B, 2)]),
    ("person:cara-lindqvist", "scokg:Person", "Cara Lindqvist", (), [(DOC_A, 2)]),
    ("place:harbourtown", "scokg:Place", "Harbourtown", (), [(DOC_A, 2)]),
    ("post:nrc-chair", "scokg:Post", "NRC Chair", (), [(DOC_A, 2), (DOC_B, 2)]),
]


def _document_ttl(doc: Document) -> str:
    text = doc.text
    out = [PREFIXES, f"<{doc.iri}>", "    a nif:Context ;"]
    out.append('    nif:beginIndex "0"^^xsd:nonNegativeInteger ;')
    out.append(f'    nif:endIndex "{len(text)}"^^xsd:nonNegativeInteger ;')
    out.append("    nif:isString " + _lit(text).replace("\n", "\\n") + " .\n")
    at = 0
    for n, sentence in enumerate(doc.sentences, start=1):
        begin = text.index(sentence, at)
        end = begin + len(sentence)
        assert text[begin:end] == sentence
        at = end
        kinds = "nif:Sentence , nif:Title" if n == 1 else "nif:Sentence"
        out += [
            f"{doc.sentence(n)}",
            f"    a {kinds} ;",
            f"    nif:anchorOf {_lit(sentence)} ;",
            f'    nif:beginIndex "{begin}"^^xsd:nonNegativeInteger ;',
            f'    nif:endIndex "{end}"^^xsd:nonNegativeInteger ;',
            f"    nif:referenceContext <{doc.iri}> .\n",
        ]
    for i, (sentences, s, p, o, note) in enumerate(doc.facts, start=1):
        predicate = "rdf:type" if p == "a" else p
        derived = " , ".join(doc.sentence(n) for n in sentences)
        out.append(f"{s} {p} {o} .")
        out += [
            f"<{doc.iri}/fact/f{i}>",
            "    a rdf:Statement ;",
            f"    rdf:subject {s} ;",
            f"    rdf:predicate {predicate} ;",
            f"    rdf:object {o} ;",
            f"    prov:wasDerivedFrom {derived}" + (" ;" if note else " ."),
        ]
        if note:
            out.append(f"    scokg:derivationNote {_lit(note)}@en .")
        out.append("")
    return "\n".join(out)


def _meta_ttl(doc: Document) -> str:
    digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    return "\n".join(
        [
            PREFIXES,
            f"<{doc.iri}>",
            "    a scokg:SourceDocument ;",
            '    dcterms:format "text/plain; charset=utf-8" ;',
            f"    dcterms:identifier {_lit(doc.slug)} ;",
            f"    dcterms:issued {_d(doc.issued)} ;",
            "    dcterms:language <http://id.loc.gov/vocabulary/iso639-1/en> ;",
            "    dcterms:publisher organisation:nrc ;",
            f"    dcterms:source <https://example.org/news/{doc.slug}> ;",
            f"    dcterms:title {_lit(doc.title)}@en ;",
            f"    scokg:sha256 {_lit(digest)} .",
            "",
        ]
    )


def _entities_ttl() -> str:
    out = [PREFIXES]
    for iri, cls, label, alts, cited in ENTITIES:
        out += [iri, f"    a {cls} ;"]
        out.append("    prov:wasDerivedFrom " + " , ".join(d.sentence(n) for d, n in cited) + " ;")
        for alt in alts:
            out.append(f"    skos:altLabel {_lit(alt)}@en ;")
        out.append(f"    skos:prefLabel {_lit(label)}@en .\n")
    return "\n".join(out)


def write_fictional_project(root: Path, documents: tuple[Document, ...] = DOCUMENTS) -> Path:
    """Write the fictional project (entities, the documents, texts, metadata) into ``root``.

    ``documents`` defaults to :data:`DOCUMENTS`; tests pass edited copies to break one rule.
    """
    (root / "data" / "documents").mkdir(parents=True, exist_ok=True)
    (root / "data" / "sources").mkdir(parents=True, exist_ok=True)
    (root / "data" / "entities.ttl").write_text(_entities_ttl(), encoding="utf-8")
    for doc in documents:
        (root / "data" / "sources" / f"{doc.slug}.txt").write_bytes(doc.text.encode("utf-8"))
        (root / "data" / "sources" / f"{doc.slug}.meta.ttl").write_text(
            _meta_ttl(doc), encoding="utf-8"
        )
        (root / "data" / "documents" / f"{doc.slug}.ttl").write_text(
            _document_ttl(doc), encoding="utf-8"
        )
    return root
