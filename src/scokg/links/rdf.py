"""Turn an SSSOM mapping set into RDF: the link triples plus one statement per link.

Each link is asserted (``organisation:sco owl:sameAs wd:Q485207``) and reified as an
``rdf:Statement`` carrying its source (the mapping set), justification, confidence and
comment, the same way document facts carry theirs, so a consumer can ask where a link
comes from with the query they already use for facts.

A negative mapping (``predicate_modifier`` ``Not``) is never asserted, and is not an
``rdf:Statement`` either (in this graph a statement documents a triple the data asserts).
It is written the way the SSSOM/RDF serialisation writes a mapping: an ``owl:Axiom`` with
``owl:annotatedSource``/``owl:annotatedProperty``/``owl:annotatedTarget`` and
``sssom:predicate_modifier sssom:NegatedPredicate`` (the RDF form of the ``Not`` value of
``predicate_modifier_enum``), with the same source, justification, confidence and comment
as a link's statement. Its IRI ends in ``--not`` so it never shares a name with the
statement of a positive link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from scokg import vocab
from scokg.links.sssom import SSSOM, Mapping, MappingSet, read_sssom
from scokg.vocab import DCTERMS, RDF, RDFS, XSD

LINK_STATEMENT_BASE = vocab.ID + "link/"

# Annotation properties of a link statement (declared in ontology/scokg.ttl).
JUSTIFICATION = SSSOM + "mapping_justification"
CONFIDENCE = SSSOM + "confidence"
# SSSOM/RDF: a mapping whose predicate_modifier is Not.
PREDICATE_MODIFIER = SSSOM + "predicate_modifier"
NEGATED_PREDICATE = SSSOM + "NegatedPredicate"
NEGATED_SUFFIX = "--not"
OWL = "http://www.w3.org/2002/07/owl#"

_UNSAFE = re.compile(r"[^a-z0-9]+")


def link_statement_iri(mapping: Mapping) -> str:
    """A readable, stable IRI for the statement of one link.

    ``.../id/link/place-vienna--geonames-2761369``: our resource, then the target dataset
    and the target's local identifier.
    """
    ours = _slug(mapping.subject_id.removeprefix(vocab.ID))
    target = mapping.target or "other"
    local = _slug(mapping.object_id.removeprefix(vocab.LINK_TARGETS.get(target, "")))
    negated = NEGATED_SUFFIX if mapping.negated else ""
    return f"{LINK_STATEMENT_BASE}{ours}--{target}-{local}{negated}"


def _slug(text: str) -> str:
    return _UNSAFE.sub("-", text.lower()).strip("-")


def mapping_set_triples(mapping_set: MappingSet) -> list[ox.Triple]:
    """Link triples and their statements for every mapping of the set, in file order;
    then the SSSOM/RDF mapping resources of the negative mappings (never their triples)."""
    source = ox.NamedNode(mapping_set.mapping_set_id)
    a = ox.NamedNode(RDF + "type")
    triples: list[ox.Triple] = []
    for mapping in [*mapping_set.mappings, *mapping_set.negative]:
        subject = ox.NamedNode(mapping.subject_id)
        predicate = ox.NamedNode(mapping.predicate_id)
        obj = ox.NamedNode(mapping.object_id)
        statement = ox.NamedNode(link_statement_iri(mapping))
        if mapping.negated:
            triples += [
                ox.Triple(statement, a, ox.NamedNode(OWL + "Axiom")),
                ox.Triple(statement, ox.NamedNode(OWL + "annotatedSource"), subject),
                ox.Triple(statement, ox.NamedNode(OWL + "annotatedProperty"), predicate),
                ox.Triple(statement, ox.NamedNode(OWL + "annotatedTarget"), obj),
                ox.Triple(
                    statement,
                    ox.NamedNode(PREDICATE_MODIFIER),
                    ox.NamedNode(NEGATED_PREDICATE),
                ),
            ]
        else:
            triples += [
                ox.Triple(subject, predicate, obj),
                ox.Triple(statement, a, ox.NamedNode(RDF + "Statement")),
                ox.Triple(statement, ox.NamedNode(RDF + "subject"), subject),
                ox.Triple(statement, ox.NamedNode(RDF + "predicate"), predicate),
                ox.Triple(statement, ox.NamedNode(RDF + "object"), obj),
            ]
        triples += [
            ox.Triple(statement, ox.NamedNode(DCTERMS + "source"), source),
            ox.Triple(
                statement,
                ox.NamedNode(JUSTIFICATION),
                ox.NamedNode(mapping.mapping_justification),
            ),
        ]
        if mapping.confidence is not None:
            # The file's own lexical form: "0.950" stays "0.950" (a different RDF term from
            # "0.95"), as every term scokg writes keeps the form its source gives it.
            lexical = mapping.confidence_text or repr(mapping.confidence)
            value = ox.Literal(lexical, datatype=ox.NamedNode(XSD + "double"))
            triples.append(ox.Triple(statement, ox.NamedNode(CONFIDENCE), value))
        if mapping.comment:
            comment = ox.Literal(mapping.comment, language="en")
            triples.append(ox.Triple(statement, ox.NamedNode(RDFS + "comment"), comment))
    return triples


def links_triples(path: Path) -> list[ox.Triple]:
    """Read the SSSOM file at ``path`` and return its RDF (see :func:`mapping_set_triples`)."""
    return mapping_set_triples(read_sssom(path))
