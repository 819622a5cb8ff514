"""The W3C SPARQL 1.1 results-format tests, from rdflib 7.6.0's source distribution.

Two parts, both on ``test/data/suites/w3c/sparql11`` of the sdist (downloaded once by
:func:`helpers.suites.suite_dir`):

* the evaluation tests of ``json-res/`` (4) and ``csv-tsv-res/`` (6 entries, 3 queries over
  2 data files): each query runs over its data in a scokg project, on the embedded engine
  and on the rdflib engine, is written by ``print_answer`` (what ``scokg query --format``
  runs) and compared with the expected file as the manifest says: JSON and TSV as
  solutions (term by term, blank nodes up to renaming), CSV as values (SPARQL 1.1 CSV/TSV
  section 2: CSV loses datatypes and language tags). The embedded engine answers from a
  pyoxigraph store, which keeps known XSD literals in canonical form (docs/reliability.md):
  its answers are compared with the expected terms as such a store gives them back, the
  rdflib engine's with the expected terms themselves;
* every ``.srx`` expected-result file of the whole suite: read by rdflib's XML results
  parser (the reference), written by each scokg writer (xml, json, csv, tsv) and read back
  by rdflib's parser of that format and pyoxigraph's (xml, json, tsv: pyoxigraph does not
  read CSV), which must give the same solutions term by term (CSV: the same values).
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.query import Result

from helpers.suites import suite_dir
from scokg.commands.query import print_answer
from scokg.engines import AskResult, SelectResult, open_engine
from scokg.engines.rdflib_engine import to_oxigraph
from scokg.engines.results import Term
from scokg.output.sparql_results import WRITERS, csv_value
from scokg.project import Project

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
OX_FORMATS = {
    "xml": ox.QueryResultsFormat.XML,
    "json": ox.QueryResultsFormat.JSON,
    "tsv": ox.QueryResultsFormat.TSV,
}
# .srx files rdflib's reference parser refuses, with the reason (asserted to be refused).
NOT_RESULTS = {
    "service/service07.srx": "an empty <binding/>, which the results XML schema does not allow",
}
# Writer output a reference parser cannot read although it follows the format's spec.
PARSER_GAPS = {
    ("property-path/pp36.srx", "tsv", "rdflib"): "rdflib's TSV parser needs >= 1 variable",
}

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"

Solution = dict[str, Term]

# Terms an expected file writes otherwise than its data file (value-equal, another lexical
# form): the data's term is what a term-exact engine answers. Asserted to be in the data.
EXPECTED_AS_DATA = {
    "csv-tsv-res/tsv03": {"1.0e6": "1.0E6"},  # data2.ttl: "1.0E6"^^xsd:double
}


def sparql11() -> Path:
    return suite_dir("rdflib", "7.6.0") / "test" / "data" / "suites" / "w3c" / "sparql11"


# --- comparison -------------------------------------------------------------------------


def _match(a: Term, b: Term, bnodes: dict[str, str]) -> dict[str, str] | None:
    """``bnodes`` extended so that ``a`` maps to ``b``, or None."""
    if isinstance(a, ox.BlankNode) and isinstance(b, ox.BlankNode):
        if a.value in bnodes:
            return bnodes if bnodes[a.value] == b.value else None
        if b.value in bnodes.values():
            return None
        return {**bnodes, a.value: b.value}
    return bnodes if a == b else None


def _match_row(a: Solution, b: Solution, bnodes: dict[str, str]) -> dict[str, str] | None:
    if a.keys() != b.keys():
        return None
    current: dict[str, str] | None = bnodes
    for var in a:
        current = _match(a[var], b[var], current)
        if current is None:
            return None
    return current


def same_solutions(found: Sequence[Solution], expected: Sequence[Solution]) -> bool:
    """The same multiset of solutions, blank nodes up to one renaming for the document."""
    if len(found) != len(expected):
        return False

    def search(i: int, used: frozenset[int], bnodes: dict[str, str]) -> bool:
        if i == len(found):
            return True
        for j, row in enumerate(expected):
            if j in used:
                continue
            extended = _match_row(found[i], row, bnodes)
            if extended is not None and search(i + 1, used | {j}, extended):
                return True
        return False

    return search(0, frozenset(), {})


def ox_solutions(answer: ox.QuerySolutions) -> list[Solution]:
    names = [v.value for v in answer.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in answer]


def rdflib_solutions(result: Result) -> list[Solution]:
    variables = list(result.vars or [])
    out = []
    for row in result:
        assert isinstance(row, rdflib.query.ResultRow)
        terms = {str(v): to_oxigraph(row.get(v)) for v in variables}
        out.append({v: t for v, t in terms.items() if t is not None})
    return out


def csv_table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def same_csv(found: list[list[str]], expected: list[list[str]]) -> bool:
    """Same variables and the same multiset of rows of values, columns matched by name
    (SELECT * leaves the column order to the engine); ``_:`` labels up to renaming."""
    if not found or not expected or sorted(found[0]) != sorted(expected[0]):
        return False

    def as_solutions(table: list[list[str]]) -> list[Solution]:
        return [
            {
                name: ox.BlankNode(v[2:]) if v.startswith("_:") else ox.Literal(v)
                for name, v in zip(table[0], row, strict=True)
                if v
            }
            for row in table[1:]
        ]

    return same_solutions(as_solutions(found), as_solutions(expected))


def as_stored(term: Term) -> Term:
    """``term`` as a pyoxigraph store gives it back (known XSD literals canonical)."""
    store = ox.Store()
    subject = ox.NamedNode("http://example.org/s")
    store.add(ox.Quad(subject, subject, term))
    (quad,) = store.quads_for_pattern(None, None, None)
    return quad.object


# --- evaluation tests --------------------------------------------------------------------


@dataclass(frozen=True)
class EvalTest:
    """One manifest entry: query and data files, the expected result file and its kind."""

    name: str
    query: Path
    data: Path
    result: Path

    def __str__(self) -> str:
        return self.name


def eval_tests() -> Iterator[EvalTest]:
    for folder in ("json-res", "csv-tsv-res"):
        manifest = sparql11() / folder / "manifest.ttl"
        graph = rdflib.Graph().parse(manifest, format="turtle")
        for entry in graph.subjects(MF.action, None):
            action = graph.value(entry, MF.action)
            query, data = graph.value(action, QT.query), graph.value(action, QT.data)
            result = graph.value(entry, MF.result)
            name = graph.value(entry, MF.name)
            paths = [Path(str(x).removeprefix("file://")) for x in (query, data, result)]
            yield EvalTest(f"{folder}/{str(name).split(' ')[0]}", *paths)


EVAL_TESTS = sorted(eval_tests(), key=str)


def test_manifests_list_the_expected_tests() -> None:
    assert [t.result.suffix for t in EVAL_TESTS].count(".srj") == 4
    assert [t.result.suffix for t in EVAL_TESTS].count(".csv") == 3
    assert [t.result.suffix for t in EVAL_TESTS].count(".tsv") == 3


def _project(tmp_path: Path, data: Path) -> Project:
    (tmp_path / "data").mkdir(parents=True)
    (tmp_path / "ontology").mkdir()
    # An ontology of its own (empty), so the bundled one is not borrowed into the answer.
    (tmp_path / "ontology" / "scokg.ttl").write_text("# no ontology\n", encoding="utf-8")
    shutil.copy(data, tmp_path / "data" / data.name)
    return Project.discover(tmp_path)


@pytest.mark.parametrize("engine_name", ["embedded", "rdflib"])
@pytest.mark.parametrize("case", EVAL_TESTS, ids=str)
def test_result_format_evaluation(
    case: EvalTest, engine_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "project", case.data)
    engine = open_engine(project, engine_name, cache_dir=tmp_path / "cache")
    fmt = {".srj": "json", ".csv": "csv", ".tsv": "tsv"}[case.result.suffix]
    query = case.query.read_text(encoding="utf-8")
    capsys.readouterr()
    print_answer(query, fmt, engine)
    written = capsys.readouterr().out
    expected_text = case.result.read_text(encoding="utf-8")

    if fmt == "csv" and engine_name == "embedded":
        # The store's canonical forms, as values: from the terms of the sibling TSV file.
        answer = ox.parse_query_results(
            case.result.with_suffix(".tsv").read_bytes(), format=ox.QueryResultsFormat.TSV
        )
        assert isinstance(answer, ox.QuerySolutions)
        names = [v.value for v in answer.variables]
        expected_text = "\n".join(
            [",".join(names)] + [",".join(_csv_cell(s[n]) for n in names) for s in answer]
        )
    if fmt == "csv":
        assert same_csv(csv_table(written), csv_table(expected_text)), written
        return
    for wrong, right in EXPECTED_AS_DATA.get(case.name, {}).items():
        assert f'"{right}"' in case.data.read_text(encoding="utf-8")
        expected_text = expected_text.replace(f"\t{wrong}\n", f'\t"{right}"^^<{XSD_DOUBLE}>\n')
    found = ox.parse_query_results(written.encode(), format=OX_FORMATS[fmt])
    expected = ox.parse_query_results(expected_text.encode(), format=OX_FORMATS[fmt])
    if isinstance(expected, ox.QueryBoolean):
        assert isinstance(found, ox.QueryBoolean)
        assert bool(found) == bool(expected)
        return
    assert isinstance(found, ox.QuerySolutions)
    # SELECT * leaves the order of the columns to the engine: the variables are a set.
    assert sorted(v.value for v in found.variables) == sorted(v.value for v in expected.variables)
    want = ox_solutions(expected)
    if engine_name == "embedded":
        want = [{v: as_stored(t) for v, t in row.items()} for row in want]
    assert same_solutions(ox_solutions(found), want), written


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    value = csv_value(as_stored(term))
    return f'"{value}"' if "," in value else value


def test_embedded_comparison_is_not_vacuous() -> None:
    """The store's canonical forms differ from the TSV file's terms for csv-tsv-res data2."""
    integer = ox.Literal("-3", datatype=ox.NamedNode(str(rdflib.XSD.negativeInteger)))
    assert as_stored(integer) != integer
    assert not same_solutions([{"o": as_stored(integer)}], [{"o": integer}])


# --- every .srx file through every writer ------------------------------------------------


def srx_files() -> list[str]:
    root = sparql11()
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.srx"))


SRX = srx_files()


def test_srx_count() -> None:
    assert len(SRX) == 261


@pytest.mark.parametrize("name", sorted(NOT_RESULTS))
def test_reference_parser_refuses_the_listed_files(name: str) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 - rdflib raises IndexError here
        Result.parse(source=str(sparql11() / name), format="xml")


def _reference(path: Path) -> SelectResult | AskResult:
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False  # keep lexical forms exactly as the file has them
    try:
        result = Result.parse(source=str(path), format="xml")
    finally:
        rdflib.NORMALIZE_LITERALS = previous
    if result.type == "ASK":
        return AskResult(bool(result.askAnswer))
    variables = [str(v) for v in result.vars or []]
    rows = [tuple(row.get(v) for v in variables) for row in rdflib_solutions(result)]
    return SelectResult(variables, rows)


def _read_back(text: str, fmt: str, parser: str) -> bool | list[Solution]:
    if parser == "pyoxigraph":
        answer = ox.parse_query_results(text.encode(), format=OX_FORMATS[fmt])
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return ox_solutions(answer)
    previous = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        result = Result.parse(source=io.BytesIO(text.encode()), format=fmt)
    finally:
        rdflib.NORMALIZE_LITERALS = previous
    if result.type == "ASK":
        return bool(result.askAnswer)
    return rdflib_solutions(result)


@pytest.mark.parametrize("name", [n for n in SRX if n not in NOT_RESULTS])
def test_srx_through_every_writer(name: str) -> None:
    reference = _reference(sparql11() / name)
    if isinstance(reference, SelectResult):
        expected: bool | list[Solution] = [
            {v: t for v, t in zip(reference.variables, row, strict=True) if t is not None}
            for row in reference.rows
        ]
    else:
        expected = reference.value
    failures = []
    for fmt, writer in WRITERS.items():
        out = io.StringIO()
        writer(reference, out)
        text = out.getvalue()
        if fmt == "csv":
            failures += _csv_failures(reference, text)
            continue
        for parser in ("rdflib", "pyoxigraph"):
            if (name, fmt, parser) in PARSER_GAPS:
                continue
            back = _read_back(text, fmt, parser)
            if isinstance(expected, bool) and fmt == "tsv":
                # SPARQL 1.1 TSV has no boolean form: scokg writes a one-cell table.
                boolean = ox.Literal(str(expected).lower(), datatype=ox.NamedNode(XSD_BOOLEAN))
                ok = back == [{"boolean": boolean}]
            elif isinstance(expected, bool):
                ok = back is expected
            else:
                ok = isinstance(back, list) and same_solutions(back, expected)
            if not ok:
                failures.append(f"{fmt} read by {parser}: {back!r}\n{text}")
    assert not failures, "\n".join(failures)


def _csv_failures(reference: SelectResult | AskResult, text: str) -> list[str]:
    """CSV keeps values: the table must hold each term's value (``_:label`` for blank
    nodes), read by Python's csv module; rdflib's CSV parser must read it too."""
    table = csv_table(text)
    if isinstance(reference, AskResult):
        return [] if table == [["boolean"], [str(reference.value).lower()]] else [text]
    want = [reference.variables] + [
        ["" if t is None else csv_value(t) for t in row] for row in reference.rows
    ]
    failures = [] if table == want else [f"csv: {table!r} != {want!r}"]
    if reference.variables:
        back = Result.parse(source=io.BytesIO(text.encode()), format="csv")
        values = [[str(row.get(v) or "") for v in back.vars or []] for row in back]
        shown = [["" if x.startswith("_:") else x for x in r] for r in want[1:]]
        mine = [["" if x.startswith("_:") else x for x in r] for r in values]
        if [str(v) for v in back.vars or []] != reference.variables or not _blank_ok(mine, shown):
            failures.append(f"csv read by rdflib: {values!r}")
    return failures


def _blank_ok(found: list[list[str]], want: list[list[str]]) -> bool:
    """Row values equal, blank-node cells ignored (rdflib's CSV reader relabels them)."""
    return sorted(found) == sorted(want)
