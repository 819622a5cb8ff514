"""The canonical store plus its term-exact shadow (memory path of ``scokg validate``).

``validate`` keeps ONE full store (canonical, as pyoxigraph stores typed literals) and a
shadow store of only the typed literals, term-exact; the SHACL engine reads both through
``ExactView``. These tests hold the invariants that make that equal to a full term-exact
store: the view shows each typed literal exactly as written and never its canonical form,
blank nodes stay per file, SPARQL-based constraints see the canonical data alone.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from scokg.project import Project
from scokg.validation import validate
from scokg.validation.exact import ExactView, add_file, decode

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/ns#"
PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/ns#> .
"""
FILE = PREFIXES + '_:b ex:n "07"^^xsd:byte ; ex:label "seven" ; ex:next ex:c .\n'


def _parsed(text: str) -> list[ox.Quad]:
    return list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))


def _stores() -> tuple[ox.Store, ox.Store]:
    store, shadow = ox.Store(), ox.Store()
    add_file(store, shadow, _parsed(FILE), "urn:g:one")
    add_file(store, shadow, _parsed(FILE), "urn:g:two")
    return store, shadow


def test_the_canonical_store_rewrites_the_literal_the_shadow_keeps_it() -> None:
    store, shadow = _stores()
    n = ox.NamedNode(EX + "n")
    canonical = {q.object for q in store.quads_for_pattern(None, n, None, None)}
    assert canonical == {ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))}
    # only the typed literals are copied: one per file
    assert len(shadow) == 2
    assert {decode(q.object) for q in shadow} == {
        ox.Literal("07", datatype=ox.NamedNode(XSD + "byte"))
    }


def test_the_view_shows_every_triple_once_with_its_exact_term() -> None:
    store, shadow = _stores()
    view = ExactView(store, shadow)
    quads = list(view.quads_for_pattern(None, None, None, None))
    assert len(quads) == 6  # 3 triples in each of 2 files
    literals = [decode(q.object) for q in quads if q.predicate == ox.NamedNode(EX + "n")]
    assert literals == [ox.Literal("07", datatype=ox.NamedNode(XSD + "byte"))] * 2
    # strings and IRIs come from the canonical store, unchanged
    assert {q.object for q in quads if q.predicate == ox.NamedNode(EX + "label")} == {
        ox.Literal("seven")
    }


def test_blank_nodes_stay_per_file_and_match_their_shadow_copies() -> None:
    store, shadow = _stores()
    subjects = {q.subject for q in store}
    assert len(subjects) == 2  # the two files' "_:b" are two nodes
    assert {q.subject for q in shadow} == subjects


def _project(root: Path, shapes: str, data: str) -> Project:
    (root / "ontology").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "ontology" / "scokg.ttl").write_text(
        PREFIXES + "ex:Thing a ex:Class .\nex:sub rdfs:subPropertyOf ex:n .\n"
    )
    (root / "ontology" / "shapes.ttl").write_text(PREFIXES + shapes)
    (root / "data" / "entities.ttl").write_text(PREFIXES + data)
    return Project.discover(root)


def _shacl(project: Project, engine: str) -> set[tuple]:
    report = validate(project, engine=engine)
    assert not report.notes, report.notes
    return {(p.focus, p.path, p.value, p.component) for p in report.problems if p.check == "shacl"}


def test_engine_compares_exact_terms_and_sparql_sees_canonical_values(tmp_path: Path) -> None:
    """sh:in needs the term as written; the SPARQL constraint needs values and must not count
    the shadow copy of a literal as a second value."""
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        '  sh:property [ sh:path ex:n ; sh:in ("7"^^xsd:integer) ] ;\n'
        "  sh:sparql [ a sh:SPARQLConstraint ; sh:select\n"
        '    """SELECT $this (COUNT(?v) AS ?value) WHERE { $this <http://example.org/ns#n> ?v .'
        ' FILTER (?v > 5) } GROUP BY $this HAVING (COUNT(?v) != 1)""" ] .\n'
    )
    data = 'ex:a a ex:Thing ; ex:n "07"^^xsd:byte .\nex:b a ex:Thing ; ex:n "7"^^xsd:integer .\n'
    project = _project(tmp_path / "p", shapes, data)
    fast = _shacl(project, "fast")
    assert fast == {
        (EX + "a", "ex:n", f'"07"^^<{XSD}byte>', "InConstraintComponent")  # shapes' prefix
    }
    # pyshacl finds the same (rdflib prints the value's lexical form normalised, "7")
    assert {(f, p, c) for f, p, _, c in fast} == {
        (f, p, c) for f, p, _, c in _shacl(project, "pyshacl")
    }


def test_sub_property_triples_reach_the_engine_not_sparql(tmp_path: Path) -> None:
    """ex:sub is a sub-property of ex:n: a path ex:n sees its triples (as pyshacl's RDFS
    inference does), a SPARQL constraint on the canonical data does not (as before)."""
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        "  sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] ;\n"
        "  sh:sparql [ a sh:SPARQLConstraint ; sh:select\n"
        '    """SELECT $this ?value WHERE { $this <http://example.org/ns#n> ?value }""" ] .\n'
    )
    project = _project(tmp_path / "p", shapes, 'ex:a a ex:Thing ; ex:sub "05"^^xsd:byte .\n')
    assert _shacl(project, "fast") == {
        (EX + "a", "ex:n", f'"05"^^<{XSD}byte>', "DatatypeConstraintComponent")
    }
