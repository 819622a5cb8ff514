"""The facts of the 3 March 2020 article, each checked against the loaded graph.

Each fact is a list of triples (SPARQL terms) and a key word of the sentence that states
it: every triple must be asserted, and some rdf:Statement of it must cite a sentence whose
quote (nif:anchorOf) contains the key word. Written from a reading of
data/sources/sectsco-20200303-639652.txt, not from the data file.
"""

from __future__ import annotations

import pytest

from helpers.kg import ask, bundled_store, select

MEETING = "meeting:norov-waly-2020-03-03"
NOROV = "person:vladimir-norov"
WALY = "person:ghada-fathi-waly"
MOU = "agreement:sco-secretariat-unodc-mou-2011"
SIGNING = "event:sco-secretariat-unodc-mou-2011-signing"
PLAN = "plan:sco-secretariat-unodc-mou-2011-action-plan"
DARKNET = "event:sco-unodc-darknet-drug-threat-2020-03-02"
COOP = "cooperation:sco-unodc"
COOP_2019 = "cooperation:sco-unodc-2019"
A = "act:norov-waly-2020-03-03-"

Triple = tuple[str, str, str]

# (fact id, triples, key word of the sentence that states them)
FACTS: list[tuple[str, list[Triple], str]] = [
    ("meeting is a meeting", [(MEETING, "a", "scokg:Meeting")], "meeting"),
    (
        "meeting on 2020-03-03 between Norov and Waly",
        [(MEETING, "scokg:date", '"2020-03-03"^^xsd:date')],
        "3 March",
    ),
    ("Norov took part in the meeting", [(MEETING, "scokg:participant", NOROV)], "Norov"),
    ("Waly took part in the meeting", [(MEETING, "scokg:participant", WALY)], "Waly"),
    (
        "Norov is SCO Secretary-General",
        [
            ("post-holding:vladimir-norov-sco-secretary-general", "scokg:holder", NOROV),
            (
                "post-holding:vladimir-norov-sco-secretary-general",
                "scokg:post",
                "post:sco-secretary-general",
            ),
        ],
        "SCO Secretary-General",
    ),
    (
        "Waly is UNODC Executive Director",
        [
            ("post-holding:ghada-fathi-waly-unodc-executive-director", "scokg:holder", WALY),
            (
                "post-holding:ghada-fathi-waly-unodc-executive-director",
                "scokg:post",
                "post:unodc-executive-director",
            ),
        ],
        "Executive Director",
    ),
    (
        "the Secretary-General is a post of the SCO",
        [("post:sco-secretary-general", "scokg:postIn", "organisation:sco")],
        "SCO Secretary-General",
    ),
    (
        "UNODC is an office of the UN",
        [("organisation:unodc", "scokg:subOrganisationOf", "organisation:united-nations")],
        "UN Office on Drugs and Crime",
    ),
    (
        "Norov congratulated Waly on her appointment",
        [
            (A + "congratulation", "scokg:actKind", "act-kind:congratulate"),
            (A + "congratulation", "scokg:actor", NOROV),
            (A + "congratulation", "scokg:addressee", WALY),
            (A + "congratulation", "scokg:partOf", MEETING),
        ],
        "congratulated",
    ),
    (
        "Norov wished Waly every success",
        [(A + "good-wishes", "scokg:actKind", "act-kind:express-good-wishes")],
        "every success",
    ),
    (
        "Norov hoped Waly would expand UNODC-SCO cooperation",
        [
            (A + "hope-for-cooperation", "scokg:actKind", "act-kind:express-hope"),
            (A + "hope-for-cooperation", "scokg:concerns", COOP),
        ],
        "expressed hope",
    ),
    (
        "the hope names the laundering of criminal incomes",
        [(A + "hope-for-cooperation", "scokg:hasTopic", "topic:money-laundering")],
        "laundering of criminal incomes",
    ),
    (
        "UNODC-SCO cooperation joins SCO and UNODC",
        [
            (COOP, "scokg:partner", "organisation:sco"),
            (COOP, "scokg:partner", "organisation:unodc"),
        ],
        "UNODC-SCO cooperation",
    ),
    (
        "they exchanged views on the work of 2019",
        [
            (A + "review-of-2019", "scokg:actKind", "act-kind:exchange-views"),
            (A + "review-of-2019", "scokg:concerns", COOP_2019),
        ],
        "exchanged views",
    ),
    (
        "collaboration stepped up in 2019",
        [(COOP_2019, "scokg:activeIn", '"2019"^^xsd:gYear')],
        "2019",
    ),
    (
        "Paris Pact initiative",
        [
            ("initiative:paris-pact", "a", "scokg:Initiative"),
            (
                "cooperation:sco-unodc-paris-pact-2019",
                "scokg:underInitiative",
                "initiative:paris-pact",
            ),
            ("cooperation:sco-unodc-paris-pact-2019", "scokg:partOf", COOP_2019),
        ],
        "Paris Pact initiative",
    ),
    (
        "parties discussed implementing the 2011 MoU",
        [
            (A + "mou-implementation", "scokg:actKind", "act-kind:discuss"),
            (A + "mou-implementation", "scokg:concerns", MOU),
        ],
        "practical implementation",
    ),
    ("action plan implements the MoU", [(PLAN, "scokg:implements", MOU)], "action plan"),
    (
        "the discussion covered the action plan",
        [(A + "mou-implementation", "scokg:concerns", PLAN)],
        "action plan",
    ),
    (
        "heads discussed cooperation with other associations",
        [
            (A + "wider-cooperation", "scokg:actKind", "act-kind:discuss"),
            (
                A + "wider-cooperation",
                "scokg:hasTopic",
                "topic:cooperation-with-other-associations",
            ),
        ],
        "regional associations",
    ),
    (
        "drug trafficking affects the Eurasian region",
        [(A + "wider-cooperation", "scokg:concernsPlace", "place:eurasian-region")],
        "Eurasian region",
    ),
    (
        "Norov and Waly are heads of their organisations",
        [(NOROV, "scokg:headOf", "organisation:sco"), (WALY, "scokg:headOf", "organisation:unodc")],
        "heads of",
    ),
    (
        "Secretary-General called for a wider agenda",
        [
            (A + "agenda-proposal", "scokg:actKind", "act-kind:call-for"),
            (A + "agenda-proposal", "scokg:actor", NOROV),
        ],
        "called for",
    ),
    (
        "agenda to include international information security",
        [(A + "agenda-proposal", "scokg:hasTopic", "topic:international-information-security")],
        "information security",
    ),
    (
        "agenda to include crime prevention and criminal justice",
        [
            (A + "agenda-proposal", "scokg:hasTopic", "topic:crime-prevention"),
            (A + "agenda-proposal", "scokg:hasTopic", "topic:criminal-justice"),
        ],
        "criminal justice",
    ),
    (
        "Norov proposed joint international programmes",
        [
            (A + "forms-of-cooperation", "scokg:actKind", "act-kind:propose"),
            (A + "forms-of-cooperation", "scokg:hasTopic", "topic:joint-programmes"),
        ],
        "joint international programmes",
    ),
    (
        "Norov proposed training and retraining specialists",
        [(A + "forms-of-cooperation", "scokg:hasTopic", "topic:training-of-specialists")],
        "retrain specialists",
    ),
    (
        "Waly praised the 2 March event",
        [
            (A + "praise", "scokg:actKind", "act-kind:praise"),
            (A + "praise", "scokg:actor", WALY),
            (A + "praise", "scokg:concerns", DARKNET),
        ],
        "praised",
    ),
    (
        "the darknet event was held on 2 March 2020",
        [(DARKNET, "scokg:date", '"2020-03-02"^^xsd:date')],
        "2 March",
    ),
    (
        "the darknet event was joint SCO and UNODC",
        [
            (DARKNET, "scokg:organiser", "organisation:sco"),
            (DARKNET, "scokg:organiser", "organisation:unodc"),
        ],
        "joint high-level event",
    ),
    (
        "the darknet event is about darknet drug trafficking",
        [(DARKNET, "scokg:hasTopic", "topic:darknet-drug-trafficking")],
        "Darknet",
    ),
    (
        "Waly reaffirmed UNODC's readiness",
        [
            (A + "readiness", "scokg:actKind", "act-kind:reaffirm-readiness"),
            (A + "readiness", "scokg:actor", WALY),
        ],
        "reaffirmed",
    ),
    (
        "parties agreed to step up joint work",
        [
            (A + "agreement-to-step-up", "scokg:actKind", "act-kind:agree"),
            (A + "agreement-to-step-up", "scokg:hasTopic", "topic:high-level-collaboration"),
        ],
        "agreed",
    ),
    (
        "UNODC established 1997",
        [("organisation:unodc", "scokg:foundingDate", '"1997"^^xsd:gYear')],
        "1997",
    ),
    ("UNODC HQ Vienna", [("organisation:unodc", "scokg:headquarters", "place:vienna")], "Vienna"),
    (
        "UNODC mandate includes human trafficking",
        [("organisation:unodc", "scokg:mandateTopic", "topic:human-trafficking")],
        "human trafficking",
    ),
    (
        "UNODC mandate includes drug and weapons trafficking",
        [
            ("organisation:unodc", "scokg:mandateTopic", "topic:illicit-drug-trafficking"),
            ("organisation:unodc", "scokg:mandateTopic", "topic:illicit-arms-trafficking"),
        ],
        "weapons trafficking",
    ),
    (
        "UNODC mandate includes organised crime and international terrorism",
        [
            ("organisation:unodc", "scokg:mandateTopic", "topic:organised-crime"),
            ("organisation:unodc", "scokg:mandateTopic", "topic:international-terrorism"),
        ],
        "international terrorism",
    ),
    (
        "MoU signed 2011-06-14 in Astana",
        [
            (SIGNING, "scokg:date", '"2011-06-14"^^xsd:date'),
            (SIGNING, "scokg:location", "place:astana"),
            (SIGNING, "scokg:signedAgreement", MOU),
        ],
        "14 June 2011",
    ),
    (
        "MoU between the SCO Secretariat and the UNODC",
        [
            (MOU, "scokg:party", "organisation:sco-secretariat"),
            (MOU, "scokg:party", "organisation:unodc"),
        ],
        "between",
    ),
    (
        "SCO Secretariat is an organ of the SCO",
        [("organisation:sco-secretariat", "scokg:subOrganisationOf", "organisation:sco")],
        "SCO Secretariat",
    ),
    (
        "parties launched joint expert-analytical and information work",
        [(COOP, "scokg:hasTopic", "topic:expert-analytical-and-information-work")],
        "expert-analytical",
    ),
    (
        "they hold events for anti-drug cooperation",
        [(COOP, "scokg:hasTopic", "topic:anti-drug-cooperation")],
        "anti-drug",
    ),
]


def _sentences_of(triple: Triple) -> list[str]:
    s, p, o = triple
    p = "rdf:type" if p == "a" else p
    rows = select(
        bundled_store(),
        f"""SELECT ?quote WHERE {{
            ?st a rdf:Statement ; rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
                prov:wasDerivedFrom ?sentence .
            ?sentence nif:anchorOf ?quote .
        }}""",
    )
    return [r["quote"].replace("\u00a0", " ") for r in rows]


def test_fact_list_is_long_enough() -> None:
    assert len(FACTS) >= 30
    assert len({fact_id for fact_id, _, _ in FACTS}) == len(FACTS)


@pytest.mark.parametrize(
    ("triples", "keyword"), [(t, k) for _, t, k in FACTS], ids=[f[0] for f in FACTS]
)
def test_fact_is_asserted(triples: list[Triple], keyword: str) -> None:
    for s, p, o in triples:
        assert ask(bundled_store(), f"ASK {{ {s} {p} {o} }}"), f"not asserted: {s} {p} {o}"


@pytest.mark.parametrize(
    ("triples", "keyword"), [(t, k) for _, t, k in FACTS], ids=[f[0] for f in FACTS]
)
def test_fact_cites_a_sentence_with_its_key_word(triples: list[Triple], keyword: str) -> None:
    for triple in triples:
        quotes = _sentences_of(triple)
        assert quotes, f"no statement with a sentence for {triple}"
        assert any(keyword.lower() in q.lower() for q in quotes), (
            f"{triple}: no cited sentence contains {keyword!r}: {quotes}"
        )


# --- What the text does not say ------------------------------------------------------------


def test_meeting_has_no_place() -> None:
    # The article never says where Norov and Waly met.
    assert not ask(
        bundled_store(),
        f"ASK {{ {MEETING} ?p ?place . "
        "VALUES ?p { scokg:location schema:location sem:hasPlace } }",
    )


def test_action_plan_is_not_asserted_approved() -> None:
    # "including through the approval of the relevant action plan" is what was discussed;
    # nothing says the plan was approved, so the plan carries only its identity.
    rows = select(bundled_store(), f"SELECT DISTINCT ?p WHERE {{ {PLAN} ?p ?o }}")
    predicates = {r["p"] for r in rows}
    allowed = {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "https://w3id.org/scokg/ontology#implements",
    }
    assert predicates == allowed


def test_oral_agreement_is_an_act_not_an_agreement() -> None:
    rows = select(bundled_store(), "SELECT ?a WHERE { ?a a scokg:Agreement }")
    assert [r["a"] for r in rows] == [
        "https://w3id.org/scokg/id/agreement/sco-secretariat-unodc-mou-2011"
    ]


def test_one_meeting_with_exactly_two_participants() -> None:
    rows = select(
        bundled_store(), "SELECT ?m ?who WHERE { ?m a scokg:Meeting ; scokg:participant ?who }"
    )
    assert {r["who"].rsplit("/", 1)[1] for r in rows} == {"vladimir-norov", "ghada-fathi-waly"}
    assert len({r["m"] for r in rows}) == 1


# --- Implied values carry a note -----------------------------------------------------------

DOC_GRAPH = "<https://w3id.org/scokg/graph/document/sectsco-20200303-639652>"


def _dated_statements() -> list[dict[str, str]]:
    """Statements of the document whose object is a date or a year, with their quotes."""
    return select(
        bundled_store(),
        f"""SELECT ?st ?value (GROUP_CONCAT(?quote; separator="\\n") AS ?quotes) ?note WHERE {{
            GRAPH {DOC_GRAPH} {{
                ?st a rdf:Statement ; rdf:object ?value ; prov:wasDerivedFrom ?sentence .
                OPTIONAL {{ ?st scokg:derivationNote ?note }}
            }}
            ?sentence nif:anchorOf ?quote .
            FILTER (DATATYPE(?value) IN (xsd:date, xsd:gYear))
        }} GROUP BY ?st ?value ?note""",
    )


def test_dated_facts_are_found() -> None:
    # meeting, two post holdings, darknet event, signing and the agreement's signing date,
    # founding, 2019 cooperation and its part under the Paris Pact
    assert len(_dated_statements()) == 9


def test_every_dated_fact_with_an_implied_year_has_a_derivation_note() -> None:
    implied = [r for r in _dated_statements() if r["value"][:4] not in r["quotes"]]
    assert {r["st"].rsplit("/", 1)[1] for r in implied} == {
        "meeting-date",
        "norov-holding-attested",
        "waly-holding-attested",
        "darknet-event-date",
    }
    missing = [r["st"] for r in implied if not r.get("note")]
    assert not missing, f"implied years without scokg:derivationNote: {missing}"


def test_derivation_notes_of_implied_years_name_the_issue_date() -> None:
    implied = [r for r in _dated_statements() if r["value"][:4] not in r["quotes"]]
    for row in implied:
        assert "2020-03-03" in row["note"], row


# --- Every fact's sentence mentions what the fact is about ---------------------------------

# Predicates whose object the sentence should name; types, labels, act kinds, "part of" and
# "concerns" are readings of the whole sentence and have no single key word.
NAMED_OBJECT_PREDICATES = (
    "scokg:participant scokg:actor scokg:addressee scokg:holder scokg:inOrganisation "
    "scokg:post scokg:postIn scokg:subOrganisationOf scokg:headOf scokg:party scokg:partner "
    "scokg:headquarters scokg:location scokg:concernsPlace scokg:hasTopic scokg:mandateTopic "
    "scokg:organiser scokg:underInitiative scokg:signedAgreement scokg:implements "
    "scokg:date scokg:attestedOn scokg:activeIn scokg:foundingDate"
)
# Words too common in this text to show that a sentence names a particular thing.
STOP_WORDS = {
    "with", "from", "that", "their", "other", "this", "between", "under", "office",
    "organisation", "cooperation",
}  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def _key_words(value: str, names: list[str], phrases: list[str]) -> set[str]:
    """What a sentence would use for a value: its names' words, whole phrases (the post of
    a person: "the SCO Secretary-General"), or the day and month and the year of a date."""
    if len(value) >= 4 and value[:4].isdigit():
        words = {value[:4]}
        if len(value) == 10:
            words.add(f"{int(value[8:])} {MONTHS[int(value[5:7]) - 1]}".lower())
        return words
    words = set()
    for name in names:
        for word in "".join(c if c.isalnum() else " " for c in name.lower()).split():
            if len(word) >= 4 and word not in STOP_WORDS:
                words.add(word)
        if name.isupper():  # an acronym such as "SCO" or "UN", matched as a whole word
            words.add(f" {name.lower()} ")
            words.add(f" {name.lower()}-")
            words.add(f"-{name.lower()} ")
    words.update(phrase.lower() for phrase in phrases)
    return words


def test_every_fact_cites_a_sentence_that_names_its_object() -> None:
    rows = select(
        bundled_store(),
        f"""SELECT ?st ?value ?quote ?note ?name ?postName WHERE {{
            GRAPH {DOC_GRAPH} {{
                ?st a rdf:Statement ; rdf:predicate ?p ; rdf:object ?value ;
                    prov:wasDerivedFrom ?sentence .
                OPTIONAL {{ ?st scokg:derivationNote ?note }}
            }}
            VALUES ?p {{ {NAMED_OBJECT_PREDICATES} }}
            ?sentence nif:anchorOf ?quote .
            OPTIONAL {{ ?value skos:prefLabel|skos:altLabel ?name }}
            OPTIONAL {{ ?holding scokg:holder ?value ; scokg:post/skos:prefLabel ?postName }}
        }}""",
    )
    assert len({r["st"] for r in rows}) > 60
    by_statement: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_statement.setdefault(row["st"], []).append(row)
    unnamed = []
    for st, group in sorted(by_statement.items()):
        if any(r.get("note") for r in group):
            continue
        names = [r["name"] for r in group if "name" in r]
        posts = [r["postName"] for r in group if "postName" in r]
        words = _key_words(group[0]["value"], names, posts)
        quotes = {" " + r["quote"].replace("\u00a0", " ").lower() + " " for r in group}
        if not any(w in q for w in words for q in quotes):
            unnamed.append(st.rsplit("/", 1)[1])
    assert not unnamed, (
        "statements whose sentences name neither their object nor carry a derivation note: "
        f"{unnamed}"
    )


def test_every_fact_of_the_document_has_a_statement_citing_a_sentence() -> None:
    rows = select(
        bundled_store(),
        f"""SELECT ?s ?p ?o WHERE {{
            GRAPH {DOC_GRAPH} {{ ?s ?p ?o }}
            FILTER (!STRSTARTS(STR(?s), "https://w3id.org/scokg/id/document/"))
            FILTER NOT EXISTS {{
                GRAPH {DOC_GRAPH} {{
                    ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                        prov:wasDerivedFrom ?sentence .
                }}
                ?sentence a nif:Sentence ; nif:anchorOf ?quote .
            }}
        }}""",
    )
    assert rows == []


def test_document_graph_has_facts_to_check() -> None:
    rows = select(
        bundled_store(),
        f"""SELECT (COUNT(*) AS ?n) WHERE {{
            GRAPH {DOC_GRAPH} {{ ?s ?p ?o }}
            FILTER (!STRSTARTS(STR(?s), "https://w3id.org/scokg/id/document/"))
        }}""",
    )
    assert int(rows[0]["n"]) >= 150
