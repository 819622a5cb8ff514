"""The one HTTP client of scokg: basic/digest auth, timeouts, retries with backoff, a
User-Agent, and errors that never reveal a credential.

One urllib opener per client carries the credentials in a password manager, so they are
sent only when the server asks for them (a 401 challenge) and never end up in a URL, a
log line or an error message. Every failure becomes an :class:`EndpointError` (exit 3)
with the status and the server's own message, worded the same whichever command sent the
request. Retrying (after 429/503, honouring ``Retry-After``) and the User-Agent are options:
``load`` and remote queries use none, public endpoints get :mod:`scokg.remote.public`'s.
"""

from __future__ import annotations

import email.utils
import netrc
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path

from scokg.errors import EndpointError

USER_ENV = "SCOKG_USER"
PASSWORD_ENV = "SCOKG_PASSWORD"
NETRC_ENV = "NETRC"
DEFAULT_TIMEOUT = 60.0

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


class HttpClient:
    """Sends requests with optional credentials, timeout, retries and User-Agent.

    ``timeout`` is in seconds per attempt; ``user_agent=None`` keeps urllib's (or the
    request's own) header; ``sleep`` waits between retries (tests record the waits instead).
    ``requests_sent`` counts every attempt. Any failure raises :class:`EndpointError`.
    """

    def __init__(
        self,
        credentials: Credentials | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        retry: RetryPolicy = NO_RETRY,
        user_agent: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.credentials = credentials
        self.timeout = timeout
        self.retry = retry
        self.user_agent = user_agent
        self.sleep = sleep
        self.requests_sent = 0
        handlers: list[urllib.request.BaseHandler] = []
        if credentials is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            self._passwords = passwords
            handlers += [
                urllib.request.HTTPDigestAuthHandler(passwords),
                urllib.request.HTTPBasicAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)
        self._registered: set[str] = set()

    def _register(self, url: str) -> None:
        """Offer the credentials to the URL's origin (scheme, host and port) only."""
        if self.credentials is None:
            return
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}/"
        if origin not in self._registered:
            self._passwords.add_password(
                None, origin, self.credentials.user, self.credentials.password
            )
            self._registered.add(origin)

    def open(self, request: urllib.request.Request) -> Response:
        """Send ``request`` (again after a retryable status) and read the whole answer.

        Any failure is an :class:`EndpointError`; an error status an
        :class:`EndpointStatusError`.
        """
        self._register(request.full_url)
        if self.user_agent is not None:
            request.add_header("User-Agent", self.user_agent)
        attempt = 0
        while True:
            try:
                return self._open_once(request)
            except urllib.error.HTTPError as exc:
                if exc.code in self.retry.statuses and attempt < self.retry.retries:
                    retry_after = exc.headers.get("Retry-After") if exc.headers else None
                    exc.close()
                    self.sleep(self.retry.wait(attempt, retry_after))
                    attempt += 1
                    continue
                raise self._http_error(request, exc, attempt) from None

    def _open_once(self, request: urllib.request.Request) -> Response:
        """One attempt; an error status is left to :meth:`open` as ``HTTPError``."""
        self.requests_sent += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body = answer.read()
                return Response(answer.status, answer.headers.get_content_type(), body)
        except urllib.error.HTTPError:
            raise
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise self._timeout(request) from None
            raise self._unreachable(request, _describe_reason(reason)) from None
        except TimeoutError:
            raise self._timeout(request) from None
        except (ConnectionError, HTTPException, OSError) as exc:
            raise self._unreachable(request, _describe_reason(exc)) from None

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
        """``text`` with the password (if it somehow appears) replaced by ``***``."""
        if self.credentials is not None and self.credentials.password:
            text = text.replace(self.credentials.password, "***")
        return text

    def _http_error(
        self, request: urllib.request.Request, exc: urllib.error.HTTPError, retried: int = 0
    ) -> EndpointStatusError:
        try:
            body = exc.read()
        except (OSError, HTTPException):
            body = b""
        detail = server_message(body) or str(exc.reason or "")
        message = f"{request.get_method()} {redact_url(request.full_url)}: {exc.code}"
        if exc.reason:
            message += f" {exc.reason}"
        if detail and detail != exc.reason:
            message += f": {detail}"
        hint = None
        if exc.code in (401, 403):
            hint = (
                f"set {USER_ENV} and {PASSWORD_ENV} (or a netrc entry for the host) to an "
                "account allowed to do this"
            )
        elif exc.code in self.retry.statuses:
            if retried:
                message += f" (still busy after {retried} retries)"
            hint = "try again later: the server is busy, or limits how often one client may ask"
        return EndpointStatusError(self.scrub(message), status=exc.code, hint=hint)

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


def _describe_reason(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    text = str(reason).strip()
    return text or type(reason).__name__
