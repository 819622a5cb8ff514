"""A representation that cannot carry a resource's data is left out of negotiation, never a 500.

The data validates but holds what a format cannot write: U+0001 (XML 1.0 forbids it, so no
RDF/XML) and ``<skos:Concept>`` (an absolute IRI that the JSON-LD context would read as a
compact IRI). Negotiation falls back to the formats that can carry it, 406 names the reason
when nothing else fits, asking by extension is a 404 with the reason, and every error body
shows U+202E and other controls as escapes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.project import write_project
from scokg import vocab
from scokg.project import Project
from scokg.release.graphs import load_release_graphs
from scokg.site.index import SiteIndex
from scokg.site.negotiate import LinkedData

DATA = (
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    "<https://w3id.org/scokg/id/organisation/ctrl>\n"
    '    rdfs:label "Ctrl Office" ; rdfs:comment "bell\\u0001 \\u202eevil" .\n'
    "<https://w3id.org/scokg/id/organisation/typo>\n"
    '    rdfs:label "Typo Office" ; skos:closeMatch <skos:Concept> .\n'
)
CTRL = "/doc/organisation/ctrl"
TYPO = "/doc/organisation/typo"


@pytest.fixture
def linked(tmp_path: Path) -> LinkedData:
    root = write_project(tmp_path / "project")
    (root / "data" / "carry.ttl").write_text(DATA, encoding="utf-8")
    index = SiteIndex(load_release_graphs(Project.discover(root)).triples())
    assert vocab.ID + "organisation/ctrl" in index.resources()
    return LinkedData(index)


def answer(linked: LinkedData, path: str, accept: str | None = None):  # noqa: ANN201
    result = linked("GET", path, accept)
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("path", "accept", "ext"),
    [
        (CTRL, "application/rdf+xml", None),
        (CTRL, "application/rdf+xml, text/turtle;q=0.1", "ttl"),
        (CTRL, "application/*", "jsonld"),
        (TYPO, "application/ld+json", None),
        (TYPO, "application/ld+json, application/rdf+xml;q=0.5", "rdf"),
        (TYPO, "application/*", "nt"),
        (TYPO, None, "html"),
    ],
)
def test_negotiation_leaves_out_what_cannot_carry(
    linked: LinkedData, path: str, accept: str, ext: str | None
) -> None:
    result = answer(linked, path, accept)
    if ext is None:
        assert result.status == 406
        body = result.body.decode()
        assert "cannot be written as" in body
        assert "\u202e" not in body and "\x01" not in body
    else:
        assert result.status == 200
        assert dict(result.headers)["Content-Location"].endswith("." + ext)


def test_406_lists_only_what_it_can_give(linked: LinkedData) -> None:
    body = answer(linked, CTRL, "application/rdf+xml").body.decode()
    available = body.split("available as:", 1)[1].split("cannot be written", 1)[0]
    assert "ctrl.ttl" in available and "ctrl.rdf" not in available
    assert "\\u0001" in body or "\\x01" in body


@pytest.mark.parametrize(("path", "ext"), [(CTRL, "rdf"), (TYPO, "jsonld")])
def test_by_extension_is_404_with_the_reason_escaped(
    linked: LinkedData, path: str, ext: str
) -> None:
    result = answer(linked, f"{path}.{ext}")
    assert result.status == 404
    body = result.body.decode()
    assert body.startswith("scokg serve: error: ")
    assert "hint: it is available as .html, .ttl" in body
    assert all(ord(c) >= 0x20 or c == "\n" for c in body)
    assert "\u202e" not in body
