"""Check each link against its target's SPARQL endpoint: does the target still exist, is it
still the same thing (label), has it been merged away (redirect) or deprecated?

IRIs are sent in batches with ``VALUES`` so a check of many links costs few requests.
"""

from __future__ import annotations

import enum
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scokg.errors import EndpointError
from scokg.links.sssom import BUILTIN_PREFIXES, Mapping, MappingSet
from scokg.remote.http import redact_url

if TYPE_CHECKING:
    from scokg.remote.sparql import SparqlClient

OWL = BUILTIN_PREFIXES["owl"]
SKOS = BUILTIN_PREFIXES["skos"]

# Predicates whose two sides name the same thing, so our label is expected on the target.
SAME_MEANING = frozenset({OWL + "sameAs", SKOS + "exactMatch"})

BATCH_SIZE = 50

CHECK_QUERY = """\
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?item ?label ?redirect ?deprecated WHERE {{
  VALUES ?item {{ {values} }}
  FILTER EXISTS {{ ?item ?p ?o }}
  OPTIONAL {{
    ?item rdfs:label|skos:prefLabel ?label .
    FILTER (LANG(?label) = "" || LANGMATCHES(LANG(?label), "{language}"))
  }}
  OPTIONAL {{ ?item owl:sameAs ?redirect . FILTER (isIRI(?redirect) && ?redirect != ?item) }}
  OPTIONAL {{ ?item owl:deprecated ?deprecated }}
}}
"""


class Status(enum.Enum):
    OK = "ok"
    MISSING = "missing"
    LABEL_DIFFERS = "label-differs"
    REDIRECTED = "redirected-or-deprecated"

    @property
    def broken(self) -> bool:
        """A broken link must be fixed; a differing label only asks a curator to look."""
        return self in (Status.MISSING, Status.REDIRECTED)


@dataclass(frozen=True)
class LinkResult:
    mapping: Mapping
    status: Status
    detail: str = ""
    target_labels: tuple[str, ...] = ()


@dataclass
class CheckReport:
    endpoint: str
    target: str
    results: list[LinkResult] = field(default_factory=list)
    requests: int = 0

    @property
    def broken(self) -> list[LinkResult]:
        return [r for r in self.results if r.status.broken]

    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for result in self.results:
            counts[result.status.value] += 1
        return counts

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``endpoint``, ``target``, ``requests``, ``counts`` ({status: n}) and
        ``links`` (one dict per checked mapping, with its SSSOM line number)."""
        return {
            "endpoint": self.endpoint,
            "target": self.target,
            "requests": self.requests,
            "counts": self.counts(),
            "links": [
                {
                    "line": r.mapping.line,
                    "subject": r.mapping.subject_id,
                    "predicate": r.mapping.predicate_id,
                    "object": r.mapping.object_id,
                    "status": r.status.value,
                    "detail": r.detail,
                    "target_labels": list(r.target_labels),
                }
                for r in self.results
            ],
        }


def normalise_label(text: str) -> str:
    """Compare labels ignoring case, Unicode form and runs of white space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def expected_label(mapping: Mapping) -> str | None:
    """The label the target should carry: the recorded object label, or ours for identity."""
    if mapping.object_label:
        return mapping.object_label
    if mapping.predicate_id in SAME_MEANING and mapping.subject_label:
        return mapping.subject_label
    return None


def check_links(
    mapping_set: MappingSet,
    client: SparqlClient,
    target: str = "wikidata",
    *,
    language: str = "en",
    batch_size: int = BATCH_SIZE,
) -> CheckReport:
    """Check every mapping of ``mapping_set`` whose object is in ``target``.

    Only links that hold are checked: negative mappings (``predicate_modifier`` ``Not``,
    :attr:`~scokg.links.sssom.MappingSet.negative`) assert nothing about their target.
    """
    mappings = [m for m in mapping_set.mappings if m.target == target]
    report = CheckReport(endpoint=redact_url(client.query_url), target=target)
    found: dict[str, _Found] = {}
    objects = sorted({m.object_id for m in mappings})
    for start in range(0, len(objects), batch_size):
        batch = objects[start : start + batch_size]
        values = " ".join(f"<{iri}>" for iri in batch)
        query = CHECK_QUERY.format(values=values, language=language)
        for row in client.select(query):
            item = binding(row, "item", client.query_url)
            assert item is not None  # required
            entry = found.setdefault(item, _Found())
            label = binding(row, "label", client.query_url, required=False)
            if label is not None:
                entry.labels.add(label)
            redirect = binding(row, "redirect", client.query_url, required=False)
            if redirect is not None:
                entry.redirects.add(redirect)
            deprecated = binding(row, "deprecated", client.query_url, required=False)
            if deprecated is not None and deprecated.lower() in ("true", "1"):
                entry.deprecated = True
    report.requests = client.requests_sent
    report.results = [_judge(m, found.get(m.object_id)) for m in mappings]
    return report


def binding(row: object, name: str, endpoint: str, *, required: bool = True) -> str | None:
    """The value of ``?name`` in one row of SPARQL JSON results (``None`` if unbound).

    An endpoint's answer is untrusted: a row that is not an object, a binding without a
    string ``value``, or a required variable left unbound is an :class:`EndpointError`
    (exit 3), never a ``KeyError``.
    """
    cell = row.get(name) if isinstance(row, dict) else None
    if cell is None and isinstance(row, dict) and not required:
        return None
    value = cell.get("value") if isinstance(cell, dict) else None
    if not isinstance(value, str):
        what = "a row that is not an object" if not isinstance(row, dict) else f"no ?{name}"
        raise EndpointError(
            f"{redact_url(endpoint)} sent results that cannot be read "
            f"(application/sparql-results+json): {what} in a solution",
            hint="is this URL a SPARQL query endpoint? A proxy or login page may have "
            "answered instead",
        )
    return value


@dataclass
class _Found:
    labels: set[str] = field(default_factory=set)
    redirects: set[str] = field(default_factory=set)
    deprecated: bool = False


def _judge(mapping: Mapping, found: _Found | None) -> LinkResult:
    if found is None:
        return LinkResult(mapping, Status.MISSING, "the endpoint knows nothing about this IRI")
    labels = tuple(sorted(found.labels))
    if found.redirects:
        where = ", ".join(sorted(found.redirects))
        return LinkResult(mapping, Status.REDIRECTED, f"redirected to {where}", labels)
    if found.deprecated:
        return LinkResult(mapping, Status.REDIRECTED, "deprecated (owl:deprecated true)", labels)
    expected = expected_label(mapping)
    if expected is not None:
        if not labels:
            return LinkResult(mapping, Status.LABEL_DIFFERS, f"no label; expected {expected!r}")
        if normalise_label(expected) not in {normalise_label(label) for label in labels}:
            shown = " / ".join(repr(label) for label in labels)
            return LinkResult(
                mapping, Status.LABEL_DIFFERS, f"label {shown}, expected {expected!r}", labels
            )
    return LinkResult(mapping, Status.OK, "", labels)


def group_by_status(report: CheckReport) -> dict[Status, list[LinkResult]]:
    groups: dict[Status, list[LinkResult]] = defaultdict(list)
    for result in report.results:
        groups[result.status].append(result)
    return groups
