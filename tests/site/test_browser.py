"""The pages in a real browser: headless Chromium opens them from a real ``scokg serve``
(through the 303 of the IRI path), and the rendered DOM shows the key facts and the
highlighted sentences; screenshots are taken (to tmp here; ``make dist`` keeps them)."""

from __future__ import annotations

import struct
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import pytest

from helpers.browser import chromium_binary, dump_dom, screenshot
from helpers.linked import XHTML

pytestmark = pytest.mark.server

PAGES = {
    "unodc": "/id/organisation/unodc",
    "meeting": "/id/meeting/norov-waly-2020-03-03",
    "document": "/id/document/sectsco-20200303-639652",
}


@pytest.fixture(scope="module", autouse=True)
def _chromium() -> None:
    if chromium_binary() is None:
        pytest.fail("chromium is not installed: run scripts/ci-install", pytrace=False)


def _text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _rendered(served: str, name: str) -> ElementTree.Element:
    """The DOM as Chromium serialised it (the server's HTML is checked strictly elsewhere;
    a browser's serialisation need not be, so it is read leniently)."""
    return html5lib.parse(dump_dom(served + PAGES[name]))  # type: ignore[no-any-return]


def _facts(root: ElementTree.Element) -> dict[str, list[str]]:
    """Property heading -> the texts of its list items, as the browser rendered them."""
    facts: dict[str, list[str]] = {}
    heading = None
    for element in root.iter():
        if element.tag == f"{XHTML}h3":
            heading = _text(element)
        elif element.tag == f"{XHTML}ul" and heading is not None:
            facts.setdefault(heading, []).extend(_text(li) for li in element.findall(f"{XHTML}li"))
            heading = None
    return facts


def test_unodc_page(served: str) -> None:
    root = _rendered(served, "unodc")
    assert _text(next(root.iter(f"{XHTML}h1"))) == "UN Office on Drugs and Crime"
    facts = _facts(root)
    assert any(item.startswith("Vienna") for item in facts["headquarters"])
    assert any(item.startswith("1997") for item in facts["founding date"])
    marks = [_text(m) for m in root.iter(f"{XHTML}mark")]
    assert (
        "The UN Office on Drugs and Crime (UNODC) was established in 1997 and has its "
        "headquarters in Vienna." in marks
    )


def test_meeting_page(served: str) -> None:
    root = _rendered(served, "meeting")
    facts = _facts(root)
    assert any(item.startswith("2020-03-03") for item in facts["date"])
    participants = " ".join(facts["participant"])
    assert "Vladimir Norov" in participants and "Ghada Fathi Waly" in participants
    notes = " ".join(_text(p) for p in root.iter(f"{XHTML}p") if p.get("class") == "note")
    assert "the year 2020 is taken from the issue date" in notes  # the derivation note
    marks = [_text(m) for m in root.iter(f"{XHTML}mark")]
    assert any(
        m.startswith("On 3 March, SCO Secretary-General Vladimir Norov had a meeting")
        for m in marks
    )


def test_document_page_anchors_every_sentence(served: str) -> None:
    root = _rendered(served, "document")
    spans = {
        s.get("id"): _text(s) for s in root.iter(f"{XHTML}span") if s.get("class") == "sentence"
    }
    assert len(spans) >= 15 and all(k and k.startswith("sentence-") for k in spans)
    assert spans["sentence-14"].startswith(
        "The UN Office on Drugs and Crime (UNODC) was established"
    )


def test_screenshots(served: str, tmp_path: Path) -> None:
    for name, path in PAGES.items():
        png = screenshot(served + path, tmp_path / f"{name}.png", width=1000, height=1400)
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
        assert (width, height) == (1000, 1400)
        assert len(data) > 20_000  # a rendered page, not a blank canvas
