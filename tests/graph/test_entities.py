"""Every name of a shared entity is written in a sentence the entity cites, or has a source.

data/entities.ttl holds only identity (types, names, the sentences that mention an entity).
A name the text does not spell out needs an rdf:Statement with dcterms:source. Checked here
with an independent SPARQL reading of the graph, and through `validate` on a copy with a
made-up name.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from helpers.kg import PREFIXES, bundled_store, copy_project
from scokg.parsing import load_store
from scokg.project import Project
from scokg.validation import validate

WALY = "https://w3id.org/scokg/id/person/ghada-fathi-waly"
ENTITIES_GRAPH = "<https://w3id.org/scokg/graph/entities>"


def names_without_support(store: pyoxigraph.Store) -> list[tuple[str, str]]:
    """(entity, name) pairs whose name is in no cited sentence and has no outside source."""
    solutions = store.query(
        PREFIXES
        + f"""SELECT DISTINCT ?entity ?name WHERE {{
            GRAPH {ENTITIES_GRAPH} {{
                ?entity prov:wasDerivedFrom ?any ; skos:prefLabel|skos:altLabel ?name .
            }}
            FILTER NOT EXISTS {{
                GRAPH {ENTITIES_GRAPH} {{ ?entity prov:wasDerivedFrom ?sentence }}
                ?sentence nif:anchorOf ?quote .
                FILTER CONTAINS(REPLACE(?quote, "\\u00A0", " "), STR(?name))
            }}
            FILTER NOT EXISTS {{
                ?statement rdf:subject ?entity ; rdf:object ?name ; dcterms:source ?source .
            }}
        }}""",
        use_default_graph_as_union=True,
    )
    return sorted((row["entity"].value, row["name"].value) for row in solutions)


def externally_named(store: pyoxigraph.Store) -> list[str]:
    solutions = store.query(
        PREFIXES
        + """SELECT ?name WHERE {
            ?statement rdf:subject ?entity ; rdf:predicate skos:prefLabel ; rdf:object ?name ;
                dcterms:source ?source .
        }""",
        use_default_graph_as_union=True,
    )
    return sorted({row["name"].value for row in solutions})


def test_every_entity_name_is_in_a_cited_sentence_or_sourced() -> None:
    assert names_without_support(bundled_store()) == []


def test_only_the_expansions_of_sco_and_un_come_from_outside() -> None:
    assert externally_named(bundled_store()) == [
        "Shanghai Cooperation Organisation",
        "United Nations",
    ]


def test_names_with_no_break_spaces_in_the_text_are_found() -> None:
    # "UN Office on\u00a0Drugs and Crime" is written with a no-break space in the source.
    store = bundled_store()
    assert store.query(
        PREFIXES
        + """ASK { sentence:3 nif:anchorOf ?q .
                  FILTER (CONTAINS(?q, "on\\u00A0Drugs") && !CONTAINS(?q, "on Drugs")) }""",
        use_default_graph_as_union=True,
    )


def _add_fake_name(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    with (root / "data" / "entities.ttl").open("a", encoding="utf-8") as handle:
        handle.write(f'\n<{WALY}> skos:altLabel "Ghada Waly"@en .\n')
    return root


def test_fake_name_is_found_by_the_sparql_check(tmp_path: Path) -> None:
    store = load_store(Project.discover(_add_fake_name(tmp_path)))

    assert names_without_support(store) == [(WALY, "Ghada Waly")]


def test_fake_name_fails_validation(tmp_path: Path) -> None:
    root = _add_fake_name(tmp_path)

    report = validate(Project.discover(root))

    assert not report.conforms
    assert [(p.check, p.focus, p.path, p.value) for p in report.problems] == [
        ("provenance", WALY, "skos:altLabel", '"Ghada Waly"@en')
    ]
    assert report.problems[0].file == str(root / "data" / "entities.ttl")
