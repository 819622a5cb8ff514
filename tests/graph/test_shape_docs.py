"""Every property shape documents itself: one English sh:name and one sh:description.

SHACL §2.3.2 makes sh:name and sh:description non-validating: they exist for people (forms,
documentation). The rule is checked over ontology/shapes.ttl as shipped, and on a copy with
one of them removed, so that a check which can never fail would itself fail.
"""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF, SH

from helpers.kg import REPO

SHAPES = REPO / "ontology" / "shapes.ttl"


def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES, format="turtle")


def undocumented(graph: rdflib.Graph) -> list[str]:
    """Property shapes without exactly one @en sh:name and one @en sh:description."""
    problems = []
    for shape in sorted(graph.subjects(RDF.type, SH.PropertyShape)):
        for prop in (SH.name, SH.description):
            values = list(graph.objects(shape, prop))
            english = [v for v in values if isinstance(v, rdflib.Literal) and v.language == "en"]
            if len(values) != 1 or len(english) != 1 or not str(english[0]).strip():
                problems.append(f"{shape} {prop.fragment}: {len(values)} value(s)")
    return problems


def test_every_property_shape_has_a_name_and_a_description() -> None:
    graph = shapes_graph()
    assert len(set(graph.subjects(RDF.type, SH.PropertyShape))) > 50
    assert undocumented(graph) == []


def test_the_rule_fires_when_a_name_or_description_is_missing() -> None:
    graph = shapes_graph()
    shape = next(iter(sorted(graph.subjects(RDF.type, SH.PropertyShape))))
    graph.remove((shape, SH.name, None))
    assert undocumented(graph) == [f"{shape} name: 0 value(s)"]
    graph = shapes_graph()
    graph.add((shape, SH.description, rdflib.Literal("A second description.", lang="en")))
    assert undocumented(graph) == [f"{shape} description: 2 value(s)"]


def test_names_of_shapes_on_scokg_properties_are_the_property_labels() -> None:
    # The docs show a shape's sh:name beside the ontology's label: they must not disagree.
    onto = rdflib.Graph().parse(REPO / "ontology" / "scokg.ttl", format="turtle")
    graph = shapes_graph()
    scokg = "https://w3id.org/scokg/ontology#"
    checked = 0
    for shape in graph.subjects(RDF.type, SH.PropertyShape):
        path = graph.value(shape, SH.path)
        if isinstance(path, rdflib.URIRef) and str(path).startswith(scokg):
            assert str(graph.value(shape, SH.name)) == str(onto.value(path, rdflib.RDFS.label))
            checked += 1
    assert checked > 20
