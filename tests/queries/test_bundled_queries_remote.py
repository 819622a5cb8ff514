"""Every bundled query gives the embedded engine's answer on real remote stores.

The data is loaded with `scokg load` into a plain Oxigraph server (empty default graph)
and into Virtuoso (digest auth); each bundled query then runs through `scokg query
--endpoint` machinery (RemoteEngine, parameters resolved on the remote side).
Queries that need the network (SERVICE to Wikidata) are left to the links tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from helpers.virtuoso import VirtuosoServer, virtuoso_installed
from scokg.engines.remote import RemoteEngine
from scokg.engines.results import AskResult, GraphResult, Result, SelectResult
from scokg.project import Project
from scokg.queries.catalog import list_queries
from scokg.queries.run import run_query
from scokg.remote.http import Credentials
from scokg.stores.oxigraph_server import OxigraphServer

pytestmark = pytest.mark.server

PROJECT = Project.discover()
LOCAL = [q for q in list_queries(PROJECT) if "SERVICE" not in q.text.upper()]
PARAMS = {"lookup": {"text": "unodc"}}


def comparable(result: Result, ordered: bool) -> object:
    if isinstance(result, AskResult):
        return result.value
    if isinstance(result, GraphResult):
        return sorted(str(t) for t in result.triples)
    assert isinstance(result, SelectResult)
    rows = [tuple(str(v) if v is not None else None for v in row) for row in result.rows]
    return (result.variables, rows if ordered else sorted(rows, key=repr))


def ordered(text: str) -> bool:
    return "ORDER BY" in text.upper()


def scokg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scokg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=180,
    )


@pytest.fixture(scope="module")
def embedded_answers() -> dict[str, object]:
    return {
        q.name: comparable(run_query(PROJECT, q.name, PARAMS.get(q.name)), ordered(q.text))
        for q in LOCAL
    }


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    with OxigraphServer(location=tmp_path_factory.mktemp("oxi") / "store") as server:
        loaded = scokg("load", "--endpoint", server.query_url, "--quiet")
        assert loaded.returncode == 0, loaded.stderr
        yield server


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[VirtuosoServer]:
    if not virtuoso_installed():
        pytest.skip("Virtuoso is not installed (virtuoso-t, isql-vt); run scripts/ci-install")
    with VirtuosoServer() as server:
        env = {"SCOKG_USER": "dba", "SCOKG_PASSWORD": server.password}
        loaded = scokg("load", "--endpoint", server.sparql_auth_url, "--quiet", env=env)
        assert loaded.returncode == 0, loaded.stderr
        yield server


def test_there_are_local_bundled_queries() -> None:
    assert {"agreements-between", "timeline", "resource-subgraph"} <= {q.name for q in LOCAL}


@pytest.mark.parametrize("query", LOCAL, ids=[q.name for q in LOCAL])
def test_oxigraph_gives_the_embedded_answer(
    query, oxigraph: OxigraphServer, embedded_answers: dict[str, object]
) -> None:
    engine = RemoteEngine.for_project(PROJECT, oxigraph.query_url)
    answer = run_query(PROJECT, query.name, PARAMS.get(query.name), engine)
    assert comparable(answer, ordered(query.text)) == embedded_answers[query.name]


@pytest.mark.parametrize("query", LOCAL, ids=[q.name for q in LOCAL])
def test_virtuoso_gives_the_embedded_answer(
    query, virtuoso: VirtuosoServer, embedded_answers: dict[str, object]
) -> None:
    engine = RemoteEngine.for_project(
        PROJECT, virtuoso.sparql_auth_url, credentials=Credentials("dba", virtuoso.password)
    )
    answer = run_query(PROJECT, query.name, PARAMS.get(query.name), engine)
    assert comparable(answer, ordered(query.text)) == embedded_answers[query.name]


def test_cli_endpoint_option_gives_the_embedded_output(oxigraph: OxigraphServer) -> None:
    local = scokg("query", "agreements-between", "--format", "json")
    remote = scokg(
        "query", "agreements-between", "--format", "json", "--endpoint", oxigraph.query_url
    )
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert json.loads(local.stdout) == json.loads(remote.stdout)
    assert "sco-secretariat-unodc-mou-2011" in remote.stdout


def test_cli_refuses_an_update_sent_as_a_query(oxigraph: OxigraphServer) -> None:
    result = scokg("query", "-e", "DROP ALL", "--endpoint", oxigraph.query_url)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    check = scokg(
        "query", "agreements-between", "--format", "csv", "--endpoint", oxigraph.query_url
    )
    assert "sco-secretariat-unodc-mou-2011" in check.stdout  # nothing was dropped


def test_cli_unreachable_endpoint_exits_3() -> None:
    from scokg.stores.oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    result = scokg("query", "timeline", "--endpoint", url, "--timeout", "5")
    assert result.returncode == 3, result.stderr
    assert result.stderr.startswith("scokg: error:")
    assert "Traceback" not in result.stderr
