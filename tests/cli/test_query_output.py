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
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from helpers.cli import run_scokg
from helpers.project import write_project
from scokg import vocab
from scokg.errors import UsageError
from scokg.output.table import fit, min_width, shown_iri
from scokg.queries.binding import check_syntax
from scokg.stores.oxigraph_server import OxigraphServer
from scokg.vocab import PREFIXES

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
    elif width >= min_width(natural):  # two characters per column fit: the table does too
        assert sum(limits) <= room
        cut = max(limits)
        assert all(got in (want, cut) for got, want in zip(limits, natural, strict=True))
        assert sum(min(w, cut + 1) for w in natural) > room  # the largest limit that fits
        assert all(got >= min(want, 2) for got, want in zip(limits, natural, strict=True))


TWELVE = (
    "SELECT * WHERE { VALUES (?a ?b ?c ?d ?e ?f ?g ?h ?i ?j ?k ?l) "
    '{ ("aaaa" "bbbb" "cccc" "dddd" "eeee" "ffff" "gggg" "hhhh" "iiii" "jjjj" "kkkk" "llll") } }'
)


def test_a_width_too_narrow_for_the_columns_is_a_usage_error(scokg: Run) -> None:
    """Never a table of empty cells: the error names the least width that shows them."""
    least = min_width([4] * 12)
    result = scokg("query", "-e", TWELVE, "--width", str(least - 1))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(
        f"scokg: error: --width {least - 1} is too narrow for 12 columns: "
        f"this table needs at least {least}\n"
    )
    fits = scokg("query", "-e", TWELVE, "--width", str(least))
    assert fits.returncode == 0, fits.stderr
    (row,) = assert_one_line_per_row(fits.stdout)
    assert all(f"{c}…" in row for c in "abcdefghijkl")
    assert all(len(line) <= least for line in fits.stdout.splitlines())


# --- 4. predeclared prefixes ------------------------------------------------------------------


def test_prefixes_lists_the_one_prefix_table(scokg: Run) -> None:
    lines = scokg("query", "--prefixes")
    as_json = scokg("query", "--prefixes", "--format", "json")

    assert lines.returncode == 0 and as_json.returncode == 0, lines.stderr + as_json.stderr
    assert json.loads(as_json.stdout) == PREFIXES
    assert lines.stdout.splitlines() == [f"PREFIX {n}: <{iri}>" for n, iri in PREFIXES.items()]
    # the listing is SPARQL: it parses as the prologue of a query
    pyoxigraph.Store().query(lines.stdout + "ASK {}")


def test_ad_hoc_query_uses_predeclared_prefixes(scokg: Run) -> None:
    query = "SELECT ?name WHERE { organisation:unodc skos:prefLabel ?name }"

    answer = scokg("query", "--format", "csv", "-e", query)
    shown = scokg("query", "--show-query", "-e", query)

    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.splitlines() == ["name", "UN Office on Drugs and Crime"]
    assert shown.stdout.splitlines() == [
        f"PREFIX organisation: <{PREFIXES['organisation']}>",
        f"PREFIX skos: <{PREFIXES['skos']}>",
        query,
    ]


def test_a_prefix_in_the_query_wins(scokg: Run) -> None:
    query = (
        "PREFIX skos: <urn:example:not-skos#>\n"
        "SELECT ?name WHERE { organisation:unodc skos:prefLabel ?name }"
    )

    answer = scokg("query", "--format", "csv", "-e", query)
    shown = scokg("query", "--show-query", "-e", query)

    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.splitlines() == ["name"]  # no such property: no row
    assert shown.stdout.count("PREFIX skos:") == 1
    assert shown.stdout.startswith(f"PREFIX organisation: <{PREFIXES['organisation']}>\n")


@pytest.fixture(scope="module")
def loaded_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[OxigraphServer, Path]]:
    """A real Oxigraph server on 127.0.0.1 holding the minimal project (``scokg load``)."""
    root = tmp_path_factory.mktemp("prefixes")
    project = write_project(root / "project")
    with OxigraphServer(location=root / "store") as server:
        loaded = run_scokg(
            "--data", str(project), "load", "--endpoint", server.query_url,
            "--accept-store-changes",
            env={"SCOKG_CACHE_DIR": str(root / "cache")},
        )  # fmt: skip
        assert loaded.returncode == 0, loaded.stderr
        yield server, project


def test_a_remote_endpoint_gets_the_prefix_lines(
    loaded_server: tuple[OxigraphServer, Path], tmp_path: Path
) -> None:
    server, project = loaded_server
    query = "SELECT ?label WHERE { ?org a scokg:Organisation ; rdfs:label ?label } ORDER BY ?label"

    result = run_scokg(
        "--data", str(project), "query", "--endpoint", server.query_url,
        "--format", "csv", "-e", query,
        env={"SCOKG_CACHE_DIR": str(tmp_path / "cache")},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["label", "Org A", "Org B"]


# --- 5. syntax errors in words ----------------------------------------------------------------

SYNTAX_ERRORS = [
    # (query, line, column, start of what is wrong)
    ("SELECT * WHERE {\n  ?s scokg:x ?o .\n  ?s nosuch:y ?z }", 3, 6, "unknown prefix nosuch: —"),
    ("SELECT * WHERE { ?s skso:x ?o }", 1, 21, "unknown prefix skso: (did you mean skos:?)"),
    ("SELECT * WHERE {\n  ?s ?p ?o }\n  }", 3, 3, "unexpected '}': no '{' is open"),
    ("SELECT * WHERE {\n  ?s ?p ?o", 1, 16, "'{' is never closed"),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 }", 1, 41, "unexpected '}': the '(' at line 1"),
    ('SELECT * WHERE {\n ?s ?p "open\n}', 2, 8, 'unterminated string "open'),
    ("SELECT * WHERE { ?s ?p '''open }", 1, 24, "unterminated string '''open }"),
    ("SELECT ?s ?o\n  ?s ?p ?o", 2, 11, "missing WHERE { ... }: a SELECT query"),
    ("CONSTRUCT { ?s ?p ?o }", 1, 23, "missing WHERE { ... }: a CONSTRUCT query"),
    ("SELECT * WHERE { ?s <http://example.org/a b> ?o }", 1, 21, "bad IRI <http://example.org/a b"),
    ("SELECT * WHERE { ?s <http://example.org/a ?o }", 1, 21, "bad IRI <http://example.org/a ?o }"),
    ('SELECT * WHERE { ?s <http://example.org/"> ?o }', 1, 21, 'bad IRI <http://example.org/">'),
    ("SELECT ?x WHERE { ?x ?y ?z } GARBAGE\n\n", 1, 30, "unexpected 'GARBAGE'"),
    ("SELECT ?x\nWHERE {\n  ?x ?y\n}", 4, 1, "unexpected '}'"),
]


@pytest.mark.parametrize(("query", "line", "column", "what"), SYNTAX_ERRORS)
def test_syntax_errors_are_named_in_words(query: str, line: int, column: int, what: str) -> None:
    with pytest.raises(UsageError) as err:
        check_syntax(query, prefixes=PREFIXES)

    assert (err.value.line, err.value.column) == (line, column)
    prefix = f"SPARQL syntax error at line {line}, column {column}: "
    assert err.value.message.startswith(prefix + what), err.value.message
    assert "\\u{" not in err.value.message and "..=" not in err.value.message
    assert err.value.hint


def test_unknown_prefix_lists_the_predeclared_ones(scokg: Run, tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    path.write_text("SELECT * WHERE {\n  ?s sco:x ?o }\n", encoding="utf-8")

    result = scokg("query", "--file", str(path))

    assert result.returncode == 2 and "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        "scokg: error: SPARQL syntax error at line 2, column 6: unknown prefix sco: "
    )
    assert ", ".join(name + ":" for name in PREFIXES) in first
    assert f"{path}:2:6" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["timeline", "--format", "csv"], ["resource-subgraph"]],
    ids=["csv", "construct"],
)
def test_width_without_a_table_is_a_usage_error(scokg: Run, args: list[str]) -> None:
    result = scokg("query", *args, "--width", "80")

    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("scokg: error: --width sets the width of a table")


def test_wide_characters_count_as_two_columns(scokg: Run, tmp_path: Path) -> None:
    project = literal_project(tmp_path / "p", ['"' + "漢字" * 30 + '"'])

    result = scokg("--data", str(project), "query", "--width", "40", "-e", OBJECTS_QUERY)

    assert result.returncode == 0, result.stderr
    (row,) = assert_one_line_per_row(result.stdout)
    assert cell_len(row) <= 40 and "…" in row


@pytest.mark.parametrize(
    ("iri", "shown"),
    [
        (vocab.ID + "organisation/unodc", "organisation:unodc"),
        (vocab.ID + "organisation/deep/a/b", f"<{vocab.ID}organisation/deep/a/b>"),
        (vocab.ID + "organisation/x'y", f"<{vocab.ID}organisation/x'y>"),
        (vocab.ID + "organisation/js:alert(5)", f"<{vocab.ID}organisation/js:alert(5)>"),
        (vocab.ID + "organisation/ends.", f"<{vocab.ID}organisation/ends.>"),
        ("http://example.org/a", "http://example.org/a"),
    ],
)
def test_a_table_shows_a_prefixed_name_only_when_sparql_reads_it(iri: str, shown: str) -> None:
    """What a table shows can be pasted into a query: ``organisation:deep/a/b`` would be a
    property path there, so such IRIs are shown whole."""
    assert shown_iri(iri) == shown
