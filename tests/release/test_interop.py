"""A consumer who knows only standard vocabularies can query the graph after RDFS entailment.

The ontology aligns every class and property to ORG, FOAF, schema.org, SKOS, SEM and PROV-O
by rdfs:subClassOf / rdfs:subPropertyOf. After owlrl's RDFS closure over ontology + data,
the queries below use no scokg term at all (only our resource IRIs), and must find what the
article says.
"""

from __future__ import annotations

from functools import cache

import rdflib

from helpers.kg import REPO
from scokg.parsing import parse_source_rdflib
from scokg.project import Project

STANDARD = """\
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <http://schema.org/>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
ID = "https://w3id.org/scokg/id/"
SCOKG = "https://w3id.org/scokg/ontology#"


@cache
def entailed() -> rdflib.Graph:
    """Ontology and data in one graph, closed under RDFS (computed once per session)."""
    import owlrl

    graph = rdflib.Graph()
    for source in Project.discover().sources():
        graph += parse_source_rdflib(source)
    from scokg.validation.shacl_pyshacl import rdflib_conversions_kept

    with rdflib_conversions_kept():  # owlrl would leave its own converters in rdflib
        owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(graph)
    return graph


def query(text: str) -> list[tuple[str, ...]]:
    """Run a query with standard prefixes only; it must not mention the scokg vocabulary."""
    assert SCOKG not in text and "scokg:" not in text, "use standard terms only"
    return [tuple(str(v) for v in row) for row in entailed().query(STANDARD + text)]


def short(iri: str) -> str:
    return iri.removeprefix(ID)


def test_repo_is_the_bundled_project() -> None:
    assert Project.discover().root == REPO


def test_organisations_are_formal_organisations_and_schema_organizations() -> None:
    rows = query(
        """SELECT DISTINCT ?org ?name WHERE {
            ?org a org:FormalOrganization , schema:Organization ; skos:prefLabel ?name .
        }"""
    )
    assert {(short(o), n) for o, n in rows} == {
        ("organisation/sco", "Shanghai Cooperation Organisation"),
        ("organisation/sco-secretariat", "SCO Secretariat"),
        ("organisation/unodc", "UN Office on Drugs and Crime"),
        ("organisation/united-nations", "United Nations"),
    }


def test_people_are_foaf_persons() -> None:
    rows = query("SELECT ?p ?name WHERE { ?p a foaf:Person ; skos:prefLabel ?name }")
    assert sorted(n for _, n in rows) == ["Ghada Fathi Waly", "Vladimir Norov"]


def test_meeting_is_a_schema_event_with_date_and_attendees() -> None:
    rows = query(
        """SELECT ?event ?date ?who WHERE {
            ?event a schema:Event ; schema:startDate ?date ; schema:attendee ?who .
        }"""
    )
    assert {(short(e), d, short(w)) for e, d, w in rows} == {
        ("meeting/norov-waly-2020-03-03", "2020-03-03", "person/vladimir-norov"),
        ("meeting/norov-waly-2020-03-03", "2020-03-03", "person/ghada-fathi-waly"),
    }


def test_events_with_start_dates() -> None:
    rows = query("SELECT ?e ?d WHERE { ?e a schema:Event , sem:Event ; schema:startDate ?d }")
    assert {(short(e), d) for e, d in rows} == {
        ("meeting/norov-waly-2020-03-03", "2020-03-03"),
        ("event/sco-unodc-darknet-drug-threat-2020-03-02", "2020-03-02"),
        ("event/sco-secretariat-unodc-mou-2011-signing", "2011-06-14"),
    }


def test_signing_location_is_a_schema_place() -> None:
    rows = query(
        """SELECT ?place ?name WHERE {
            ?e schema:location ?place . ?place a schema:Place ; skos:prefLabel ?name .
        }"""
    )
    assert rows == [(ID + "place/astana", "Astana")]


def test_topics_are_skos_concepts_with_pref_labels() -> None:
    rows = query(
        """SELECT ?topic ?label WHERE {
            ?topic a skos:Concept ; skos:prefLabel ?label ;
                   skos:inScheme <https://w3id.org/scokg/id/scheme/topics> .
        }"""
    )
    labels = {label for _, label in rows}
    assert len(rows) == len(labels) == 25  # every topic of data/topics.ttl, one label each
    assert {"illicit drug trafficking", "human trafficking", "international terrorism"} <= labels


def test_subjects_of_the_meeting_acts_via_dcterms() -> None:
    rows = query(
        """SELECT DISTINCT ?label WHERE {
            ?act dcterms:isPartOf <https://w3id.org/scokg/id/meeting/norov-waly-2020-03-03> ;
                 dcterms:subject/skos:prefLabel ?label .
        }"""
    )
    assert "international information security" in {label for (label,) in rows}


def test_post_holdings_are_org_memberships() -> None:
    rows = query(
        """SELECT ?member ?organisation WHERE {
            ?m a org:Membership ; org:member ?member ; org:organization ?organisation .
        }"""
    )
    assert {(short(m), short(o)) for m, o in rows} == {
        ("person/vladimir-norov", "organisation/sco"),
        ("person/ghada-fathi-waly", "organisation/unodc"),
    }


def test_sub_organisations_via_org() -> None:
    rows = query("SELECT ?a ?b WHERE { ?a org:subOrganizationOf ?b }")
    assert {(short(a), short(b)) for a, b in rows} == {
        ("organisation/sco-secretariat", "organisation/sco"),
        ("organisation/unodc", "organisation/united-nations"),
    }


def test_unodc_headquarters_as_primary_site() -> None:
    rows = query(f"SELECT ?site WHERE {{ <{ID}organisation/unodc> org:hasPrimarySite ?site }}")
    assert rows == [(ID + "place/vienna",)]
