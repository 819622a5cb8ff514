"""Turn what a user types for a parameter (slug, label, acronym, prefixed name or IRI) into
one IRI, or explain why it cannot.

Resolution asks the engine for every labelled IRI once and matches in Python, so matching
is case- and accent-insensitive on every engine (SPARQL has no accent folding) and the
same code serves the embedded store and remote endpoints.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph

from scokg import vocab
from scokg.engines.results import Engine, SelectResult
from scokg.errors import UsageError

LABELS_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?thing ?label ?preferred WHERE {
  { ?thing skos:prefLabel ?label BIND(true AS ?preferred) }
  UNION { ?thing skos:altLabel ?label BIND(false AS ?preferred) }
  UNION { ?thing rdfs:label ?label BIND(false AS ?preferred) }
  FILTER(isIRI(?thing))
}
"""

# Schemes that mark a full IRI; anything else before ':' is read as `kind:slug`.
_IRI_SCHEME_RE = re.compile(r"^(?:https?|urn|ftp|file|mailto|tag|doi|info):", re.IGNORECASE)
_MAX_LISTED = 10

# The kinds of things under https://w3id.org/scokg/id/ (README, "The model"); a slug is
# first looked up under each of these, then among every labelled IRI.
ID_KINDS = (
    "organisation",
    "person",
    "meeting",
    "agreement",
    "topic",
    "event",
    "post",
    "post-holding",
    "act",
    "act-kind",
    "cooperation",
    "plan",
    "initiative",
    "place",
    "document",
    "scheme",
    "statement",
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Norov', 'NOROV' and 'Nórov' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


@dataclass
class Resolver:
    """Resolves parameter values against one engine; the label index is fetched once."""

    engine: Engine
    # The prefix table for prefixed names (a project's: Project.prefixes); None: scokg's.
    prefixes: Mapping[str, str] | None = None
    _labels: dict[str, list[str]] | None = field(default=None, init=False, repr=False)

    def labels(self) -> dict[str, list[str]]:
        """IRI -> its labels, preferred label first."""
        if self._labels is None:
            result = self.engine.execute(LABELS_QUERY)
            assert isinstance(result, SelectResult)
            index: dict[str, list[str]] = {}
            for thing, label, preferred in result.rows:
                if thing is None or label is None:
                    continue
                names = index.setdefault(thing.value, [])
                if label.value in names:
                    continue
                if preferred is not None and preferred.value == "true":
                    names.insert(0, label.value)
                else:
                    names.append(label.value)
            self._labels = index
        return self._labels

    def label(self, iri: str) -> str | None:
        names = self.labels().get(iri)
        return names[0] if names else None

    def resolve(self, value: str, param: str = "value") -> pyoxigraph.NamedNode:
        """One IRI for ``value``, or a usage error naming the parameter."""
        text = value.strip()
        if not text:
            raise UsageError(f"parameter {param} is empty", hint="give a slug, label or IRI")
        if text.startswith("<") and text.endswith(">"):
            return _named_node(text[1:-1], param)
        expanded = vocab.expand(text, self.prefixes)
        if expanded is not None:
            return _named_node(expanded, param)
        if _IRI_SCHEME_RE.match(text):
            return _named_node(text, param)
        matches = self.candidates(text)
        if len(matches) == 1:
            return pyoxigraph.NamedNode(matches[0])
        if not matches:
            raise UsageError(
                f"{param}={value!r} matches nothing in the graph",
                hint=f"find the right name with `scokg query lookup --param text={text}`, "
                "or give a full IRI",
            )
        listed = ", ".join(self._describe(iri) for iri in matches[:_MAX_LISTED])
        more = f" and {len(matches) - _MAX_LISTED} more" if len(matches) > _MAX_LISTED else ""
        raise UsageError(
            f"{param}={value!r} is ambiguous: it matches {listed}{more}",
            hint="give one of these as a slug (kind:slug) or a full IRI",
        )

    def candidates(self, text: str) -> list[str]:
        """IRIs whose slug matches ``text``; failing that, those with a matching label."""
        wanted = text.lower().replace(":", "/", 1) if ":" in text else text.lower()
        known = self._known_kind_iris(wanted)
        if known:
            return known
        index = self.labels()
        by_slug = sorted(iri for iri in index if _slug_matches(iri, wanted))
        if by_slug:
            return by_slug
        folded = fold(text)
        return sorted(iri for iri, names in index.items() if any(fold(n) == folded for n in names))

    def _known_kind_iris(self, wanted: str) -> list[str]:
        """Fast path for slugs: which of ``.../id/<kind>/<slug>`` (known kinds) exist.

        One small query instead of fetching every label, which matters on big graphs.
        """
        paths = [wanted] if "/" in wanted else [f"{kind}/{wanted}" for kind in ID_KINDS]
        try:
            nodes = [pyoxigraph.NamedNode(vocab.ID + path) for path in paths]
        except ValueError:
            return []
        values = " ".join(str(node) for node in nodes)
        result = self.engine.execute(
            f"SELECT DISTINCT ?thing WHERE {{ VALUES ?thing {{ {values} }} ?thing ?p ?o }}"
        )
        assert isinstance(result, SelectResult)
        return sorted(row[0].value for row in result.rows if row[0] is not None)

    def _describe(self, iri: str) -> str:
        label = self.label(iri)
        shown = vocab.compact(iri)
        return f"{shown} ({label})" if label else shown


def _slug_matches(iri: str, wanted: str) -> bool:
    if not iri.startswith(vocab.ID):
        return False
    rest = iri[len(vocab.ID) :].lower()
    return rest == wanted or ("/" not in wanted and rest.rsplit("/", 1)[-1] == wanted)


def _named_node(text: str, param: str) -> pyoxigraph.NamedNode:
    try:
        return pyoxigraph.NamedNode(text)
    except ValueError as exc:
        raise UsageError(
            f"{param}={text!r} is not a valid IRI: {exc}",
            hint="an IRI has a scheme (https:) and no spaces, quotes or angle brackets",
        ) from None
