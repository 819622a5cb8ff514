"""The one HTTP client of scokg: basic/digest auth, a total deadline and a size limit per
request, retries with backoff, a User-Agent, and errors that never reveal a credential.

One urllib opener per client carries the credentials in a password manager, so they are
sent only when the server asks for them (a 401 challenge) and never end up in a URL, a
log line or an error message. Every failure becomes an :class:`EndpointError` (exit 3)
with the status and the server's own message, worded the same whichever command sent the
request. Retrying (after 429/503, honouring ``Retry-After``) and the User-Agent are options:
``load`` and remote queries use none, public endpoints get :mod:`scokg.remote.public`'s.

Bounds (a hostile or broken server must not hang scokg or fill its memory):

- ``timeout`` is a total deadline per attempt: connecting, the status line and headers and
  the whole body must arrive within it, however slowly the server sends its bytes (a timer
  shuts the socket down when the deadline passes). Only the DNS lookup is outside it.
- an answer larger than ``max_answer`` bytes ($SCOKG_MAX_ANSWER_SIZE, default 256M) is
  refused as soon as its ``Content-Length`` or its bytes exceed it;
- an XML answer that declares entities (a DOCTYPE with ``<!ENTITY``: "billion laughs",
  external entities) is refused before any parser sees it (:mod:`scokg.xmlsafe`).

Credentials in the URL (``http://user:pass@host/``) are taken out of it before anything is
sent (so they never reach the resolver as a host name) and used like $SCOKG_USER/
$SCOKG_PASSWORD for that URL's origin; :func:`redact` removes every credential this process
used (the password, ``user:password`` and its base64) from any text, e.g. a server's error
page that echoes the ``Authorization`` header.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import http.client
import netrc
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path
from typing import Any

from scokg.errors import EndpointError, UsageError
from scokg.xmlsafe import UnsafeXmlError, check_xml

USER_ENV = "SCOKG_USER"
PASSWORD_ENV = "SCOKG_PASSWORD"
NETRC_ENV = "NETRC"
MAX_ANSWER_ENV = "SCOKG_MAX_ANSWER_SIZE"
DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_ANSWER = 256 * 2**20  # bytes: far above any answer the project's queries get
_CHUNK = 65536
# How much of an error body is read at most (the message shows far less).
_MAX_ERROR_BODY = 65536

# How much of a server's error body to show: enough for a message, not a whole HTML page.
_MAX_SERVER_MESSAGE = 300
_TAG_RE = re.compile(r"<[^>]+>")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Credentials:
    """A user name and password; ``repr`` and ``str`` never show the password."""

    user: str
    password: str = field(repr=False)
    origin: str = "environment"

    def __str__(self) -> str:
        return f"credentials from {self.origin}"


def find_credentials(url: str, env: Mapping[str, str] | None = None) -> Credentials | None:
    """Credentials for ``url``: $SCOKG_USER/$SCOKG_PASSWORD first, then the netrc file.

    The netrc file is ``$NETRC`` or ``~/.netrc`` (as curl and requests read it); a missing
    or unreadable file simply means no credentials.
    """
    if env is None:
        env = os.environ
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if password:
        return Credentials(user or "", password, f"{USER_ENV}/{PASSWORD_ENV}")
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        return None
    path = Path(env.get(NETRC_ENV) or Path.home() / ".netrc").expanduser()
    if not path.is_file():
        return None
    try:
        entry = netrc.netrc(str(path)).authenticators(host)
    except (netrc.NetrcParseError, OSError):
        return None
    if entry is None:
        return None
    login, _account, secret = entry
    return Credentials(login or "", secret or "", f"netrc ({path.name})")


def redact_url(url: str) -> str:
    """The URL without any ``user:password@`` part, safe to print."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def server_message(body: bytes | str | None) -> str:
    """First readable part of an error body, on one line (HTML tags removed)."""
    if not body:
        return ""
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    text = _SPACE_RE.sub(" ", _TAG_RE.sub(" ", text)).strip()
    if len(text) > _MAX_SERVER_MESSAGE:
        text = text[: _MAX_SERVER_MESSAGE - 1].rstrip() + "…"
    return text


@dataclass(frozen=True)
class RetryPolicy:
    """When to send a request again, and how long to wait first (seconds).

    After an answer whose status is in ``statuses`` the client waits what the server's
    ``Retry-After`` says (seconds or an HTTP date), else ``backoff * 2**attempt``; either is
    capped at ``max_wait``. After ``retries`` retries the answer is reported as an error. A
    refused connection or a timeout is never retried: the server is down or overloaded.
    """

    retries: int = 0
    backoff: float = 2.0
    max_wait: float = 60.0
    statuses: frozenset[int] = frozenset({429, 503})

    def wait(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before retry number ``attempt + 1``."""
        if retry_after is not None:
            asked = _retry_after_seconds(retry_after.strip())
            if asked is not None:
                return min(max(asked, 0.0), self.max_wait)
        return min(self.backoff * 2**attempt, self.max_wait)


NO_RETRY = RetryPolicy()


def _retry_after_seconds(value: str) -> float | None:
    """``Retry-After`` as seconds from now: a number of seconds or an HTTP date."""
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when.timestamp() - time.time()


class EndpointStatusError(EndpointError):
    """The server answered with an HTTP error status (kept in ``status``)."""

    def __init__(self, message: str, *, status: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


# --- sizes ---------------------------------------------------------------------------

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}


def parse_size(text: str) -> int:
    """Bytes from ``text``: a number with an optional K, M, G or T suffix (powers of 1024).

    Raises :class:`UsageError` (exit 2) for anything else or for zero.
    """
    found = _SIZE_RE.match(text)
    size = int(float(found.group(1)) * _UNITS[found.group(2).lower()]) if found else 0
    if size <= 0:
        raise UsageError(
            f"{MAX_ANSWER_ENV}={text!r} is not a size",
            hint="give bytes with an optional K, M or G suffix, e.g. 512M",
        )
    return size


def format_size(size: int) -> str:
    """``size`` bytes for people: 256 MiB, 10 KiB, 500 bytes."""
    for unit, factor in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"


def max_answer_size(env: Mapping[str, str] | None = None) -> int:
    """The largest answer accepted: $SCOKG_MAX_ANSWER_SIZE, else :data:`DEFAULT_MAX_ANSWER`."""
    value = (os.environ if env is None else env).get(MAX_ANSWER_ENV, "").strip()
    return parse_size(value) if value else DEFAULT_MAX_ANSWER


# --- credentials never shown ----------------------------------------------------------

_SECRETS: set[str] = set()


def _remember(credentials: Credentials) -> None:
    """Note every form in which ``credentials`` could come back in a server's text."""
    password = credentials.password
    if not password:
        return
    pair = f"{credentials.user}:{password}".encode()
    forms = {
        password,
        urllib.parse.quote(password, safe=""),
        base64.b64encode(pair).decode("ascii"),
        base64.b64encode(password.encode()).decode("ascii"),
    }
    # A server may have cut the base64 (or its padding); its unpadded form is just as secret.
    forms |= {form.rstrip("=") for form in forms}
    _SECRETS.update(form for form in forms if len(form) >= 4)


def redact(text: str) -> str:
    """``text`` with every credential this process used replaced by ``***``."""
    for secret in sorted(_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return text


def split_userinfo(url: str) -> tuple[str, Credentials | None]:
    """``url`` without its ``user:password@`` part, and that part as credentials.

    The parts are percent-decoded (RFC 3986 section 3.2.1); a user without a password gives
    no credentials but is still removed from the URL.
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    clean = urllib.parse.urlunsplit(parts._replace(netloc=hostport))
    user, has_password, password = userinfo.partition(":")
    if not has_password:
        return clean, None
    credentials = Credentials(
        urllib.parse.unquote(user), urllib.parse.unquote(password), "the endpoint URL"
    )
    _remember(credentials)
    return clean, credentials


# --- the deadline ---------------------------------------------------------------------


class _Deadline:
    """A point in time after which the sockets of one attempt are shut down.

    Shutting a socket down wakes any thread blocked reading it, so a server that sends one
    byte every few seconds cannot keep a read alive past the deadline.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            self.expired = True
            raise TimeoutError("deadline passed")
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                self._shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        # socket.socket's own shutdown, also for an SSL socket: the raw descriptor.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


def _connection_factory(
    base: type[http.client.HTTPConnection], deadline: _Deadline
) -> Callable[..., http.client.HTTPConnection]:
    """Connections of class ``base`` whose sockets connect within, and are shut down at,
    ``deadline``."""

    def create(
        address: tuple[str, int], timeout: float, source: tuple[str, int] | None = None
    ) -> socket.socket:
        sock = socket.create_connection(address, deadline.remaining(), source)
        deadline.watch(sock)
        return sock

    def factory(host: str, /, **kwargs: Any) -> http.client.HTTPConnection:
        connection = base(host, **kwargs)
        # http.client opens its socket through this attribute (for HTTPS too, before TLS).
        setattr(connection, "_create_connection", create)  # noqa: B010 - a private hook
        return connection

    return factory


class _DeadlineHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, client: HttpClient) -> None:
        super().__init__()
        self._client = client

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        deadline = self._client._deadline
        assert deadline is not None
        return self.do_open(_connection_factory(http.client.HTTPConnection, deadline), req)


class _DeadlineHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, client: HttpClient) -> None:
        super().__init__()
        self._client = client

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        deadline = self._client._deadline
        assert deadline is not None
        extra = {"context": getattr(self, "_context", None)}
        if getattr(self, "_check_hostname", None) is not None:  # Python < 3.12
            extra["check_hostname"] = getattr(self, "_check_hostname", None)
        return self.do_open(
            _connection_factory(http.client.HTTPSConnection, deadline), req, **extra
        )


class _StatusAnswer(Exception):
    """An error status with its (bounded) body, read within the attempt's deadline."""

    def __init__(self, code: int, reason: str, retry_after: str | None, body: bytes) -> None:
        super().__init__(code)
        self.code = code
        self.reason = reason
        self.retry_after = retry_after
        self.body = body


class HttpClient:
    """Sends requests with optional credentials, a deadline, a size limit, retries and
    User-Agent.

    ``timeout`` is the total time in seconds one attempt may take (connect, headers and
    body); ``max_answer`` the largest body accepted, in bytes (``None``: $SCOKG_MAX_ANSWER_SIZE
    or 256 MiB); ``user_agent=None`` keeps urllib's (or the request's own) header; ``sleep``
    waits between retries (tests record the waits instead). ``requests_sent`` counts every
    attempt. Any failure raises :class:`EndpointError`.
    """

    def __init__(
        self,
        credentials: Credentials | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        retry: RetryPolicy = NO_RETRY,
        user_agent: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_answer: int | None = None,
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.retry = retry
        self.user_agent = user_agent
        self.sleep = sleep
        self.max_answer = max_answer_size() if max_answer is None else max_answer
        self.requests_sent = 0
        self._deadline: _Deadline | None = None
        if credentials is not None:
            _remember(credentials)
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        self._opener = urllib.request.build_opener(
            _DeadlineHTTPHandler(self),
            _DeadlineHTTPSHandler(self),
            urllib.request.HTTPDigestAuthHandler(self._passwords),
            urllib.request.HTTPBasicAuthHandler(self._passwords),
        )
        self._registered: set[str] = set()

    def _register(self, url: str, credentials: Credentials | None) -> None:
        """Offer the credentials to the URL's origin (scheme, host and port) only."""
        if credentials is None:
            return
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}/"
        if origin not in self._registered:
            self._passwords.add_password(None, origin, credentials.user, credentials.password)
            self._registered.add(origin)

    def open(self, request: urllib.request.Request) -> Response:
        """Send ``request`` (again after a retryable status) and read the whole answer.

        Credentials in the request's URL are moved out of it first. Any failure is an
        :class:`EndpointError`; an error status an :class:`EndpointStatusError`.
        """
        url, from_url = split_userinfo(request.full_url)
        if url != request.full_url:
            request.full_url = url
        self._register(url, from_url or self.credentials)
        if self.user_agent is not None:
            request.add_header("User-Agent", self.user_agent)
        attempt = 0
        while True:
            try:
                return self._open_once(request)
            except _StatusAnswer as answer:
                if answer.code in self.retry.statuses and attempt < self.retry.retries:
                    self.sleep(self.retry.wait(attempt, answer.retry_after))
                    attempt += 1
                    continue
                raise self._http_error(request, answer, attempt) from None

    def _open_once(self, request: urllib.request.Request) -> Response:
        """One attempt within one deadline; an error status is left to :meth:`open`."""
        self.requests_sent += 1
        deadline = self._deadline = _Deadline(self.timeout)
        try:
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    content_type = answer.headers.get_content_type()
                    body = self._read_body(request, answer, deadline)
                    status = answer.status
            except urllib.error.HTTPError as exc:
                with exc:
                    body = _read_bounded(exc, _MAX_ERROR_BODY, deadline)
                    retry_after = exc.headers.get("Retry-After") if exc.headers else None
                    if deadline.expired:
                        raise self._timeout(request) from None
                    raise _StatusAnswer(
                        exc.code, str(exc.reason or ""), retry_after, body
                    ) from None
        except (_StatusAnswer, EndpointError):
            raise
        except urllib.error.URLError as exc:
            reason = exc.reason
            if deadline.expired or isinstance(reason, TimeoutError | socket.timeout):
                raise self._timeout(request) from None
            raise self._unreachable(request, _describe_reason(reason)) from None
        except (TimeoutError, ConnectionError, HTTPException, OSError, ValueError) as exc:
            if deadline.expired or isinstance(exc, TimeoutError):
                raise self._timeout(request) from None
            raise self._unreachable(request, _describe_reason(exc)) from None
        finally:
            deadline.cancel()
            self._deadline = None
        if deadline.expired:  # the socket was shut down under a read that then ended quietly
            raise self._timeout(request)
        self._check_xml(request, content_type, body)
        return Response(status, content_type, body)

    def _read_body(
        self, request: urllib.request.Request, answer: http.client.HTTPResponse, deadline: _Deadline
    ) -> bytes:
        """The whole body, refused as soon as it is larger than :attr:`max_answer`."""
        length = answer.headers.get("Content-Length")
        if length is not None and length.strip().isdigit() and int(length) > self.max_answer:
            raise self._too_large(request)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = answer.read1(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > self.max_answer:
                raise self._too_large(request)
            chunks.append(chunk)
            if deadline.expired or time.monotonic() > deadline.end:
                raise self._timeout(request)
        return b"".join(chunks)

    def _check_xml(self, request: urllib.request.Request, content_type: str, body: bytes) -> None:
        try:
            check_xml(body, strict=True)
        except UnsafeXmlError as exc:
            raise EndpointError(
                f"{redact_url(request.full_url)} sent an unsafe XML answer: {exc.reason}",
                hint="the server is broken or hostile; scokg never expands XML entities "
                '("billion laughs") or reads external ones',
            ) from None

    def send(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        return self.open(request)

    def scrub(self, text: str) -> str:
        """``text`` with any credential (password, ``user:password`` in base64) as ``***``."""
        return redact(text)

    def _http_error(
        self, request: urllib.request.Request, answer: _StatusAnswer, retried: int = 0
    ) -> EndpointStatusError:
        detail = server_message(answer.body) or answer.reason
        message = f"{request.get_method()} {redact_url(request.full_url)}: {answer.code}"
        if answer.reason:
            message += f" {answer.reason}"
        if detail and detail != answer.reason:
            message += f": {detail}"
        hint = None
        if answer.code in (401, 403):
            hint = (
                f"set {USER_ENV} and {PASSWORD_ENV} (or a netrc entry for the host) to an "
                "account allowed to do this"
            )
        elif answer.code in self.retry.statuses:
            if retried:
                message += f" (still busy after {retried} retries)"
            hint = "try again later: the server is busy, or limits how often one client may ask"
        return EndpointStatusError(self.scrub(message), status=answer.code, hint=hint)

    def _unreachable(self, request: urllib.request.Request, why: str) -> EndpointError:
        parts = urllib.parse.urlsplit(redact_url(request.full_url))
        return EndpointError(
            self.scrub(f"cannot reach {parts.scheme}://{parts.netloc} ({why}); is the server up?")
        )

    def _timeout(self, request: urllib.request.Request) -> EndpointError:
        return EndpointError(
            f"no answer from {redact_url(request.full_url)} within {self.timeout:g} s "
            "(raise --timeout if the server is only slow)"
        )

    def _too_large(self, request: urllib.request.Request) -> EndpointError:
        return EndpointError(
            f"the answer of {redact_url(request.full_url)} is larger than "
            f"{format_size(self.max_answer)}, the limit on an endpoint's answer",
            hint=f"raise the limit with {MAX_ANSWER_ENV} (e.g. {MAX_ANSWER_ENV}=1G) if the "
            "answer is expected to be that large",
        )


def _read_bounded(answer: urllib.error.HTTPError, limit: int, deadline: _Deadline) -> bytes:
    """At most ``limit`` bytes of an error body; whatever arrived if the reading fails."""
    chunks: list[bytes] = []
    total = 0
    try:
        while total < limit and not deadline.expired:
            chunk = answer.read(min(_CHUNK, limit - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except (OSError, HTTPException, ValueError):
        pass
    return b"".join(chunks)


def _describe_reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    text = str(reason).strip()
    return text or type(reason).__name__
