"""The polite SPARQL client against real local HTTP servers: 429/503 retries, outages."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scokg.errors import EndpointError
from scokg.links.endpoint import SparqlClient
from scokg.stores.oxigraph_server import free_port

Run = Callable[..., subprocess.CompletedProcess[str]]
EMPTY_RESULTS = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()


class BusyEndpoint:
    """A real HTTP server that answers ``busy`` requests with ``status``, then 200."""

    def __init__(self, busy: int, status: int = 429, retry_after: str | None = "0") -> None:
        self.busy = busy
        self.status = status
        self.retry_after = retry_after
        self.requests = 0
        self.user_agents: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                self.rfile.read(length)
                owner.requests += 1
                owner.user_agents.append(self.headers.get("User-Agent", ""))
                if owner.requests <= owner.busy:
                    self.send_response(owner.status)
                    if owner.retry_after is not None:
                        self.send_header("Retry-After", owner.retry_after)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY_RESULTS)))
                self.end_headers()
                self.wfile.write(EMPTY_RESULTS)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"

    def __enter__(self) -> BusyEndpoint:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def no_sleep() -> list[float]:
    """Waits the client asked for, recorded instead of slept (the server stays real)."""
    return []


@pytest.mark.parametrize("status", [429, 503])
def test_retries_after_busy_answers_then_succeeds(status: int, no_sleep: list[float]) -> None:
    with BusyEndpoint(busy=2, status=status) as endpoint:
        client = SparqlClient(endpoint.url, retries=3, sleep=no_sleep.append)

        rows = client.select("SELECT ?item WHERE { ?item ?p ?o }")

    assert rows == []
    assert endpoint.requests == 3
    assert client.requests_sent == 3
    assert no_sleep == [0.0, 0.0]  # the server's Retry-After: 0 was honoured
    assert all(ua.startswith("scokg/") and "w3id.org/scokg" in ua for ua in endpoint.user_agents)


def test_backoff_doubles_without_retry_after_and_is_capped(no_sleep: list[float]) -> None:
    with BusyEndpoint(busy=3, retry_after=None) as endpoint:
        client = SparqlClient(
            endpoint.url, retries=3, backoff=2.0, max_wait=5.0, sleep=no_sleep.append
        )

        client.select("SELECT * WHERE { ?s ?p ?o }")

    assert no_sleep == [2.0, 4.0, 5.0]


def test_gives_up_after_bounded_retries(no_sleep: list[float]) -> None:
    with BusyEndpoint(busy=100) as endpoint:
        client = SparqlClient(endpoint.url, retries=2, sleep=no_sleep.append)

        with pytest.raises(EndpointError) as caught:
            client.select("SELECT * WHERE { ?s ?p ?o }")

    assert endpoint.requests == 3
    assert "busy (HTTP 429)" in caught.value.message
    assert caught.value.exit_code == 3


def test_unreachable_endpoint_is_an_endpoint_error() -> None:
    client = SparqlClient(f"http://127.0.0.1:{free_port()}/sparql", retries=3)

    with pytest.raises(EndpointError) as caught:
        client.select("SELECT * WHERE { ?s ?p ?o }")

    assert "cannot reach the SPARQL endpoint" in caught.value.message
    assert client.requests_sent == 1  # a refused connection is not retried


def test_cli_check_reports_busy_endpoint_as_exit_3(run_cli: Run) -> None:
    with BusyEndpoint(busy=100) as endpoint:
        result = run_cli("links", "check", "--endpoint", endpoint.url, "--retries", "1")

    assert result.returncode == 3
    assert endpoint.requests == 2
    assert "scokg: error:" in result.stderr and "HTTP 429" in result.stderr
    assert "missing" not in result.stdout


def test_cli_check_unreachable_endpoint_exits_3_never_missing(run_cli: Run) -> None:
    result = run_cli("links", "check", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql")

    assert result.returncode == 3
    assert "cannot reach the SPARQL endpoint" in result.stderr
    assert "missing" not in result.stdout
    assert "Traceback" not in result.stderr


def test_suggest_unreachable_endpoint_exits_3(run_cli: Run) -> None:
    result = run_cli("links", "suggest", "--endpoint", f"http://127.0.0.1:{free_port()}/q")

    assert result.returncode == 3
    assert result.stdout == ""


def test_silent_endpoint_times_out_as_endpoint_error() -> None:
    import socket

    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        client = SparqlClient(url, timeout=1, retries=3)

        with pytest.raises(EndpointError) as caught:
            client.select("SELECT * WHERE { ?s ?p ?o }")

    assert "cannot reach the SPARQL endpoint" in caught.value.message
    assert "timed out" in caught.value.message
