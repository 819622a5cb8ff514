"""The SSSOM reader: a valid set parses; each kind of bad row is rejected with its line."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scokg.errors import DataError
from scokg.links.sssom import SEMAPV, read_sssom

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "sssom"
WD = "http://www.wikidata.org/entity/"
Run = Callable[..., subprocess.CompletedProcess[str]]


def test_valid_set_expands_curies_and_keeps_metadata() -> None:
    mapping_set = read_sssom(FIXTURES / "valid.sssom.tsv")

    assert mapping_set.mapping_set_id == "https://example.org/test-mappings"
    assert mapping_set.license == "https://creativecommons.org/licenses/by/4.0/"
    first, second = mapping_set.mappings
    assert first.subject_id == "https://w3id.org/scokg/id/organisation/sco"
    assert first.predicate_id == "http://www.w3.org/2002/07/owl#sameAs"
    assert first.object_id == WD + "Q485207"
    assert first.mapping_justification == SEMAPV + "ManualMappingCuration"
    assert first.confidence == 1.0
    assert first.line == 9
    assert first.target == "wikidata"
    assert second.object_id == "http://metadata.un.org/thesaurus/1004663"
    assert second.target == "unbis"
    assert second.line == 10
    assert mapping_set.compact(WD + "Q1") == "wd:Q1"


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("unknown-prefix", 10, "unknown CURIE prefix 'eurovoc' in object_id 'eurovoc:5560'"),
        ("missing-column", 8, "the table has no column mapping_justification"),
        ("confidence-out-of-range", 10, "confidence '1.5' is not a number between 0 and 1"),
        ("unknown-justification", 10, "unknown mapping_justification 'semapv:GutFeeling'"),
        ("missing-value", 10, "row has no object_id"),
        ("not-a-link-predicate", 10, "predicate 'rdfs:seeAlso' is not a link predicate"),
        ("no-metadata", 1, "has no metadata block"),
    ],
)
def test_bad_rows_name_file_and_line(fixture: str, line: int, message: str) -> None:
    path = FIXTURES / f"{fixture}.sssom.tsv"

    with pytest.raises(DataError) as caught:
        read_sssom(path)

    assert message in caught.value.message
    assert caught.value.file == path
    assert caught.value.line == line
    assert caught.value.hint
    assert caught.value.exit_code == 1


def test_every_bundled_mapping_is_manual_and_documents_two_sources() -> None:
    mapping_set = read_sssom(Path(__file__).resolve().parents[2] / "data" / "links.sssom.tsv")

    assert len(mapping_set.mappings) == 19
    for mapping in mapping_set.mappings:
        assert mapping.mapping_justification == SEMAPV + "ManualMappingCuration"
        assert "product owner confirmation (issue 5)" in mapping.comment
        assert "target record http" in mapping.comment


def test_bad_links_file_fails_every_command_with_its_line(tmp_project: Path, run_cli: Run) -> None:
    shutil.copy(
        FIXTURES / "confidence-out-of-range.sssom.tsv", tmp_project / "data" / "links.sssom.tsv"
    )

    result = run_cli("--data", str(tmp_project), "stats")

    assert result.returncode == 1
    assert "confidence '1.5'" in result.stderr
    assert f"at {tmp_project / 'data' / 'links.sssom.tsv'}:10" in result.stderr
    assert "Traceback" not in result.stderr
