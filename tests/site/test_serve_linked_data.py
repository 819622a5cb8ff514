"""Content negotiation in a real ``scokg serve``: every IRI resolves, by ``Accept``."""

from __future__ import annotations

import urllib.parse

import pytest

from helpers.linked import check_page, check_rdf, fetch, follow, walk
from scokg import vocab
from scokg.site.index import SiteIndex

pytestmark = pytest.mark.server

UNODC = "/id/organisation/unodc"


def test_every_representation_of_every_resource(served: str, site_index: SiteIndex) -> None:
    requests = walk(served, site_index)
    assert requests == 2 * 5 * len(site_index.resources())
    assert len(site_index.resources()) > 250  # the whole dataset, not a sample


@pytest.mark.parametrize(
    ("accept", "ext"),
    [
        (None, "html"),
        ("*/*", "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("application/rdf+xml;q=0.9, text/turtle;q=0.2", "rdf"),
        ("text/html;q=0, */*;q=0.1", "ttl"),  # HTML refused; Turtle has the higher qs
        ("application/*", "jsonld"),
        ("text/*;q=0.3, application/n-triples", "nt"),
        ("TEXT/TURTLE", "ttl"),  # media types are case-insensitive
    ],
)
def test_accept_q_values_choose_the_representation(
    served: str, site_index: SiteIndex, accept: str | None, ext: str
) -> None:
    first, reply = follow(served, UNODC, accept)
    assert first.headers["location"] == "/doc/organisation/unodc"
    assert reply.status == 200
    assert reply.headers["content-location"] == f"/doc/organisation/unodc.{ext}"
    assert "Accept" in reply.headers["vary"] and "Origin" in reply.headers["vary"]
    iri = vocab.ID + "organisation/unodc"
    if ext == "html":
        check_page(site_index, iri, reply.body)
    else:
        check_rdf(site_index, iri, ext, reply.body)


def test_nothing_acceptable_is_406_with_the_alternatives(served: str) -> None:
    reply = fetch(served, "/doc/organisation/unodc", "image/png, text/html;q=0")
    assert reply.status == 406
    assert "accept" in reply.headers["vary"].lower()
    for ext in ("html", "ttl", "jsonld", "nt", "rdf"):
        assert f'href="unodc.{ext}"'.encode() in reply.body


def test_a_representation_by_its_own_url_ignores_accept(served: str, site_index: SiteIndex) -> None:
    reply = fetch(served, "/doc/organisation/unodc.ttl", "text/html")
    assert reply.status == 200 and reply.headers["content-type"].startswith("text/turtle")
    check_rdf(site_index, vocab.ID + "organisation/unodc", "ttl", reply.body)


def test_head_gives_the_headers_without_a_body(served: str) -> None:
    get = fetch(served, "/doc/organisation/unodc", "text/turtle")
    head = fetch(served, "/doc/organisation/unodc", "text/turtle", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(get.body))
    assert head.headers["content-location"] == get.headers["content-location"]


def test_ontology_and_its_terms_resolve_to_the_ontology_page(served: str) -> None:
    first, reply = follow(served, "/ontology", "text/html")
    assert first.headers["location"] == "/doc/ontology"
    assert reply.status == 200
    # A term's IRI is ontology#Meeting: the fragment stays in the browser, the page has its id.
    assert b'id="Meeting"' in reply.body
    turtle = fetch(served, "/doc/ontology", "text/turtle")
    assert b"Meeting" in turtle.body


def test_unknown_iri_is_404_with_a_search_link(served: str) -> None:
    reply = fetch(served, "/id/organisation/no-such-body", "text/html")
    assert reply.status == 404
    assert reply.headers["content-type"].startswith("text/html")
    text = reply.body.decode()
    search = text.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(search).query)["query"][0]
    assert "no such body" in query  # the search is for the words of the path
    # The search link opens a query the endpoint answers.
    answer = fetch(
        served,
        "/query?" + urllib.parse.urlencode({"query": query}),
        "application/sparql-results+json",
    )
    assert answer.status == 200
    for path in (
        "/doc/organisation/no-such-body",
        "/doc/organisation/unodc.exe",
        "/id/",
        "/id/../etc/passwd",
    ):
        assert fetch(served, path, "text/html").status == 404, path


def test_host_and_origin_checks_hold_for_linked_data_paths(served: str) -> None:
    import http.client

    port = int(served.rsplit(":", 1)[1])
    for headers, status in (
        ({"Host": "evil.example"}, 421),
        ({"Origin": "http://evil.example"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
    ):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", UNODC, headers=headers)
            assert conn.getresponse().status == status, headers
        finally:
            conn.close()


def test_writes_to_linked_data_paths_are_refused(served: str) -> None:
    for method in ("POST", "PUT", "DELETE"):
        assert fetch(served, UNODC, "text/html", method=method).status == 403
