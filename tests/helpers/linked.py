"""Walk every resource of the site over HTTP (``scokg serve`` or Apache) and check it.

For each resource and each representation: the IRI path answers ``303`` to the generic
document, the document answers the representation ``Accept`` asks for (with
``Content-Location`` and ``Vary: Accept``), and the body parses — with pyoxigraph *and* with
rdflib — to exactly the resource's description. Pages are checked as HTML5 (html5lib,
strict) with ``lang``, headings in order, alt text, and a link to every sentence a fact of the
resource is derived from.
"""

from __future__ import annotations

import http.client
import io
import json
import urllib.parse
from dataclasses import dataclass
from xml.etree import ElementTree

import html5lib
import pyoxigraph
import rdflib
import rdflib.compare

from scokg import vocab
from scokg.site.formats import BY_EXT, RDF_REPRESENTATIONS
from scokg.site.index import DERIVED, SiteIndex, local_path

XHTML = "{http://www.w3.org/1999/xhtml}"
OX_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "rdf": pyoxigraph.RdfFormat.RDF_XML,
}
RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(base: str, path: str, accept: str | None = None, method: str = "GET") -> Reply:
    """One request, no redirect followed; header names in lower case."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        headers = {"Accept": accept} if accept is not None else {}
        conn.request(method, parts.path.rstrip("/") + path, headers=headers)
        answer = conn.getresponse()
        body = answer.read()
        return Reply(answer.status, {k.lower(): v for k, v in answer.getheaders()}, body)
    finally:
        conn.close()


def follow(base: str, path: str, accept: str | None) -> tuple[Reply, Reply]:
    """The 303 of ``path`` and the answer at its ``Location`` (same ``Accept``)."""
    first = fetch(base, path, accept)
    assert first.status == 303, (path, first.status, first.body[:300])
    location = first.headers["location"]
    target = urllib.parse.urlsplit(urllib.parse.urljoin(base.rstrip("/") + path, location))
    root = urllib.parse.urlsplit(base).path.rstrip("/")
    assert target.path.startswith(root), (location, base)
    return first, fetch(base, target.path[len(root) :], accept)


def expected_texts(index: SiteIndex, iri: str) -> set[str]:
    return {str(t) for t in index.description(iri)}


def expected_rdflib(index: SiteIndex, iri: str) -> rdflib.Graph:
    text = pyoxigraph.serialize(index.description(iri), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=(text or b"").decode("utf-8"), format="nt")


def check_rdf(index: SiteIndex, iri: str, ext: str, body: bytes) -> None:
    """``body`` parses with pyoxigraph (term for term) and rdflib (isomorphic) to the
    description of ``iri``."""
    got = {
        str(pyoxigraph.Triple(q.subject, q.predicate, q.object))
        for q in pyoxigraph.parse(body, format=OX_FORMATS[ext])
    }
    want = expected_texts(index, iri)
    assert got == want, (iri, ext, sorted(want - got)[:3], sorted(got - want)[:3])
    parsed = rdflib.Graph().parse(data=body.decode("utf-8"), format=RDFLIB_FORMATS[ext])
    assert rdflib.compare.isomorphic(parsed, expected_rdflib(index, iri)), (iri, ext)


def parse_html(body: bytes) -> ElementTree.Element:
    """The page, parsed by a strict HTML5 parser (any parse error raises)."""
    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(
        io.BytesIO(body), transport_encoding="utf-8"
    )
    return document  # type: ignore[no-any-return]


def check_page(index: SiteIndex, iri: str, body: bytes) -> None:
    """Strict HTML5, ``lang``, one ``h1`` and headings in order, alt text, no script but
    JSON-LD, alternates for every RDF format, and a link to each source sentence."""
    root = parse_html(body)
    assert root.get("lang") == "en", iri
    levels = [int(e.tag[-1]) for e in root.iter() if e.tag in {f"{XHTML}h{i}" for i in range(1, 7)}]
    assert levels and levels[0] == 1 and levels.count(1) == 1, (iri, levels)
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (iri, levels)
    for img in root.iter(f"{XHTML}img"):
        assert img.get("alt"), iri
    scripts = list(root.iter(f"{XHTML}script"))
    assert [s.get("type") for s in scripts] == ["application/ld+json"], iri
    data = json.loads(scripts[0].text or "")
    assert data["@id"] == iri
    alternates = {
        link.get("type"): link.get("href")
        for link in root.iter(f"{XHTML}link")
        if link.get("rel") == "alternate"
    }
    stem = stem_of(iri)
    assert alternates == {r.media_type: f"{stem}.{r.ext}" for r in RDF_REPRESENTATIONS}, iri
    page = f"http://site/doc/{local_path(iri)}.html"
    links = {urllib.parse.urljoin(page, a.get("href") or "") for a in root.iter(f"{XHTML}a")}
    for sentence in sentences_of(index, iri):
        doc, _, number = sentence.rpartition("/sentence/")
        assert f"http://site/doc/{local_path(doc)}.html#sentence-{number}" in links, (iri, sentence)


def sentences_of(index: SiteIndex, iri: str) -> set[str]:
    """Every sentence a triple of ``iri`` (as subject) is derived from, through its
    statement or directly."""
    found = set()
    for t in index.subject_triples(iri):
        if t.predicate.value == DERIVED and "/sentence/" in str(t.object):
            found.add(t.object.value)  # type: ignore[union-attr]
        key = (str(t.subject), str(t.predicate), str(t.object))
        for stmt in index.statements.get(key, []):
            for s in index.by_subject.get(stmt, []):
                if s.predicate.value == DERIVED and "/sentence/" in str(s.object):
                    found.add(s.object.value)  # type: ignore[union-attr]
    return found


def id_path(iri: str) -> str:
    """The site path of a resource IRI: ``/id/organisation/unodc`` or ``/ontology``."""
    if iri == vocab.SCOKG.rstrip("#"):
        return "/ontology"
    return "/id/" + iri[len(vocab.ID) :]


def stem_of(iri: str) -> str:
    path = local_path(iri)
    assert path is not None, iri
    return path.rsplit("/", 1)[-1]


def walk(base: str, index: SiteIndex) -> int:
    """Every representation of every resource, through the 303; returns the requests made."""
    requests = 0
    for iri in index.resources():
        path = id_path(iri)
        for ext, rep in BY_EXT.items():
            first, reply = follow(base, path, rep.media_type)
            requests += 2
            assert reply.status == 200, (path, ext, reply.status)
            assert reply.headers["content-type"].split(";")[0].strip() == rep.media_type
            assert "accept" in reply.headers.get("vary", "").lower(), (path, reply.headers)
            location = reply.headers["content-location"]
            assert location.endswith(f"{stem_of(iri)}.{ext}"), location
            if ext == "html":
                check_page(index, iri, reply.body)
            else:
                check_rdf(index, iri, ext, reply.body)
    return requests
