"""Parsing or querying untrusted input never reaches the network or the file system.

A local HTTP server records every request it gets; hostile files point at it (and at a
secret file). The test fails if any request arrives or the secret shows up anywhere.
"""

from __future__ import annotations

import http.server
import json
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from helpers.cli import PASSWORD_MARKER, run_scokg
from scokg.engines.rdflib_engine import RdflibEngine
from scokg.errors import DataError
from scokg.parsing import parse_rdf_file, parse_rdf_file_rdflib
from scokg.project import Project
from scokg.release import jsonld
from scokg.stores.oxigraph_server import free_port

ERRORS = Path(__file__).resolve().parents[1] / "data" / "errors"
SECRET = "SECRET-CONTENT-4e1f"


class Recorder:
    def __init__(self) -> None:
        self.requests: list[str] = []
        recorder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                recorder.requests.append(f"{self.command} {self.path}")
                body = b'{"@context": {"name": "http://schema.org/name"}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/ld+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    running = Recorder()
    try:
        yield running
    finally:
        running.server.shutdown()
        running.server.server_close()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def test_owl_imports_are_never_followed(recorder: Recorder, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    (project / "data" / "imports.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<https://example.org/hostile> a owl:Ontology ; owl:imports <{recorder.url}/x> .\n"
    )
    data = ("--data", str(project))
    runs = [
        run_scokg(*data, "validate"),
        run_scokg(*data, "stats"),
        run_scokg(*data, "load", "--endpoint", "http://127.0.0.1:9/query", "--dry-run"),
        run_scokg(*data, "query", "timeline"),
        run_scokg(*data, "build", "--out", str(tmp_path / "dist"), "--quiet"),
    ]

    assert recorder.requests == []
    assert [r.returncode for r in runs][1:4] == [0, 0, 0]
    for run in runs:
        assert "Traceback" not in run.stdout + run.stderr


def test_load_sends_nothing_to_an_imported_address(recorder: Recorder, tmp_path: Path) -> None:
    from scokg.stores.oxigraph_server import OxigraphServer

    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    (project / "data" / "imports.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<https://example.org/hostile> owl:imports <{recorder.url}/x> .\n"
    )
    with OxigraphServer() as store:
        load = ("load", "--accept-store-changes", "--endpoint", store.base_url)
        result = run_scokg("--data", str(project), *load)
    assert result.returncode == 0, result.stderr
    assert recorder.requests == []


def jsonld_documents(url: str) -> dict[str, dict[str, object]]:
    return {
        "remote-context": {"@context": f"{url}/ctx", "@id": "http://e/a", "name": "x"},
        "context-list": {"@context": [f"{url}/ctx"], "@id": "http://e/a", "name": "x"},
        "import": {
            "@context": {"@version": 1.1, "@import": f"{url}/imp"},
            "@id": "http://e/a",
            "name": "x",
        },
        "scoped": {
            "@context": {"knows": {"@id": "http://e/knows", "@context": f"{url}/scoped"}},
            "@id": "http://e/a",
            "knows": {"@id": "http://e/b", "name": "y"},
        },
    }


@pytest.mark.parametrize("kind", ["remote-context", "context-list", "import", "scoped"])
def test_json_ld_remote_contexts_are_never_loaded(
    kind: str, recorder: Recorder, tmp_path: Path
) -> None:
    doc = jsonld_documents(recorder.url)[kind]
    path = tmp_path / "hostile.jsonld"
    path.write_text(json.dumps(doc))

    with pytest.raises(DataError, match="remote JSON-LD context") as info:
        parse_rdf_file(path, "jsonld")
    assert info.value.hint and "embed the @context" in info.value.hint
    with pytest.raises(DataError):
        parse_rdf_file_rdflib(path, "jsonld")
    with pytest.raises((DataError, ValueError)):
        jsonld.parse(path.read_text())  # the release's JSON-LD reader
    assert recorder.requests == []


def xxe_document(secret: Path, url: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY file SYSTEM "file://{secret}">
  <!ENTITY web SYSTEM "{url}/xxe">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
  <rdf:Description rdf:about="http://e/a"><ex:p>&file;</ex:p><ex:q>&web;</ex:q></rdf:Description>
</rdf:RDF>
"""


def test_xml_external_entities_are_never_read(
    recorder: Recorder, secret: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.rdf"
    path.write_text(xxe_document(secret, recorder.url))

    with pytest.raises(DataError) as info:
        parse_rdf_file(path, "rdfxml")
    assert SECRET not in info.value.message
    with pytest.raises(DataError):
        parse_rdf_file_rdflib(path, "rdfxml")

    # rdflib's own RDF/XML reader (used by rdflib-only tools) leaves the entities empty.
    graph = rdflib.Graph()
    graph.parse(path, format="xml")
    assert all(SECRET not in str(o) for o in graph.objects())
    assert recorder.requests == []


def test_rdflib_engine_does_not_fetch_from_graphs(recorder: Recorder) -> None:
    engine = RdflibEngine(Project.discover(ERRORS / "valid"))
    result = engine.execute(
        f"SELECT * FROM <{recorder.url}/g> FROM NAMED <{recorder.url}/h> WHERE {{ ?s ?p ?o }}"
    )
    assert result is not None
    assert recorder.requests == []


def test_query_service_is_refused_before_any_request(recorder: Recorder, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    query = f"SELECT * WHERE {{ SERVICE <{recorder.url}/sparql> {{ ?s ?p ?o }} }}"
    data = ("--data", str(project))

    refused = [
        run_scokg(*data, "query", "-e", query),
        run_scokg(*data, "query", "-e", query, "--show-query"),
        run_scokg(*data, "query", "-e", query, "--allow-service", "example.org"),
    ]
    assert [r.returncode for r in refused] == [2, 2, 2]
    assert recorder.requests == []

    # The recorder does see a request once its host is allowed: the check above is real.
    allowed = run_scokg(*data, "query", "-e", query, "--allow-service", "127.0.0.1")
    assert recorder.requests, allowed.stderr
    assert "Traceback" not in allowed.stderr


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                found.add(address)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc/net/tcp")
def test_serve_listens_on_loopback_only(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "scokg", "--data", str(project), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**__import__("os").environ, "SCOKG_PASSWORD": PASSWORD_MARKER},
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("SPARQL endpoint http://127.0.0.1:")
        assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0
        assert PASSWORD_MARKER not in out + err and "Traceback" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --- XML entity expansion ---------------------------------------------------------------

RDF_ROOT = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
    '<rdf:Description rdf:about="http://e/a"><ex:p>{body}</ex:p></rdf:Description></rdf:RDF>'
)


def rdf_xml(entities: list[str], body: str) -> str:
    subset = "\n".join(entities)
    return f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{subset}\n]>\n' + RDF_ROOT.format(
        body=body
    )


HOSTILE_XML = {
    "billion-laughs": rdf_xml(
        ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)],
        "&a9;",
    ),
    "quadratic-blowup": rdf_xml([f'<!ENTITY big "{"x" * 100_000}">'], "&big;" * 200),
    "parameter-entity": rdf_xml(['<!ENTITY % p "x">'], "x"),
    "external-entity": rdf_xml(['<!ENTITY e SYSTEM "file:///etc/hostname">'], "&e;"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_XML))
def test_hostile_xml_entities_in_a_data_file_are_refused(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "hostile.rdf"
    path.write_text(HOSTILE_XML[kind])
    with pytest.raises(DataError) as info:
        parse_rdf_file(path, "rdfxml")
    assert info.value.message.startswith("invalid RDF/XML: ")
    assert info.value.file == path
    assert info.value.hint is not None and "DOCTYPE" in info.value.hint


def test_plain_entity_abbreviations_in_rdf_xml_still_read(tmp_path: Path) -> None:
    """The old ``<!ENTITY ex "http://e/">`` idiom expands linearly, so it is accepted."""
    path = tmp_path / "abbreviated.rdf"
    path.write_text(rdf_xml(['<!ENTITY ex "http://e/">'], "&ex;x"))
    quads = parse_rdf_file(path, "rdfxml")
    assert [q.object.value for q in quads] == ["http://e/x"]


def test_xml_check_reads_utf16_and_refuses_any_entity_in_strict_mode() -> None:
    from scokg.xmlsafe import UnsafeXmlError, check_xml

    laughs = HOSTILE_XML["billion-laughs"]
    with pytest.raises(UnsafeXmlError, match="refers to other entities"):
        check_xml(laughs.encode("utf-16"))
    with pytest.raises(UnsafeXmlError, match="refused in endpoint answers"):
        check_xml(rdf_xml(['<!ENTITY ex "http://e/">'], "&ex;x"), strict=True)
    check_xml(RDF_ROOT.format(body="no DOCTYPE"), strict=True)  # nothing to refuse
