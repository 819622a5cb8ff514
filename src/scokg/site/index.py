"""The resources of the site and the description of each one, from the release's exact terms.

A *resource* is every IRI under ``https://w3id.org/scokg/id/`` that is the subject of a
triple, plus the ontology (``https://w3id.org/scokg/ontology``, whose ``#`` terms resolve to
its page). Its *description* is:

- every triple with it as subject, and the triples of blank nodes reached from there
  (a Concise Bounded Description);
- every ``rdf:Statement`` that reifies one of those triples, with its own triples;
- every sentence (``nif:Sentence``) such a statement or the resource is derived from, with
  its triples (quote, offsets, context);

so that each fact travels with the sentence that states it. Terms are pyoxigraph terms as
parsed (never canonicalised). Paths: ``id/<kind>/<slug>`` is the resource, ``doc/<kind>/<slug>``
the generic document about it, ``doc/<kind>/<slug>.<ext>`` one representation.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph

from scokg import vocab

ONTOLOGY = vocab.SCOKG.rstrip("#")
RDF_TYPE = vocab.RDF + "type"
RDF_STATEMENT = vocab.RDF + "Statement"
_STATEMENT_PARTS = (vocab.RDF + "subject", vocab.RDF + "predicate", vocab.RDF + "object")
DERIVED = vocab.PROV + "wasDerivedFrom"
NIF_SENTENCE = vocab.NIF + "Sentence"
# A path segment the site writes as a file name unchanged (RFC 3986 unreserved characters).
_SAFE_PATH = re.compile(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")

Triple = pyoxigraph.Triple


@dataclass
class SiteIndex:
    """Triples by subject and by object, and the resources that get a page."""

    triples: list[Triple]
    by_subject: dict[str, list[Triple]] = field(default_factory=lambda: defaultdict(list))
    by_object: dict[str, list[Triple]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[tuple[str, str, str], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def __post_init__(self) -> None:
        for t in self.triples:
            self.by_subject[str(t.subject)].append(t)
            if isinstance(t.object, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
                self.by_object[str(t.object)].append(t)
        for key, triples in list(self.by_subject.items()):
            if not any(_is(t, RDF_TYPE, RDF_STATEMENT) for t in triples):
                continue
            parts = {t.predicate.value: str(t.object) for t in triples}
            if all(p in parts for p in _STATEMENT_PARTS):
                fact = tuple(parts[p] for p in _STATEMENT_PARTS)
                self.statements[fact].append(key)  # type: ignore[index]  # 3 parts, checked

    def resources(self) -> list[str]:
        """Every IRI with a page: the ontology, then the subjects under the id space, sorted."""
        found = {
            t.subject.value
            for t in self.triples
            if isinstance(t.subject, pyoxigraph.NamedNode)
            and t.subject.value.startswith(vocab.ID)
            and _SAFE_PATH.fullmatch(t.subject.value[len(vocab.ID) :])
        }
        head = [ONTOLOGY] if self.subject_triples(ONTOLOGY) else []
        return head + sorted(found)

    def unpublished(self) -> list[str]:
        """Every subject under the id space that gets no page, sorted: its path below
        ``id/`` is not a plain path of RFC 3986 unreserved characters (a non-ASCII letter,
        ``%20``, ``'``, ``:`` ...), which the site does not write as a file name. Build and
        serve name them in a warning (:func:`unpublished_warning`), never silently."""
        return sorted(
            {
                t.subject.value
                for t in self.triples
                if isinstance(t.subject, pyoxigraph.NamedNode)
                and t.subject.value.startswith(vocab.ID)
                and local_path(t.subject.value) is None
            }
        )

    def subject_triples(self, iri: str) -> list[Triple]:
        return list(self.by_subject.get(f"<{iri}>", []))

    def description(self, iri: str) -> list[Triple]:
        """The description of ``iri`` (see the module docstring), sorted, each triple once."""
        if iri == ONTOLOGY:
            return sorted(
                {t for t in self.triples if _in_ontology(t.subject)}, key=lambda t: str(t)
            )
        out: set[Triple] = set()
        own = self._closure([f"<{iri}>"], out)
        sentences: list[str] = []
        for t in own:
            if t.predicate.value == DERIVED:
                sentences.append(str(t.object))
            for stmt in self.statements.get((str(t.subject), str(t.predicate), str(t.object)), []):
                for st in self._closure([stmt], out):
                    if st.predicate.value == DERIVED:
                        sentences.append(str(st.object))
        for sentence in sentences:
            if any(_is(t, RDF_TYPE, NIF_SENTENCE) for t in self.by_subject.get(sentence, [])):
                self._closure([sentence], out)
        return sorted(out, key=lambda t: str(t))

    def _closure(self, keys: Iterable[str], out: set[Triple]) -> list[Triple]:
        """Triples of ``keys`` and of the blank nodes they reach; added to ``out``."""
        todo, seen, found = list(keys), set(), []
        while todo:
            key = todo.pop()
            if key in seen:
                continue
            seen.add(key)
            for t in self.by_subject.get(key, []):
                found.append(t)
                out.add(t)
                if isinstance(t.object, pyoxigraph.BlankNode):
                    todo.append(str(t.object))
        return found


def _is(t: Triple, predicate: str, obj: str) -> bool:
    return (
        t.predicate.value == predicate
        and isinstance(t.object, pyoxigraph.NamedNode)
        and t.object.value == obj
    )


def _in_ontology(term: object) -> bool:
    return isinstance(term, pyoxigraph.NamedNode) and (
        term.value == ONTOLOGY or term.value.startswith(vocab.SCOKG)
    )


def unpublished_warning(iris: list[str], shown: int = 5) -> str | None:
    """One warning line naming the resources that get no page (the first ``shown``), or
    None when every resource has one. Control characters are escaped by the caller."""
    if not iris:
        return None
    named = ", ".join(f"<{iri}>" for iri in iris[:shown])
    more = f" and {len(iris) - shown} more" if len(iris) > shown else ""
    return (
        f"{len(iris)} resource(s) get no page, their IRI not being a plain path under "
        f"{vocab.ID} (letters, digits, '.', '_', '~', '-', '/'): {named}{more}; links to "
        "them point at their IRI, which will not resolve"
    )


def local_path(iri: str) -> str | None:
    """``organisation/unodc`` for ``.../id/organisation/unodc``, ``ontology`` for the
    ontology and its ``#`` terms; None for an IRI the site does not hold."""
    if iri == ONTOLOGY or iri.startswith(vocab.SCOKG):
        return "ontology"
    if iri.startswith(vocab.ID):
        tail = iri[len(vocab.ID) :]
        return tail if _SAFE_PATH.fullmatch(tail) else None
    return None


def iri_of(path: str) -> str | None:
    """The resource IRI of a site path below ``id/`` (``organisation/unodc``) or ``ontology``."""
    if path == "ontology":
        return ONTOLOGY
    if not _SAFE_PATH.fullmatch(path) or ".." in path.split("/"):
        return None
    return vocab.ID + path


def doc_file(iri: str, ext: str) -> str:
    """The site-relative file of one representation: ``doc/organisation/unodc.html``;
    the ontology's is ``doc/ontology.html``."""
    path = local_path(iri)
    assert path is not None, iri
    return f"doc/{path}.{ext}"
