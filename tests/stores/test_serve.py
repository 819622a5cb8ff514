"""`scokg serve`: a read-only endpoint over the project that refuses writes and stops on Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.project import TOTAL_TRIPLES
from helpers.serving import start_serve, stop_serve
from scokg.project import Project
from scokg.stores.oxigraph_server import free_port
from scokg.stores.serve import build_store, store_location

pytestmark = pytest.mark.server

KillMidBuild = Callable[..., list[str]]
SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def post(url: str, data: bytes, content_type: str, method: str = "POST") -> int:
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def count(base: str) -> int:
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    request = urllib.request.Request(
        f"{base}/query?{query}", headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.load(response)["results"]["bindings"][0]["n"]["value"])


def test_serve_answers_queries_refuses_writes_and_stops_on_ctrl_c(tmp_project: Path) -> None:
    process, base = start_serve(tmp_project, port=free_port())
    try:
        # The union default graph: every named graph's triples, with no FROM needed.
        assert count(base) == TOTAL_TRIPLES
        update = b"update=" + urllib.parse.quote_plus("DROP ALL").encode()
        assert post(f"{base}/update", update, "application/x-www-form-urlencoded") == 403
        triple = b"<urn:x:a> <urn:x:b> <urn:x:c> ."
        assert post(f"{base}/store?default", triple, "application/n-triples", "PUT") == 403
        assert count(base) == TOTAL_TRIPLES

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        with pytest.raises(urllib.error.URLError):
            count(base)  # the oxigraph child is gone too
        assert "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_store_is_cached_by_content_and_built_atomically(tmp_project: Path, tmp_path: Path) -> None:
    project = Project.discover(tmp_project)
    cache = tmp_path / "cache"

    first = build_store(project, cache)
    assert first == store_location(project, cache) and first.is_dir()
    assert build_store(project, cache) == first  # reused

    entities = tmp_project / "data" / "entities.ttl"
    entities.write_text(entities.read_text() + "id:org-c a scokg:Organisation .\n")
    second = build_store(project, cache)

    assert second != first
    assert second.parent == first.parent
    assert sorted(p.name for p in second.parent.iterdir()) == [second.name]  # none stale or partial


def test_oxigraph_script_starts_and_stops_by_pid(tmp_path: Path) -> None:
    pidfile = tmp_path / "oxigraph.json"
    script = str(SCRIPTS / "oxigraph-server")
    env = {**os.environ, "PYTHON": sys.executable}

    started = subprocess.run(
        [script, "start", "--pidfile", str(pidfile)], capture_output=True, text=True, env=env
    )
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("http://127.0.0.1:")
        assert count(url) == 0
        status = subprocess.run([script, "status", "--pidfile", str(pidfile)], env=env)
        assert status.returncode == 0
    finally:
        stopped = subprocess.run(
            [script, "stop", "--pidfile", str(pidfile)], capture_output=True, text=True, env=env
        )
    assert stopped.returncode == 0 and "stopped oxigraph" in stopped.stdout
    assert not pidfile.exists()
    with pytest.raises(urllib.error.URLError):
        count(url)


def test_virtuoso_script_starts_and_stops_by_pid(tmp_path: Path) -> None:
    from helpers.virtuoso import virtuoso_installed

    if not virtuoso_installed():
        pytest.skip("Virtuoso is not installed (virtuoso-t, isql-vt); run scripts/ci-install")
    pidfile = tmp_path / "virtuoso.json"
    script = str(SCRIPTS / "virtuoso-server")
    env = {**os.environ, "PYTHON": sys.executable, "SCOKG_PASSWORD": "script-test-pw"}
    location = tmp_path / "db"

    started = subprocess.run(
        [script, "start", "--pidfile", str(pidfile), "--location", str(location)],
        capture_output=True,
        text=True,
        env=env,
    )
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip()
        assert url.startswith("http://127.0.0.1:")
        assert "script-test-pw" not in started.stdout + started.stderr
        assert (location / "dba-password").read_text().strip() == "script-test-pw"
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(f"{url}/sparql?{query}", timeout=10) as response:
            assert response.status == 200
    finally:
        stopped = subprocess.run(
            [script, "stop", "--pidfile", str(pidfile)], capture_output=True, text=True, env=env
        )
    assert stopped.returncode == 0 and "stopped virtuoso" in stopped.stdout
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/sparql?{query}", timeout=5)


def _processes_mentioning(text: str) -> list[int]:
    """PIDs of running processes whose command line contains ``text`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_serve_uses_the_cache_dir_and_cleans_up_after_a_kill(
    big_project: Path, tmp_path: Path, kill_mid_build: KillMidBuild
) -> None:
    cache = tmp_path / "cache"
    env = {"SCOKG_CACHE_DIR": str(cache)}
    serve_args = ["--data", str(big_project), "serve", "--port", str(free_port())]

    def loading() -> bool:
        """`oxigraph load` is writing into the work folder."""
        return bool(_processes_mentioning(f"{cache / 'serve'}/."))

    left = kill_mid_build(serve_args, env, cache / "serve", loading)

    assert left, "SIGKILL gives no chance to clean up: the work folder stays behind"
    deadline = time.monotonic() + 10  # the `oxigraph load` child dies with its parent
    while _processes_mentioning(left[0]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _processes_mentioning(left[0])

    process, base = start_serve(big_project, port=free_port(), env=env)
    try:
        assert count(base) > 20_000
        location = store_location(Project.discover(big_project), cache)
        assert sorted(p.name for p in (cache / "serve").iterdir()) == [location.name]
        assert not (big_project / ".scokg").exists()  # $SCOKG_CACHE_DIR, not the project
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- the checking front: Host, Origin, policy, limits, taken port ------------------------


class CountingEndpoint:
    """A local SPARQL endpoint stand-in that counts requests and answers no rows."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.requests.append(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                body = b'{"head":{"vars":["a"]},"results":{"bindings":[]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _ask(base: str, query: str, headers: dict[str, str] | None = None) -> tuple[int, str, dict]:
    """Status, body and headers of a real POST of ``query`` to ``base``/query."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"{base}/query",
        data=data,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
            **(headers or {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


ASK_ALL = "ASK { ?s ?p ?o }"


def _oxigraph_children(parent: int) -> list[int]:
    """PIDs of the live ``oxigraph`` processes whose parent is ``parent`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if (
            fields.get("PPid", "").strip() == str(parent)
            and b"oxigraph" in cmdline
            and not fields.get("State", "").startswith("Z")
        ):
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "State:\tZ" not in state


def test_serve_front_checks_host_origin_policy_and_limits(tmp_project: Path) -> None:
    allowed, other = CountingEndpoint(), CountingEndpoint()
    process, base = start_serve(
        tmp_project,
        "--allow-service",
        f"127.0.0.1:{allowed.port}",
        "--query-timeout",
        "1",
        "--max-result-size",
        "64K",
        port=free_port(),
    )
    try:
        status, body, headers = _ask(base, ASK_ALL)
        assert (status, json.loads(body)["boolean"]) == (200, True)
        # Oxigraph's "Access-Control-Allow-Origin: *" never reaches a browser.
        assert not any(name.lower().startswith("access-control") for name in headers)

        port = base.rsplit(":", 1)[1]
        for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{int(port) + 1}"):
            assert _ask(base, ASK_ALL, {"Host": host})[0] == 421, host
        assert _ask(base, ASK_ALL, {"Host": f"localhost:{port}"})[0] == 200
        for origin in ("http://evil.example", "null", f"http://evil.example:{port}"):
            assert _ask(base, ASK_ALL, {"Origin": origin})[0] == 403, origin
        assert _ask(base, ASK_ALL, {"Origin": base})[0] == 200  # the query UI itself
        assert _ask(base, ASK_ALL, {"Sec-Fetch-Site": "cross-site"})[0] == 403
        preflight = urllib.request.Request(
            f"{base}/query", method="OPTIONS", headers={"Origin": "http://evil.example"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(preflight, timeout=10)
        assert refused.value.code == 403

        # SERVICE: refused to an unlisted host (nothing sent), sent once to the listed one.
        query = "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{}/sparql> {{ ?a ?b ?c }} }}"
        status, body, _ = _ask(base, query.format(other.port))
        assert status == 403 and "not allowed" in body, body
        hidden = (
            "PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:\\#x ?o . "
            "SERVICE <http://127.0.0.1:{}/sparql> {{ ?a ?b ?c }} }}"
        )
        assert _ask(base, hidden.format(other.port))[0] == 403
        assert other.requests == []
        status, body, _ = _ask(base, query.format(allowed.port))
        assert status == 200, body
        assert len(allowed.requests) == 1

        # Limits: a slow query is cut at --query-timeout, a huge answer at --max-result-size.
        slow = (
            "SELECT (COUNT(*) AS ?n) WHERE { "
            + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(10))
            + " }"
        )
        before = _oxigraph_children(process.pid)
        assert len(before) == 1, before
        status, body, _ = _ask(base, slow)
        assert status == 504 and "--query-timeout" in body, body
        # Oxigraph does not stop that query at its own timeout: serve replaced the process
        # that ran it (a runaway query must not keep a core busy after the 504).
        assert not _alive(before[0]), "the oxigraph process that ran the cut query still runs"
        assert len(_oxigraph_children(process.pid)) == 1
        huge = "SELECT * WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(5)) + " }"
        status, body, _ = _ask(base, huge)
        assert status == 507 and "--max-result-size" in body, body
        assert _ask(base, ASK_ALL)[0] == 200  # still serving after both
    finally:
        stderr = stop_serve(process)
        allowed.close()
        other.close()
    assert process.returncode == 0
    assert "Traceback" not in stderr


def test_serve_refuses_service_without_allow_service(tmp_project: Path) -> None:
    listener = CountingEndpoint()
    process, base = start_serve(tmp_project, port=free_port())
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?a ?b ?c }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{listener.port}/> {{ }} }}",
            "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:1/> } SERVICE ?e { ?a ?b ?c } }",
        ):
            status, body, _ = _ask(base, query)
            assert status == 403 and "SERVICE" in body, (query, body)
            # as a GET and as a SPARQL body too
            url = f"{base}/query?" + urllib.parse.urlencode({"query": query})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(url, timeout=10)
            assert refused.value.code == 403
            assert post(f"{base}/query", query.encode(), "application/sparql-query") == 403
        assert listener.requests == []
    finally:
        stop_serve(process)
        listener.close()


def test_serve_on_a_taken_port_says_so(tmp_project: Path) -> None:
    """Even when what holds the port is itself a SPARQL server, serve does not claim it."""
    other = CountingEndpoint()
    try:
        run = subprocess.run(
            [sys.executable, "-m", "scokg", "--data", str(tmp_project), "serve"]
            + ["--port", str(other.port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        other.close()
    assert run.returncode == 2, run.stderr
    assert f"scokg: error: port {other.port} on 127.0.0.1 is already in use" in run.stderr
    assert "SPARQL endpoint" not in run.stdout
    assert other.requests == []


# --- a well-behaved server process: signals, parent death, piped output, --port 0 ---------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_serve_leaves_no_process_behind_whatever_stops_it(
    tmp_project: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    from helpers.processes import alive, descendants, wait_gone

    process, base = start_serve(
        tmp_project, env={"SCOKG_CACHE_DIR": str(tmp_path / "cache")}, new_session=True
    )
    assert not base.endswith(":0"), "--port 0 must print the port actually bound"
    children: list[int] = []
    try:
        assert count(base) == TOTAL_TRIPLES
        children = descendants(process.pid)
        assert children, "the oxigraph server should run as a child of scokg serve"
        os.kill(process.pid, sig)  # the parent only: its children must follow
        process.communicate(timeout=60)
        if sig == signal.SIGKILL:
            assert process.returncode == -signal.SIGKILL
        else:
            assert process.returncode == 0, f"{sig.name}: exit {process.returncode}"
        left = wait_gone(children)
        assert not left, f"after {sig.name}: still running {left}"
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=5)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        for pid in children:  # even orphaned, they are ours: never leave one behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
