"""`links check`, `links suggest` and federated queries against a real local oxigraph server
loaded with a Wikidata-shaped fixture (tests/data/links/wikidata-fixture.ttl)."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers.federation import rewrite_service, service_endpoints
from scokg.links.check import Status, check_links
from scokg.links.sssom import read_sssom
from scokg.parsing import load_store
from scokg.project import Project
from scokg.remote.public import WIKIDATA_SPARQL, polite_client
from scokg.stores.oxigraph_server import OxigraphServer

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "links" / "wikidata-fixture.ttl"
WD = "http://www.wikidata.org/entity/"
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def wikidata() -> Iterator[OxigraphServer]:
    """A real oxigraph server standing in for the Wikidata Query Service."""
    with OxigraphServer() as server:
        request = urllib.request.Request(
            server.store_url + "?default",
            data=FIXTURE.read_bytes(),
            headers={"Content-Type": "text/turtle"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 201, 204)
        yield server


def test_check_reports_each_outcome_in_one_batched_request(wikidata: OxigraphServer) -> None:
    mapping_set = read_sssom(ROOT / "data" / "links.sssom.tsv")
    client = polite_client(wikidata.query_url)

    report = check_links(mapping_set, client, target="wikidata")

    got = {r.mapping.object_id.removeprefix(WD): (r.status, r.detail) for r in report.results}
    assert {k: v[0] for k, v in got.items()} == {
        "Q485207": Status.OK,
        "Q1065": Status.OK,
        "Q1741": Status.LABEL_DIFFERS,
        "Q1520": Status.REDIRECTED,
        "Q7283": Status.MISSING,
    }
    assert got["Q1520"][1] == f"redirected to {WD}Q90000009"
    assert "'Wien'" in got["Q1741"][1] and "'Vienna'" in got["Q1741"][1]
    assert report.requests == 1  # five IRIs, one VALUES batch
    assert [r.mapping.object_id for r in report.broken] == [WD + "Q1520", WD + "Q7283"]


def test_check_batches_by_batch_size(wikidata: OxigraphServer) -> None:
    mapping_set = read_sssom(ROOT / "data" / "links.sssom.tsv")
    client = polite_client(wikidata.query_url)

    report = check_links(mapping_set, client, target="wikidata", batch_size=2)

    assert report.requests == 3
    assert report.counts() == {
        "ok": 2,
        "missing": 1,
        "label-differs": 1,
        "redirected-or-deprecated": 1,
    }


def test_cli_check_prints_outcomes_and_exits_1_for_broken_links(
    wikidata: OxigraphServer, run_cli: Run
) -> None:
    result = run_cli("links", "check", "--endpoint", wikidata.query_url)

    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert "ok                       organisation:sco owl:sameAs wd:Q485207" in lines
    assert any(line.startswith("missing ") and "wd:Q7283" in line for line in lines)
    assert any(line.startswith("label-differs ") and "wd:Q1741" in line for line in lines)
    assert any(
        line.startswith("redirected-or-deprecated ") and "wd:Q1520" in line for line in lines
    )
    assert lines[-1].endswith(
        "in 1 request(s): 2 ok, 1 missing, 1 label-differs, 1 redirected-or-deprecated"
    )
    assert "2 link(s) need a curator" in result.stderr
    assert "links.sssom.tsv:" in result.stderr


def test_cli_check_json_and_exit_0_when_only_labels_differ(
    wikidata: OxigraphServer, run_cli: Run, tmp_project: Path
) -> None:
    links = (ROOT / "data" / "links.sssom.tsv").read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in links if "wd:Q1520" not in ln and "wd:Q7283" not in ln]
    (tmp_project / "data" / "links.sssom.tsv").write_text("\n".join(kept) + "\n")

    result = run_cli(
        "--data",
        str(tmp_project),
        "links",
        "check",
        "--format",
        "json",
        "--endpoint",
        wikidata.query_url,
    )
    strict = run_cli(
        "--data", str(tmp_project), "links", "check", "--strict", "--endpoint", wikidata.query_url
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["counts"] == {
        "ok": 2,
        "missing": 0,
        "label-differs": 1,
        "redirected-or-deprecated": 0,
    }
    assert strict.returncode == 1


def test_cli_suggest_prints_review_rows_for_unlinked_things(
    wikidata: OxigraphServer, run_cli: Run
) -> None:
    data_before = {p: p.read_bytes() for p in (ROOT / "data").rglob("*") if p.is_file()}

    result = run_cli("links", "suggest", "--endpoint", wikidata.query_url)

    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split("\t")[:4] == ["subject_id", "subject_label", "predicate_id", "object_id"]
    parsed = {tuple(r.split("\t")[i] for i in (0, 2, 3, 5, 6)) for r in rows}
    assert parsed == {
        ("organisation:unodc", "owl:sameAs", "wd:Q90000001", "semapv:LexicalMatching", "0.60"),
        ("person:vladimir-norov", "owl:sameAs", "wd:Q90000002", "semapv:LexicalMatching", "0.80"),
    }
    assert "2 candidate(s)" in result.stderr
    after = {p: p.read_bytes() for p in (ROOT / "data").rglob("*") if p.is_file()}
    assert after == data_before  # suggest never edits data


def _bundled_query(name: str) -> str:
    return (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def test_federated_member_states_query_runs_against_local_endpoint(
    wikidata: OxigraphServer,
) -> None:
    query = _bundled_query("sco-member-states")
    assert service_endpoints(query) == [WIKIDATA_SPARQL]
    local = rewrite_service(query, {WIKIDATA_SPARQL: wikidata.query_url})
    store = load_store(Project.discover())
    sco = ox.NamedNode("https://w3id.org/scokg/id/organisation/sco")

    rows = store.query(
        local, use_default_graph_as_union=True, substitutions={ox.Variable("org"): sco}
    )
    got = [(r["orgName"].value, r["member"].value, r["memberName"].value) for r in rows]

    assert got == [
        ("Shanghai Cooperation Organisation", WD + "Q148", "People's Republic of China"),
        ("Shanghai Cooperation Organisation", WD + "Q159", "Russia"),
    ]


def test_federated_websites_query_runs_against_local_endpoint(wikidata: OxigraphServer) -> None:
    local = rewrite_service(
        _bundled_query("organisation-websites"), {WIKIDATA_SPARQL: wikidata.query_url}
    )
    store = load_store(Project.discover())

    rows = store.query(local, use_default_graph_as_union=True)

    assert [(r["orgName"].value, r["website"].value) for r in rows] == [
        ("Shanghai Cooperation Organisation", "https://example.org/sco-website"),
        ("United Nations", "https://example.org/un-website"),
    ]


def test_bundled_federated_queries_declare_network_need() -> None:
    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if WIKIDATA_SPARQL in text:
            header = [ln for ln in text.splitlines() if ln.startswith("#")]
            assert "# requires: network (Wikidata)" in header, path.name
            assert any(ln.startswith("# title: ") for ln in header), path.name


def test_rewrite_service_changes_only_service_clauses() -> None:
    query = (
        f"SELECT * WHERE {{ ?s ?p <{WIKIDATA_SPARQL}> . "
        f"SERVICE SILENT <{WIKIDATA_SPARQL}> {{ ?s ?p ?o }} }}"
    )

    out = rewrite_service(query, {WIKIDATA_SPARQL: "http://127.0.0.1:1/query"})

    assert out.count(WIKIDATA_SPARQL) == 1
    assert "SERVICE SILENT <http://127.0.0.1:1/query>" in out
