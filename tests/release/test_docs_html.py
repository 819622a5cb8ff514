"""The HTML documentation of the release: none of the slips issue 18 found, read from the
built pages (tags stripped) and checked against counts taken from the release itself."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from helpers.release import local_terms
from scokg import vocab
from scokg.project import Project
from scokg.release.build import build_release
from scokg.release.docs import reverse_phrase

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_release(Project.discover(), tmp_path_factory.mktemp("docs") / "dist").out


@pytest.fixture(scope="module")
def pages(dist: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((dist / "docs").glob("*.html"))}


def _text(page: str) -> str:
    """The words a reader sees: tags become spaces, runs of spaces one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("slip", [r"\bof of\b", r"\bis has\b", r"\bis is\b", r"instance\(s\)"])
def test_no_page_reads_a_slip(pages: dict[str, str], slip: str) -> None:
    found = [name for name, page in pages.items() if re.search(slip, _text(page))]
    assert not found, f"{slip!r} in {found}"


def test_reverse_rows_read_with_the_inverse_label_or_a_phrase(pages: dict[str, str]) -> None:
    rows = re.findall(r"<tr><th>(.*?)</th>", pages["organisation.html"])
    headers = {_text(r) for r in rows}
    assert "party to" in headers  # scokg:partyTo owl:inverseOf scokg:party, its own label
    assert "has head" in {
        _text(r) for r in re.findall(r"<tr><th>(.*?)</th>", pages["organisation.html"])
    }
    # scokg:topicOf owl:inverseOf scokg:hasTopic: its own label
    assert "topic of" in {_text(r) for r in re.findall(r"<tr><th>(.*?)</th>", pages["topic.html"])}


@pytest.mark.parametrize(
    ("label", "reading"),
    [
        ("has topic", "is topic of"),
        ("head of", "has head"),
        ("part of", "has part"),
        ("participant", "is participant of"),
        ("implements", "inverse of “implements”"),
        ("post in", "inverse of “post in”"),
    ],
)
def test_reverse_phrase(label: str, reading: str) -> None:
    assert reverse_phrase(label) == reading


def test_counts_include_subclasses_with_the_direct_count_beside(
    dist: Path, pages: dict[str, str]
) -> None:
    graph = rdflib.Graph().parse(dist / "scokg.ttl")
    index = _text(pages["index.html"])
    scokg = rdflib.Namespace(vocab.SCOKG)
    for cls in ("Event", "Meeting", "Organisation"):
        everything = {
            s
            for sub in graph.transitive_subjects(rdflib.RDFS.subClassOf, scokg[cls])
            for s in graph.subjects(rdflib.RDF.type, sub)
        }
        direct = set(graph.subjects(rdflib.RDF.type, scokg[cls]))
        total = f"{len(everything)} instance{'' if len(everything) == 1 else 's'}"
        want = total if everything == direct else f"{total} ({len(direct)} direct)"
        assert re.search(rf"\b{cls}( \(core\))? ?: {re.escape(want)}", index), cls
    assert re.search(r"\bEvent : 3 instances \(1 direct\)", index)
    assert "Event: 3 instances (1 direct)" in _text(pages["event.html"])


def test_aligned_to_shows_the_standard_term_itself(pages: dict[str, str]) -> None:
    cells = re.findall(r"<th>Aligned to</th><td>(.*?)</td>", pages["ontology.html"])
    assert len(cells) > 30
    for cell in cells:
        for link in re.findall(r"<a [^>]*>(.*?)</a>", cell):
            assert link.startswith("<code>") and ":" in link, link  # a prefixed name
    meeting = pages["ontology.html"].split('id="Meeting"', 1)[1].split("</section>", 1)[0]
    assert '<a href="http://schema.org/Event"><code>schema:Event</code></a>' in meeting


def test_index_lists_every_page_and_every_file(dist: Path, pages: dict[str, str]) -> None:
    links = set(re.findall(r'href="([^"#]+)', pages["index.html"]))
    for name in pages:
        assert name == "index.html" or name in links, name
    files = [
        line.split("  ", 1)[1]
        for line in (dist / "SHA256SUMS").read_text("utf-8").splitlines()
        # the site's 1,700 files are reached from its own index page, linked from here
        if not line.split("  ", 1)[1].startswith(("docs/", "site/", "w3id/"))
    ]
    files += ["site/index.html", "w3id/.htaccess"]
    assert any(f.startswith("examples/") for f in files) and any(
        f.startswith("frames/") for f in files
    )
    for name in [*files, "SHA256SUMS"]:
        assert f"../{name}" in links, name


def test_pylode_page_documents_every_local_term_and_is_linked(
    dist: Path, pages: dict[str, str]
) -> None:
    graph = rdflib.Graph().parse(dist / "ontology.ttl")
    terms = local_terms(graph)
    assert len(terms) > 30
    page = pages["pylode.html"]
    missing = sorted(t for t in terms if t not in page)
    assert not missing
    assert 'href="pylode.html"' in pages["index.html"]
    assert "<script src=" not in page  # nothing loaded from elsewhere


def test_pylode_leaves_the_root_logger_as_it_was() -> None:
    """In a fresh interpreter: pyLODE's import-time ``basicConfig(DEBUG)`` is undone."""
    code = (
        "import logging\n"
        "from scokg.project import Project\n"
        "from scokg.release.ontodoc import pylode_html\n"
        "root = logging.getLogger()\n"
        "before = (root.level, list(root.handlers))\n"
        "assert 'scokg' in pylode_html(Project.discover().ontology_file)\n"
        "assert (root.level, list(root.handlers)) == before, (root.level, root.handlers)\n"
        "logging.getLogger('asyncio').debug('must not be printed')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "DEBUG" not in done.stderr and "must not be printed" not in done.stderr
