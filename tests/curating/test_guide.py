"""docs/curating.md, run: every ``sh`` block in order, every ``turtle`` block added where it says.

The walk-through of the guide adds a fictional press release (written for the guide; its
organisation, people and events do not exist) to a copy of the bundled project. This test
takes the commands and the Turtle from the guide itself, so the guide cannot rot: a command
that fails, or Turtle that does not validate, fails here. A ``turtle`` block whose first line
is ``# add to PATH`` is added to that file: a block of ``@prefix`` lines after the file's last
``@prefix`` line, any other block at the end (the guide asks a curator to keep IRI order; the
graph is the same). Other ``turtle`` blocks are illustrations and must only parse.

Then the cross-document questions the issue asks (post holders on several dates, the
timeline, the documents that mention an agreement, no duplicated entity) are asked of the
project the guide produced, through the CLI, as a curator would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers.kg import copy_project

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "curating.md"
DOC = "sco-20310514-1"
DOC_IRI = f"https://w3id.org/scokg/id/document/{DOC}"
OLD_DOC_IRI = "https://w3id.org/scokg/id/document/sectsco-20200303-639652"
ID = "https://w3id.org/scokg/id/"

_FENCE = re.compile(r"^( *)```(\w+)\n(.*?)^\1```$", re.S | re.M)
_ADD_TO = re.compile(r"# add to (\S+)")


@dataclass(frozen=True)
class Block:
    """One fenced block of the guide: its language, text and line number."""

    lang: str
    text: str
    line: int


def guide_blocks() -> list[Block]:
    """Every fenced block of docs/curating.md, in order, indentation removed."""
    source = GUIDE.read_text(encoding="utf-8")
    blocks = []
    for m in _FENCE.finditer(source):
        indent = len(m.group(1))
        text = "".join(line[indent:] for line in m.group(3).splitlines(keepends=True))
        blocks.append(Block(m.group(2), text, source.count("\n", 0, m.start()) + 1))
    return blocks


def add_turtle(root: Path, block: Block) -> None:
    """Add a ``# add to PATH`` block to PATH, prefixes with the prefixes, the rest at the end."""
    first, _, body = block.text.partition("\n")
    target = root / _ADD_TO.fullmatch(first.strip()).group(1)  # type: ignore[union-attr]
    assert target.is_file(), f"docs/curating.md:{block.line}: {target} does not exist"
    text = target.read_text(encoding="utf-8")
    lines = [ln for ln in body.splitlines() if ln.strip() and not ln.startswith("#")]
    if lines and all(ln.startswith("@prefix") for ln in lines):
        last = max(m.end() for m in re.finditer(r"^@prefix[^\n]*\n", text, re.M))
        text = text[:last] + body + text[last:]
    else:
        text = text.rstrip("\n") + "\n\n" + block.text
    target.write_text(text, encoding="utf-8")


def _scokg_on_path(folder: Path) -> dict[str, str]:
    """An environment whose PATH has a ``scokg`` running this checkout's package."""
    folder.mkdir()
    wrapper = folder / "scokg"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m scokg "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "200"}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p
    )
    env.pop("SCOKG_ROOT", None)
    return env


@dataclass
class Walk:
    """The project the guide produced, the environment to run scokg in, and each output."""

    root: Path
    env: dict[str, str]
    outputs: list[tuple[Block, str]]

    def scokg(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["scokg", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT run with ``scokg query -e``, as {variable: value}."""
        done = self.scokg("query", "-e", query, "--format", "json")
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]

    def bundled(self, name: str, **params: str) -> list[dict[str, str]]:
        args = ["query", name, "--format", "json"]
        for key, value in params.items():
            args += ["-p", f"{key}={value}"]
        done = self.scokg(*args)
        assert done.returncode == 0, done.stderr
        data = json.loads(done.stdout)
        return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    """Follow docs/curating.md from top to bottom in a copy of the bundled project."""
    base = tmp_path_factory.mktemp("guide")
    root = copy_project(base / "project")
    env = _scokg_on_path(base / "bin")
    outputs: list[tuple[Block, str]] = []
    for block in guide_blocks():
        if block.lang == "sh":
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", block.text],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            assert done.returncode == 0, (
                f"docs/curating.md:{block.line}: the commands failed (exit {done.returncode})\n"
                f"{block.text}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
            )
            outputs.append((block, done.stdout + done.stderr))
        elif block.lang == "turtle" and _ADD_TO.fullmatch(block.text.partition("\n")[0].strip()):
            add_turtle(root, block)
    return Walk(root, env, outputs)


def _output_of(walk: Walk, command: str) -> str:
    found = [out for block, out in walk.outputs if command in block.text]
    assert found, f"no block of the guide runs {command!r}"
    return found[0]


# --- the guide itself -------------------------------------------------------------------


def test_the_guide_has_commands_and_turtle_to_add() -> None:
    blocks = guide_blocks()
    langs = [b.lang for b in blocks]
    assert langs.count("sh") >= 8
    added = [b for b in blocks if b.lang == "turtle" and b.text.startswith("# add to ")]
    assert {_ADD_TO.fullmatch(b.text.partition("\n")[0]).group(1) for b in added} >= {  # type: ignore[union-attr]
        "data/entities.ttl",
        "data/topics.ttl",
        "data/act-kinds.ttl",
        "data/event-codes.ttl",
        f"data/documents/{DOC}.ttl",
    }
    commands = "\n".join(b.text for b in blocks if b.lang == "sh")
    for step in ("scokg new-document", "scokg validate", "scokg spans --fix", "scokg build"):
        assert step in commands
    assert "links.sssom.tsv" in commands


def test_the_lines_per_fact_the_guide_states_are_those_of_its_blocks() -> None:
    facts = lines = 0
    for block in guide_blocks():
        if block.lang == "turtle" and block.text.startswith("# add to data/documents/"):
            body = [
                ln
                for ln in block.text.splitlines()[1:]
                if ln.strip() and not ln.lstrip().startswith("#") and not ln.startswith("@prefix")
            ]
            facts += sum(ln.count("~ fact:") for ln in body)
            lines += len(body)
    assert facts > 0
    stated = f"document above has {facts} facts in {lines} lines ({lines / facts:.1f} per fact"
    assert stated in " ".join(GUIDE.read_text(encoding="utf-8").split())


def test_every_illustrative_turtle_block_parses() -> None:
    """Blocks that are not added to a file still show valid Turtle (prefixes supplied)."""
    prefixes = "".join(
        f"@prefix {p}: <{ns}> .\n"
        for p, ns in {
            "scokg": "https://w3id.org/scokg/ontology#",
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "prov": "http://www.w3.org/ns/prov#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "place": ID + "place/",
            "organisation": ID + "organisation/",
            "topic": ID + "topic/",
            "act-kind": ID + "act-kind/",
            "scheme": ID + "scheme/",
            "sentence": ID + "document/x/sentence/",
            "fact": ID + "document/x/fact/",
        }.items()
    )
    for block in guide_blocks():
        if block.lang != "turtle" or block.text.startswith("# add to "):
            continue
        text = block.text
        if not text.rstrip().endswith("."):  # a fragment of a block: close it
            text = "organisation:x\n" + text.rstrip().rstrip(";") + " .\n"
        elif text.startswith(" "):
            text = "organisation:x\n" + text
        ox.parse(prefixes + text, format=ox.RdfFormat.TURTLE)


# --- following it -----------------------------------------------------------------------


def test_following_the_guide_gives_a_valid_project(walk: Walk) -> None:
    assert "validated: the new files raise no problem" in _output_of(walk, "new-document")
    done = walk.scokg("validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforms" in (done.stdout + done.stderr).lower()


def test_the_new_text_is_stored_byte_for_byte_with_the_correction(walk: Walk) -> None:
    text = (walk.root / "data" / "sources" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert "discussed the illicit" in text
    assert "the the" not in text
    assert (walk.root / "news.txt").read_bytes() != text.encode("utf-8")


def test_spans_fix_repaired_the_edited_text(walk: Walk) -> None:
    before = _output_of(walk, "scokg spans || true")
    assert "sentence" in before  # it listed out-of-date spans before the fix
    done = walk.scokg("spans")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout + done.stderr
    doc = (walk.root / "data" / "documents" / f"{DOC}.ttl").read_bytes()
    text = (walk.root / "data" / "sources" / f"{DOC}.txt").read_text(encoding="utf-8")
    spans = {}
    for t in ox.parse(doc, format=ox.RdfFormat.TURTLE):
        spans.setdefault(t.subject.value, {})[t.predicate.value.rsplit("#", 1)[-1]] = t.object
    checked = 0
    for values in spans.values():
        if "anchorOf" in values and "beginIndex" in values:
            begin, end = int(values["beginIndex"].value), int(values["endIndex"].value)
            assert text[begin:end] == values["anchorOf"].value
            checked += 1
    assert checked == 6


def test_no_entity_is_declared_twice(walk: Walk) -> None:
    """The curator check for shared labels says nothing, and a query finds no pair."""
    done = walk.scokg("validate")
    assert "same label" not in (done.stdout + done.stderr).lower()
    rows = walk.select(
        "SELECT ?a ?b WHERE { GRAPH ?g1 { ?a a ?c ; skos:prefLabel ?l } "
        "GRAPH ?g2 { ?b a ?c ; skos:prefLabel ?l } FILTER(STR(?a) < STR(?b)) "
        "FILTER(STRSTARTS(STR(?c), STR(scokg:))) }"
    )
    assert rows == []


# --- cross-document questions -----------------------------------------------------------


def test_post_holders_on_the_meeting_days_name_the_new_holder(walk: Walk) -> None:
    for day in ("2031-05-12", "2031-05-13"):
        rows = walk.bundled("post-holders", post="sco-secretary-general", date=day)
        attested = [r for r in rows if r["evidence"] == "attested on this date"]
        assert [r["holder"] for r in attested] == [ID + "person/daniyar-kemelov"], rows
        assert attested[0]["source"] == DOC_IRI


def test_post_holders_on_the_2020_meeting_day_name_the_old_holder(walk: Walk) -> None:
    rows = walk.bundled("post-holders", post="sco-secretary-general", date="2020-03-03")
    attested = [r for r in rows if r["evidence"] == "attested on this date"]
    assert [r["holder"] for r in attested] == [ID + "person/vladimir-norov"]
    assert attested[0]["source"] == OLD_DOC_IRI


def test_post_holders_between_the_documents_give_evidence_on_both_sides(walk: Walk) -> None:
    rows = walk.bundled("post-holders", post="sco-secretary-general", date="2025-01-01")
    by = {r["evidence"]: r for r in rows}
    assert "attested on this date" not in by
    before, after = by["nearest attestation before"], by["nearest attestation after"]
    assert (before["holder"], before["attestedOn"], before["source"]) == (
        ID + "person/vladimir-norov",
        "2020-03-03",
        OLD_DOC_IRI,
    )
    assert (after["holder"], after["attestedOn"], after["source"]) == (
        ID + "person/daniyar-kemelov",
        "2031-05-12",
        DOC_IRI,
    )


def test_post_holders_after_the_last_attestation_give_only_evidence_before(walk: Walk) -> None:
    rows = walk.bundled("post-holders", post="sco-secretary-general", date="2031-05-14")
    assert {r["evidence"] for r in rows} == {"nearest attestation before"}
    assert {(r["holder"], r["attestedOn"]) for r in rows} == {
        (ID + "person/daniyar-kemelov", "2031-05-13")
    }


def test_the_timeline_holds_both_documents_in_order(walk: Walk) -> None:
    rows = walk.bundled("timeline")
    events = [r["event"] for r in rows]
    old = events.index(ID + "meeting/norov-waly-2020-03-03")
    new = events.index(ID + "meeting/kemelov-ostrova-2031-05-12")
    assert old < new
    assert (rows[new]["start"], rows[new]["end"]) == ("2031-05-12", "2031-05-13")
    assert rows[-1]["event"] == ID + "meeting/kemelov-ostrova-2031-05-12"


def test_both_documents_mention_the_2011_memorandum(walk: Walk) -> None:
    rows = walk.select(
        "SELECT DISTINCT ?doc WHERE { "
        "?st a rdf:Statement ; prov:wasDerivedFrom ?sentence . "
        "{ ?st rdf:object agreement:sco-secretariat-unodc-mou-2011 } UNION "
        "{ ?st rdf:subject agreement:sco-secretariat-unodc-mou-2011 } "
        "?sentence nif:referenceContext ?doc } ORDER BY ?doc",
    )
    assert [r["doc"] for r in rows] == [DOC_IRI, OLD_DOC_IRI]
    sources = walk.bundled("fact-sources", resource="sco-secretariat-unodc-mou-2011")
    assert any(DOC in json.dumps(r) for r in sources)


def test_each_document_keeps_its_own_post_holding_statements(walk: Walk) -> None:
    rows = walk.select(
        "SELECT ?g (COUNT(?st) AS ?n) WHERE { GRAPH ?g { ?st a rdf:Statement ; "
        "rdf:predicate scokg:attestedOn } } GROUP BY ?g ORDER BY ?g"
    )
    counts = {r["g"].rsplit("/", 1)[-1]: int(r["n"]) for r in rows}
    assert counts == {DOC: 4, "sectsco-20200303-639652": 2}


# --- the release built by the guide -----------------------------------------------------


def test_the_release_follows_both_documents(walk: Walk) -> None:
    dist = walk.root / "dist"
    dot_title = _diagram_title(dist / "diagram.svg")
    assert "2 source documents" in dot_title and "2020" in dot_title and "2031" in dot_title
    per_doc = sorted(p.name for p in (dist / "diagrams").glob("*.svg"))
    assert per_doc == [f"{DOC}.svg", "sectsco-20200303-639652.svg"]
    new_svg = (dist / "diagrams" / f"{DOC}.svg").read_text("utf-8")
    assert "Lena Ostrova" in new_svg and "Vladimir Norov" not in new_svg
    index = (dist / "docs" / "index.html").read_text("utf-8")
    assert "SCO Secretary-General meets the Director of the Aral Basin" in index
    assert "SCO Secretary-General meets with new UNODC Executive Director" in index
    void = ox.Store()
    void.load(path=str(dist / "void.ttl"), format=ox.RdfFormat.TURTLE)
    got = {
        str(r["p"].value).rsplit("#", 1)[-1]: r["v"].value
        for r in void.query(
            "SELECT ?p ?v WHERE { <https://w3id.org/scokg/dataset> "
            "<http://purl.org/dc/terms/temporal> ?t . ?t ?p ?v "
            "FILTER(?p IN (<http://www.w3.org/ns/dcat#startDate>, "
            "<http://www.w3.org/ns/dcat#endDate>)) }"
        )
    }
    # the earliest date the data states: UNODC founded in 1997 (2020 document, sentence 14);
    # the latest: the issue date of the guide's document
    assert got == {"startDate": "1997", "endDate": "2031-05-14"}
    examples = sorted(p.name for p in (dist / "examples").glob("*.jsonld"))
    assert examples == [
        "agreement.jsonld",
        "meeting.jsonld",
        "organisation.jsonld",
        "person.jsonld",
        "postholding.jsonld",
        "topic.jsonld",
    ]


def _diagram_title(svg: Path) -> str:
    """The graph label Graphviz wrote as the first text of the SVG."""
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text("utf-8"))
    return texts[0].replace("&#45;", "-") if texts else ""
