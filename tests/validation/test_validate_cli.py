"""`scokg validate` as a user runs it: exit codes, located errors, text and JSON reports.

Each test breaks a copy of the bundled project (tests/data/cli/ holds the broken pieces)
and runs ``python -m scokg --data COPY validate`` in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers.kg import (
    DATA,
    DOC_SLUG,
    apply_patch,
    copy_project,
    load_patch,
    problems,
    run_scokg,
    run_scokg_parallel,
    validate_json,
)

CLI_DATA = DATA / "cli"
SENTENCE_14 = f"https://w3id.org/scokg/id/document/{DOC_SLUG}/sentence/14"
UNODC = "https://w3id.org/scokg/id/organisation/unodc"


def _problem_count(text_report: str) -> int:
    last = [line for line in text_report.splitlines() if line.startswith("scokg validate:")]
    assert last, text_report
    match = re.search(r"(\d+) problem\(s\)", last[-1])
    return int(match.group(1)) if match else 0


def test_bundled_data_validates() -> None:
    result = run_scokg("validate")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "scokg validate: conforms" in result.stdout
    assert result.stderr == ""


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    broken = root / "data" / "broken.ttl"
    shutil.copy(CLI_DATA / "syntax-error.ttl", broken)

    result = run_scokg("--data", str(root), "validate")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("scokg: error: invalid Turtle")
    assert f"  at {broken}:7:31\n" in result.stderr
    assert "hint:" in result.stderr


@pytest.fixture(scope="module")
def wrong_span(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Text and JSON reports of a copy whose sentence 14 has a wrong begin offset."""
    root = copy_project(tmp_path_factory.mktemp("wrong-span") / "project")
    apply_patch(root, load_patch(CLI_DATA, "wrong-span"))
    text, as_json = run_scokg_parallel(
        [["--data", str(root), "validate"], ["--data", str(root), "validate", "--format", "json"]]
    )
    return {
        "text": text,
        "code": as_json.returncode,
        "json": json.loads(as_json.stdout),
        "root": root,
    }


def test_wrong_span_offset_fails(wrong_span: dict[str, Any]) -> None:
    text: subprocess.CompletedProcess[str] = wrong_span["text"]

    assert text.returncode == 1
    assert wrong_span["code"] == 1
    assert "Traceback" not in text.stderr
    assert "scokg: error: the data does not validate" in text.stderr


def test_wrong_span_report_names_sentence_and_shows_both_texts(
    wrong_span: dict[str, Any],
) -> None:
    source = (wrong_span["root"] / "data" / "sources" / f"{DOC_SLUG}.txt").read_text("utf-8")
    quote = source[2282:2382]
    at_new_offsets = source[2283:2382]
    assert quote.startswith("The UN Office")

    found = [
        p
        for p in problems(wrong_span["json"])
        if p["focus"] == SENTENCE_14 and p["check"] == "provenance"
    ]
    assert len(found) == 1
    assert found[0]["value"] == quote
    assert found[0]["expected"] == at_new_offsets
    assert "[2283, 2382)" in found[0]["message"]
    assert "the quote occurs at [2282, 2382)" in found[0]["message"]

    out = wrong_span["text"].stdout
    # the focus is named with a prefix in text (issue 12, shacl5 item 3), in full in JSON
    assert "document:sectsco-20200303-639652/sentence/14" in out
    assert f"value: {quote}" in out
    assert f"expected: {at_new_offsets}" in out


def test_wrong_span_is_also_a_shacl_violation(wrong_span: dict[str, Any]) -> None:
    shapes = {p.get("shape") for p in problems(wrong_span["json"]) if p["focus"] == SENTENCE_14}
    assert "https://w3id.org/scokg/shapes#Sentence" in shapes


def test_json_and_text_count_the_same_problems(wrong_span: dict[str, Any]) -> None:
    report = wrong_span["json"]
    total = len(problems(report))

    assert total >= 2
    assert _problem_count(wrong_span["text"].stdout) == total
    assert sum(c["problems"] for c in report["checks"].values()) == total
    assert json.loads(json.dumps(report)) == report


def test_fact_without_statement_is_reported(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    apply_patch(root, load_patch(CLI_DATA, "fact-without-statement"))

    code, report = validate_json(root)

    assert code == 1
    assert problems(report) == [
        {
            "check": "provenance",
            "message": "this fact has no source: add an rdf:Statement with rdf:subject, "
            "rdf:predicate, rdf:object and prov:wasDerivedFrom the sentence that states it",
            "focus": UNODC,
            "path": "scokg:mandateTopic",
            "value": "topic:money-laundering",
            "file": str(root / "data" / "documents" / f"{DOC_SLUG}.ttl"),
            "line": problems(report)[0]["line"],
        }
    ]


def test_changed_source_text_breaks_the_checksum(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    text_file = root / "data" / "sources" / f"{DOC_SLUG}.txt"
    changed = text_file.read_bytes().replace(b"in\xc2\xa01997", b"in\xc2\xa01998")
    assert changed != text_file.read_bytes()
    text_file.write_bytes(changed)

    code, report = validate_json(root)

    assert code == 1
    checksum = [p for p in problems(report) if p.get("path") == "scokg:sha256"]
    assert len(checksum) == 1
    assert "does not match its recorded SHA-256 checksum" in checksum[0]["message"]
    assert checksum[0]["expected"] == hashlib.sha256(changed).hexdigest()


def test_nonexistent_data_folder_exits_2() -> None:
    result = run_scokg("--data", "/nonexistent", "validate")

    assert result.returncode == 2
    assert "scokg: error: data folder /nonexistent does not exist" in result.stderr
    assert "Traceback" not in result.stderr
