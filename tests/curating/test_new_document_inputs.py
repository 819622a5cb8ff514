"""``scokg new-document`` on awkward input (issue 19 item 4): titles with control
characters, control and bidi characters in the text, hard-wrapped paragraphs, a BOM,
UTF-16, and one giant sentence. Texts are fictional, written for these tests."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers.cli import run_scokg
from helpers.kg import copy_project
from scokg.curating import sentences as sentences_module
from scokg.curating.scaffold import BIDI_CONTROLS, DocumentInfo, scaffold
from scokg.curating.selfcheck import scaffold_problems
from scokg.curating.sentences import CHUNK, split_sentences


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _files(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "data").rglob("*"))


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("a\nb", "U+000A"),
        ("a\rb", "U+000D"),
        ("tab\there", "U+0009"),
        ("esc\x1b[31m", "U+001B"),
        ("line\u2028sep", "U+2028"),
        ("nel\x85", "U+0085"),
        ("   ", "only white space"),
        ("", "only white space"),
    ],
)
def test_a_title_with_control_characters_or_blank_is_refused(
    project: Path, title: str, message: str
) -> None:
    source = project.parent / "in.txt"
    source.write_text("Lowmere Guild meets.\n", encoding="utf-8")
    before = _files(project)
    done = run_scokg(
        "--data", str(project), "new-document", str(source), "--id", "t1", "--title", title
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("scokg: error: --title") and message in done.stderr
    assert "internal error" not in done.stderr
    assert _files(project) == before


@pytest.mark.parametrize(
    "issued", ["20310501", "-2020-03-03", "10000-01-01", "0000-01-01", " 2020-03-03", "2020-3-3"]
)
def test_an_issue_date_not_written_yyyy_mm_dd_is_refused(project: Path, issued: str) -> None:
    source = project.parent / "in.txt"
    source.write_text("Lowmere Guild meets.\n", encoding="utf-8")
    before = _files(project)
    done = run_scokg(
        "--data", str(project), "new-document", str(source), "--id", "t1", f"--issued={issued}"
    )
    assert done.returncode == 2, done.stderr
    assert "--issued" in done.stderr and "give YYYY-MM-DD" in done.stderr
    assert _files(project) == before


def _raw_oddities(text: str) -> list[str]:
    """Control characters (other than line feed) and bidi controls written raw."""
    return [
        f"U+{ord(ch):04X}"
        for ch in text
        if (unicodedata.category(ch) == "Cc" and ch != "\n") or ch in BIDI_CONTROLS
    ]


def test_comments_and_literals_never_carry_raw_control_or_bidi_characters() -> None:
    text = "Mixed\u202e title\x1b[31m\x00 end\n\nRLO\u2067 and ESC\x07 in the Lowmere text.\n"
    info = DocumentInfo("odd", title="Odd \u202e\u2066 title")
    result = scaffold(text.encode("utf-8"), info)
    assert scaffold_problems(result, "odd") == []
    for name, content in result.files.items():
        if name.endswith(".ttl"):
            written = content.decode("utf-8")
            assert _raw_oddities(written) == [], name
            assert "\\u202E" in written  # escaped, so still visible
            # the escapes are lexical only: the parsed literals hold the characters
            values = {
                t.object.value
                for t in ox.parse(content, format=ox.RdfFormat.TURTLE)
                if isinstance(t.object, ox.Literal)
            }
            assert text in values or "Odd \u202e\u2066 title" in values


def test_hard_wrapped_paragraphs_are_not_cut_at_each_line_end() -> None:
    text = (
        "Heading of the note\n\n"
        "The Guild of Lowmere met the Harbour Council of the\n"
        "Eastern Bay in Lowmere on Monday. They discussed\n"
        "the new quays and the winter tolls.\r\n"
        "Short heading\n"
        "The second paragraph starts right below its heading and runs on.\n"
    )
    found = split_sentences(text)
    assert [s.quote for s in found] == [
        "Heading of the note",
        "The Guild of Lowmere met the Harbour Council of the\nEastern Bay in Lowmere on Monday.",
        "They discussed\nthe new quays and the winter tolls.",
        "Short heading",
        "The second paragraph starts right below its heading and runs on.",
    ]
    assert all(text[s.begin : s.end] == s.quote for s in found)
    assert [s.heading for s in found] == [True, False, False, True, False]


def test_a_bom_is_not_part_of_sentence_one_nor_of_the_title() -> None:
    raw = b"\xef\xbb\xbfLowmere notice\n\nThe Guild met. It agreed.\n"
    result = scaffold(raw, DocumentInfo("bom"))
    assert scaffold_problems(result, "bom") == []
    first = result.sentences[0]
    assert (first.begin, first.end, first.quote) == (1, 15, "Lowmere notice")
    meta = result.files["data/sources/bom.meta.ttl"].decode("utf-8")
    assert 'dcterms:title "Lowmere notice"@en' in meta
    assert result.files["data/sources/bom.txt"] == raw  # the copy stays byte for byte


@pytest.mark.parametrize(
    ("content", "code", "message", "hint"),
    [
        (b"\xef\xbb\xbf", 1, "only a BOM", "at least one sentence"),
        (b"\xef\xbb\xbf \n", 1, "only a BOM", "at least one sentence"),
        (b"", 1, "empty", "at least one sentence"),
        ("Lowmere.\n".encode("utf-16"), 1, "not UTF-8", "iconv -f UTF-16"),
        ("Lowmère.\n".encode("latin-1"), 1, "not UTF-8", "iconv -f LATIN1"),
    ],
)
def test_empty_bom_only_and_utf16_inputs_get_their_own_hint(
    project: Path, content: bytes, code: int, message: str, hint: str
) -> None:
    source = project.parent / "in.txt"
    source.write_bytes(content)
    before = _files(project)
    done = run_scokg("--data", str(project), "new-document", str(source), "--id", "t2")
    assert done.returncode == code, done.stderr
    assert message in done.stderr and hint in done.stderr
    assert _files(project) == before


def test_a_giant_sentence_is_kept_whole_with_a_warning_and_pysbd_sees_bounded_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pysbd

    seen: list[int] = []
    original = pysbd.Segmenter.segment

    def spy(self: pysbd.Segmenter, text: str) -> list[str]:
        seen.append(len(text))
        return original(self, text)

    monkeypatch.setattr(pysbd.Segmenter, "segment", spy)
    giant = "Giant " + " and ".join(f"the delegates of guild {i}" for i in range(3000)) + " met."
    text = f"Lowmere record\n\n{giant} Then they left. Dr. Arden closed it.\n"
    warnings: list[str] = []
    found = split_sentences(text, warnings=warnings)
    assert [s.quote for s in found] == [
        "Lowmere record",
        giant,
        "Then they left.",
        "Dr. Arden closed it.",
    ]
    assert len(warnings) == 1 and f"is {len(giant)} code points" in warnings[0]
    assert seen and max(seen) <= CHUNK


def test_a_long_paragraph_of_normal_sentences_is_cut_where_sentences_end() -> None:
    sentence = "Dr. Arden met the U.N. envoy of guild {} in Lowmere. They agreed."
    text = " ".join(sentence.format(i) for i in range(400))
    assert len(text) > 3 * CHUNK
    found = split_sentences(text)
    assert len(found) == 800
    assert all(s.quote.startswith(("Dr. Arden met", "They agreed.")) for s in found)
    assert all(text[s.begin : s.end] == s.quote for s in found)
    assert sentences_module.CHUNK == CHUNK
