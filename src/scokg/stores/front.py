"""The HTTP front of ``scokg serve``: every request is checked here, then passed to Oxigraph.

``oxigraph serve-read-only`` answers anyone who reaches it, runs ``SERVICE`` to any host and
allows every origin (``Access-Control-Allow-Origin: *``), so a web page open in the user's
browser could drive it. So ``scokg serve`` runs it on a private loopback port and puts this
front (the standard library's :class:`~http.server.ThreadingHTTPServer`) on the public one.
For each request it checks, in order:

1. ``Host`` is ``127.0.0.1:PORT``, ``localhost:PORT``, ``[::1]:PORT`` or the ``--host``
   given (else 421: a DNS-rebinding page sends its own host name);
2. ``Origin``, when sent, is ``http://`` + one of those (else 403), and ``Sec-Fetch-Site``,
   when sent, is ``same-origin`` or ``none`` (else 403: another site's page);
3. the method and path: ``GET``/``HEAD`` anywhere (the query UI, ``/query``, ``/store``
   reads), ``POST`` only on ``/query``; everything else is 403 (read-only);
4. the query (``query=`` in the URL or form, or an ``application/sparql-query`` body), by
   :func:`scokg.queries.policy.check_query`, the one policy of scokg: no update, ``SERVICE``
   only to the ``--allow-service`` hosts (none by default) (else 403 with the reason);
5. the request body is at most :attr:`Limits.max_request_bytes` (else 413).

``GET``/``HEAD`` of the linked-data paths (``/id/...``, ``/doc/...``, ``/ontology``) are
answered, after checks 1 and 2, by :attr:`FrontConfig.pages` (content negotiation by
:mod:`scokg.site.negotiate`, set by ``scokg serve``) instead of Oxigraph.

The answer is read from Oxigraph within :attr:`Limits.query_timeout` seconds in all (else
504) and up to :attr:`Limits.max_result_bytes` (else 507, nothing of the result sent);
CORS headers of Oxigraph are dropped, so browsers keep other sites' pages out.
"""

from __future__ import annotations

import http.client
import socket
import sys
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from scokg.errors import UsageError
from scokg.queries.policy import check_query

_PASSED_REQUEST_HEADERS = ("Accept", "Content-Type", "Accept-Language")
_PASSED_RESPONSE_HEADERS = ("Content-Type", "Content-Disposition", "Cache-Control")
_FORM = "application/x-www-form-urlencoded"
_SPARQL = "application/sparql-query"


@dataclass(frozen=True)
class Limits:
    """What the front lets through. Times in seconds, sizes in bytes."""

    query_timeout: float = 30.0
    max_result_bytes: int = 100 * 1024 * 1024
    max_request_bytes: int = 1024 * 1024
    allowed_service_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """A whole answer made in this process (a linked-data page): status, headers, body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


Pages = Callable[[str, str, str | None], Answer | None]
"""``pages(method, path, accept)``: the answer for a path it serves, else None."""


class Refusal(Exception):
    """A request the front answers itself: HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.hint = hint


@dataclass
class FrontConfig:
    """The public address, the private Oxigraph address and the limits."""

    host: str
    port: int
    upstream_port: int
    limits: Limits = field(default_factory=Limits)
    on_runaway: Callable[[], None] | None = None
    """Called after a query was cut at the time limit: Oxigraph does not stop every query at
    its own timeout (a COUNT over a cartesian product runs on), so ``serve`` restarts it."""
    pages: Pages | None = None
    """Answers the linked-data paths (``GET``/``HEAD`` only), see the module docstring."""

    def allowed_hosts(self) -> set[str]:
        """``Host`` header values accepted (lower case, with the port)."""
        names = {"127.0.0.1", "localhost", "[::1]", self.host.lower()}
        names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
        hosts = {f"{n}:{self.port}" for n in names}
        if self.port == 80:
            hosts |= names
        return hosts


def open_front(config: FrontConfig) -> ThreadingHTTPServer:
    """Bind the public port (not yet serving: call ``serve_forever``).

    Raises :class:`UsageError` when the port is taken or the address cannot be bound.
    """

    class Handler(_FrontHandler):
        front = config

    server_class = _Front6 if ":" in config.host else _Front
    try:
        return server_class((config.host, config.port), Handler)
    except OSError as exc:
        taken = exc.errno in (98, 48, 10048)  # EADDRINUSE on Linux, macOS, Windows
        raise UsageError(
            f"port {config.port} on {config.host} is already in use"
            if taken
            else f"cannot listen on {config.host}:{config.port}: {exc.strerror or exc}",
            hint="choose another with --port (or stop the program that holds it)"
            if taken
            else "check --host: it must be an address of this machine",
        ) from None


class _Front(ThreadingHTTPServer):
    daemon_threads = True
    # SO_REUSEADDR lets a restarted serve bind at once (old connections in TIME_WAIT); on
    # Linux and macOS it never lets two servers listen on one port, on Windows it would.
    allow_reuse_address = sys.platform != "win32"


class _Front6(_Front):
    address_family = socket.AF_INET6


class _FrontHandler(BaseHTTPRequestHandler):
    front: FrontConfig
    timeout = 30  # seconds to receive a request: a client that drips does not hold a thread
    protocol_version = "HTTP/1.0"
    server_version = "scokg-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the terminal shows only what ``scokg serve`` announces."""

    def do_GET(self) -> None:  # noqa: N802
        self._handle(body=None)

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle(body=None)

    def do_POST(self) -> None:  # noqa: N802
        self._handle(body=b"")

    def do_PUT(self) -> None:  # noqa: N802
        self._refuse_write()

    def do_DELETE(self) -> None:  # noqa: N802
        self._refuse_write()

    def do_PATCH(self) -> None:  # noqa: N802
        self._refuse_write()

    def do_OPTIONS(self) -> None:  # noqa: N802
        # No CORS preflight is ever granted: cross-origin pages get no answer they can use.
        self._send_text(403, "scokg serve answers no cross-origin requests")

    def _refuse_write(self) -> None:
        try:
            self._check_origin()
            raise Refusal(403, "this endpoint is read-only")
        except Refusal as refusal:
            self._send_refusal(refusal)

    def _handle(self, body: bytes | None) -> None:
        try:
            self._check_origin()
            parts = urllib.parse.urlsplit(self.path)
            if body is None and self.front.pages is not None:
                answer = self.front.pages(self.command, parts.path, self.headers.get("Accept"))
                if answer is not None:
                    self._send_answer(answer)
                    return
            if body is not None:
                if parts.path != "/query":
                    raise Refusal(403, "this endpoint is read-only: POST goes to /query only")
                body = self._read_body()
            query = self._query_text(parts.query, body)
            if query is not None:
                try:
                    check_query(
                        query, allowed_service_hosts=self.front.limits.allowed_service_hosts
                    )
                except UsageError as err:
                    raise Refusal(403, err.message, err.hint or "") from None
            self._forward(body)
        except Refusal as refusal:
            self._send_refusal(refusal)

    def _check_origin(self) -> None:
        allowed = self.front.allowed_hosts()
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in allowed:
            raise Refusal(
                421,
                f"this server answers only requests for {', '.join(sorted(allowed))}",
                "a page that reached it through another host name is refused",
            )
        origin = self.headers.get("Origin")
        if origin is not None and origin.strip().lower() not in {f"http://{h}" for h in allowed}:
            raise Refusal(403, "cross-origin requests are refused")
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site.strip().lower() not in ("same-origin", "none"):
            raise Refusal(403, "requests from other sites' pages are refused")

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise Refusal(411, "send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            raise Refusal(400, "invalid Content-Length") from None
        limit = self.front.limits.max_request_bytes
        if length < 0 or length > limit:
            raise Refusal(413, f"the request body is larger than {limit} bytes")
        return self.rfile.read(length)

    def _query_text(self, url_query: str, body: bytes | None) -> str | None:
        """The SPARQL text of this request, or None if it carries none."""
        fields = urllib.parse.parse_qs(url_query, keep_blank_values=True)
        if body:
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == _FORM:
                extra = urllib.parse.parse_qs(body.decode("utf-8", "replace"), True)
                for name, values in extra.items():
                    fields.setdefault(name, []).extend(values)
            elif content_type == _SPARQL:
                fields.setdefault("query", []).append(body.decode("utf-8", "replace"))
            else:
                raise Refusal(415, f"POST a query as {_SPARQL} or {_FORM}")
        if "update" in fields or "using-graph-uri" in fields:
            raise Refusal(403, "this endpoint is read-only: updates are refused")
        queries = fields.get("query", [])
        if len(queries) > 1:
            raise Refusal(400, "give one query per request")
        return queries[0] if queries else None

    def _forward(self, body: bytes | None) -> None:
        limits = self.front.limits
        deadline = time.monotonic() + limits.query_timeout
        upstream = http.client.HTTPConnection(
            "127.0.0.1", self.front.upstream_port, timeout=limits.query_timeout
        )
        try:
            headers = {
                name: value
                for name in _PASSED_REQUEST_HEADERS
                if (value := self.headers.get(name)) is not None
            }
            upstream.request(self.command, self.path, body=body, headers=headers)
            answer = upstream.getresponse()
            chunks, size = [], 0
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if upstream.sock is not None:
                    upstream.sock.settimeout(remaining)
                chunk = answer.read1(65536) if self.command != "HEAD" else b""
                if not chunk:
                    break
                size += len(chunk)
                if size > limits.max_result_bytes:
                    raise Refusal(
                        507,
                        f"the result is larger than the limit of {limits.max_result_bytes} "
                        "bytes (--max-result-size)",
                        "add LIMIT to the query, or raise --max-result-size",
                    )
                chunks.append(chunk)
        except TimeoutError:
            upstream.close()
            if self.front.on_runaway is not None:
                self.front.on_runaway()
            raise Refusal(
                504,
                f"the query ran longer than the limit of {limits.query_timeout:g} s "
                "(--query-timeout)",
                "narrow the query, or raise --query-timeout",
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise Refusal(502, f"the oxigraph server did not answer: {exc}") from None
        finally:
            upstream.close()
        self.send_response(answer.status)
        for name in _PASSED_RESPONSE_HEADERS:
            if (value := answer.getheader(name)) is not None:
                self.send_header(name, value)
        self._common_headers(size)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(b"".join(chunks))

    def _send_answer(self, answer: Answer) -> None:
        self.send_response(answer.status)
        vary = "Origin"
        for name, value in answer.headers:
            if name.lower() == "vary":
                vary = f"{value}, Origin"
            else:
                self.send_header(name, value)
        self._common_headers(len(answer.body), vary=vary)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def _send_refusal(self, refusal: Refusal) -> None:
        text = f"scokg serve: error: {refusal.reason}"
        if refusal.hint:
            text += f"\nhint: {refusal.hint}"
        self._send_text(refusal.status, text)

    def _send_text(self, status: int, text: str) -> None:
        data = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self._common_headers(len(data))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _common_headers(self, length: int, vary: str = "Origin") -> None:
        self.send_header("Content-Length", str(length))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", vary)
        self.send_header("Connection", "close")
