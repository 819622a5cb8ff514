"""Synthetic corpora in the scokg model, for benchmarks and scale tests.

Each synthetic source document is a short press item (a title and two to four sentences)
encoded exactly like the bundled data: a NIF context whose ``nif:isString`` is the text file,
``nif:Sentence`` spans with exact code-point offsets, the facts in one block per sentence and
one ``rdf:Statement`` per fact with ``prov:wasDerivedFrom`` its sentence (and a derivation
note where a value is implied), plus a ``.meta.ttl`` with the SHA-256 of the text.
Organisations, people, posts and places are shared across documents (``data/entities.ttl``
cites the sentence of their first mention), topics extend the bundled scheme with a
``skos:broader`` hierarchy, and act kinds are the bundled ones.

The files are written as strings (no rdflib): 10 000 documents give about a million triples
in a few seconds. ``inject`` adds a known number of violations of each SHACL constraint kind
our shapes use and records what a validator must report in ``expected-violations.json``.
Everything is a function of the seed.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from scokg import vocab
from scokg.release.diagram import MONTHS

ID = vocab.ID
SH = "http://www.w3.org/ns/shacl#"
SHAPE = vocab.SHAPES

FIRST = [
    "Aibek",
    "Alisher",
    "Anvar",
    "Arman",
    "Askar",
    "Bakyt",
    "Chen",
    "Daniyar",
    "Dilnoza",
    "Elena",
    "Farhod",
    "Gulnara",
    "Irina",
    "Jamshid",
    "Kairat",
    "Li",
    "Madina",
    "Marat",
    "Nadia",
    "Nurlan",
    "Olga",
    "Pavel",
    "Rustam",
    "Saida",
    "Sergei",
    "Timur",
    "Wang",
    "Yerlan",
    "Zarina",
    "Zhang",
    "Amir",
    "Bahrom",
    "Dmitry",
    "Feruza",
    "Ivan",
    "Karim",
    "Lola",
    "Mikhail",
    "Nodira",
    "Oleg",
]
LAST = [
    "Abdullaev",
    "Akhmetov",
    "Baimukhamedov",
    "Chernov",
    "Dzhaksybekov",
    "Ermekov",
    "Fedorov",
    "Gafurov",
    "Hasanov",
    "Ibragimov",
    "Juraev",
    "Kasymov",
    "Liu",
    "Mamedov",
    "Nazarov",
    "Orlov",
    "Petrov",
    "Qodirov",
    "Rakhimov",
    "Safarov",
    "Tokayev",
    "Usmanov",
    "Volkov",
    "Wu",
    "Yusupov",
    "Zhao",
    "Zhumabaev",
    "Alimov",
    "Beketov",
    "Davletov",
    "Ergashev",
    "Islamov",
    "Karimov",
    "Luo",
    "Muratov",
    "Nurmatov",
    "Omarov",
    "Popov",
    "Rashidov",
    "Sultanov",
]
REGIONS = [
    "Central Asian",
    "Eurasian",
    "Regional",
    "International",
    "Northern",
    "Southern",
    "Caspian",
    "Pacific",
    "Continental",
    "Transnational",
]
FIELDS = [
    "Drug Control",
    "Anti-Terrorism",
    "Border Security",
    "Financial Intelligence",
    "Crime Prevention",
    "Customs",
    "Cyber Security",
    "Justice",
    "Migration",
    "Public Health",
    "Counter-Narcotics",
    "Police",
]
KINDS = ["Agency", "Centre", "Committee", "Office", "Council", "Service", "Network", "Bureau"]
TITLES = [
    "Secretary-General",
    "Executive Director",
    "Director",
    "Deputy Director",
    "Chairman",
    "Head",
    "Permanent Representative",
    "Coordinator",
]
PLACES = (
    "Astana Beijing Bishkek Dushanbe Tashkent Moscow Vienna Geneva New Delhi Islamabad "
    "Minsk Baku Tehran Kabul Ulaanbaatar Yerevan Ankara Colombo Kathmandu Phnom Penh "
    "Almaty Samarkand Shanghai Qingdao Sochi Kazan Osh Khujand Bukhara Termez"
)
PLACE_NAMES = [
    "New Delhi",
    "Phnom Penh",
    *[p for p in PLACES.split() if p not in ("New", "Delhi", "Phnom", "Penh")],
]
# (act kind slug, verb phrase) for acts in the bundled act-kinds scheme.
ACTS = (
    ("discuss", "discussed"),
    ("propose", "proposed joint work on"),
    ("call-for", "called for cooperation on"),
    ("praise", "praised the joint work on"),
    ("exchange-views", "exchanged views on"),
    ("agree", "agreed to step up work on"),
)
TOPIC_AREAS = [
    "drug trafficking",
    "organised crime",
    "terrorism",
    "money laundering",
    "cybercrime",
    "human trafficking",
    "border control",
    "corruption",
    "precursor control",
    "youth drug prevention",
    "information security",
    "criminal justice",
]
TOPIC_ASPECTS = [
    "research",
    "training",
    "information exchange",
    "legal assistance",
    "joint operations",
    "prevention",
]

PREFIXES = f"""\
@prefix act:          <{ID}act/> .
@prefix act-kind:     <{ID}act-kind/> .
@prefix agreement:    <{ID}agreement/> .
@prefix dcterms:      <http://purl.org/dc/terms/> .
@prefix event:        <{ID}event/> .
@prefix meeting:      <{ID}meeting/> .
@prefix nif:          <{vocab.NIF}> .
@prefix organisation: <{ID}organisation/> .
@prefix person:       <{ID}person/> .
@prefix place:        <{ID}place/> .
@prefix post:         <{ID}post/> .
@prefix post-holding: <{ID}post-holding/> .
@prefix prov:         <http://www.w3.org/ns/prov#> .
@prefix rdf:          <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix scheme:       <{ID}scheme/> .
@prefix scokg:        <{vocab.SCOKG}> .
@prefix skos:         <http://www.w3.org/2004/02/skos/core#> .
@prefix topic:        <{ID}topic/> .
@prefix xsd:          <http://www.w3.org/2001/XMLSchema#> .
"""

YEAR_NOTE = (
    "The text gives the day and month only; the year is taken from the issue date of the "
    "source, as the text reports the meeting as recent news."
)


def slugify(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def lit(text: str) -> str:
    """A Turtle string literal (without tag or datatype)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@dataclass
class Org:
    slug: str
    name: str
    acronym: str


@dataclass
class Post:
    slug: str
    label: str
    org: Org


@dataclass
class Person:
    slug: str
    name: str
    post: Post


@dataclass
class Mentions:
    """First sentence that mentions each shared entity (for prov:wasDerivedFrom)."""

    first: dict[str, str] = field(default_factory=dict)

    def add(self, iri: str, sentence: str) -> None:
        self.first.setdefault(iri, sentence)


@dataclass
class Injection:
    """Which documents get which violation, and the results a validator must report."""

    plan: dict[int, list[str]] = field(default_factory=dict)
    expected: list[dict[str, str | None]] = field(default_factory=list)

    def expect(self, shape: str, component: str, focus: str, path: str | None, value=None):
        self.expected.append(
            {
                "shape": SHAPE + shape,
                "component": component,
                "focus": focus,
                "path": path,
                "value": value,
            }
        )


# Violation kinds that documents can carry; "hasValue" is injected into topics.ttl.
DOC_INJECTIONS = (
    "minCount",
    "maxCount",
    "datatype",
    "class",
    "pattern",
    "nodeKind",
    "languageIn",
    "or",
    "inverseMinCount",
    "sparql",
)
INJECTION_KINDS = (*DOC_INJECTIONS, "hasValue")


class Generator:
    """Builds the corpus in memory file by file; ``write`` puts it on disk atomically."""

    def __init__(self, docs: int, seed: int = 0, inject: int = 0) -> None:
        self.n_docs = docs
        self.rng = random.Random(seed)
        self.inject = inject
        self.mentions = Mentions()
        self.injection = Injection()
        self.orgs = self._orgs(max(8, min(400, docs // 25 + 8)))
        self.posts = self._posts()
        self.people = self._people(max(16, min(4000, docs // 3 + 16)))
        self.places = PLACE_NAMES
        self.topics = self._topics()
        self.used_places: set[str] = set()
        self.meetings: set[str] = set()
        self.agreements: set[str] = set()
        self.unsourced: list[tuple[str, str, str]] = []
        self.counts = {"documents": 0, "meetings": 0, "signings": 0, "acts": 0, "holdings": 0}

    # -- shared entities --------------------------------------------------------------

    def _orgs(self, n: int) -> list[Org]:
        names = [f"{r} {f} {k}" for r in REGIONS for f in FIELDS for k in KINDS]
        self.rng.shuffle(names)
        orgs = []
        for name in names[:n]:
            acronym = "".join(w[0] for w in name.replace("-", " ").split()).upper()
            orgs.append(Org(slugify(name), name, acronym))
        return orgs

    def _posts(self) -> list[Post]:
        posts = []
        for org in self.orgs:
            for title in self.rng.sample(TITLES, 3):
                label = f"{title} of the {org.name}"
                posts.append(Post(slugify(f"{org.acronym}-{title}-{org.slug}"), label, org))
        return posts

    def _people(self, n: int) -> list[Person]:
        names = [f"{f} {la}" for f in FIRST for la in LAST]
        self.rng.shuffle(names)
        people = []
        for i in range(n):
            name = names[i % len(names)]
            if i >= len(names):
                name = f"{name} {i // len(names) + 1}"
            people.append(Person(slugify(name), name, self.rng.choice(self.posts)))
        return people

    def _topics(self) -> list[tuple[str, str, str | None]]:
        """(slug, label, broader slug): areas under a root, aspects under each area."""
        topics: list[tuple[str, str, str | None]] = [
            ("synthetic-cooperation-areas", "cooperation areas", "international-cooperation")
        ]
        for area in TOPIC_AREAS:
            topics.append(("area-" + slugify(area), area, "synthetic-cooperation-areas"))
            for aspect in TOPIC_ASPECTS:
                topics.append(
                    (
                        "area-" + slugify(f"{area} {aspect}"),
                        f"{aspect} on {area}",
                        "area-" + slugify(area),
                    )
                )
        return topics

    # -- documents ----------------------------------------------------------------------

    def plan_injections(self) -> None:
        if not self.inject:
            return
        needed = [k for k in DOC_INJECTIONS for _ in range(self.inject)]
        if len(needed) > self.n_docs:
            raise ValueError(f"--inject {self.inject} needs at least {len(needed)} documents")
        chosen = self.rng.sample(range(self.n_docs), len(needed))
        for index, kind in zip(chosen, needed, strict=True):
            self.injection.plan.setdefault(index, []).append(kind)

    def document(self, index: int) -> tuple[str, str, str, str]:
        """(slug, text, document Turtle, metadata Turtle) of document ``index``."""
        rng = self.rng
        kinds = self.injection.plan.get(index, [])
        year = rng.randint(2005, 2024)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        slug = f"synth-{year:04d}{month:02d}{day:02d}-{index:06d}"
        doc = f"{ID}document/{slug}"
        sent = f"{doc}/sentence/"
        fact = f"{doc}/fact/"
        p1, p2 = rng.sample(self.people, 2)
        while p2.post.org is p1.post.org:
            p2 = rng.choice(self.people)

        # sentences
        title = f"{p1.name} meets {p2.name}"
        sentences = [title]
        s_meet = (
            f"On {day} {MONTHS[month - 1]}, {p1.name}, {p1.post.label}, had a meeting with "
            f"{p2.name}, {p2.post.label}."
        )
        sentences.append(s_meet)
        has_act = rng.random() < 0.4
        act_kind, verb = rng.choice(ACTS)
        topic_slug, topic_label, _ = rng.choice(self.topics[1:])
        if has_act or "maxCount" in kinds or "inverseMinCount" in kinds:
            has_act = True
            actor = rng.choice((p1, p2))
            sentences.append(f"{actor.name} {verb} {topic_label}.")
        has_signing = rng.random() < 0.12
        if has_signing:
            o1, o2 = p1.post.org, p2.post.org
            sy = rng.randint(2001, year)
            sm, sd = rng.randint(1, 12), rng.randint(1, 28)
            place = rng.choice(self.places)
            key = f"{o1.slug}-{o2.slug}-mou-{sy}"
            has_signing = key not in self.agreements
            self.agreements.add(key)
        if has_signing:
            sentences.append(
                f"On {sd} {MONTHS[sm - 1]} {sy}, a memorandum of understanding between the "
                f"{o1.name} and the {o2.name} was signed in {place}."
            )
        text = sentences[0] + "\n\n" + " ".join(sentences[1:])
        if rng.random() < 0.5:
            text += "\n"

        out: list[str] = [PREFIXES, f"# Synthetic source document {index} (synth).\n"]
        w = out.append
        w(
            f"<{doc}>\n    a nif:Context ;\n"
            f'    nif:beginIndex "0"^^xsd:nonNegativeInteger ;\n'
            f'    nif:endIndex "{len(text)}"^^xsd:nonNegativeInteger ;\n'
            f"    nif:isString {lit(text)} ;\n"
            f"    nif:sourceUrl <https://example.org/synthetic/{slug}.html> .\n"
        )
        offset = 0
        spans = []
        for number, sentence in enumerate(sentences, 1):
            begin = text.index(sentence, offset)
            end = begin + len(sentence)
            offset = end
            spans.append((number, begin, end, sentence))
        for number, begin, end, sentence in spans:
            kind_title = " , nif:Title" if number == 1 else ""
            w(
                f"\n<{sent}{number}>\n    a nif:Sentence{kind_title} ;\n"
                f"    nif:anchorOf {lit(sentence)} ;\n"
                f'    nif:beginIndex "{begin}"^^xsd:nonNegativeInteger ;\n'
                f'    nif:endIndex "{end}"^^xsd:nonNegativeInteger ;\n'
                f"    nif:referenceContext <{doc}> .\n"
            )

        facts: list[tuple[str, str, str, str, list[int], str | None]] = []

        def fact_(name, s, p, o, sentences_, note=None):
            facts.append((name, s, p, o, sentences_, note))

        # meeting, sentence 2
        meeting_slug = f"{p1.slug}-{p2.slug}-{date}"
        while meeting_slug in self.meetings:
            meeting_slug += "-2"
        self.meetings.add(meeting_slug)
        meeting = f"meeting:{meeting_slug}"
        m_label = f"Meeting of {p1.name} with {p2.name}, {day} {MONTHS[month - 1]} {year}"
        self.counts["meetings"] += 1
        fact_("meeting-type", meeting, "rdf:type", "scokg:Meeting", [1, 2])
        if "minCount" in kinds:
            self.injection.expect(
                "Meeting-date",
                "MinCountConstraintComponent",
                f"{ID}meeting/{meeting_slug}",
                "scokg:startDate",  # shape:Meeting-date's path (a scokg:date is also the start)
            )
        else:
            fact_("meeting-date", meeting, "scokg:date", f'"{date}"^^xsd:date', [2], YEAR_NOTE)
        label_tag = "fr" if "languageIn" in kinds else "en"
        if label_tag == "fr":
            self.injection.expect(
                "Event-prefLabel",
                "LanguageInConstraintComponent",
                f"{ID}meeting/{meeting_slug}",
                "skos:prefLabel",
                f'"{m_label}"@fr',
            )
        fact_("meeting-label", meeting, "skos:prefLabel", f"{lit(m_label)}@{label_tag}", [2])
        for person in (p1, p2):
            fact_(
                f"meeting-participant-{person.slug}",
                meeting,
                "scokg:participant",
                f"person:{person.slug}",
                [2],
            )
        if "or" in kinds:
            place = rng.choice(self.places)
            fact_(
                "meeting-participant-place",
                meeting,
                "scokg:participant",
                f"place:{slugify(place)}",
                [2],
            )
            self.used_places.add(place)
            self.mentions.add(f"place:{slugify(place)}", f"<{sent}2>")
            self.injection.expect(
                "Event-participant",
                "OrConstraintComponent",
                f"{ID}meeting/{meeting_slug}",
                "scokg:participant",
                f"place:{slugify(place)}",
            )
        for n, person in enumerate((p1, p2), 1):
            self.mentions.add(f"person:{person.slug}", f"<{sent}2>")
            self.mentions.add(f"post:{person.post.slug}", f"<{sent}2>")
            self.mentions.add(f"organisation:{person.post.org.slug}", f"<{sent}2>")
            post = f"post:{person.post.slug}"
            fact_(f"post-in-{n}", post, "scokg:postIn", f"organisation:{person.post.org.slug}", [2])
            if rng.random() < 0.85 and not (n == 1 and ("datatype" in kinds or "sparql" in kinds)):
                continue
            self.counts["holdings"] += 1
            h = f"post-holding:{person.slug}-{person.post.slug}"
            org = person.post.org
            if n == 1 and "sparql" in kinds:
                org = next(o for o in self.orgs if o is not person.post.org)
                self.mentions.add(f"organisation:{org.slug}", f"<{sent}2>")
                self.injection.expect(
                    "PostHolding",
                    "SPARQLConstraintComponent",
                    f"{ID}post-holding/{h.removeprefix('post-holding:')}",
                    None,
                    f"organisation:{org.slug}",
                )
            fact_(f"holding-{n}-type", h, "rdf:type", "scokg:PostHolding", [2])
            fact_(f"holding-{n}-holder", h, "scokg:holder", f"person:{person.slug}", [2])
            fact_(f"holding-{n}-post", h, "scokg:post", post, [2])
            fact_(
                f"holding-{n}-organisation",
                h,
                "scokg:inOrganisation",
                f"organisation:{org.slug}",
                [2],
            )
            if n == 1 and "datatype" in kinds:
                fact_(f"holding-{n}-attested", h, "scokg:attestedOn", f'"{date}"', [2], YEAR_NOTE)
                self.injection.expect(
                    "PostHolding-attestedOn",
                    "DatatypeConstraintComponent",
                    f"{ID}post-holding/{h.removeprefix('post-holding:')}",
                    "scokg:attestedOn",
                    f'"{date}"',
                )
            else:
                fact_(
                    f"holding-{n}-attested",
                    h,
                    "scokg:attestedOn",
                    f'"{date}"^^xsd:date',
                    [2],
                    YEAR_NOTE,
                )
            fact_(
                f"holding-{n}-label",
                h,
                "skos:prefLabel",
                lit(f"{person.name} as {person.post.label}") + "@en",
                [2],
            )

        number = 3
        if has_act:
            self.counts["acts"] += 1
            a = f"act:{meeting_slug}-{act_kind}"
            a_iri = f"{ID}act/{meeting_slug}-{act_kind}"
            other = p2 if actor is p1 else p1
            act_facts = [
                ("act-type", a, "rdf:type", "scokg:Act"),
                ("act-kind", a, "scokg:actKind", f"act-kind:{act_kind}"),
                ("act-actor", a, "scokg:actor", f"person:{actor.slug}"),
                ("act-addressee", a, "scokg:addressee", f"person:{other.slug}"),
                ("act-part-of", a, "scokg:partOf", meeting),
                ("act-topic", a, "scokg:hasTopic", f"topic:{topic_slug}"),
                (
                    "act-label",
                    a,
                    "skos:prefLabel",
                    lit(f"{actor.name} {verb} {topic_label}") + "@en",
                ),
            ]
            if "maxCount" in kinds:
                act_facts.append(
                    ("act-label-2", a, "skos:prefLabel", lit(f"{actor.name}: {act_kind}") + "@en")
                )
                self.injection.expect(
                    "Act-prefLabel", "MaxCountConstraintComponent", a_iri, "skos:prefLabel"
                )
            if "inverseMinCount" in kinds:
                # the act's triples stay, their statements are dropped
                self.injection.expect(
                    "Act-inverse-subject", "MinCountConstraintComponent", a_iri, "^rdf:subject"
                )
                self.unsourced = [(s, p, o) for _, s, p, o in act_facts]
            for name, s, p, o in act_facts:
                fact_(name, s, p, o, [number])
            number += 1

        if has_signing:
            self.counts["signings"] += 1
            ag = f"agreement:{o1.slug}-{o2.slug}-mou-{sy}"
            ev = f"event:{o1.slug}-{o2.slug}-mou-{sy}-signing"
            place_slug = slugify(place)
            self.used_places.add(place)
            self.mentions.add(f"place:{place_slug}", f"<{sent}{number}>")
            for o in (o1, o2):
                self.mentions.add(f"organisation:{o.slug}", f"<{sent}{number}>")
            ag_label = (
                f"Memorandum of understanding between the {o1.acronym} and the {o2.acronym}, {sy}"
            )
            sdate = f"{sy:04d}-{sm:02d}-{sd:02d}"
            for name, s, p, o in (
                ("agreement-type", ag, "rdf:type", "scokg:Agreement"),
                ("agreement-party-1", ag, "scokg:party", f"organisation:{o1.slug}"),
                ("agreement-party-2", ag, "scokg:party", f"organisation:{o2.slug}"),
                ("agreement-label", ag, "skos:prefLabel", lit(ag_label) + "@en"),
                ("signing-type", ev, "rdf:type", "scokg:Signing"),
                ("signing-agreement", ev, "scokg:signedAgreement", ag),
                ("signing-date", ev, "scokg:date", f'"{sdate}"^^xsd:date'),
                ("signing-location", ev, "scokg:location", f"place:{place_slug}"),
                ("signing-label", ev, "skos:prefLabel", lit(f"Signing of the {ag_label}") + "@en"),
            ):
                fact_(name, s, p, o, [number])
            number += 1

        # facts grouped by subject, then their statements
        unsourced, self.unsourced = self.unsourced, []
        w("\n# Facts\n")
        by_subject: dict[str, list[tuple[str, str]]] = {}
        for _, s, p, o, _, _ in facts:
            by_subject.setdefault(s, []).append((p, o))
        for s, pos in by_subject.items():
            body = " ;\n".join(f"    {'a' if p == 'rdf:type' else p} {o}" for p, o in pos)
            w(f"\n{s}\n{body} .\n")
        if "class" in kinds:
            bad = facts[0][0]
            self.injection.expect(
                "Statement-wasDerivedFrom",
                "ClassConstraintComponent",
                fact + bad,
                "prov:wasDerivedFrom",
                f"document:{slug}",
            )
        for name, s, p, o, sents, note in facts:
            if (s, p, o) in unsourced:
                continue
            derived = " , ".join(f"<{sent}{n}>" for n in sents)
            if "class" in kinds and name == facts[0][0]:
                derived += f" , <{doc}>"
            extra = f" ;\n    scokg:derivationNote {lit(note)}@en" if note else ""
            w(
                f"\n<{fact}{name}>\n    a rdf:Statement ;\n    rdf:subject {s} ;\n"
                f"    rdf:predicate {p} ;\n    rdf:object {o} ;\n"
                f"    prov:wasDerivedFrom {derived}{extra} .\n"
            )

        # metadata
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        publisher = p1.post.org.slug
        source = f"<https://example.org/synthetic/{slug}.html>"
        if "pattern" in kinds:
            digest = digest.upper()
            self.injection.expect(
                "SourceDocument-sha256",
                "PatternConstraintComponent",
                doc,
                "scokg:sha256",
                f'"{digest}"',
            )
        if "nodeKind" in kinds:
            source = lit(f"https://example.org/synthetic/{slug}.html")
            self.injection.expect(
                "SourceDocument-source",
                "NodeKindConstraintComponent",
                doc,
                "dcterms:source",
                source,
            )
        meta = (
            f"{PREFIXES}\n<{doc}>\n    a scokg:SourceDocument ;\n"
            f'    dcterms:format "text/plain; charset=utf-8" ;\n'
            f"    dcterms:identifier {lit(slug)} ;\n"
            f'    dcterms:issued "{date}"^^xsd:date ;\n'
            f"    dcterms:language <http://id.loc.gov/vocabulary/iso639-1/en> ;\n"
            f"    dcterms:publisher organisation:{publisher} ;\n"
            f"    dcterms:source {source} ;\n"
            f"    dcterms:title {lit(title)}@en ;\n"
            f"    scokg:sha256 {lit(digest)} .\n"
        )
        self.counts["documents"] += 1
        return slug, text, "".join(out), meta

    # -- reference files ----------------------------------------------------------------

    def entities(self) -> str:
        out = [
            "# Synthetic shared entities (synth): each cites its first mention.\n\n",
            PREFIXES,
        ]
        first = self.mentions.first
        for org in self.orgs:
            key = f"organisation:{org.slug}"
            if key in first:
                out.append(
                    f"\n{key}\n    a scokg:Organisation ;\n    prov:wasDerivedFrom {first[key]} ;\n"
                    f"    skos:prefLabel {lit(org.name)}@en .\n"
                )
        for post in self.posts:
            key = f"post:{post.slug}"
            if key in first:
                out.append(
                    f"\n{key}\n    a scokg:Post ;\n    prov:wasDerivedFrom {first[key]} ;\n"
                    f"    skos:prefLabel {lit(post.label)}@en .\n"
                )
        for person in self.people:
            key = f"person:{person.slug}"
            if key in first:
                out.append(
                    f"\n{key}\n    a scokg:Person ;\n    prov:wasDerivedFrom {first[key]} ;\n"
                    f"    skos:prefLabel {lit(person.name)}@en .\n"
                )
        for name in sorted(self.used_places):
            key = f"place:{slugify(name)}"
            out.append(
                f"\n{key}\n    a scokg:Place ;\n    prov:wasDerivedFrom {first[key]} ;\n"
                f"    skos:prefLabel {lit(name)}@en .\n"
            )
        return "".join(out)

    def extra_topics(self) -> str:
        out = ["\n# --- Synthetic topics (synth) ---\n"]
        for i, (slug, label, broader) in enumerate(self.topics):
            scheme = "scheme:topics"
            if 1 <= i <= self.inject:
                scheme = "scheme:act-kinds"
                self.injection.expect(
                    "Topic-inScheme",
                    "HasValueConstraintComponent",
                    f"{ID}topic/{slug}",
                    "skos:inScheme",
                )
            out.append(
                f"\ntopic:{slug}\n    a scokg:Topic ;\n    skos:broader topic:{broader} ;\n"
                f"    skos:definition {lit('Synthetic topic: ' + label + '.')}@en ;\n"
                f"    skos:inScheme {scheme} ;\n    skos:prefLabel {lit(label)}@en .\n"
            )
        return "".join(out)


def generate(
    out: Path, docs: int, seed: int = 0, inject: int = 0, bundled: Path | None = None
) -> dict[str, object]:
    """Write a synthetic project to ``out`` (``out/data/...``); return a summary.

    The folder is built next to ``out`` and renamed into place, so an interrupted run never
    leaves a half-written corpus behind.
    """
    from scokg.project import bundled_root

    if docs < 1:
        raise ValueError("--docs must be at least 1")
    bundled = bundled or bundled_root()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        gen = Generator(docs, seed, inject)
        gen.plan_injections()
        data = tmp / "data"
        (data / "documents").mkdir(parents=True)
        (data / "sources").mkdir()
        for index in range(docs):
            slug, text, ttl, meta = gen.document(index)
            (data / "sources" / f"{slug}.txt").write_bytes(text.encode("utf-8"))
            (data / "sources" / f"{slug}.meta.ttl").write_text(meta, encoding="utf-8")
            (data / "documents" / f"{slug}.ttl").write_text(ttl, encoding="utf-8")
        topics = (bundled / "data" / "topics.ttl").read_text(encoding="utf-8")
        # the prefixes of the bundled file cover the synthetic topics too
        (data / "topics.ttl").write_text(topics + gen.extra_topics(), encoding="utf-8")
        shutil.copyfile(bundled / "data" / "act-kinds.ttl", data / "act-kinds.ttl")
        (data / "entities.ttl").write_text(gen.entities(), encoding="utf-8")
        summary: dict[str, object] = {"seed": seed, "inject": inject, **gen.counts}
        if inject:
            expected = sorted(
                gen.injection.expected, key=lambda e: (e["shape"] or "", e["focus"] or "")
            )
            (tmp / "expected-violations.json").write_text(
                json.dumps({"kinds": list(INJECTION_KINDS), "violations": expected}, indent=1),
                encoding="utf-8",
            )
            summary["expected_violations"] = len(expected)
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def main(argv: list[str] | None = None) -> int:
    """``scripts/synth --docs N --out DIR [--seed S] [--inject K]``."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="synth", description="Generate a synthetic scokg corpus (DIR/data/...)."
    )
    parser.add_argument("--docs", type=int, required=True, help="number of source documents")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--inject",
        type=int,
        default=0,
        metavar="K",
        help="inject K violations of each supported SHACL constraint kind",
    )
    args = parser.parse_args(argv)
    try:
        summary = generate(args.out, args.docs, args.seed, args.inject)
    except ValueError as exc:
        parser.error(str(exc))
    print(json.dumps(summary))
    return 0
