"""Content negotiation for ``scokg serve``: which representation an ``Accept`` header gets.

The pattern is the 303 redirect of "Cool URIs for the Semantic Web" (W3C Interest Group Note,
2008, §4.3/§6.2) to a *generic document* that is negotiated, the pattern Apache's type maps
follow, so ``scokg serve`` and the static site behind Apache answer alike:

- ``GET /id/<kind>/<slug>`` (the thing) and ``GET /ontology`` → ``303 See Other``,
  ``Location: /doc/<kind>/<slug>`` (a document about the thing, not the thing itself);
- ``GET /doc/<kind>/<slug>`` → the representation the ``Accept`` header prefers, with
  ``Content-Location: /doc/<kind>/<slug>.<ext>`` and ``Vary: Accept``; ``406`` (with links
  to every representation) when none is acceptable;
- ``GET /doc/<kind>/<slug>.<ext>`` → that representation, whatever ``Accept`` says;
- anything else under ``/id/`` or ``/doc/`` → ``404`` with a link to search the labels.

``Accept`` is read as Apache's mod_negotiation reads it (:mod:`scokg.site.accept`: RFC 9110
§12.5.1 ranges, media-type parameters other than q ignored, Apache's q-value reading and
wildcard "fiddling"). The chosen representation is the one with the highest client q ×
server quality (:data:`scokg.site.formats.REPRESENTATIONS`), as Apache computes it; ties go
to the first in that list (HTML, then Turtle).
"""

from __future__ import annotations

import threading
import urllib.parse
from html import escape

from scokg.errors import ScokgError
from scokg.output.terminal import safe
from scokg.site.accept import accept_quality, parse_accept
from scokg.site.formats import BY_EXT, REPRESENTATIONS, Representation, rdf_text
from scokg.site.index import ONTOLOGY, SiteIndex, iri_of
from scokg.site.page import Renderer
from scokg.stores.front import Answer

LINKED_PREFIXES = ("/id/", "/doc/", "/ontology")


def choose(
    accept: str | None, available: tuple[Representation, ...] = REPRESENTATIONS
) -> Representation | None:
    """The representation of ``available`` that ``accept`` prefers (None or blank: no
    ``Accept`` means ``*/*``); None when it accepts none of them (q=0 for all)."""
    ranges = parse_accept(accept)
    best: tuple[float, int] | None = None
    chosen = None
    for rank, rep in enumerate(available):
        q = accept_quality(ranges, rep.media_type) * rep.quality
        if q > 0 and (best is None or (q, -rank) > best):
            best, chosen = (q, -rank), rep
    return chosen


class LinkedData:
    """Answers the linked-data paths of ``scokg serve`` from one :class:`SiteIndex`.

    Representations are made on first request and kept (the data does not change while
    ``serve`` runs).
    """

    def __init__(self, index: SiteIndex) -> None:
        self.index = index
        self.renderer = Renderer(index)
        self.known = set(index.resources())
        self._cache: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def body(self, iri: str, ext: str) -> bytes:
        """The bytes of one representation of a known resource."""
        key = (iri, ext)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        if ext == "html":
            text = self.renderer.page(iri)
        else:
            text = rdf_text(self.index.description(iri), ext)
        data = text.encode("utf-8")
        with self._lock:
            self._cache[key] = data
        return data

    def carried(self, iri: str) -> tuple[tuple[Representation, ...], dict[str, str]]:
        """The representations that can carry ``iri``'s description, and for each one that
        cannot (RDF/XML and a control character, JSON-LD and an IRI the context would read
        as a compact IRI: what ``scokg build`` refuses too) the reason, by extension."""
        reasons: dict[str, str] = {}
        for rep in REPRESENTATIONS:
            try:
                self.body(iri, rep.ext)
            except (ScokgError, ValueError) as exc:
                reasons[rep.ext] = str(exc)
        return tuple(r for r in REPRESENTATIONS if r.ext not in reasons), reasons

    def __call__(self, method: str, path: str, accept: str | None) -> Answer | None:
        """The answer to ``method path`` (GET or HEAD), or None for a path that is not ours.

        A representation that cannot carry the data is never chosen by ``Accept`` (406
        when nothing else fits); asked for by its extension, it is a 404 with the reason.
        Every error body has its control characters escaped (:func:`safe`).
        """
        if not path.startswith(LINKED_PREFIXES):
            return None
        try:
            return self._answer(path, accept)
        except (ScokgError, ValueError) as exc:  # a page that cannot be made: say why
            text = f"scokg serve: error: {safe(str(exc))}\n".encode()
            return Answer(500, [("Content-Type", "text/plain; charset=utf-8")], text)

    def _answer(self, path: str, accept: str | None) -> Answer:
        path = urllib.parse.unquote(path)
        if path in ("/ontology", "/ontology/"):
            return _redirect("/doc/ontology")
        if path.startswith("/id/"):
            iri = iri_of(path[len("/id/") :])
            if iri in self.known and iri != ONTOLOGY:
                return _redirect("/doc/" + path[len("/id/") :])
            return self._not_found(path)
        if path.startswith("/doc/"):
            rest = path[len("/doc/") :]
            stem, dot, ext = rest.rpartition(".")
            if dot and ext in BY_EXT and "/" not in ext:
                iri = iri_of(stem)
                if iri in self.known:
                    rep = BY_EXT[ext]
                    try:
                        body = self.body(iri, ext)
                    except (ScokgError, ValueError) as exc:
                        return _cannot_carry(rep, str(exc), self.carried(iri)[0])
                    return Answer(200, [("Content-Type", rep.content_type)], body)
            iri = iri_of(rest)
            if iri in self.known:
                return self._negotiate(iri, rest, accept)
        return self._not_found(path)

    def _negotiate(self, iri: str, rest: str, accept: str | None) -> Answer:
        available, reasons = self.carried(iri)
        rep = choose(accept, available)
        stem = rest.rsplit("/", 1)[-1]
        if rep is None:
            items = "".join(
                f'<li><a href="{escape(stem)}.{r.ext}">{r.media_type}</a></li>' for r in available
            )
            missing = "".join(
                f"<li>{BY_EXT[ext].media_type}: {escape(safe(reason))}</li>"
                for ext, reason in reasons.items()
            )
            if missing:
                missing = f"<p>It cannot be written as:</p><ul>{missing}</ul>"
            page = (
                '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                "<title>Not acceptable</title></head><body><main><h1>Not acceptable</h1>"
                f"<p>This resource is available as:</p><ul>{items}</ul>{missing}"
                "</main></body></html>\n"
            )
            return Answer(
                406,
                [("Content-Type", "text/html; charset=utf-8"), ("Vary", "Accept")],
                page.encode("utf-8"),
            )
        return Answer(
            200,
            [
                ("Content-Type", rep.content_type),
                ("Content-Location", f"/doc/{rest}.{rep.ext}"),
                ("Vary", "Accept"),
            ],
            self.body(iri, rep.ext),
        )

    def _not_found(self, path: str) -> Answer:
        words = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
        search = "/?" + urllib.parse.urlencode({"query": _search_query(words)})
        page = self.renderer.not_found(path, search)
        return Answer(404, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8"))


def _search_query(words: str) -> str:
    """A SPARQL query for the query UI: resources whose label contains ``words``."""
    needle = words.replace("\\", "\\\\").replace('"', '\\"')[:100]
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT DISTINCT ?resource ?label WHERE {\n"
        "  ?resource rdfs:label|skos:prefLabel ?label .\n"
        f'  FILTER(CONTAINS(LCASE(STR(?label)), LCASE("{needle}")))\n'
        "} LIMIT 50"
    )


def _cannot_carry(
    rep: Representation, reason: str, available: tuple[Representation, ...]
) -> Answer:
    """404 for a representation asked for by extension that cannot carry the data."""
    others = ", ".join(f".{r.ext}" for r in available)
    text = (
        f"scokg serve: error: this resource has no {rep.media_type} representation: "
        f"{safe(reason)}\n  hint: it is available as {others}\n"
    )
    return Answer(404, [("Content-Type", "text/plain; charset=utf-8")], text.encode("utf-8"))


def _redirect(location: str) -> Answer:
    link = escape(location)
    text = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>See other</title>'
        f'</head><body><p><a href="{link}">{link}</a></p></body></html>\n'
    )
    return Answer(
        303,
        [("Location", location), ("Content-Type", "text/html; charset=utf-8")],
        text.encode("utf-8"),
    )
