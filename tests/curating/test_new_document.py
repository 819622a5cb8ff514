"""``scokg new-document``: the three files of a new document, exact, validated, all or none.

Texts are fictional, written for these tests.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cli import run_scokg
from helpers.kg import copy_project
from scokg.curating.files import place_new_files
from scokg.curating.scaffold import DocumentInfo, scaffold
from scokg.curating.selfcheck import scaffold_problems
from scokg.curating.sentences import split_sentences

REPO = Path(__file__).resolve().parents[2]
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

TEXT = (
    "Harbour Council meets River Guild\n\n"
    "Harbour Council meets River Guild\n\n"
    "On 4 May, the Harbour Council held talks with\u00a0the River Guild in Lowmere. "
    'Mr. K. Arden chaired them and said "ships first". They agreed to meet again!\n\n'
    "The Guild was founded in 1890 – its seat is in Lowmere.\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled ontology and data: a project that validates."""
    return copy_project(tmp_path / "project")


def _spans(turtle: bytes, doc: str) -> list[tuple[int, int, str]]:
    found: dict[str, dict[str, str]] = {}
    for t in ox.parse(turtle, format=ox.RdfFormat.TURTLE):
        if isinstance(t.object, (ox.Literal, ox.NamedNode)):  # not an RDF 1.2 triple term
            found.setdefault(str(t.subject), {})[t.predicate.value] = t.object.value
    return sorted(
        (int(v[NIF + "beginIndex"]), int(v[NIF + "endIndex"]), v[NIF + "anchorOf"])
        for v in found.values()
        if v.get(NIF + "referenceContext") == doc
    )


def test_sentences_of_the_bundled_document_match_its_curated_offsets() -> None:
    doc_file = REPO / "data/documents/sectsco-20200303-639652.ttl"
    text = (REPO / "data/sources/sectsco-20200303-639652.txt").read_text(encoding="utf-8")
    curated = _spans(
        doc_file.read_bytes(), "https://w3id.org/scokg/id/document/sectsco-20200303-639652"
    )
    ours = [(s.begin, s.end, s.quote) for s in split_sentences(text)]
    assert curated and ours == curated


def test_new_document_writes_exact_files_that_validate(project: Path) -> None:
    source = project.parent / "harbour.txt"
    source.write_bytes(TEXT.encode("utf-8"))
    done = run_scokg(
        "--data",
        str(project),
        "new-document",
        str(source),
        "--id",
        "harbour-2031-05-04",
        "--url",
        "https://example.org/harbour/1",
        "--issued",
        "2031-05-04",
        "--publisher",
        "organisation:sco-secretariat",
    )
    assert done.returncode == 0, done.stderr
    assert "validated: the new files raise no problem" in done.stdout
    txt = project / "data/sources/harbour-2031-05-04.txt"
    assert txt.read_bytes() == TEXT.encode("utf-8")
    meta = (project / "data/sources/harbour-2031-05-04.meta.ttl").read_text(encoding="utf-8")
    assert hashlib.sha256(TEXT.encode("utf-8")).hexdigest() in meta
    assert '"2031-05-04"^^xsd:date' in meta and "<https://example.org/harbour/1>" in meta
    document = (project / "data/documents/harbour-2031-05-04.ttl").read_bytes()
    spans = _spans(document, "https://w3id.org/scokg/id/document/harbour-2031-05-04")
    assert [q for _, _, q in spans][:2] == ["Harbour Council meets River Guild"] * 2
    assert len(spans) == 6
    for begin, end, quote in spans:
        assert TEXT[begin:end] == quote
    assert f'nif:endIndex "{len(TEXT)}"' in document.decode()
    assert "# 3. Facts" in document.decode()
    checked = run_scokg("--data", str(project), "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_new_document_reads_stdin_and_marks_missing_metadata(project: Path) -> None:
    import subprocess
    import sys

    from helpers.cli import cli_env

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scokg",
            "--data",
            str(project),
            "new-document",
            "-",
            "--id",
            "from-stdin",
        ],
        input=TEXT.encode("utf-8"),
        capture_output=True,
        env=cli_env(),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (project / "data/sources/from-stdin.txt").read_bytes() == TEXT.encode("utf-8")
    meta = (project / "data/sources/from-stdin.meta.ttl").read_text(encoding="utf-8")
    assert "# TODO dcterms:issued" in meta
    assert b"fill in --issued" in done.stderr
    assert b"needs exactly one issue date" in done.stderr  # validated in the project


def test_new_document_never_overwrites(project: Path) -> None:
    source = project.parent / "t.txt"
    source.write_text(TEXT, encoding="utf-8")
    existing = project / "data/sources/sectsco-20200303-639652.txt"
    before = {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    done = run_scokg("--data", str(project), "new-document", str(source), "--id", existing.stem)
    assert done.returncode == 2
    assert "exists already" in done.stderr and "Traceback" not in done.stderr
    after = {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("content", "args", "code", "message"),
    [
        (b"caf\xe9 au lait.\n", ["--id", "latin"], 1, "not UTF-8: byte 3"),
        (b" \n\t\n", ["--id", "blank"], 1, "empty"),
        (b"One sentence.\n", ["--id", "../escape"], 2, "not a document id"),
        (b"One sentence.\n", ["--id", "x.meta"], 2, "reserved"),
        (b"One sentence.\n", ["--id", "ok", "--language", "english"], 2, "ISO 639-1"),
        (b"One sentence.\n", ["--id", "ok", "--issued", "4 May"], 2, "YYYY-MM-DD"),
        (b"One sentence.\n", ["--id", "ok", "--language", "xx"], 2, "no rules for it"),
        (b"One sentence.\n", ["--id", "ok", "--publisher", "nope:x"], 2, "prefixed name"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    project: Path, content: bytes, args: list[str], code: int, message: str
) -> None:
    source = project.parent / "in.txt"
    source.write_bytes(content)
    before = sorted(p.name for p in (project / "data").rglob("*"))
    done = run_scokg("--data", str(project), "new-document", str(source), *args)
    assert done.returncode == code, done.stderr
    assert done.stderr.startswith("scokg: error:") or "error:" in done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in (project / "data").rglob("*")) == before


def test_place_new_files_writes_all_or_nothing(tmp_path: Path) -> None:
    taken = tmp_path / "b" / "taken.txt"
    taken.parent.mkdir()
    taken.write_text("old")
    files = {tmp_path / "a" / "one.txt": b"1", taken: b"2"}
    with pytest.raises(FileExistsError):
        place_new_files(files)
    assert not (tmp_path / "a" / "one.txt").exists() and taken.read_text() == "old"


def test_place_new_files_rolls_back_when_a_file_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer creates the second file between the check and the link: the first
    file, already placed, is removed again and the other writer's file is kept."""
    import os

    real_link = os.link

    def racing_link(src: str, dst: Path) -> None:
        if Path(dst).name == "d.txt":
            Path(dst).write_text("theirs")
        real_link(src, dst)

    monkeypatch.setattr("scokg.curating.files.os.link", racing_link)
    with pytest.raises(FileExistsError):
        place_new_files({tmp_path / "c.txt": b"3", tmp_path / "d.txt": b"4"})
    assert not (tmp_path / "c.txt").exists()
    assert (tmp_path / "d.txt").read_text() == "theirs"
    assert [p.name for p in tmp_path.rglob(".*new-*")] == []


_WORDS = st.sampled_from(
    ["Lowmere", "guild", "Mr.", "Dr", "talks", "\u00a0", "é", "«ships»", '"x"', "\\", "3.5", "🚢"]
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join).map(lambda s: s + ".")
_TEXT = st.lists(
    st.tuples(_SENTENCE, st.sampled_from([" ", "\n", "\n\n", "\r\n", "\t"])), min_size=1, max_size=6
).map(lambda parts: "".join(s + sep for s, sep in parts))


@settings(max_examples=40)
@given(text=_TEXT)
def test_any_text_gives_files_that_parse_and_slice_back(text: str) -> None:
    result = scaffold(text.encode("utf-8"), DocumentInfo(doc_id="prop", issued=None))
    assert scaffold_problems(result, "prop") == []
    assert result.length == len(text)
    for span in result.sentences:
        assert text[span.begin : span.end] == span.quote and span.quote == span.quote.strip()
    assert re.search(
        f'nif:endIndex "{len(text)}"', result.files["data/documents/prop.ttl"].decode()
    )
