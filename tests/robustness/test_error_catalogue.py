"""Every entry of the error catalogue, produced by the real CLI: message, exit code, no
traceback, no password.

A scenario is a function ``(Ctx) -> list[CompletedProcess]``; every run it returns must
print the entry's message and exit with its code. To add an entry: add it to
``helpers.error_catalogue.CATALOGUE``, add ``@scenario("its-id")`` below (with a fixture
under ``tests/data/errors/`` if needed), and regenerate docs/errors.md
(``python -m helpers.error_catalogue --write``, run in ``tests/``).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.cli import (
    PASSWORD_MARKER,
    USER_MARKER,
    cli_env,
    interrupt_cli,
    run_scokg,
    scokg_in,
)
from helpers.error_catalogue import BY_ID, CATALOGUE, ERRORS_DOC, GENERATOR, errors_doc
from helpers.hostile_server import Behaviour, HostileServer, answer, endless
from helpers.serving import start_serve, stop_serve
from scokg.errors import ExitCode
from scokg.stores.oxigraph_server import free_port

ERRORS = Path(__file__).resolve().parents[1] / "data" / "errors"
ROOT = Path(__file__).resolve().parents[2]
Runs = list[subprocess.CompletedProcess[str]]


@dataclass
class Ctx:
    tmp: Path

    def project(self, name: str) -> Path:
        """A private copy of a fixture project (commands may write their cache into it)."""
        target = self.tmp / name
        if not target.exists():
            shutil.copytree(ERRORS / name, target)
        return target


SCENARIOS: dict[str, Callable[[Ctx], Runs]] = {}


def scenario(entry_id: str) -> Callable[[Callable[[Ctx], Runs]], Callable[[Ctx], Runs]]:
    def register(func: Callable[[Ctx], Runs]) -> Callable[[Ctx], Runs]:
        assert entry_id in BY_ID, f"{entry_id} is not in the catalogue"
        SCENARIOS[entry_id] = func
        return func

    return register


def data_commands(ctx: Ctx, name: str) -> Runs:
    """The commands that read the data, on one fixture (a syntax error stops each one)."""
    data = ("--data", str(ctx.project(name)))
    return [
        run_scokg(*data, "validate"),
        run_scokg(*data, "stats"),
        run_scokg(*data, "load", "--endpoint", "http://127.0.0.1:9/query", "--dry-run"),
        run_scokg(*data, "query", "timeline"),
        run_scokg(*data, "build", "--out", str(ctx.tmp / "dist"), "--quiet"),
    ]


for _name in (
    "turtle-missing-dot",
    "turtle-undeclared-prefix",
    "turtle-unclosed-string",
    "turtle-bad-utf8",
    "turtle-relative-iri",
    "triple-term-misplaced",
    "data-file-name",
):
    scenario(_name)(lambda ctx, name=_name: data_commands(ctx, name))


def validate_and_build(ctx: Ctx, name: str) -> Runs:
    data = ("--data", str(ctx.project(name)))
    return [
        run_scokg(*data, "validate"),
        run_scokg(*data, "build", "--out", str(ctx.tmp / "dist"), "--quiet"),
    ]


for _name in (
    "shacl-violation",
    "span-wrong",
    "statement-missing",
    "sha256-mismatch",
    "source-text-missing",
    "resource-not-declared",
    "source-text-unpaired",
    "unknown-term",
    "reifier-unnamed",
):
    scenario(_name)(lambda ctx, name=_name: validate_and_build(ctx, name))


@scenario("build-out-unsafe")
def _(ctx: Ctx) -> Runs:
    project = ctx.project("valid")
    notes = ctx.tmp / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "keep.txt").write_text("mine\n", encoding="utf-8")
    data = ["--data", str(project), "build", "--quiet", "--out"]
    return [
        run_scokg(*data, str(project)),
        run_scokg(*data, str(project / "data")),
        run_scokg(*data, str(notes)),
    ]


@scenario("spans-out-of-date")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("--data", str(ctx.project("spans-out-of-date")), "spans")]


@scenario("new-document-exists")
def _(ctx: Ctx) -> Runs:
    project = ctx.project("valid")
    text = str(project / "data/sources/mini.txt")
    return [run_scokg("--data", str(project), "new-document", text, "--id", "mini")]


@scenario("data-folder-missing")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("--data", str(ctx.tmp / "no-such-folder"), "stats")]


@scenario("data-folder-without-data")
def _(ctx: Ctx) -> Runs:
    return [
        run_scokg("--data", str(ERRORS / "data-folder-without-data"), "validate"),
        run_scokg("--data", str(ERRORS / "valid" / "data"), "stats"),
    ]


def in_folder(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``scokg ARGS`` run from ``cwd`` (project discovery, no --data), with the marker
    credentials."""
    return scokg_in(cwd, *args, env=cli_env(), timeout=60)


@scenario("project-without-data")
def _(ctx: Ctx) -> Runs:
    root = ctx.tmp / "marker-only"
    (root / "sub").mkdir(parents=True)
    (root / "scokg.toml").write_text("format = 1\n")
    return [in_folder(root, "stats"), in_folder(root / "sub", "query", "--list")]


@scenario("no-project-here")
def _(ctx: Ctx) -> Runs:
    empty = ctx.tmp / "nothing" / "here"
    empty.mkdir(parents=True)
    return [in_folder(empty, "validate"), in_folder(empty, "validate", "--format", "json")]


@scenario("scokg-toml-invalid")
def _(ctx: Ctx) -> Runs:
    runs = []
    for number, text in enumerate(("[project\n", 'format = 1\n[project]\nname = "Bad Name"\n')):
        root = ctx.tmp / f"toml-{number}"
        shutil.copytree(ERRORS / "valid", root)
        (root / "scokg.toml").write_text(text)
        runs += [in_folder(root, "validate"), run_scokg("--data", str(root), "stats")]
    return runs


@scenario("init-refused")
def _(ctx: Ctx) -> Runs:
    (ctx.tmp / "full").mkdir()
    (ctx.tmp / "full" / "keep.txt").write_text("mine\n")
    return [
        in_folder(ctx.tmp, "init", "full"),
        in_folder(ctx.tmp, "init", "new", "--name", "Not A Slug"),
        in_folder(ctx.tmp, "init", "new", "--base-iri", "https://example.org/no-slash"),
        in_folder(ctx.tmp, "init", "new", "--name", "scokg"),
    ]


@scenario("import-not-local")
def _(ctx: Ctx) -> Runs:
    root = ctx.tmp / "imports"
    shutil.copytree(ERRORS / "valid", root)
    (root / "ontology").mkdir(exist_ok=True)
    (root / "ontology" / "mine.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/mine> a owl:Ontology ;\n"
        "    owl:imports <https://example.org/elsewhere> .\n"
    )
    data = ("--data", str(root))
    return [
        run_scokg(*data, "validate"),
        run_scokg(*data, "stats"),
        run_scokg(*data, "build", "--out", str(ctx.tmp / "dist"), "--quiet"),
    ]


@scenario("unknown-subcommand")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("frobnicate")]


@scenario("unknown-option")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("validate", "--frobnicate"), run_scokg("query", "--list", "--frobnicate")]


@scenario("invalid-option-value")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("validate", "--format", "yaml"), run_scokg("stats", "--format", "xml")]


@scenario("missing-required-option")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("load")]


@scenario("endpoint-not-http")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [
        run_scokg(*data, "load", "--endpoint", "ftp://127.0.0.1/query"),
        run_scokg(*data, "query", "timeline", "--endpoint", "ftp://127.0.0.1/query"),
    ]


@scenario("query-unknown-name")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("--data", str(ctx.project("valid")), "query", "agreemnts-between")]


@scenario("query-syntax-error")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [
        run_scokg(*data, "query", "--file", str(ERRORS / "query-syntax-error.rq")),
        run_scokg(*data, "query", "-e", "SELECT ?x WHERE { ?x ?y }"),
    ]


@scenario("query-labels-on-graph")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [run_scokg(*data, "query", "--labels", "-e", "CONSTRUCT WHERE { ?s ?p ?o }")]


@scenario("query-width-not-table")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [
        run_scokg(*data, "query", "--width", "80", "--format", "json", "-e", "ASK {}"),
        run_scokg(*data, "query", "--width", "80", "-e", "CONSTRUCT WHERE { ?s ?p ?o }"),
    ]


@scenario("query-width-too-narrow")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    query = "SELECT * WHERE { VALUES (?a ?b ?c ?d ?e) { (1 2 3 4 5) } }"
    return [run_scokg(*data, "query", "--width", "20", "-e", query)]


@scenario("query-update-refused")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [
        run_scokg(*data, "query", "-e", "DROP ALL"),
        run_scokg(*data, "query", "-e", "LOAD <http://127.0.0.1:9/x.ttl>"),
        run_scokg(*data, "query", "-e", "# comment\nPREFIX ex: <http://e/> INSERT DATA {}"),
    ]


@scenario("query-service-refused")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [
        run_scokg(*data, "query", "--file", str(ERRORS / "query-service-refused.rq")),
        run_scokg(
            *data,
            "query",
            "--file",
            str(ERRORS / "query-service-refused.rq"),
            "--allow-service",
            "allowed.example",
        ),
        run_scokg("query", "organisation-websites"),  # bundled federated query, no flag
    ]


@scenario("query-missing-parameter")
def _(ctx: Ctx) -> Runs:
    return [run_scokg("--data", str(ctx.project("valid")), "query", "lookup")]


@scenario("query-value-matches-nothing")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    return [run_scokg(*data, "query", "fact-sources", "-p", "resource=nothing-like-this")]


@scenario("endpoint-unreachable")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    port = free_port()
    return [
        run_scokg(*data, "load", "--endpoint", f"http://127.0.0.1:{port}/query"),
        run_scokg(*data, "query", "timeline", "--endpoint", f"http://127.0.0.1:{port}/query"),
        # The bundled project (it has data/links.sssom.tsv); port 9 is discard, never served.
        run_scokg("links", "check", "--endpoint", "http://127.0.0.1:9/sparql"),
        run_scokg("links", "suggest", "--endpoint", f"http://127.0.0.1:{port}/sparql"),
    ]


@pytest.fixture(scope="module")
def failing_store() -> Iterator[str]:
    """tests/servers/failing_store.py: asks for basic auth, then answers 500 with a body
    that repeats the password it was sent."""
    port = free_port()
    script = Path(__file__).resolve().parents[1] / "helpers" / "failing_store.py"
    process = subprocess.Popen(
        [sys.executable, str(script), str(port), USER_MARKER, PASSWORD_MARKER]
    )
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@scenario("endpoint-http-error")
def _(ctx: Ctx) -> Runs:
    url = ctx.failing_store  # type: ignore[attr-defined]
    data = ("--data", str(ctx.project("valid")))
    return [
        run_scokg(*data, "load", "--endpoint", url, "--gsp", url + "/store"),
        run_scokg(*data, "load", "--endpoint", url, "--method", "update"),
        run_scokg(*data, "query", "timeline", "--endpoint", url),
        # The store's error body repeats the password it was sent: it must show as ***.
        run_scokg("links", "check", "--endpoint", url),
    ]


@scenario("endpoint-auth-failed")
def _(ctx: Ctx) -> Runs:
    url = ctx.failing_store  # type: ignore[attr-defined]
    data = ("--data", str(ctx.project("valid")))
    wrong = {"SCOKG_PASSWORD": PASSWORD_MARKER + "-wrong"}
    return [
        run_scokg(*data, "load", "--endpoint", url, "--gsp", url + "/store", env=wrong),
        run_scokg(*data, "load", "--endpoint", url, "--method", "update", env=wrong),
        run_scokg(*data, "query", "timeline", "--endpoint", url, env=wrong),
        run_scokg("links", "check", "--endpoint", url, env=wrong),
        run_scokg("links", "suggest", "--endpoint", url, env=wrong),
    ]


def hostile_runs(ctx: Ctx, behaviour: Behaviour, env: dict[str, str] | None = None) -> Runs:
    """The commands that talk to an endpoint, against one hostile local server."""
    data = ("--data", str(ctx.project("valid")))
    with HostileServer(behaviour) as server:
        url = server.url + "/query"
        return [
            run_scokg(*data, "load", "--endpoint", url, env=env),
            run_scokg(*data, "query", "timeline", "--endpoint", url, env=env),
            run_scokg("links", "check", "--endpoint", url, env=env),
            run_scokg("links", "suggest", "--endpoint", url, env=env),
        ]


@scenario("endpoint-answer-too-large")
def _(ctx: Ctx) -> Runs:
    return hostile_runs(ctx, endless(), env={"SCOKG_MAX_ANSWER_SIZE": "1M"})


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/><boolean>true</boolean>'
    b"</sparql>"
)


@scenario("endpoint-unsafe-xml")
def _(ctx: Ctx) -> Runs:
    return hostile_runs(ctx, answer(LAUGHS, "application/sparql-results+xml"))


@scenario("endpoint-unreadable-answer")
def _(ctx: Ctx) -> Runs:
    page = answer(b"<html><body>Please sign in</body></html>", "text/html")
    return hostile_runs(ctx, page)[1:]  # load reports its own count check (load's entry)


@scenario("endpoint-timeout")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    with socket.socket() as silent:  # accepts connections (kernel backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        return [
            run_scokg(*data, "load", "--endpoint", url, "--timeout", "0.5"),
            run_scokg(*data, "query", "timeline", "--endpoint", url, "--timeout", "0.5"),
            run_scokg("links", "check", "--endpoint", url, "--timeout", "0.5"),
        ]


@scenario("serve-port-taken")
def _(ctx: Ctx) -> Runs:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        return [run_scokg("--data", str(ctx.project("valid")), "serve", "--port", port)]


@scenario("serve-request-refused")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    serve, base = start_serve(ctx.project("valid"), port=free_port())
    try:
        query = str(ERRORS / "serve-request-refused.rq")
        allow = ("--allow-service", "127.0.0.1")
        return [run_scokg(*data, "query", "--file", query, *allow, "--endpoint", f"{base}/query")]
    finally:
        stop_serve(serve)


@scenario("service-endpoint-failed")
def _(ctx: Ctx) -> Runs:
    down = free_port()  # nothing listens there
    query = ctx.tmp / "service-endpoint-failed.rq"
    text = (ERRORS / "service-endpoint-failed.rq").read_text(encoding="utf-8")
    query.write_text(text.replace("PORT", str(down)), encoding="utf-8")
    data = ("--data", str(ctx.project("valid")))
    return [run_scokg(*data, "query", "--file", str(query), "--allow-service", "127.0.0.1")]


@scenario("query-service-unreadable")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    query = str(ERRORS / "query-service-unreadable.rq")
    return [run_scokg(*data, "query", "--file", query)]


@scenario("interrupted")
def _(ctx: Ctx) -> Runs:
    data = ("--data", str(ctx.project("valid")))
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        # Waiting for a silent server (timeout 30 s): the SIGINT comes while it waits.
        run = interrupt_cli([*data, "load", "--endpoint", url, "--timeout", "30"], 2.0)
    assert run.signalled
    return [subprocess.CompletedProcess([], run.returncode, run.stdout, run.stderr)]


@scenario("internal-error")
def _(ctx: Ctx) -> Runs:
    script = ERRORS / "internal-error.py"
    debug = run_scokg("stats", script=script, env={"SCOKG_DEBUG": "1"})
    # With SCOKG_DEBUG=1 the traceback is shown (and only then): checked here, not returned.
    assert debug.returncode == ExitCode.INTERNAL and "Traceback" in debug.stderr, debug.stderr
    return [run_scokg("stats", script=script)]


def test_every_entry_has_a_scenario_and_fixture() -> None:
    assert sorted(SCENARIOS) == sorted(BY_ID)
    assert len({e.id for e in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("entry_id", [e.id for e in CATALOGUE])
def test_catalogue_entry(entry_id: str, tmp_path: Path, failing_store: str) -> None:
    entry = BY_ID[entry_id]
    ctx = Ctx(tmp_path)
    ctx.failing_store = failing_store  # type: ignore[attr-defined]

    runs = SCENARIOS[entry_id](ctx)

    assert runs
    for run in runs:
        output = run.stdout + run.stderr
        where = f"{entry_id}: {run.args}\n{output}"
        assert run.returncode == entry.exit_code, where
        assert entry.matches(output), where
        assert "Traceback" not in output, where
        assert PASSWORD_MARKER not in output, where
        # The error line goes to stderr (a report, if any, to stdout), so pipes stay clean.
        assert re.search(r"^scokg[\w ]*: (error|internal error|interrupted)", run.stderr, re.M)


def test_errors_doc_is_current() -> None:
    """docs/errors.md is generated from the catalogue and must match it."""
    assert ERRORS_DOC == ROOT / "docs" / "errors.md"
    assert ERRORS_DOC.read_text(encoding="utf-8") == errors_doc(), f"run `{GENERATOR}` in tests/"
