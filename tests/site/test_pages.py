"""The page renderer on its own: hostile data stays text, and Accept parsing picks by q."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.linked import XHTML, check_page, check_rdf, parse_html
from helpers.project import write_project
from scokg import vocab
from scokg.project import Project
from scokg.release.graphs import load_release_graphs
from scokg.site.index import SiteIndex
from scokg.site.negotiate import choose
from scokg.site.page import Renderer

HOSTILE = (
    "@prefix id: <https://w3id.org/scokg/id/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "<https://w3id.org/scokg/id/organisation/evil>\n"
    '    rdfs:label "</script><script>alert(1)</script><b>&amp;\\"\'" ;\n'
    '    rdfs:comment "</title><!-- \\u2028" ;\n'
    '    id:count "007"^^xsd:byte ;\n'
    "    owl:sameAs <javascript:alert(1)> , <http://www.wikidata.org/entity/Q42> .\n"
)
EVIL = vocab.ID + "organisation/evil"


@pytest.fixture
def hostile(tmp_path: Path) -> SiteIndex:
    root = write_project(tmp_path / "project")
    (root / "data" / "hostile.ttl").write_text(HOSTILE, encoding="utf-8")
    return SiteIndex(load_release_graphs(Project.discover(root)).triples())


def test_hostile_labels_stay_text(hostile: SiteIndex) -> None:
    html = Renderer(hostile).page(EVIL)
    check_page(hostile, EVIL, html.encode())  # strict HTML5, one script (the JSON-LD)
    root = parse_html(html.encode())
    h1 = next(root.iter(f"{XHTML}h1"))
    assert "".join(h1.itertext()) == "</script><script>alert(1)</script><b>&amp;\"'"
    script = next(root.iter(f"{XHTML}script"))
    assert json.loads(script.text or "")["name"] == "</script><script>alert(1)</script><b>&amp;\"'"
    hrefs = [a.get("href") or "" for a in root.iter(f"{XHTML}a")]
    assert not any(h.startswith("javascript:") for h in hrefs)  # shown, never a link
    assert "http://www.wikidata.org/entity/Q42" in hrefs  # out-link
    assert "\\u2028" in html and "\u2028" not in html  # an invisible character is shown


def test_typed_literals_keep_their_lexical_form(hostile: SiteIndex) -> None:
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        from scokg.site.formats import rdf_text

        text = rdf_text(hostile.description(EVIL), ext)
        assert "007" in text, ext
        check_rdf(hostile, EVIL, ext, text.encode())


@pytest.mark.parametrize(
    ("accept", "ext"),
    [
        (None, "html"),
        ("", "html"),  # an empty Accept: RFC 9110 allows anything
        ("text/turtle", "ttl"),
        ("text/turtle;q=0.1, application/n-triples;q=0.2", "nt"),
        ("application/json", None),
        ("text/turtle;q=0", None),
        ("*/*;q=0.5, text/html;q=0", "ttl"),
        ("application/rdf+xml, text/html", "html"),  # equal q: the server's qs decides
    ],
)
def test_choose(accept: str | None, ext: str | None) -> None:
    chosen = choose(accept)
    assert (chosen.ext if chosen else None) == ext
