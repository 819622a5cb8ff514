"""Pages of data with control characters and bidi overrides: strict HTML5, escapes shown.

A label holding DEL, NEL, CR, U+202E (RIGHT-TO-LEFT OVERRIDE), U+2066 and a zero-width
space must give pages that html5lib parses in strict mode, show ``\\uXXXX`` where the
character was (as the CLI does), never carry the raw character anywhere (title, heading,
links to the resource on other pages and the index, embedded JSON-LD), and keep
``<title>`` plain text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.linked import XHTML, check_page, parse_html
from helpers.project import write_project
from scokg import vocab
from scokg.project import Project
from scokg.release.graphs import load_release_graphs
from scokg.site.index import SiteIndex
from scokg.site.page import Renderer
from scokg.site.static import index_page

LABEL = "ctl\u007f\u0085red \u202eevil\r\nline2\ttab \u2066iso\u200bzw"
RAW = ["\u007f", "\u0085", "\u202e", "\r", "\u2066", "\u200b"]
DATA = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "<https://w3id.org/scokg/id/organisation/ctrl> rdfs:label "
    + json.dumps(LABEL, ensure_ascii=True)
    + ' ;\n    rdfs:comment "about \\u202eit" .\n'
    '<https://w3id.org/scokg/id/organisation/other> rdfs:label "Other" ;\n'
    "    skos:related <https://w3id.org/scokg/id/organisation/ctrl> .\n"
)
CTRL = vocab.ID + "organisation/ctrl"
OTHER = vocab.ID + "organisation/other"


@pytest.fixture
def index(tmp_path: Path) -> SiteIndex:
    root = write_project(tmp_path / "project")
    (root / "data" / "ctrl.ttl").write_text(DATA, encoding="utf-8")
    return SiteIndex(load_release_graphs(Project.discover(root)).triples())


def test_the_page_is_strict_html_with_escapes_shown(index: SiteIndex) -> None:
    html = Renderer(index).page(CTRL)
    check_page(index, CTRL, html.encode())
    for char in RAW:
        assert char not in html, repr(char)
    root = parse_html(html.encode())
    title = next(root.iter(f"{XHTML}title"))
    assert list(title) == [] and "<" not in (title.text or "")
    assert (title.text or "").startswith("ctl\\u007F\\u0085red ")
    assert "\\u202E" in (title.text or "")
    h1 = "".join(next(root.iter(f"{XHTML}h1")).itertext())
    assert "\\u202E" in h1 and "\\u200B" in h1 and "line2\ttab" in h1
    script = next(root.iter(f"{XHTML}script"))
    data = json.loads(script.text or "")
    assert data["name"] == LABEL and data["description"] == "about \u202eit"  # same strings


def test_links_to_it_from_other_pages_and_the_index(index: SiteIndex) -> None:
    renderer = Renderer(index)
    for html in (renderer.page(OTHER), index_page(index, renderer)):
        parse_html(html.encode())  # strict: raises on an invalid code point
        for char in RAW:
            assert char not in html, repr(char)
        assert "\\u202E" in html
