"""scokg.queries.policy.check_query: no update, no LOAD, SERVICE only to allowed hosts; and
comments, strings, IRIs and escapes can neither hide nor fake a keyword."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scokg.errors import UsageError
from scokg.queries.policy import check_query

FINE = [
    "SELECT * WHERE { ?s ?p ?o }",
    "# SERVICE <http://evil.example/> { }\nSELECT * WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil.example/> { ?a ?b ?c }" }',
    "SELECT * WHERE { ?s ?p '''DROP ALL ; LOAD <http://evil.example/x>''' }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ex:DROP }",
    "SELECT ?insert ?delete ?load WHERE { ?insert ?delete ?load }",
    'ASK { ?s ?p "a \\" SERVICE <http://evil.example/> { } #" }',
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o < 3) }",
]
REFUSED = {
    "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }": "SERVICE",
    "SELECT * WHERE { SERVICE SILENT <http://evil.example/> { ?s ?p ?o } }": "SERVICE",
    "SELECT * WHERE { service<http://evil.example/>{ ?s ?p ?o } }": "SERVICE",
    "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }": (
        "evil.example"
    ),
    "BASE <http://evil.example/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }": (
        "evil.example"
    ),
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }": "variable",
    "SELECT * WHERE { \\u0053ERVICE <http://evil.example/> { ?s ?p ?o } }": "SERVICE",
    'SELECT * WHERE { ?s ?p "x" } # "\nSERVICE <http://evil.example/> { }': "SERVICE",
    "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }": "http",
    "DROP ALL": "updates (DROP)",
    "drop all": "updates (DROP)",
    "LOAD <http://evil.example/data.ttl>": "updates (LOAD)",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }": "updates (INSERT)",
    "DELETE WHERE { ?s ?p ?o }": "updates (DELETE)",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }": "updates (WITH)",
    "SELECT * WHERE { ?s ?p ?o } ; CLEAR ALL": "updates (CLEAR)",
}


@pytest.mark.parametrize("query", FINE)
def test_reading_queries_pass(query: str) -> None:
    check_query(query)


@pytest.mark.parametrize("query", sorted(REFUSED))
def test_refused(query: str) -> None:
    with pytest.raises(UsageError, match=REFUSED[query].replace("(", r"\(").replace(")", r"\)")):
        check_query(query)


def test_allow_listed_hosts_pass() -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_query(query, allowed_service_hosts=["query.wikidata.org"])
    check_query(query, allowed_service_hosts=["QUERY.wikidata.org:443"])
    with pytest.raises(UsageError):
        check_query(query, allowed_service_hosts=["query.wikidata.org:8080"])
    with pytest.raises(UsageError):
        check_query(query, allowed_service_hosts=["wikidata.org"])  # no suffix matching


def test_update_and_load_need_both_permissions() -> None:
    check_query("DROP ALL", allow_update=True)
    with pytest.raises(UsageError, match="LOAD"):
        check_query("LOAD <http://evil.example/x>", allow_update=True)
    check_query(
        "LOAD <http://evil.example/x>", allow_update=True, allowed_service_hosts=["evil.example"]
    )


def test_message_names_the_line_and_the_flag() -> None:
    with pytest.raises(UsageError) as info:
        check_query("SELECT *\nWHERE {\n  SERVICE <http://evil.example/> { ?s ?p ?o }\n}")
    assert "(line 3)" in info.value.message
    assert info.value.hint == "if you trust it, add --allow-service evil.example"
    assert info.value.exit_code == 2


NOISE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), max_size=30)


@given(NOISE)
def test_anything_in_a_comment_or_string_is_harmless(noise: str) -> None:
    """Whatever follows '#' on its line, or sits in a long string, is not a keyword."""
    check_query(f"SELECT * WHERE {{ ?s ?p ?o }} # {noise} SERVICE <http://evil/> DROP ALL\n")
    if "'''" not in noise and "\\" not in noise:  # a backslash could start a bad escape
        check_query(f"SELECT * WHERE {{ ?s ?p '''{noise} SERVICE <http://evil/> {{}}''' }}")


@given(NOISE)
def test_service_after_any_comment_is_still_seen(noise: str) -> None:
    with pytest.raises(UsageError, match="SERVICE"):
        check_query(
            f"SELECT * WHERE {{ # {noise}\n SERVICE <http://evil.example/> {{ ?s ?p ?o }} }}"
        )


# --- one lexer, checked against the parsers -----------------------------------------------

HIDING_DEVICES = [
    "?s ex:\\#x ?o .",  # a PN_LOCAL escape that the old tokenizer read as a comment
    "?s ex:\\'x ?o .",  # ... or as the start of a string
    "ex:a\\-b ex:p ?o .",
    "?s ex:p 'it\\'s' .",
    '?s ex:p "a \\" # b" .',
    "?s ex:p '''x\n# y''' .",
    '?s ex:p "x"@service .',
    "?s ex:p _:b1 .",
    "?s <http://e/#x> ?o .",
    "# a comment ' \" <\n?s ?p ?o .",
    "?s ex:p 1.5e3 .",
    "?s ex:%23x ?o .",
]
SERVICE_FORMS = [
    "SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }}",
    "SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }}",
    "service<http://127.0.0.1:{port}/sparql>{{ ?a ?b ?c }}",
    "\\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }}",
    "SERVICE local:sparql {{ ?a ?b ?c }}",
]
HEADER = "PREFIX ex: <http://example.org/> PREFIX local: <http://127.0.0.1:{port}/> "


def _hidden_service(devices: list[str], form: str, port: int = 9) -> str:
    body = " ".join(devices)
    return HEADER.format(port=port) + f"SELECT * WHERE {{ {body} {form.format(port=port)} }}"


@given(st.lists(st.sampled_from(HIDING_DEVICES), max_size=4), st.sampled_from(SERVICE_FORMS))
def test_service_behind_any_lexical_device_is_refused(devices: list[str], form: str) -> None:
    with pytest.raises(UsageError, match="127.0.0.1"):
        check_query(_hidden_service(devices, form))


def test_service_after_an_escaped_local_name_sends_no_request() -> None:
    """``ex:\\#x`` is one prefixed name: the SERVICE after it is refused, nothing is sent.

    The control run shows the listener would see the request if the policy let it through.
    """
    import contextlib
    import socket
    import threading

    import pyoxigraph

    from scokg.queries.run import prepare_query

    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        listener.settimeout(0.2)
        seen: list[bytes] = []
        stop = threading.Event()

        def accept() -> None:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                with conn:
                    conn.settimeout(1)
                    try:
                        seen.append(conn.recv(4096))
                    except OSError:
                        seen.append(b"")

        thread = threading.Thread(target=accept, daemon=True)
        thread.start()
        try:
            query = _hidden_service(["?s ex:\\#x ?o ."], SERVICE_FORMS[0], port)
            with pytest.raises(UsageError, match=f"127.0.0.1:{port}"):
                prepare_query(None, query, None, None)
            assert seen == []

            control = "SELECT * WHERE { " + SERVICE_FORMS[0].format(port=port) + " }"
            # the listener sends no answer: the engine fails or sees nothing
            with contextlib.suppress(OSError, SyntaxError, ValueError):
                list(pyoxigraph.Store().query(control))
            assert seen, "the control query should have reached the listener"
        finally:
            stop.set()
            thread.join(5)


def test_lowercase_prefix_with_download_is_a_select_not_an_update() -> None:
    """SPARQLWrapper's regex took this SELECT for an update (issue: ``/download/``)."""
    from scokg.engines.remote import _is_update, query_form
    from scokg.queries.syntax import outline

    query = "prefix dl: <http://example.org/download/>\nSELECT * WHERE { ?s dl:x ?o }"
    found = outline(query)
    assert (found.form, found.updates) == ("SELECT", [])
    assert not _is_update(query)
    assert query_form(query) == "select"
    check_query(query)


def _bundled_queries() -> list[str]:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "queries"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))]


def _rdflib_outline(text: str) -> tuple[str, list[str]] | None:
    """The form and the SERVICE IRIs of ``text`` from rdflib's parsed algebra, or None if
    rdflib does not parse it (rdflib refuses some valid names, e.g. ``ex:\\#x``)."""
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        parsed = translateQuery(parseQuery(text))
    except ParseException:
        return None
    services: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                services.append(str(node["term"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(parsed.algebra)
    form = parsed.algebra.name.removesuffix("Query").upper()
    return form, services


def test_outline_agrees_with_rdflibs_parsed_algebra() -> None:
    """Form and SERVICE targets as the lexer reads them are those of a real parser's algebra,
    on every bundled query, every accepted policy example and hidden SERVICE variants."""
    from scokg.queries.syntax import outline

    texts = _bundled_queries() + FINE
    texts += [_hidden_service([d], f) for d in HIDING_DEVICES for f in SERVICE_FORMS]
    compared = 0
    for text in texts:
        expected = _rdflib_outline(text)
        if expected is None:
            continue
        found = outline(text)
        assert (found.form, [s.target for s in found.services]) == expected, text
        compared += 1
    assert compared >= len(texts) // 2


# --- generated SERVICE clauses, hidden with every lexical device; a listener counts -------


class Listener:
    """A local TCP listener that counts the connections (requests) made to it.

    With ``answer`` it replies to each request with an empty SPARQL JSON result set, as a
    SERVICE endpoint would; without, it closes the connection after reading.
    """

    def __init__(self, answer: bool = False) -> None:
        import socket
        import threading

        self.answer = answer
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = int(self.socket.getsockname()[1])
        self.requests: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.requests.append(conn.recv(65536))
                    if self.answer:
                        body = b'{"head":{"vars":["a"]},"results":{"bindings":[]}}'
                        conn.sendall(
                            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json"
                            b"\r\nConnection: close\r\nContent-Length: "
                            + str(len(body)).encode()
                            + b"\r\n\r\n"
                            + body
                        )
                except OSError:
                    self.requests.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.socket.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _escape_some(text: str, draw: st.DrawFn) -> str:
    r"""``text`` with some characters written as ``\uXXXX`` / ``\UXXXXXXXX`` (SPARQL 19.2)."""
    out = []
    for ch in text:
        kind = draw(st.sampled_from(["plain", "plain", "u", "U"]))
        out.append(
            ch if kind == "plain" else f"\\u{ord(ch):04X}" if kind == "u" else f"\\U{ord(ch):08x}"
        )
    return "".join(out)


def _any_case(word: str, draw: st.DrawFn) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word)


DEVICES = [
    "# SERVICE <http://evil/> ' \" <\n",  # a comment holding quotes and a keyword
    "?s ex:p 'SERVICE <http://x/> {' .",
    '?s ex:p """x\n} SERVICE <http://x/> {""" .',
    "?s ex:\\#x ?o .",  # PN_LOCAL escapes that a naive tokenizer reads as comment/string
    "?s ex:\\'x ?o .",
    "?s ex:a\\-b\\~c ?o .",
    "?s ex:%41x ?o .",
    '?s ex:p "a\\"b" .',
    "?s <http://example.org/a#b> ?o .",
    "?s ex:p 'x'@en .",
    "?s ex:p _:b .",
    "?s ex:p 1.5e3 .",
    "OPTIONAL { ?s ex:q ?z }",
    "FILTER (?o != 'service')",
]


@st.composite
def hidden_services(draw: st.DrawFn, port: int) -> str:
    """A query whose SERVICE calls 127.0.0.1:``port``, hidden behind generated devices."""
    base = f"http://127.0.0.1:{port}/base/"
    target_kind = draw(st.sampled_from(["iri", "relative", "pname", "pname-esc", "rel-prefix"]))
    prologue = ["PREFIX ex: <http://example.org/>"]
    if target_kind in ("relative", "rel-prefix") or draw(st.booleans()):
        prologue.insert(0, f"{_any_case('base', draw)} <{_escape_some(base, draw)}>")
    if target_kind == "iri":
        target = f"<{_escape_some(f'http://127.0.0.1:{port}/sparql', draw)}>"
    elif target_kind == "relative":
        target = "<" + draw(st.sampled_from(["sparql", "../sparql", "/sparql", "?q"])) + ">"
    else:
        iri = "x/" if target_kind == "rel-prefix" else f"http://127.0.0.1:{port}/"
        prologue.append(f"{_any_case('prefix', draw)} p\\u0031: <{_escape_some(iri, draw)}>")
        local = "sp\\-arql\\#x" if target_kind == "pname-esc" else "sparql"
        target = f"p1:{local}"
    keyword = _escape_some(_any_case("service", draw), draw)
    if draw(st.booleans()):
        keyword += " " + _any_case("silent", draw)
    clause = f"{keyword} {target} {{ ?a ?b ?c }}"
    for _ in range(draw(st.integers(0, 3))):  # nested groups
        wrapper = draw(st.sampled_from(["{ %s }", "OPTIONAL { %s }", "FILTER EXISTS { %s }"]))
        clause = wrapper % clause
    before = draw(st.lists(st.sampled_from(DEVICES), max_size=4))
    after = draw(st.lists(st.sampled_from(DEVICES), max_size=2))
    body = "\n".join([*before, clause, *after])
    return "\n".join(prologue) + f"\nSELECT * WHERE {{\n{body}\n}}\n"


@settings(max_examples=300)
@given(st.data())
def test_generated_hidden_service_is_refused_and_sends_nothing(
    listener: Listener, data: st.DataObject
) -> None:
    """Property (300 cases per CI run): whatever device hides it, a SERVICE to an unlisted
    host is refused before anything runs, and the listener sees no request."""
    from scokg.queries.run import prepare_query

    query = data.draw(hidden_services(listener.port))
    before = len(listener.requests)
    with pytest.raises(UsageError) as info:
        prepare_query(None, query, None, None)
    assert "127.0.0.1" in info.value.message or "syntax error" in info.value.message, (
        query,
        info.value.message,
    )
    assert len(listener.requests) == before


def test_service_with_a_variable_target_is_refused() -> None:
    query = "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }"
    with pytest.raises(UsageError, match="variable"):
        check_query(query, allowed_service_hosts=["127.0.0.1"])


def test_unparsable_text_that_may_name_service_is_refused() -> None:
    """The parser decides: a text that could hold SERVICE and does not parse never passes."""
    with pytest.raises(UsageError, match="syntax error at line 2, column"):
        check_query("SELECT * WHERE {\n ?s ?p ?o ) } # service", allowed_service_hosts=["x"])


def test_plain_queries_never_load_the_parser() -> None:
    from scokg.queries.policy import may_call_out

    assert not may_call_out("SELECT * WHERE { ?s ?p ?o }")
    assert may_call_out("SELECT * WHERE { sErViCe <http://h/> {} }")
    assert may_call_out("SELECT * WHERE { \\u0073ERVICE <http://h/> {} }")


def test_allowed_service_request_is_sent_once() -> None:
    """Policy, syntax check and run: the allowed SERVICE endpoint gets exactly one request."""
    import pyoxigraph

    from scokg.engines.embedded import EmbeddedEngine
    from scokg.queries.run import prepare_query

    server = Listener(answer=True)
    try:
        query = (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{server.port}/sparql> {{ ?a ?b ?c }} }}"
        )
        prepared = prepare_query(
            None, query, None, None, allowed_service_hosts=[f"127.0.0.1:{server.port}"]
        )
        engine = EmbeddedEngine(None, store=pyoxigraph.Store())  # type: ignore[arg-type]
        engine.execute(prepared.text)
        assert len(server.requests) == 1, server.requests
    finally:
        server.close()


def test_allowed_service_host_down_is_an_endpoint_error() -> None:
    from scokg.errors import EndpointError, ExitCode
    from scokg.stores.oxigraph_server import free_port

    port = free_port()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?a ?b ?c }} }}"
    import pyoxigraph

    from scokg.engines.embedded import EmbeddedEngine

    engine = EmbeddedEngine(None, store=pyoxigraph.Store())  # type: ignore[arg-type]
    with pytest.raises(EndpointError, match=f"SERVICE request to http://127.0.0.1:{port}") as info:
        engine.execute(query)
    assert info.value.exit_code == ExitCode.ENDPOINT


def test_valid_text_the_policy_parser_cannot_read_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If rdflib's parser refuses a text that pyoxigraph would run, the text is refused."""
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql import parser

    def refuse(text: str) -> None:
        raise ParseException(text, 0, "simulated gap in the parser")

    monkeypatch.setattr(parser, "parseQuery", refuse)
    with pytest.raises(UsageError, match="as read by the parser that checks SERVICE clauses"):
        check_query("SELECT * WHERE { ?s ?p 'service' }")


def test_rdflib_parser_is_imported_only_for_texts_that_could_name_service() -> None:
    """Start-up stays light: a plain query never imports rdflib; one naming SERVICE imports
    its SPARQL parser (about 0.5 s, see docs/architecture.md)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from scokg.queries.policy import check_query\n"
        "check_query(sys.argv[1], allowed_service_hosts=['h'])\n"
        "print('rdflib.plugins.sparql.parser' in sys.modules, 'rdflib' in sys.modules)\n"
    )
    for text, expected in [
        ("SELECT * WHERE { ?s ?p ?o }", "False False"),
        ("SELECT * WHERE { SERVICE <http://h/> { ?s ?p ?o } }", "True True"),
        ("SELECT * WHERE { ?s ?p '\\u0041' }", "True True"),
    ]:
        done = subprocess.run(
            [sys.executable, "-c", code, text], capture_output=True, text=True, timeout=60
        )
        assert done.stdout.strip() == expected, (text, done.stderr)
