"""A hostile HTTP server on 127.0.0.1 for the transport tests: it drips, never ends, echoes
credentials or serves malformed and malicious answers.

The server is a plain socket in one thread (no HTTP library between the test and the bytes
it sends), so it can misbehave in ways a well-mannered server library would not allow. Every
loop is bounded (by a stop event and a byte or time budget), and :meth:`HostileServer.stop`
(or leaving the ``with`` block) closes every socket and joins every thread.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# A behaviour answers one request: it gets the connection, the parsed request and the
# server (for its stop event); it writes whatever it likes.
Behaviour = Callable[[socket.socket, "Request", "HostileServer"], None]

DRIP_BUDGET = 120.0  # seconds a dripping answer may last at most (the client gives up first)
ENDLESS_BUDGET = 8 << 30  # bytes an endless body may send at most


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class HostileServer:
    """Serve every request with ``behaviour``; ``requests`` records what arrived."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[Request] = []
        self.stopped = threading.Event()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._conns: list[socket.socket] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> HostileServer:
        self._accepting.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopped.set()
        self._accepting.join(timeout=5)
        for conn in list(self._conns):
            with contextlib.suppress(OSError):
                conn.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._conns.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(10)
            request = _read_request(conn)
            if request is None:
                return
            self.requests.append(request)
            self.behaviour(conn, request, self)
        except OSError:
            pass  # the client gave up: that is what most tests want
        finally:
            with contextlib.suppress(OSError):
                conn.close()


def _read_request(conn: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0") or 0)
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Request(method, path, headers, rest[:length])


def head(status: str = "200 OK", content_type: str = "", length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# --- behaviours ----------------------------------------------------------------------


def answer(body: bytes, content_type: str, status: str = "200 OK") -> Behaviour:
    """A complete answer with a Content-Length."""

    def behave(conn: socket.socket, request: Request, server: HostileServer) -> None:
        conn.sendall(head(status, content_type, len(body)) + body)

    return behave


def drip(where: str = "body", every: float = 0.3) -> Behaviour:
    """One byte every ``every`` s: in the status line and headers (``headers``) or in a
    body announced as 1 MB (``body``); bounded by :data:`DRIP_BUDGET`."""

    def behave(conn: socket.socket, request: Request, server: HostileServer) -> None:
        if where == "headers":
            stream = head("200 OK", "application/sparql-results+json") * 10_000
        else:
            conn.sendall(head("200 OK", "application/sparql-results+json", 1_000_000))
            stream = b" " * 1_000_000
        started = time.monotonic()
        for byte in stream:
            if server.stopped.is_set() or time.monotonic() - started > DRIP_BUDGET:
                return
            conn.sendall(bytes([byte]))
            server.stopped.wait(every)

    return behave


def endless(
    content_type: str = "application/sparql-results+json", length: bool = False
) -> Behaviour:
    """A body that never ends (no Content-Length, or a huge one if ``length``), sent as fast
    as the client reads, bounded by :data:`ENDLESS_BUDGET`."""

    def behave(conn: socket.socket, request: Request, server: HostileServer) -> None:
        conn.sendall(head("200 OK", content_type, ENDLESS_BUDGET if length else None))
        chunk = b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + b" " * 65_000
        sent = 0
        while sent < ENDLESS_BUDGET and not server.stopped.is_set():
            conn.sendall(chunk)
            sent += len(chunk)

    return behave


def echo_authorization(status: str = "500 Internal Server Error") -> Behaviour:
    """Ask for basic auth (401) until it comes, then answer ``status`` with a body that
    repeats the Authorization header, and its decoded form, and the request target."""

    def behave(conn: socket.socket, request: Request, server: HostileServer) -> None:
        auth = request.headers.get("authorization")
        if auth is None:
            body = b"login first"
            conn.sendall(
                b"HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n"
                b'WWW-Authenticate: Basic realm="hostile"\r\n'
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            return
        decoded = ""
        if auth.lower().startswith("basic "):
            decoded = base64.b64decode(auth[6:]).decode("utf-8", "replace")
        text = f"you sent Authorization: {auth} ({decoded}) for {request.path}"
        body = text.encode()
        conn.sendall(head(status, "text/plain", len(body)) + body)

    return behave
