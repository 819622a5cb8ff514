"""``scokg spans [--fix]``: re-anchor spans after an edit of the source text, and the span
hints of ``validate`` for repeated sentences. Texts are fictional or the bundled document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cli import run_scokg
from helpers.kg import copy_project
from scokg.curating.reanchor import PositionMap, nearest, remap

DOC2020 = "sectsco-20200303-639652"

TEXT = (
    "Harbour Council meets River Guild\n\n"
    "Harbour Council meets River Guild\n\n"
    "On 4 May, the Harbour Council held talks with\u00a0the River Guild in Lowmere. "
    "Mr. K. Arden chaired them. They agreed to meet again!\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _new_document(project: Path, text: str, doc_id: str = "harbour") -> Path:
    source = project.parent / f"{doc_id}.txt"
    source.write_text(text, encoding="utf-8")
    done = run_scokg(
        "--data", str(project), "new-document", str(source), "--id", doc_id,
        "--url", "https://example.org/h", "--issued", "2031-05-04",
        "--publisher", "organisation:sco-secretariat",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return project / "data/documents" / f"{doc_id}.ttl"


def _offsets(turtle: str, sentence: int) -> tuple[int, int]:
    block = turtle.split(f"\nsentence:{sentence}\n", 1)[1].split("\n\n", 1)[0]
    begin = re.search(r'nif:beginIndex "(\d+)"', block)
    end = re.search(r'nif:endIndex "(\d+)"', block)
    assert begin and end
    return int(begin.group(1)), int(end.group(1))


def test_spans_fix_re_anchors_an_edited_text_keeping_comments(project: Path) -> None:
    document = _new_document(project, TEXT)
    with document.open("a", encoding="utf-8") as out:
        out.write("\n# a curator's note that must survive\n")
    edited = TEXT.replace("Harbour Council held", "Harbour Council of Lowmere held")
    (project / "data/sources/harbour.txt").write_text(edited, encoding="utf-8")

    stale = run_scokg("--data", str(project), "spans")
    assert stale.returncode == 1
    assert "sentence:4" in stale.stdout and "scokg:sha256 should be" in stale.stdout
    assert f"nif:endIndex {len(TEXT)} should be {len(edited)}" in stale.stdout
    assert document.read_text(encoding="utf-8").count(str(len(TEXT))) == 1  # nothing written

    fixed = run_scokg("--data", str(project), "spans", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    turtle = document.read_text(encoding="utf-8")
    assert "# a curator's note that must survive" in turtle
    assert "# 3. Facts" in turtle
    for n, quote in [
        (1, "Harbour Council meets River Guild"),
        (2, "Harbour Council meets River Guild"),
        (4, "Mr. K. Arden chaired them."),
    ]:
        b, e = _offsets(turtle, n)
        assert edited[b:e] == quote
    b, e = _offsets(turtle, 3)
    assert edited[b:e].startswith("On 4 May, the Harbour Council of Lowmere held")
    assert run_scokg("--data", str(project), "spans").returncode == 0
    checked = run_scokg("--data", str(project), "validate")
    assert checked.returncode == 0, checked.stdout


def test_spans_it_cannot_map_are_listed_and_the_rest_fixed(project: Path) -> None:
    document = _new_document(project, TEXT)
    # remove the first word of sentence 4 and add a word before it
    edited = TEXT.replace("Mr. K. Arden chaired", "Then K. Arden chaired").replace(
        "On 4 May", "On 4 May 2031"
    )
    (project / "data/sources/harbour.txt").write_text(edited, encoding="utf-8")
    done = run_scokg("--data", str(project), "spans", "--fix")
    assert done.returncode == 1
    assert re.search(r"sentence:4 \[\d+, \d+\) cannot be mapped", done.stdout)
    assert "1 span(s) could not be mapped" in done.stderr and "Traceback" not in done.stderr
    turtle = document.read_text(encoding="utf-8")
    b, e = _offsets(turtle, 5)
    assert edited[b:e] == "They agreed to meet again!"
    again = run_scokg("--data", str(project), "spans")
    assert again.returncode == 1 and "sentence:4" in again.stdout
    assert "sentence:5" not in again.stdout


def test_one_character_edit_of_the_bundled_text_is_repaired(project: Path) -> None:
    text_file = project / f"data/sources/{DOC2020}.txt"
    text = text_file.read_text(encoding="utf-8")
    edited = text.replace("On 3 March, SCO", "On 3 March , SCO", 1)
    assert edited != text
    text_file.write_text(edited, encoding="utf-8")
    broken = run_scokg("--data", str(project), "validate")
    assert broken.returncode == 1
    done = run_scokg("--data", str(project), "spans", "--fix", DOC2020)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(re.findall(r"sentence:\d+ \[", done.stdout)) == 15  # sentences 3..17 moved
    checked = run_scokg("--data", str(project), "validate")
    assert checked.returncode == 0, checked.stdout


def test_misplaced_repeated_heading_is_hinted_and_fixed_at_the_nearest_occurrence(
    project: Path,
) -> None:
    document = project / f"data/documents/{DOC2020}.ttl"
    turtle = document.read_text(encoding="utf-8")
    b, e = _offsets(turtle, 2)
    block = turtle.split("\nsentence:2\n", 1)[1].split("\n\n", 1)[0]
    moved = block.replace(f'beginIndex "{b}"', f'beginIndex "{b + 1}"').replace(
        f'endIndex "{e}"', f'endIndex "{e + 1}"'
    )
    document.write_text(turtle.replace(block, moved), encoding="utf-8")
    report = run_scokg("--data", str(project), "validate")
    assert report.returncode == 1
    assert f"the quote occurs at [{b}, {e})" in report.stdout  # not the title's [0, 61)
    fixed = run_scokg("--data", str(project), "spans", "--fix")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert _offsets(document.read_text(encoding="utf-8"), 2) == (b, e)
    assert run_scokg("--data", str(project), "validate").returncode == 0


def test_spans_names_an_unknown_document(project: Path) -> None:
    done = run_scokg("--data", str(project), "spans", "no-such-doc")
    assert done.returncode == 2 and "no document 'no-such-doc'" in done.stderr


_CHARS = st.sampled_from(list("ab .\n\u00a0é🚢"))


@settings(max_examples=60)
@given(
    head=st.text(_CHARS, max_size=20),
    span=st.text(_CHARS, min_size=1, max_size=20),
    tail=st.text(_CHARS, max_size=20),
    before=st.text(_CHARS, max_size=5),
    after=st.text(_CHARS, max_size=5),
)
def test_edits_outside_a_span_keep_its_quote(
    head: str, span: str, tail: str, before: str, after: str
) -> None:
    old = head + "[" + span + "]" + tail
    new = before + head + "[" + span + "]" + tail + after
    b, e = len(head), len(head) + len(span) + 2
    mapped = remap(old, new, b, e, PositionMap(old, new))
    assert mapped is not None
    assert new[mapped.begin : mapped.end] == mapped.quote
    assert mapped.quote.startswith("[") and mapped.quote.endswith("]")


def test_nearest_picks_the_occurrence_closest_to_the_offset() -> None:
    text = "Title\n\nTitle\n\nBody."
    assert nearest(text, "Title", 8) == 7
    assert nearest(text, "Title", 2) == 0
    assert nearest(text, "Missing", 0) is None


def test_spans_fix_keeps_rdf12_facts_and_checks_them(project: Path) -> None:
    """The bundled document states its facts in the annotation syntax (triple terms): --fix
    re-anchors around them and leaves every fact as it was (issue 19 item 2)."""
    import pyoxigraph as ox

    document = project / f"data/documents/{DOC2020}.ttl"

    def facts() -> set[str]:
        return {
            str(t)
            for t in ox.parse(document.read_bytes(), format=ox.RdfFormat.TURTLE)
            if "nif-core#" not in t.predicate.value
        }

    before = facts()
    assert any("<<(" in f for f in before)  # the document really has triple terms
    text_file = project / f"data/sources/{DOC2020}.txt"
    text_file.write_text(
        text_file.read_text(encoding="utf-8").replace(". ", ".  ", 1), encoding="utf-8"
    )
    done = run_scokg("--data", str(project), "spans", "--fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(fixed)" in done.stdout
    assert facts() == before
    assert run_scokg("--data", str(project), "validate").returncode == 0


def test_spans_fix_prints_fixed_only_for_what_it_wrote(project: Path) -> None:
    document = _new_document(project, TEXT)
    turtle = document.read_text(encoding="utf-8")
    assert "\nsentence:4\n" in turtle
    # A layout --fix cannot edit in place: the subject does not start its line.
    document.write_text(turtle.replace("\nsentence:4\n", "\n sentence:4\n"), encoding="utf-8")
    before = document.read_bytes()
    (project / "data/sources/harbour.txt").write_text("Intro.\n\n" + TEXT, encoding="utf-8")
    done = run_scokg("--data", str(project), "spans", "--fix", "harbour")
    assert done.returncode == 1
    assert "cannot edit harbour.ttl in place" in done.stderr
    assert "(fixed)" not in done.stdout
    assert document.read_bytes() == before


def test_a_moved_sentence_whose_quote_occurs_once_is_placed(project: Path) -> None:
    text = "Title line\n\nThe first point. The second point. The third point.\n"
    document = _new_document(project, text, "moved")
    swapped = text.replace(
        "The second point. The third point.", "The third point. The second point."
    )
    (project / "data/sources/moved.txt").write_text(swapped, encoding="utf-8")
    done = run_scokg("--data", str(project), "spans", "--fix", "moved")
    assert done.returncode == 0, done.stdout + done.stderr
    turtle = document.read_text(encoding="utf-8")
    for n, quote in ((3, "The second point."), (4, "The third point.")):
        b, e = _offsets(turtle, n)
        assert swapped[b:e] == quote
    assert run_scokg("--data", str(project), "spans", "moved").returncode == 0
