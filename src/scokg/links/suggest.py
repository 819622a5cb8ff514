"""Propose candidate links for entities and topics that have none, by label search.

Candidates are printed as SSSOM rows (``semapv:LexicalMatching``) for a curator to review
and copy into ``data/links.sssom.tsv``; nothing here writes to the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scokg import vocab
from scokg.links.check import binding
from scokg.links.sssom import BUILTIN_PREFIXES, MappingSet
from scokg.oxquery import select

if TYPE_CHECKING:
    import pyoxigraph

    from scokg.remote.sparql import SparqlClient

SKOS = BUILTIN_PREFIXES["skos"]
OWL = BUILTIN_PREFIXES["owl"]

# Our classes whose instances may be linked; concepts map with SKOS, the rest are individuals.
LINKABLE_CLASSES = ("Organisation", "Person", "Place", "Post", "Topic")
CONCEPT_CLASSES = frozenset({vocab.SCOKG + "Topic"})

BATCH_SIZE = 40

_OUR_LABELS = f"""
PREFIX skos: <{SKOS}>
SELECT DISTINCT ?thing ?class ?label ?kind WHERE {{
  VALUES ?class {{ {" ".join(f"<{vocab.SCOKG}{c}>" for c in LINKABLE_CLASSES)} }}
  ?thing a ?class .
  {{ ?thing skos:prefLabel ?label BIND ("pref" AS ?kind) }}
  UNION
  {{ ?thing skos:altLabel ?label BIND ("alt" AS ?kind) }}
}}
"""

SEARCH_QUERY = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?needle ?item ?label ?kind WHERE {{
  VALUES ?needle {{ {values} }}
  {{ ?item rdfs:label|skos:prefLabel ?label BIND ("pref" AS ?kind) }}
  UNION
  {{ ?item skos:altLabel ?label BIND ("alt" AS ?kind) }}
  FILTER (isIRI(?item) && STRSTARTS(STR(?item), "{namespace}"))
  FILTER (LANG(?label) = "" || LANGMATCHES(LANG(?label), "{language}"))
  FILTER (LCASE(STR(?label)) = ?needle)
}}
"""

# Confidence of a candidate by which labels matched (ours, theirs) and whether case agrees.
_BASE_CONFIDENCE = {("pref", "pref"): 0.8, ("pref", "alt"): 0.6, ("alt", "pref"): 0.6}
_ALIAS_ONLY = 0.5


@dataclass(frozen=True)
class Candidate:
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    confidence: float
    comment: str


def unlinked_entities(
    store: pyoxigraph.Store, mapping_set: MappingSet | None, target: str
) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Our linkable things with no link into ``target``: IRI -> (class, [(label, kind)])."""
    linked = set()
    if mapping_set is not None:
        linked = {m.subject_id for m in mapping_set.mappings if m.target == target}
    found: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for solution in select(store, _OUR_LABELS, use_default_graph_as_union=True):
        thing = solution["thing"].value
        if thing in linked:
            continue
        entry = found.setdefault(thing, (solution["class"].value, []))
        entry[1].append((solution["label"].value, solution["kind"].value))
    return dict(sorted(found.items()))


def suggest_links(
    store: pyoxigraph.Store,
    mapping_set: MappingSet | None,
    client: SparqlClient,
    target: str = "wikidata",
    *,
    language: str = "en",
    batch_size: int = BATCH_SIZE,
) -> list[Candidate]:
    """Candidates for every unlinked entity/topic whose label equals a target label.

    Matching is exact after lower-casing both sides (``LCASE``), so it runs on any SPARQL 1.1
    endpoint; the confidence says which labels met (preferred or alias) and falls with
    the number of candidates competing for one of our things.
    """
    namespace = vocab.LINK_TARGETS[target]
    things = unlinked_entities(store, mapping_set, target)
    needles: dict[str, list[tuple[str, str, str]]] = {}
    for thing, (_cls, labels) in things.items():
        for label, kind in labels:
            needles.setdefault(label.lower(), []).append((thing, label, kind))

    hits: dict[tuple[str, str], tuple[float, str, str]] = {}
    keys = sorted(needles)
    for start in range(0, len(keys), batch_size):
        batch = keys[start : start + batch_size]
        values = " ".join(_string_literal(k) for k in batch)
        query = SEARCH_QUERY.format(values=values, namespace=namespace, language=language)
        for row in client.select(query):
            needle, item, their_label, their_kind = (
                binding(row, name, client.query_url) or ""
                for name in ("needle", "item", "label", "kind")
            )
            for thing, our_label, our_kind in needles.get(needle, []):
                score = _BASE_CONFIDENCE.get((our_kind, their_kind), _ALIAS_ONLY)
                if our_label == their_label:
                    score += 0.1
                why = (
                    f"our {our_kind}Label {our_label!r} = target {their_kind}Label "
                    f"{their_label!r}; review before adding"
                )
                key = (thing, item)
                if key not in hits or hits[key][0] < score:
                    hits[key] = (score, why, their_label if their_kind == "pref" else "")

    per_thing: dict[str, int] = {}
    for thing, _item in hits:
        per_thing[thing] = per_thing.get(thing, 0) + 1
    candidates = []
    for (thing, item), (score, why, their_label) in sorted(hits.items()):
        cls, labels = things[thing]
        pref = next((label for label, kind in labels if kind == "pref"), labels[0][0])
        competing = per_thing[thing]
        comment = why if competing == 1 else f"{why}; {competing} candidates for this subject"
        candidates.append(
            Candidate(
                subject_id=thing,
                subject_label=pref,
                predicate_id=SKOS + "exactMatch" if cls in CONCEPT_CLASSES else OWL + "sameAs",
                object_id=item,
                object_label=their_label,
                confidence=round(score / competing, 2),
                comment=comment,
            )
        )
    return candidates


def candidates_tsv(candidates: list[Candidate], mapping_set: MappingSet | None) -> str:
    """SSSOM/TSV rows (with header) a curator can review and paste into the mapping set."""

    def compact(iri: str) -> str:
        if mapping_set is not None:
            return mapping_set.compact(iri)
        for prefix, namespace in {**BUILTIN_PREFIXES, "wd": vocab.LINK_TARGETS["wikidata"]}.items():
            if iri.startswith(namespace):
                return f"{prefix}:{iri.removeprefix(namespace)}"
        return iri

    columns = (
        "subject_id",
        "subject_label",
        "predicate_id",
        "object_id",
        "object_label",
        "mapping_justification",
        "confidence",
        "comment",
    )
    lines = ["\t".join(columns)]
    for c in candidates:
        fields = (
            compact(c.subject_id),
            c.subject_label,
            compact(c.predicate_id),
            compact(c.object_id),
            c.object_label,
            "semapv:LexicalMatching",
            f"{c.confidence:.2f}",
            c.comment,
        )
        lines.append("\t".join(_tsv_safe(f) for f in fields))
    return "\n".join(lines) + "\n"


def _tsv_safe(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def _string_literal(text: str) -> str:
    """A SPARQL string literal with every special character escaped (labels are data)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'
