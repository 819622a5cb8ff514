"""Every bundled query answers what the source text says (tests/expected/<query>.json).

The expected files were written from the source text and reviewed row by row; a change in
the data or in a query that changes an answer fails here.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from helpers.queries import EXPECTED_DIR, bundled, embedded  # noqa: F401
from helpers.rdfshow import shown_rows
from scokg.engines.results import GraphResult, SelectResult
from scokg.queries import run_query
from scokg.queries.catalog import list_queries

EXPECTED = sorted(EXPECTED_DIR.glob("*.json"))


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_bundled_query_has_an_expected_answer() -> None:
    # Federated queries (`# requires: network`) answer from Wikidata, which tests never reach;
    # test_links_check covers their headers and the query policy covers their SERVICE hosts.
    names = {q.name for q in list_queries() if "# requires: network" not in q.text}
    expected = {_load(p)["query"] for p in EXPECTED}
    assert names == expected
    assert len(names) >= 12


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_bundled_query_answer(path: Path, bundled, embedded) -> None:  # noqa: F811
    spec = _load(path)
    result = run_query(bundled, spec["query"], spec["params"], embedded)

    if isinstance(result, GraphResult):
        got = {tuple(t) for t in shown_rows(result)}
        assert got == {tuple(t) for t in spec["triples"]}
        return
    assert isinstance(result, SelectResult)
    assert result.variables == spec["variables"]
    rows = [tuple(r) for r in shown_rows(result)]
    wanted = [tuple(r) for r in spec["rows"]]
    if spec["ordered"]:
        assert rows == wanted
    else:
        assert Counter(rows) == Counter(wanted)


def test_default_agreements_answer_names_the_2011_memorandum(bundled, embedded) -> None:  # noqa: F811
    result = run_query(bundled, "agreements-between", {}, embedded)

    assert isinstance(result, SelectResult)
    (row,) = shown_rows(result)
    assert row[0] == "agreement:sco-secretariat-unodc-mou-2011"
    assert {row[2], row[3]} == {"organisation:sco-secretariat", "organisation:unodc"}


def test_agreements_between_is_symmetric_and_walks_units(bundled, embedded) -> None:  # noqa: F811
    swapped = run_query(bundled, "agreements-between", {"org1": "unodc", "org2": "SCO"}, embedded)
    direct = run_query(
        bundled, "agreements-between", {"org1": "sco-secretariat", "org2": "unodc"}, embedded
    )
    unrelated = run_query(
        bundled, "agreements-between", {"org1": "united-nations", "org2": "sco"}, embedded
    )

    assert isinstance(swapped, SelectResult) and isinstance(direct, SelectResult)
    assert [r[0] for r in shown_rows(swapped)] == ["agreement:sco-secretariat-unodc-mou-2011"]
    assert [r[0] for r in shown_rows(direct)] == ["agreement:sco-secretariat-unodc-mou-2011"]
    # UNODC is a sub-organisation of the UN, so the UN is linked to SCO through it.
    assert isinstance(unrelated, SelectResult) and len(unrelated.rows) == 1


def test_lookup_folds_case_and_accents(bundled, embedded) -> None:  # noqa: F811
    plain = run_query(bundled, "lookup", {"text": "unodc"}, embedded)
    accented = run_query(bundled, "lookup", {"text": "ÚNODČ"}, embedded)

    assert isinstance(plain, SelectResult) and isinstance(accented, SelectResult)
    assert shown_rows(plain) == shown_rows(accented)
    exact = [r for r in shown_rows(plain) if r[4] == '"true"^^xsd:boolean']
    assert [r[0] for r in exact] == ["organisation:unodc"]
