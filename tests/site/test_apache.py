"""The static site of ``scokg build`` behind a real Apache httpd: the same answers as
``scokg serve`` for every representation of every resource, and the w3id.org rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.linked import fetch, follow, id_path, walk
from scokg.site.index import SiteIndex

pytestmark = pytest.mark.server

ACCEPTS = [
    None,
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "text/turtle;q=0.5, application/ld+json",
    "application/rdf+xml;q=0.9, text/turtle;q=0.2",
    "text/html;q=0, */*;q=0.1",
    "application/*",
    "text/*;q=0.3, application/n-triples",
    "application/n-triples;q=0.4, application/rdf+xml;q=0.5",
    # Media-type parameters other than q are ignored for matching (Apache, RFC 9110 §12.5.1).
    "text/turtle;charset=utf-8",
    "text/turtle;level=1",
    'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"',
    'application/ld+json;profile="a,b;q=0", text/html;q=0.5',
    "TEXT/Turtle ; Charset=UTF-8",
    # q-values read as Apache reads them: invalid ones count 1, at most three decimals.
    "text/turtle;q=2",
    "text/turtle;q=abc, text/html;q=0.1",
    "text/turtle;q=, text/html;q=0.1",
    "text/turtle;q=.5, text/html;q=0.4",
    "text/turtle;q=0.9999, text/html;q=0.9",
    "text/turtle;q=1.5, text/html;q=0.99",
    "text/turtle;qs=0.1, text/html;q=0.5",
    # Wildcards without q-values count low ("fiddled"), with them as given.
    "text/turtle, */*",
    "application/rdf+xml, text/*",
    "*",
    "application/n-triples, text/html;q=1",
    "text/html;level=2, text/turtle",
]


def test_every_representation_of_every_resource(
    apache_site: tuple[str, Path], site_index: SiteIndex
) -> None:
    base, _ = apache_site
    assert walk(base + "/site", site_index) == 2 * 5 * len(site_index.resources())


@pytest.mark.parametrize("accept", ACCEPTS)
def test_apache_and_serve_choose_alike(
    apache_site: tuple[str, Path], served: str, accept: str | None
) -> None:
    base, _ = apache_site
    for path in ("/id/organisation/unodc", "/id/meeting/norov-waly-2020-03-03", "/ontology"):
        _, by_apache = follow(base + "/site", path, accept)
        _, by_serve = follow(served, path, accept)
        assert by_apache.status == by_serve.status == 200
        ext = by_serve.headers["content-location"].rsplit(".", 1)[1]
        assert by_apache.headers["content-location"].rsplit(".", 1)[1] == ext, accept
        assert by_apache.body == by_serve.body  # the same bytes from both


def test_406_404_and_head(apache_site: tuple[str, Path]) -> None:
    base, _ = apache_site
    site = base + "/site"
    assert fetch(site, "/doc/organisation/unodc", "image/png").status == 406
    assert fetch(site, "/id/organisation/no-such-body", "text/html").status == 404
    get = fetch(site, "/doc/organisation/unodc", "text/turtle")
    head = fetch(site, "/doc/organisation/unodc", "text/turtle", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(get.body))


def test_w3id_rules_redirect_every_iri_to_the_site(
    apache_site: tuple[str, Path], site_index: SiteIndex
) -> None:
    """``/scokg/id/...`` (what w3id.org would hold) answers 303 to the site's document,
    which then negotiates; every IRI, one Accept each, in turn."""
    base, _ = apache_site
    w3id = base + "/scokg"
    kinds = [
        "text/html",
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
    ]
    for number, iri in enumerate(site_index.resources()):
        path = id_path(iri)
        accept = kinds[number % len(kinds)]
        first = fetch(w3id, path, accept)
        assert first.status == 303, (path, first.status)
        doc = path.replace("/id/", "/doc/", 1) if path.startswith("/id/") else "/doc/ontology"
        assert first.headers["location"] == f"{base}/site{doc}"
        answer = fetch(base + "/site", doc, accept)
        assert answer.status == 200
        assert answer.headers["content-type"].startswith(accept)
    assert fetch(w3id, "/id/organisation/no-such-body", "text/html").status == 303  # w3id
    # cannot know what the site holds: the site answers 404
    assert fetch(base + "/site", "/doc/organisation/no-such-body", "text/html").status == 404
