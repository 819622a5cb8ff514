"""Everything known about one resource, grouped by property, each fact with its sources.

The library side of ``scokg describe``: it asks any :class:`~scokg.engines.results.Engine` a few
read-only queries with the resource bound as a checked IRI, and returns plain data that the
CLI prints as text or JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph

from scokg.engines.results import Engine, SelectResult, Term
from scokg.queries.labels import fetch_labels
from scokg.queries.resolve import Resolver
from scokg.vocab import RDF

RDF_TYPE = RDF + "type"

_OUTGOING = "SELECT DISTINCT ?p ?o WHERE {{ {x} ?p ?o }}"
_INCOMING = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {x} FILTER(?p NOT IN (rdf:subject, rdf:object)) }}
"""
_SOURCES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX scokg: <https://w3id.org/scokg/ontology#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?s ?p ?o ?origin ?quote ?begin ?end ?note WHERE {{
  {{ ?st rdf:subject {x} }} UNION {{ ?st rdf:object {x} }}
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL {{ ?st scokg:derivationNote ?note }}
  {{
    ?st prov:wasDerivedFrom ?origin .
    OPTIONAL {{
      ?origin nif:anchorOf ?quote ; nif:beginIndex ?b ; nif:endIndex ?e .
      BIND(xsd:integer(?b) AS ?begin) BIND(xsd:integer(?e) AS ?end)
    }}
  }} UNION {{
    ?st dcterms:source ?origin .
  }}
}}
"""
_SENTENCES = """
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
SELECT ?sentence ?quote ?b ?e WHERE {{
  VALUES ?sentence {{ {values} }}
  ?sentence nif:anchorOf ?quote ; nif:beginIndex ?b ; nif:endIndex ?e .
}}
"""


@dataclass
class Source:
    """Where a fact comes from: a sentence (quote and offsets) or an outside source."""

    iri: str
    quote: str | None = None
    begin: int | None = None
    end: int | None = None
    note: str | None = None


@dataclass
class Fact:
    """One triple touching the resource; ``inverse`` when the resource is its object."""

    property: str
    value: str
    value_kind: str  # "iri", "literal" or "bnode"
    inverse: bool = False
    value_label: str | None = None
    datatype: str | None = None
    language: str | None = None
    sources: list[Source] = field(default_factory=list)


@dataclass
class Description:
    iri: str
    label: str | None
    types: list[str]
    facts: list[Fact]
    property_labels: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form: the fields above, facts and their sources as nested dicts."""
        return asdict(self)

    def by_property(self) -> dict[tuple[str, bool], list[Fact]]:
        """Facts grouped by (property, inverse), outgoing properties first."""
        groups: dict[tuple[str, bool], list[Fact]] = {}
        for fact in sorted(self.facts, key=lambda f: (f.inverse, f.property, f.value)):
            groups.setdefault((fact.property, fact.inverse), []).append(fact)
        return groups


def describe(engine: Engine, thing: str, resolver: Resolver | None = None) -> Description:
    """Resolve ``thing`` (slug, label or IRI) and collect what the graph says about it."""
    node = (resolver or Resolver(engine)).resolve(thing, "THING")
    x = str(node)
    facts: dict[tuple[str, str, bool], Fact] = {}
    for p, o in _rows(engine, _OUTGOING.format(x=x)):
        facts[(p.value, str(o), False)] = _fact(p, o, inverse=False)
    for s, p in _rows(engine, _INCOMING.format(x=x)):
        facts[(p.value, str(s), True)] = _fact(p, s, inverse=True)

    for s, p, o, origin, quote, begin, end, note in _rows(engine, _SOURCES.format(x=x)):
        inverse = s != node
        key = (p.value, str(s if inverse else o), inverse)
        fact = facts.get(key)
        if fact is None or origin is None:
            continue
        fact.sources.append(
            Source(
                origin.value,
                quote.value if quote else None,
                int(begin.value) if begin else None,
                int(end.value) if end else None,
                note.value if note else None,
            )
        )

    # The resource's own prov:wasDerivedFrom sentences: show what they say.
    mentions = [f for f in facts.values() if f.property.endswith("wasDerivedFrom")]
    if mentions:
        values = " ".join(str(pyoxigraph.NamedNode(f.value)) for f in mentions)
        quotes = {
            s.value: (q.value, int(b.value), int(e.value))
            for s, q, b, e in _rows(engine, _SENTENCES.format(values=values))
        }
        for fact in mentions:
            if fact.value in quotes:
                quote, begin, end = quotes[fact.value]
                fact.sources.append(Source(fact.value, quote, begin, end))

    names = [node.value] + [f.property for f in facts.values()]
    names += [f.value for f in facts.values() if f.value_kind == "iri"]
    labels = fetch_labels(engine, list(dict.fromkeys(names)))
    for fact in facts.values():
        if fact.value_kind == "iri":
            fact.value_label = labels.get(fact.value)
    types = sorted(f.value for f in facts.values() if f.property == RDF_TYPE and not f.inverse)
    return Description(
        iri=node.value,
        label=labels.get(node.value),
        types=types,
        facts=list(facts.values()),
        property_labels={
            f.property: labels[f.property] for f in facts.values() if f.property in labels
        },  # noqa: E501
    )


def _fact(p: Term, value: Term, *, inverse: bool) -> Fact:
    if isinstance(value, pyoxigraph.Literal):
        return Fact(
            p.value,
            value.value,
            "literal",
            inverse,
            datatype=value.datatype.value if not value.language else None,
            language=value.language,
        )
    kind = "iri" if isinstance(value, pyoxigraph.NamedNode) else "bnode"
    return Fact(p.value, value.value, kind, inverse)


def _rows(engine: Engine, query: str) -> list[tuple[Any, ...]]:
    answer = engine.execute(query)
    assert isinstance(answer, SelectResult)
    return answer.rows
