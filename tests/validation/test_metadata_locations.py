"""Problems of a document's metadata point into ``data/sources/ID.meta.ttl``, at the line of
the property (or its TODO line), not at the ``nif:Context`` of the document file (issue 19
item 6). The text is fictional."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.cli import run_scokg
from helpers.kg import copy_project

TEXT = "Lowmere Guild notice\n\nThe Lowmere Guild met the Harbour Council on Monday.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _new(project: Path, *extra: str) -> Path:
    source = project.parent / "notice.txt"
    source.write_text(TEXT, encoding="utf-8")
    done = run_scokg(
        "--data", str(project), "new-document", str(source), "--id", "notice", *extra
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return project / "data/sources/notice.meta.ttl"


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def _problems(project: Path) -> list[dict]:
    done = run_scokg("--data", str(project), "validate", "--format", "json")
    report = json.loads(done.stdout)
    return [p for r in report["resources"] for p in r["problems"]]


def test_a_missing_issue_date_points_at_its_todo_line(project: Path) -> None:
    source = project.parent / "notice.txt"
    source.write_text(TEXT, encoding="utf-8")
    done = run_scokg(
        "--data", str(project), "new-document", str(source), "--id", "notice",
        "--url", "https://example.org/notice", "--publisher", "organisation:sco-secretariat",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    meta = project / "data/sources/notice.meta.ttl"
    todo = _line_of(meta, "# TODO dcterms:issued")
    assert f"data/sources/notice.meta.ttl:{todo}: needs exactly one issue date" in done.stderr
    assert "documents/notice.ttl" not in done.stderr


@pytest.mark.parametrize("case", ["upper-case", "missing", "two"])
def test_checksum_shape_problems_point_into_the_meta_file(project: Path, case: str) -> None:
    meta = _new(
        project,
        "--url", "https://example.org/notice", "--issued", "2031-05-04",
        "--publisher", "organisation:sco-secretariat",
    )  # fmt: skip
    text = meta.read_text(encoding="utf-8")
    line = _line_of(meta, "scokg:sha256")
    old = text.split("\n")[line - 1]
    digest = old.split('"')[1]
    new = {
        "upper-case": old.replace(digest, digest.upper()),
        "missing": old.replace("scokg:sha256", "<https://example.org/note>"),
        "two": old.replace(f'"{digest}"', f'"{digest}", "{"0" * 64}"'),
    }[case]
    meta.write_text(text.replace(old, new), encoding="utf-8")
    shapes = [p for p in _problems(project) if p["check"] == "shacl"]
    assert shapes, case
    for problem in shapes:
        assert problem["file"] == str(meta), problem
    sha = [p for p in shapes if p["path"] == "scokg:sha256"]
    assert sha
    if case == "missing":
        assert sha[0]["line"] == _line_of(meta, "a scokg:SourceDocument") - 1
    else:
        assert {(p["line"], p["column"]) for p in sha} == {(line, 5)}


@pytest.mark.parametrize("remove_meta", [False, True])
def test_a_missing_text_names_the_missing_metadata_too(project: Path, remove_meta: bool) -> None:
    doc = "sectsco-20200303-639652"
    (project / f"data/sources/{doc}.txt").unlink()
    if remove_meta:
        (project / f"data/sources/{doc}.meta.ttl").unlink()
    done = run_scokg("--data", str(project), "validate")
    assert done.returncode == 1
    assert f"the source text data/sources/{doc}.txt is missing" in done.stdout
    named = f"and so is its metadata data/sources/{doc}.meta.ttl" in done.stdout
    assert named == remove_meta
