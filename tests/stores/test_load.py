"""`scokg load` against a real oxigraph server on 127.0.0.1: replace, verify, fail safely."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest

from helpers.project import TOTAL_TRIPLES
from helpers.stores import graph_counts
from scokg.errors import EndpointError, UsageError
from scokg.project import Project
from scokg.remote.http import Credentials, find_credentials, redact_url
from scokg.stores.oxigraph_server import OxigraphServer, free_port
from scokg.stores.upload import GraphLoad, batch_triples, load_project, temp_graph

pytestmark = pytest.mark.server

Run = Callable[..., subprocess.CompletedProcess[str]]
G = "https://w3id.org/scokg/graph/"
EXPECTED = {G + "document/x": 3, G + "entities": 4, G + "ontology": 2}
PASSWORD = "pa55-Wörd-never-shown"


def labels(server: OxigraphServer, graph: str) -> set[str]:
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    query = f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?s <{label}> ?l }} }}"
    request = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return {row["l"]["value"] for row in json.load(response)["results"]["bindings"]}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    with OxigraphServer(location=tmp_path / "store") as running:
        yield running


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make sure the developer's own $SCOKG_* or ~/.netrc cannot leak into a test."""
    monkeypatch.delenv("SCOKG_USER", raising=False)
    monkeypatch.delenv("SCOKG_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def test_load_replaces_each_graph_and_verifies_counts(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    report = load_project(Project.discover(tmp_project), server.base_url)

    assert {g.graph: g.found for g in report.graphs} == EXPECTED
    assert report.total_triples == TOTAL_TRIPLES
    assert report.method == "bulk"  # Oxigraph: the dataset-level path
    assert graph_counts(server) == EXPECTED  # no temporary graph left behind


def test_auto_goes_graph_by_graph_above_the_bulk_size(
    tmp_project: Path,
    server: OxigraphServer,
    no_credentials: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scokg.stores import upload

    monkeypatch.setattr(upload, "BULK_AUTO_MAX_TRIPLES", TOTAL_TRIPLES - 1)
    report = load_project(Project.discover(tmp_project), server.base_url)

    assert report.method == "gsp" and {g.method for g in report.graphs} == {"gsp"}
    assert graph_counts(server) == EXPECTED


def test_reload_is_idempotent_with_both_methods(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    project = Project.discover(tmp_project)
    load_project(project, server.query_url)
    load_project(project, server.query_url)
    assert graph_counts(server) == EXPECTED

    report = load_project(project, server.query_url, method="update", batch_size=1)
    assert report.method == "update"
    assert graph_counts(server) == EXPECTED


def test_reload_drops_triples_removed_from_the_files(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    project = Project.discover(tmp_project)
    load_project(project, server.base_url)
    entities = tmp_project / "data" / "entities.ttl"
    entities.write_text(entities.read_text().replace('rdfs:label "Org B" .', "."))
    # "id:org-b a scokg:Organisation ." is left: 3 triples.
    load_project(project, server.base_url)

    assert graph_counts(server) == {**EXPECTED, G + "entities": 3}
    assert labels(server, G + "entities") == {"Org A"}


def test_blank_nodes_survive_small_update_batches(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    (tmp_project / "data" / "extra.ttl").write_text(
        "@prefix ex: <https://example.org/> .\n"
        "ex:a ex:list ( ex:x ex:y ex:z ) .\n"
        'ex:b ex:has [ ex:name "n" ; ex:next [ ex:name "m" ] ] .\n'
    )
    project = Project.discover(tmp_project)
    load_project(project, server.base_url, method="update", batch_size=1)

    query = (
        "PREFIX ex: <https://example.org/> ASK { GRAPH <" + G + "extra> { "
        "ex:a ex:list/<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>/"
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ex:y . "
        'ex:b ex:has ?n . ?n ex:name "n" ; ex:next/ex:name "m" } }'
    )
    request = urllib.request.Request(
        server.query_url + "?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["boolean"] is True
    assert (
        graph_counts(server)[G + "extra"] == 7 + 4
    )  # list: 1 + 3 × (first, rest); node: has, name, next, name


def test_batches_keep_blank_node_groups_together() -> None:
    ex = "https://example.org/"
    b1, b2 = pyoxigraph.BlankNode("b1"), pyoxigraph.BlankNode("b2")
    p = pyoxigraph.NamedNode(ex + "p")
    triples = [pyoxigraph.Triple(pyoxigraph.NamedNode(ex + str(i)), p, p) for i in range(5)]
    triples += [
        pyoxigraph.Triple(b1, p, b2),
        pyoxigraph.Triple(b2, p, p),
        pyoxigraph.Triple(b1, p, p),
    ]

    batches = batch_triples(triples, 2)

    assert sorted(len(b) for b in batches) == [1, 2, 2, 3]
    blank_batches = [
        b for b in batches if any(isinstance(t.subject, pyoxigraph.BlankNode) for t in b)
    ]
    assert len(blank_batches) == 1 and len(blank_batches[0]) == 3
    assert sorted(map(str, (t for b in batches for t in b))) == sorted(map(str, triples))


def test_upload_killed_midway_leaves_previous_graph_intact(
    tmp_project: Path, tmp_path: Path, no_credentials: None
) -> None:
    location = tmp_path / "killed-store"
    project = Project.discover(tmp_project)
    server = OxigraphServer(location=location).start()
    try:
        load_project(project, server.base_url)
        # Version 2: a large entities graph, uploaded in many requests.
        big = "".join(
            f'id:org-{i} a scokg:Organisation ; rdfs:label "Org {i}" .\n' for i in range(15_000)
        )
        entities = tmp_project / "data" / "entities.ttl"
        entities.write_text(entities.read_text() + big)

        class KillAfterThreeBatches:
            batches = 0

            def start_graph(self, graph: str, triples: int) -> None:
                pass

            def sent(self, graph: str, triples: int) -> None:
                if graph == G + "entities":
                    self.batches += 1
                    if self.batches == 3:
                        server.kill()  # SIGKILL, as a crash would

            def finished(self, result: GraphLoad) -> None:
                pass

        with pytest.raises(EndpointError, match="cannot reach"):
            load_project(
                project, server.base_url, batch_size=2_000, progress=KillAfterThreeBatches()
            )
        assert server.process is not None and server.process.poll() is not None
    finally:
        server.stop()

    with OxigraphServer(location=location) as restarted:
        counts = graph_counts(restarted)
        assert counts[G + "entities"] == 4
        assert labels(restarted, G + "entities") == {"Org A", "Org B"}
        assert counts[G + "document/x"] == 3
        # The next run completes the job and clears the temporary graph.
        load_project(project, restarted.base_url)
        after = graph_counts(restarted)
        assert after[G + "entities"] == 4 + 30_000
        assert temp_graph(G + "entities") not in after


def test_dry_run_sends_nothing(tmp_project: Path, server: OxigraphServer, run_cli: Run) -> None:
    result = run_cli("--data", str(tmp_project), "load", "--endpoint", server.base_url, "--dry-run")

    assert result.returncode == 0, result.stderr
    assert f"POST {server.store_url}?no_transaction (application/n-quads, " in result.stdout
    assert f"MOVE <{temp_graph(G + 'entities')}>" in result.stdout
    assert graph_counts(server) == {}


def test_cli_load_reports_every_graph(
    tmp_project: Path, server: OxigraphServer, run_cli: Run
) -> None:
    result = run_cli(
        "--data", str(tmp_project), "load", "--endpoint", server.query_url, "--format", "json"
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert {g["graph"]: g["found"] for g in report["graphs"]} == EXPECTED
    assert result.stderr == ""  # no progress bars when stderr is not a terminal


def test_unreachable_port_exits_3_with_one_line(tmp_project: Path, run_cli: Run) -> None:
    port = free_port()
    result = run_cli(
        "--data", str(tmp_project), "load", "--endpoint", f"http://127.0.0.1:{port}/query"
    )

    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"scokg: error: cannot reach http://127.0.0.1:{port} (connection refused); "
        "is the server up?"
    ]
    assert result.stdout == ""


def test_read_only_store_refusal_shows_status(
    tmp_project: Path, tmp_path: Path, run_cli: Run
) -> None:
    location = tmp_path / "ro"
    with OxigraphServer(location=location):
        pass  # create the store
    with OxigraphServer(location=location, read_only=True) as server:
        bulk = run_cli("--data", str(tmp_project), "load", "--endpoint", server.base_url)
        data = ("--data", str(tmp_project), "load", "--endpoint", server.base_url)
        per_graph = run_cli(*data, "--method", "gsp")

    for result in (bulk, per_graph):
        assert result.returncode == 3
        assert "Traceback" not in result.stderr
    # The bulk path's first request clears the temporary graphs (an update).
    first = bulk.stderr.splitlines()[0]
    assert first.startswith(f"scokg: error: POST {server.base_url}/update: 403 "), first
    first = per_graph.stderr.splitlines()[0]
    assert first.startswith(f"scokg: error: PUT {server.store_url}?graph=")
    assert ": 403 " in first or ": 405 " in first, first


@pytest.fixture
def failing_store() -> Iterator[str]:
    port = free_port()
    script = Path(__file__).resolve().parents[1] / "helpers" / "failing_store.py"
    process = subprocess.Popen([sys.executable, str(script), str(port), "loader", PASSWORD])
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1)
            except urllib.error.HTTPError:
                break  # answering (with 401)
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_server_error_shows_status_and_body_but_never_the_password(
    tmp_project: Path, failing_store: str, run_cli: Run
) -> None:
    env = {"SCOKG_USER": "loader", "SCOKG_PASSWORD": PASSWORD}
    result = run_cli(
        "--data",
        str(tmp_project),
        "load",
        "--endpoint",
        failing_store,
        "--gsp",
        failing_store + "/store",
        env=env,
    )

    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    # Basic auth was accepted (else 401), and the server's own message is shown, scrubbed.
    assert ": 500 Internal Server Error: the store is on fire (login loader:***)" in lines[0]
    assert PASSWORD not in result.stdout + result.stderr


def test_password_never_printed(
    tmp_project: Path, server: OxigraphServer, failing_store: str, run_cli: Run
) -> None:
    env = {"SCOKG_USER": "loader", "SCOKG_PASSWORD": PASSWORD}
    data = ("--data", str(tmp_project))
    runs = [
        run_cli(*data, "load", "--endpoint", server.base_url, env=env),
        run_cli(*data, "load", "--endpoint", server.base_url, "--format", "json", env=env),
        run_cli(*data, "load", "--endpoint", server.base_url, "--dry-run", env=env),
        run_cli(
            *data, "load", "--endpoint", server.base_url, "--dry-run", "--format", "json", env=env
        ),
        run_cli(*data, "load", "--endpoint", failing_store, "--method", "update", env=env),
        run_cli(
            *data,
            "load",
            "--endpoint",
            f"http://loader:{PASSWORD}@127.0.0.1:{free_port()}/",
            env=env,
        ),
    ]

    assert [r.returncode for r in runs] == [0, 0, 0, 0, 3, 3]
    assert "credentials:     yes, SCOKG_USER/SCOKG_PASSWORD" in runs[2].stdout
    for result in runs:
        assert PASSWORD not in result.stdout + result.stderr
        assert "loader" not in result.stdout + result.stderr.replace("login loader:***", "")


def test_credentials_from_env_then_netrc(tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine store.example login alice password s3cret\n")
    netrc.chmod(0o600)

    from_env = find_credentials(
        "http://store.example/sparql", {"SCOKG_USER": "bob", "SCOKG_PASSWORD": "x"}
    )
    from_netrc = find_credentials("http://store.example/sparql", {"NETRC": str(netrc)})
    other_host = find_credentials("http://other.example/sparql", {"NETRC": str(netrc)})

    assert from_env == Credentials("bob", "x", "SCOKG_USER/SCOKG_PASSWORD")
    assert from_netrc is not None and (from_netrc.user, from_netrc.password) == ("alice", "s3cret")
    assert other_host is None
    assert "s3cret" not in repr(from_netrc) + str(from_netrc)
    assert redact_url("http://alice:s3cret@h:1/q?x=1") == "http://h:1/q?x=1"


def test_gsp_method_without_known_store_is_a_usage_error(tmp_project: Path) -> None:
    with pytest.raises(UsageError, match="no Graph Store endpoint"):
        load_project(Project.discover(tmp_project), "http://127.0.0.1:1/somewhere", method="gsp")


def test_silent_server_times_out_with_exit_3(tmp_project: Path, run_cli: Run) -> None:
    # A real listening socket that never answers: connections are accepted by the kernel,
    # the request is sent, and no response ever comes.
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        result = run_cli(
            "--data",
            str(tmp_project),
            "load",
            "--endpoint",
            f"http://127.0.0.1:{port}/query",
            "--timeout",
            "0.5",
        )

    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        f"scokg: error: no answer from http://127.0.0.1:{port}/update within 0.5 s "
        "(raise --timeout if the server is only slow)"
    ]


def test_auto_falls_back_to_update_when_the_graph_store_is_missing(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    report = load_project(
        Project.discover(tmp_project), server.query_url, gsp=server.base_url + "/no-such-path"
    )

    assert report.method == "update"
    assert {g.method for g in report.graphs} == {"update"}
    assert graph_counts(server) == EXPECTED


def test_explicit_gsp_method_does_not_fall_back(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    with pytest.raises(EndpointError, match=": 404 "):
        load_project(
            Project.discover(tmp_project),
            server.query_url,
            gsp=server.base_url + "/no-such-path",
            method="gsp",
        )
    assert graph_counts(server) == {}


def test_dry_run_reports_credentials_given_in_the_endpoint_url(
    tmp_project: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """What a dry run prints is what a real run would send: the URL's credentials count."""
    run = run_cli(
        "--data",
        str(tmp_project),
        "load",
        "--endpoint",
        "http://bob:hunter2XYZ@127.0.0.1:9/query",
        "--dry-run",
        env={"SCOKG_USER": "", "SCOKG_PASSWORD": "", "NETRC": str(tmp_project / "no-netrc")},
    )
    assert run.returncode == 0, run.stderr
    assert "credentials:     yes, the endpoint URL" in run.stdout, run.stdout
    assert "hunter2XYZ" not in run.stdout + run.stderr
