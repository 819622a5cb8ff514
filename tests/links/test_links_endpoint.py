"""The polite configuration of the one SPARQL client (used by ``links``) against real local
HTTP servers: 429/503 retries, Retry-After, outages, and the same error messages as ``load``
and ``query --endpoint``."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scokg.errors import EndpointError, ExitCode
from scokg.remote.http import RetryPolicy
from scokg.remote.public import polite_client
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
        client = polite_client(endpoint.url, retry=RetryPolicy(3), sleep=no_sleep.append)

        rows = client.select("SELECT ?item WHERE { ?item ?p ?o }")

    assert rows == []
    assert endpoint.requests == 3
    assert client.requests_sent == 3
    assert no_sleep == [0.0, 0.0]  # the server's Retry-After: 0 was honoured
    assert all(ua.startswith("scokg/") and "w3id.org/scokg" in ua for ua in endpoint.user_agents)


def test_backoff_doubles_without_retry_after_and_is_capped(no_sleep: list[float]) -> None:
    with BusyEndpoint(busy=3, retry_after=None) as endpoint:
        retry = RetryPolicy(retries=3, backoff=2.0, max_wait=5.0)
        client = polite_client(endpoint.url, retry=retry, sleep=no_sleep.append)

        client.select("SELECT * WHERE { ?s ?p ?o }")

    assert no_sleep == [2.0, 4.0, 5.0]


def test_gives_up_after_bounded_retries(no_sleep: list[float]) -> None:
    with BusyEndpoint(busy=100) as endpoint:
        client = polite_client(endpoint.url, retry=RetryPolicy(2), sleep=no_sleep.append)

        with pytest.raises(EndpointError) as caught:
            client.select("SELECT * WHERE { ?s ?p ?o }")

    assert endpoint.requests == 3
    assert caught.value.message == (
        f"POST {endpoint.url}: 429 Too Many Requests (still busy after 2 retries)"
    )
    assert caught.value.hint is not None and "try again later" in caught.value.hint
    assert caught.value.exit_code == ExitCode.ENDPOINT


def test_unreachable_endpoint_is_an_endpoint_error() -> None:
    port = free_port()
    client = polite_client(f"http://127.0.0.1:{port}/sparql", retry=RetryPolicy(3))

    with pytest.raises(EndpointError) as caught:
        client.select("SELECT * WHERE { ?s ?p ?o }")

    assert caught.value.message == (
        f"cannot reach http://127.0.0.1:{port} (connection refused); is the server up?"
    )
    assert client.requests_sent == 1  # a refused connection is not retried


def test_cli_check_reports_busy_endpoint_as_exit_3(run_cli: Run) -> None:
    with BusyEndpoint(busy=100) as endpoint:
        result = run_cli("links", "check", "--endpoint", endpoint.url, "--retries", "1")

    assert result.returncode == ExitCode.ENDPOINT
    assert endpoint.requests == 2
    assert f"scokg: error: POST {endpoint.url}: 429 Too Many Requests" in result.stderr
    assert "missing" not in result.stdout


def test_cli_check_unreachable_endpoint_exits_3_never_missing(run_cli: Run) -> None:
    port = free_port()
    result = run_cli("links", "check", "--endpoint", f"http://127.0.0.1:{port}/sparql")

    assert result.returncode == ExitCode.ENDPOINT
    assert result.stderr == (
        f"scokg: error: cannot reach http://127.0.0.1:{port} (connection refused); "
        "is the server up?\n"
    )
    assert "missing" not in result.stdout


def test_suggest_unreachable_endpoint_exits_3(run_cli: Run) -> None:
    result = run_cli("links", "suggest", "--endpoint", f"http://127.0.0.1:{free_port()}/q")

    assert result.returncode == ExitCode.ENDPOINT
    assert result.stdout == ""


def test_silent_endpoint_times_out_as_endpoint_error() -> None:
    import socket

    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        client = polite_client(url, timeout=1, retry=RetryPolicy(3))

        with pytest.raises(EndpointError) as caught:
            client.select("SELECT * WHERE { ?s ?p ?o }")

    assert caught.value.message == (
        f"no answer from {url} within 1 s (raise --timeout if the server is only slow)"
    )
    assert client.requests_sent == 1  # a timeout is not retried


def test_retry_after_as_an_http_date_is_honoured_and_capped(no_sleep: list[float]) -> None:
    from email.utils import formatdate

    an_hour_later = formatdate(time.time() + 3600, usegmt=True)
    with BusyEndpoint(busy=1, retry_after=an_hour_later) as endpoint:
        retry = RetryPolicy(retries=1, backoff=1.0, max_wait=7.0)
        client = polite_client(endpoint.url, retry=retry, sleep=no_sleep.append)

        client.select("SELECT * WHERE { ?s ?p ?o }")

    assert no_sleep == [7.0]  # the server's date, capped at max_wait (not the 1 s backoff)


def test_same_failure_same_message_in_every_command(run_cli: Run, tmp_project: Path) -> None:
    """``links``, ``load`` and ``query --endpoint`` share one client, so one error text."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    data = ("--data", str(tmp_project))
    runs = [
        run_cli("links", "check", "--endpoint", url),
        run_cli("links", "suggest", "--endpoint", url),
        run_cli(*data, "load", "--endpoint", url, "--method", "update"),
        run_cli(*data, "query", "-e", "ASK {}", "--endpoint", url),
    ]

    expected = f"scokg: error: cannot reach http://127.0.0.1:{port} (connection refused); "
    for run in runs:
        assert run.returncode == ExitCode.ENDPOINT, run.stderr
        assert run.stderr == expected + "is the server up?\n", run.args


def test_non_http_endpoint_is_a_usage_error_as_in_load(run_cli: Run) -> None:
    result = run_cli("links", "check", "--endpoint", "ftp://user:secret@127.0.0.1/sparql")

    assert result.returncode == ExitCode.USAGE
    assert result.stderr.startswith("scokg: error: not an http(s) URL: 'ftp://127.0.0.1/sparql'")
    assert "secret" not in result.stderr
