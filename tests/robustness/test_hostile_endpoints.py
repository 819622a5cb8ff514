"""Hostile SPARQL endpoints: the CLI ends in time with a clear ``scokg: error:`` (exit 3),
never hangs, never fills its memory, never expands an XML entity, never fetches a remote
JSON-LD context, never shows a credential and never writes a control character raw.

Every server here is a real socket on 127.0.0.1 (``helpers.hostile_server``) that sends what
a broken or malicious server would; each is stopped when its test ends. Runs go through
``helpers.cli.run_scokg`` (a subprocess with a time limit, so "ends in time" is asserted by
the run finishing at all, not by a measured duration).
"""

from __future__ import annotations

import base64
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from helpers.cli import PASSWORD_MARKER, USER_MARKER, cli_env, run_scokg
from helpers.hostile_server import (
    HostileServer,
    Request,
    answer,
    drip,
    echo_authorization,
    endless,
)
from scokg.errors import ExitCode

ERRORS = Path(__file__).resolve().parents[1] / "data" / "errors"
Runs = list[subprocess.CompletedProcess[str]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", target)
    return target


def endpoint_commands(
    url: str, project: Path, *extra: str, env: dict[str, str] | None = None
) -> Runs:
    """The three commands that talk to an endpoint: query --endpoint, load, links check."""
    data = ("--data", str(project))
    return [
        run_scokg(*data, "query", "timeline", "--endpoint", url + "/query", *extra, env=env),
        run_scokg(*data, "load", "--endpoint", url + "/query", *extra, env=env),
        # The bundled project: it has data/links.sssom.tsv.
        run_scokg("links", "check", "--endpoint", url + "/sparql", *extra, env=env),
    ]


def assert_endpoint_error(run: subprocess.CompletedProcess[str], pattern: str) -> None:
    output = run.stdout + run.stderr
    where = f"{run.args}\n{output}"
    assert run.returncode == ExitCode.ENDPOINT, where
    assert re.search(r"^scokg: error: " + pattern, run.stderr, re.M), where
    assert "Traceback" not in output and "internal error" not in output, where
    assert "Warning" not in run.stderr, where  # no Python warning lines
    assert PASSWORD_MARKER not in output, where


# --- bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["headers", "body"])
def test_a_dripping_server_is_cut_at_the_total_deadline(where: str, project: Path) -> None:
    with HostileServer(drip(where, every=0.2)) as server:
        runs = endpoint_commands(server.url, project, "--timeout", "1.5")
    for run in runs:
        assert_endpoint_error(run, r"no answer from \S+ within 1.5 s \(raise --timeout")
    assert len(server.requests) >= 3  # each command did reach the server


@pytest.mark.parametrize("length", [False, True], ids=["no-length", "huge-length"])
def test_an_endless_answer_is_cut_at_the_size_limit(length: bool, project: Path) -> None:
    env = {"SCOKG_MAX_ANSWER_SIZE": "2M"}
    with HostileServer(endless(length=length)) as server:
        runs = endpoint_commands(server.url, project, "--timeout", "30", env=env)
    for run in runs:
        assert_endpoint_error(run, r"the answer of \S+ is larger than 2 MiB, the limit")
        assert "SCOKG_MAX_ANSWER_SIZE" in run.stderr  # how to raise it


def test_the_size_limit_can_be_raised(project: Path) -> None:
    rows = {
        "head": {"vars": ["s"]},
        "results": {"bindings": [{"s": {"type": "literal", "value": "x" * 3000}}]},
    }
    body = json.dumps(rows).encode()
    with HostileServer(answer(body, "application/sparql-results+json")) as server:
        url = server.url + "/query"
        data = ("--data", str(project))
        query = (
            "query",
            "-e",
            "SELECT ?s WHERE { ?s ?p ?o }",
            "--endpoint",
            url,
            "--format",
            "csv",
        )
        small = run_scokg(*data, *query, env={"SCOKG_MAX_ANSWER_SIZE": "1K"})
        large = run_scokg(*data, *query, env={"SCOKG_MAX_ANSWER_SIZE": "1M"})
        wrong = run_scokg(*data, *query, env={"SCOKG_MAX_ANSWER_SIZE": "lots"})
    assert_endpoint_error(small, r"the answer of \S+ is larger than 1 KiB")
    assert large.returncode == 0, large.stderr
    assert "x" * 3000 in large.stdout
    assert wrong.returncode == ExitCode.USAGE
    assert "scokg: error: SCOKG_MAX_ANSWER_SIZE='lots' is not a size" in wrong.stderr


# --- XML entities and remote contexts ----------------------------------------------------


def billion_laughs(root: str) -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(entities) + "\n]>\n" + root
    ).encode()


SPARQL_XML = (
    '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="s"/></head>'
    '<results><result><binding name="s"><literal>&lol9;</literal></binding></result></results>'
    "</sparql>"
)
RDF_XML = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
    '<rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>'
)
SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.mark.parametrize(
    ("payload", "content_type", "query"),
    [
        (billion_laughs(SPARQL_XML), "application/sparql-results+xml", SELECT),
        (billion_laughs(RDF_XML), "application/rdf+xml", CONSTRUCT),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + RDF_XML.replace("&lol9;", "&x;").encode(),
            "application/rdf+xml",
            CONSTRUCT,
        ),
    ],
    ids=["laughs-sparql-xml", "laughs-rdf-xml", "external-entity"],
)
def test_xml_entities_in_an_answer_are_refused(
    payload: bytes, content_type: str, query: str, project: Path
) -> None:
    with HostileServer(answer(payload, content_type)) as server:
        runs = [
            run_scokg(
                "--data", str(project), "query", "-e", query, "--endpoint", server.url + "/q"
            ),
            run_scokg("links", "check", "--endpoint", server.url + "/q"),
            run_scokg("links", "suggest", "--endpoint", server.url + "/q"),
        ]
    for run in runs:
        assert_endpoint_error(
            run, r"\S+ sent an unsafe XML answer: the answer declares XML entities"
        )
        assert "root:" not in run.stdout + run.stderr


def test_a_remote_json_ld_context_in_an_answer_is_never_fetched(project: Path) -> None:
    context_requests: list[Request] = []

    with HostileServer(answer(b'{"@context": {}}', "application/ld+json")) as context_server:
        document = {"@context": context_server.url + "/ctx", "@id": "http://e/a", "name": "x"}
        body = json.dumps(document).encode()
        with HostileServer(answer(body, "application/ld+json")) as server:
            runs = [
                run_scokg(
                    "--data",
                    str(project),
                    "query",
                    "-e",
                    CONSTRUCT,
                    "--endpoint",
                    server.url + "/q",
                ),
                run_scokg("links", "check", "--endpoint", server.url + "/q"),
                run_scokg("links", "suggest", "--endpoint", server.url + "/q"),
            ]
        context_requests = list(context_server.requests)
    assert context_requests == []
    assert len(server.requests) == 3
    for run in runs:
        assert_endpoint_error(run, r"\S+ (sent results that cannot be read|did not answer with)")


# --- malformed answers ---------------------------------------------------------------------

MALFORMED: dict[str, tuple[bytes, str, str]] = {
    "truncated-json": (
        b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "va',
        "application/sparql-results+json",
        "200 OK",
    ),
    "wrong-json-shape": (
        b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "bogus"}}]}}',
        "application/sparql-results+json",
        "200 OK",
    ),
    "rows-without-values": (
        b'{"head": {"vars": ["s"]}, "results": {"bindings": [1, {"s": {}}]}}',
        "application/sparql-results+json",
        "200 OK",
    ),
    "html-login-page": (b"<html><body><h1>Sign in</h1></body></html>", "text/html", "200 OK"),
    "html-error-page": (
        b"<html><body><h1>Proxy error</h1></body></html>",
        "text/html",
        "502 Bad Gateway",
    ),
    "invalid-xml": (
        b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        b'<variable name="s"/></head><results><result><binding name="s"><uri>http://e/a</uri',
        "application/sparql-results+xml",
        "200 OK",
    ),
    "wrong-content-type": (b"\x00\x01\x02 binary", "image/png", "200 OK"),
    "empty": (b"", "application/sparql-results+json", "200 OK"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_answers_are_endpoint_errors(case: str, project: Path) -> None:
    body, content_type, status = MALFORMED[case]
    with HostileServer(answer(body, content_type, status)) as server:
        url = server.url + "/q"
        data = ("--data", str(project))
        runs = [
            run_scokg(*data, "query", "-e", SELECT, "--endpoint", url),
            run_scokg(*data, "query", "-e", "ASK { ?s ?p ?o }", "--endpoint", url),
            run_scokg(*data, "query", "-e", CONSTRUCT, "--endpoint", url),
            run_scokg("links", "check", "--endpoint", url),
            run_scokg("links", "suggest", "--endpoint", url),
        ]
    for run in runs:
        if status != "200 OK":
            assert_endpoint_error(run, r"POST \S+: 502 Bad Gateway: Proxy error")
        else:
            assert_endpoint_error(
                run, r"\S+ (sent results that cannot be read|did not answer with SPARQL JSON)"
            )


# --- credentials -------------------------------------------------------------------------


def secret_forms(user: str, password: str) -> list[str]:
    pair = base64.b64encode(f"{user}:{password}".encode()).decode()
    return [password, pair, pair.rstrip("=")]


def test_an_echoed_authorization_header_never_shows_the_password(project: Path) -> None:
    with HostileServer(echo_authorization()) as server:
        runs = endpoint_commands(server.url, project)
    # The server did get the credentials, and repeated them in its error page ...
    sent = [r.headers.get("authorization") for r in server.requests]
    assert f"Basic {secret_forms(USER_MARKER, PASSWORD_MARKER)[1]}" in sent
    for run in runs:
        # ... which scokg shows with every form of the password replaced.
        assert_endpoint_error(run, r"(POST|PUT) \S+: 500 Internal Server Error: you sent Author")
        assert "Basic ***" in run.stderr, run.stderr
        for secret in secret_forms(USER_MARKER, PASSWORD_MARKER):
            assert secret not in run.stdout + run.stderr


def test_userinfo_in_the_endpoint_url_is_taken_as_credentials(project: Path) -> None:
    password = "pa:ss@w0rd-in-url"  # percent-encoded in the URL below
    env = {"SCOKG_PASSWORD": ""}  # only the URL's credentials
    with HostileServer(echo_authorization()) as server:
        url = f"http://alice:pa%3Ass%40w0rd-in-url@127.0.0.1:{server.port}"
        runs = [
            run_scokg(
                "--data", str(project), "query", "-e", SELECT, "--endpoint", url + "/q", env=env
            ),
            run_scokg("--data", str(project), "load", "--endpoint", url + "/query", env=env),
            run_scokg("links", "check", "--endpoint", url + "/sparql", env=env),
        ]
    # The host reached was 127.0.0.1 (the userinfo never became part of a host name to
    # resolve), and the URL's user and password came as a Basic Authorization header.
    authorised = [r for r in server.requests if r.headers.get("authorization")]
    assert len(authorised) == 3
    for request in authorised:
        assert request.headers["authorization"] == "Basic " + secret_forms("alice", password)[1]
        assert "alice" not in request.path and "w0rd" not in request.path
    for run in runs:
        assert_endpoint_error(run, r"(POST|PUT) http://127\.0\.0\.1:\d+/\S*: 500 Internal")
        output = run.stdout + run.stderr
        assert "w0rd" not in output and "pa%3Ass" not in output
        for secret in secret_forms("alice", password):
            assert secret not in output


# --- terminals -----------------------------------------------------------------------------

CONTROL = "\x1b]0;owned\x07\x1b[2J\r\x9b31m\u202eevil"


def assert_no_raw_control(text: str) -> None:
    for char in ("\x1b", "\x07", "\r", "\x9b", "\u202e"):
        assert char not in text, repr(text)


def test_control_characters_in_an_error_page_are_escaped(project: Path) -> None:
    body = f"<html><body>{CONTROL}</body></html>".encode()
    with HostileServer(answer(body, "text/html", "500 Internal Server Error")) as server:
        runs = endpoint_commands(server.url, project)
    for run in runs:
        assert_endpoint_error(run, r"(POST|PUT) \S+: 500 Internal Server Error: ")
        assert "\\x1b]0;owned\\x07" in run.stderr and "\\u202eevil" in run.stderr
        assert_no_raw_control(run.stdout + run.stderr)


def test_control_characters_from_an_endpoint_are_escaped_in_links_output() -> None:
    redirect = "http://www.wikidata.org/entity/Q1" + CONTROL

    def behave(conn, request, server):  # type: ignore[no-untyped-def]
        query = urllib.parse.parse_qs(request.body.decode())["query"][0]
        values = query.split("VALUES ?item {", 1)[1].split("}", 1)[0]
        rows = [
            {"item": {"type": "uri", "value": item}, "redirect": {"type": "uri", "value": redirect}}
            for item in re.findall(r"<([^>]+)>", values)
        ]
        body = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": rows}}).encode()
        answer(body, "application/sparql-results+json")(conn, request, server)

    with HostileServer(behave) as server:
        run = run_scokg("links", "check", "--endpoint", server.url + "/sparql")
    assert run.returncode == ExitCode.DATA, run.stderr  # redirected links need a curator
    assert "redirected to http://www.wikidata.org/entity/Q1\\x1b]0;owned" in run.stdout
    assert_no_raw_control(run.stdout + run.stderr)


@pytest.fixture
def hostile_labels(project: Path) -> Path:
    with (project / "data" / "entities.ttl").open("a", encoding="utf-8") as out:
        escaped = CONTROL.encode("unicode_escape").decode().replace("\\x", "\\u00")
        out.write(
            "\nplace:evil a scokg:Place ;\n    prov:wasDerivedFrom sentence:1 ;\n"
            f'    skos:prefLabel "{escaped}"@en .\n'
        )
    return project


def test_control_characters_in_labels_are_escaped_in_tables_and_describe(
    hostile_labels: Path,
) -> None:
    data = ("--data", str(hostile_labels))
    label_query = (
        "SELECT ?place ?label WHERE { ?place a <https://w3id.org/scokg/ontology#Place> ; "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    )
    table = run_scokg(*data, "query", "-e", label_query)
    described = run_scokg(*data, "describe", "https://w3id.org/scokg/id/place/evil")
    for run in (table, described):
        assert run.returncode == 0, run.stderr
        assert "\\x1b]0;owned\\x07\\x1b[2J\\r\\x9b31m\\u202eevil" in run.stdout, run.stdout
        assert_no_raw_control(run.stdout + run.stderr)
    # A data format in a file or pipe keeps the data exactly.
    csv = run_scokg(*data, "query", "-e", label_query, "--format", "json")
    values = [row["label"]["value"] for row in json.loads(csv.stdout)["results"]["bindings"]]
    assert CONTROL in values


def test_data_formats_are_escaped_on_a_terminal(hostile_labels: Path) -> None:
    """On a terminal (a pseudo-terminal here) csv output is escaped too."""
    leader, follower = pty.openpty()
    query = "SELECT ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scokg",
                "--data",
                str(hostile_labels),
                "query",
                "-e",
                query,
                "--format",
                "csv",
            ],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=cli_env(),
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
        assert process.stderr is not None
        process.stderr.close()
    finally:
        os.close(leader)
    shown = b"".join(chunks).decode("utf-8")
    assert process.returncode == 0
    assert "\\x1b]0;owned\\x07" in shown
    assert_no_raw_control(re.sub("\r+\n", "\n", shown))  # a terminal writes LF as CRLF
