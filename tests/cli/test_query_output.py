"""Query output people read: one line per table row, widths, --labels, predeclared prefixes.

Each test runs the real CLI in a subprocess (``python -m scokg``), as a user would.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.project import write_project
from scokg.output.table import fit

Run = Callable[..., subprocess.CompletedProcess[str]]
ROOT = Path(__file__).resolve().parents[2]
ROW_COUNT_RE = re.compile(r"^(\d+) rows?$", re.MULTILINE)


@pytest.fixture
def scokg(run_cli: Run, tmp_path: Path) -> Run:
    """``scokg`` with its store cache in tmp, so tests never write into the checkout."""
    cache = tmp_path / "cache"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, env={"SCOKG_CACHE_DIR": str(cache), "COLUMNS": "80"})

    return run


def data_lines(table: str) -> list[str]:
    """The lines of a table's body: those between the header rule and the bottom border."""
    lines = table.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    return lines[start + 1 : end]


def assert_one_line_per_row(out: str) -> list[str]:
    match = ROW_COUNT_RE.search(out)
    assert match, out
    body = data_lines(out)
    assert len(body) == int(match.group(1)), out
    assert all(line.startswith("│") and line.endswith("│") for line in body), out
    return body


def literal_project(root: Path, objects: list[str]) -> Path:
    write_project(root)
    lines = ["@prefix ex: <https://example.org/t/> ."]
    lines += [f"ex:s{i} ex:p {o} ." for i, o in enumerate(objects)]
    (root / "data" / "t.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


OBJECTS_QUERY = "SELECT ?s ?o WHERE { ?s <https://example.org/t/p> ?o } ORDER BY ?s"


# --- 1. one line per row --------------------------------------------------------------------


def demo_query_args() -> list[str]:
    """The arguments of the ``scokg query`` line of ``make demo`` (read from the Makefile)."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    line = next(x for x in recipe.splitlines() if "/scokg query" in x)
    return shlex.split(line.split("/scokg ", 1)[1])


def test_make_demo_query_shows_one_line_per_row(scokg: Run) -> None:
    result = scokg(*demo_query_args())

    assert result.returncode == 0, result.stderr
    (row,) = assert_one_line_per_row(result.stdout)
    assert "Astana (place:astana)" in row
    assert "UN Office on Drugs and Crime (organisation:unodc)" in row


def test_every_row_is_one_line(scokg: Run) -> None:
    result = scokg("query", "meeting-participants")

    assert result.returncode == 0, result.stderr
    body = assert_one_line_per_row(result.stdout)
    assert any("Vladimir Norov (person:vladimir-norov)" in line for line in body)


def test_line_breaks_and_tabs_in_a_literal_are_shown_escaped(scokg: Run, tmp_path: Path) -> None:
    project = literal_project(tmp_path / "p", ['"one\\ntwo"', '"cr\\rhere"', '"a\\tb"'])

    result = scokg("--data", str(project), "query", "-e", OBJECTS_QUERY)

    assert result.returncode == 0, result.stderr
    body = assert_one_line_per_row(result.stdout)
    assert "one\\ntwo" in body[0] and "cr\\rhere" in body[1] and "a\\tb" in body[2]
    assert "\r" not in result.stdout and "\t" not in result.stdout


# --- 2. --labels ------------------------------------------------------------------------------

PARTICIPANTS = ["participant", "post", "organisation"]
WITH_LABELS = [
    "participant",
    "participantLabel",
    "post",
    "postLabel",
    "organisation",
    "organisationLabel",
]


def test_labels_json_stays_sparql_results_json(scokg: Run) -> None:
    result = scokg("query", "meeting-participants", "--labels", "--format", "json")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["head"]["vars"] == WITH_LABELS
    solutions = pyoxigraph.parse_query_results(
        result.stdout, format=pyoxigraph.QueryResultsFormat.JSON
    )
    rows = {row["participant"].value.rsplit("/", 1)[1]: row for row in solutions}
    norov = rows["vladimir-norov"]
    assert norov["participantLabel"] == pyoxigraph.Literal("Vladimir Norov", language="en")
    assert norov["organisationLabel"] == pyoxigraph.Literal(
        "Shanghai Cooperation Organisation", language="en"
    )


def test_labels_csv_and_tsv(scokg: Run) -> None:
    as_csv = scokg("query", "meeting-participants", "--labels", "--format", "csv")
    as_tsv = scokg("query", "meeting-participants", "--labels", "--format", "tsv")

    assert as_csv.returncode == 0 and as_tsv.returncode == 0, as_csv.stderr + as_tsv.stderr
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(table[0]) == WITH_LABELS
    assert {r["participantLabel"] for r in table} == {"Ghada Fathi Waly", "Vladimir Norov"}
    solutions = pyoxigraph.parse_query_results(
        as_tsv.stdout, format=pyoxigraph.QueryResultsFormat.TSV
    )
    assert [v.value for v in solutions.variables] == WITH_LABELS
    labels = {row["postLabel"] for row in solutions}
    assert pyoxigraph.Literal("SCO Secretary-General", language="en") in labels


def test_without_labels_the_formats_are_unchanged(scokg: Run) -> None:
    for fmt in ("csv", "tsv", "json"):
        result = scokg("query", "meeting-participants", "--format", fmt)
        assert result.returncode == 0, result.stderr
        assert "Label" not in result.stdout and "Vladimir Norov" not in result.stdout


def test_labels_only_after_iri_columns_and_never_over_the_querys_own(
    scokg: Run, tmp_path: Path
) -> None:
    project = literal_project(tmp_path / "p", ['"plain"'])
    labelled = tmp_path / "p" / "data" / "labels.ttl"
    labelled.write_text(
        '<https://example.org/t/s0> <http://www.w3.org/2000/01/rdf-schema#label> "Zero"@de .\n',
        encoding="utf-8",
    )
    query = (
        "SELECT ?s ?o ?sLabel2 ?b WHERE { ?s <https://example.org/t/p> ?o "
        'BIND("own" AS ?sLabel2) BIND(BNODE() AS ?b) }'
    )
    own = query.replace("?sLabel2", "?sLabel")

    first = scokg("--data", str(project), "query", "--labels", "--format", "json", "-e", query)
    second = scokg("--data", str(project), "query", "--labels", "--format", "json", "-e", own)

    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    doc = json.loads(first.stdout)
    assert doc["head"]["vars"] == ["s", "sLabel", "o", "sLabel2", "b"]
    binding = doc["results"]["bindings"][0]
    assert binding["sLabel"] == {"type": "literal", "value": "Zero", "xml:lang": "de"}
    kept = json.loads(second.stdout)
    assert kept["head"]["vars"] == ["s", "o", "sLabel", "b"]
    assert kept["results"]["bindings"][0]["sLabel"]["value"] == "own"


def test_labels_on_a_graph_answer_is_a_usage_error(scokg: Run) -> None:
    result = scokg("query", "resource-subgraph", "--labels")

    assert result.returncode == 2
    assert result.stderr.startswith("scokg: error: --labels adds label columns to SELECT")
    assert "Traceback" not in result.stderr


# --- 3. --width -------------------------------------------------------------------------------


def test_width_fits_the_table_and_marks_cuts(scokg: Run) -> None:
    result = scokg("query", "agreements-between", "--width", "60")

    assert result.returncode == 0, result.stderr
    assert all(len(line) <= 60 for line in result.stdout.splitlines()), result.stdout
    (row,) = assert_one_line_per_row(result.stdout)
    assert "…" in row


def test_a_pipe_gets_the_natural_width_whatever_columns_says(scokg: Run) -> None:
    result = scokg("query", "agreements-between")  # COLUMNS=80, stdout a pipe

    assert result.returncode == 0, result.stderr
    (row,) = assert_one_line_per_row(result.stdout)
    assert len(row) > 80 and "…" not in row
    assert "Memorandum of understanding between the SCO Secretariat and the UNODC" in row


@pytest.mark.parametrize("value", ["5", "wide", "-3"])
def test_a_bad_width_is_a_usage_error(scokg: Run, value: str) -> None:
    result = scokg("query", "timeline", "--width", value)

    assert result.returncode == 2
    assert "--width" in result.stderr and "Traceback" not in result.stderr


@settings(max_examples=200)
@given(
    natural=st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=12),
    width=st.integers(min_value=20, max_value=400),
)
def test_fit_keeps_narrow_columns_and_cuts_the_widest(natural: list[int], width: int) -> None:
    limits = fit(natural, width)

    room = width - 3 * len(natural) - 1
    assert all(1 <= got <= want for got, want in zip(limits, natural, strict=True))
    if sum(natural) <= room:
        assert limits == natural
    elif len(natural) <= room:  # one character per column fits: the table does too
        assert sum(limits) <= room
        cut = max(limits)
        assert all(got in (want, cut) for got, want in zip(limits, natural, strict=True))
        assert sum(min(w, cut + 1) for w in natural) > room  # the largest limit that fits
