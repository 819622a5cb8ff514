"""What a SPARQL request given to scokg may do: read, and reach only allowed hosts.

A query can make the engine that runs it write (SPARQL Update), fetch a document (``LOAD``)
or call another server (``SERVICE``). pyoxigraph, rdflib and any endpoint do all three as
soon as a query is run (pyoxigraph even when only checking its syntax), so the text is
checked here before any engine sees it. This is the one place that decides it, for the
embedded engine, for ``--endpoint`` and for the ``scokg serve`` front.

Who decides what:

- ``SERVICE`` targets come from a real parser's algebra
  (:func:`scokg.queries.algebra.parse_request`, rdflib's SPARQL parser) whenever the text
  could name ``SERVICE`` at all (:func:`may_call_out`: the letters ``service`` in any case,
  or a ``\\u``/``\\U`` codepoint escape that could spell them). A text without either cannot
  hold the keyword: SPARQL keywords are ASCII, matched without case, and only codepoint
  escapes can write a letter another way (SPARQL 1.1, sections 19.2 and 19.8). The targets
  the lexer (:func:`scokg.queries.syntax.outline`) finds are checked too, so a target either
  reader sees is checked; a text the parser cannot read is refused, never passed on.
- Updates are refused from the lexer's reading and, for every text, by the syntax check
  that follows (pyoxigraph's query parser has no update operations, so an update never
  parses as a query).

``SERVICE ?var`` is refused because its target cannot be known in advance.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

from scokg.errors import UsageError
from scokg.queries.syntax import UPDATE_KEYWORDS, Target, outline

__all__ = ["UPDATE_KEYWORDS", "check_query", "may_call_out"]

# The keyword SERVICE written plainly in any case, or any codepoint escape (which could
# spell it, or a host). ASCII only: pyoxigraph and rdflib match keywords as ASCII.
_CALLS_OUT_RE = re.compile(r"[sS][eE][rR][vV][iI][cC][eE]|\\[uU]")


def may_call_out(query_text: str) -> bool:
    """True when ``query_text`` could hold a ``SERVICE`` clause, so a parser must read it."""
    return _CALLS_OUT_RE.search(query_text) is not None


def check_query(
    query_text: str,
    allow_update: bool = False,
    allowed_service_hosts: Iterable[str] = (),
) -> None:
    """Raise :class:`UsageError` (exit 2) if the request may write or reach a host not allowed.

    - an update (``INSERT``, ``DELETE``, ``DROP`` ...) needs ``allow_update``;
    - ``LOAD <iri>`` needs ``allow_update`` and the IRI's host in ``allowed_service_hosts``;
    - ``SERVICE <iri>`` needs the IRI's host in ``allowed_service_hosts`` (an entry
      ``host`` allows any port, ``host:port`` only that port); ``SERVICE ?var`` is refused;
    - a text that could name ``SERVICE`` but that the parser cannot read is refused.
    """
    allowed = [h.strip().lower() for h in allowed_service_hosts if h.strip()]
    found = outline(query_text)
    if found.updates and not allow_update:
        raise UsageError(
            f"SPARQL updates ({found.updates[0]}) are not allowed here: scokg query only reads",
            hint="queries here never change a store; `scokg load` replaces graphs",
        )
    targets = sorted(found.loads + found.services, key=lambda t: t.start)
    for target in targets:
        _check_host(target, allowed)
    if may_call_out(query_text) or found.loads:
        for target in _parsed_targets(query_text, bool(found.updates), targets):
            _check_host(target, allowed)


def _parsed_targets(query_text: str, update: bool, seen: list[Target]) -> list[Target]:
    """The parser's targets that the lexer did not report (normally none).

    When the parser refuses the text it is refused either way; pyoxigraph's reading (with
    the SERVICE targets neutralised, so nothing is sent) gives the better-located message
    when the text is not SPARQL at all.
    """
    from scokg.queries.algebra import parse_request

    try:
        parsed = parse_request(query_text, update=update)
    except UsageError as refused:
        raise _oxigraph_syntax_error(query_text) or refused from None
    known = {(t.keyword, t.target) for t in seen}
    extra = [("SERVICE", iri) for iri in parsed.services]
    extra += [("LOAD", iri) for iri in parsed.loads]
    return [
        Target(keyword, iri, len(query_text), len(query_text), 0)
        for keyword, iri in extra
        if (keyword, iri) not in known
    ]


_ERROR_AT_RE = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _oxigraph_syntax_error(query_text: str) -> UsageError | None:
    """pyoxigraph's syntax error for ``query_text``, or None if it parses there."""
    import pyoxigraph

    from scokg.queries.syntax import without_service_targets

    try:
        pyoxigraph.Store().query(without_service_targets(query_text))
    except SyntaxError as exc:
        message = exc.msg or str(exc)
        match = _ERROR_AT_RE.match(message)
        if match is None:
            return UsageError(f"SPARQL syntax error: {message.strip()}")
        line, column = int(match.group(1)), int(match.group(2))
        return UsageError(
            f"SPARQL syntax error at line {line}, column {column}: {match.group(3).strip()}",
            line=line,
            column=column,
            hint="check the query near this position",
        )
    except RuntimeError:
        pass  # it parsed; only evaluating the unbound SERVICE variable failed
    return None


def _check_host(target: Target, allowed: list[str]) -> None:
    keyword, iri = target.keyword, target.target
    where = f" (line {target.line})" if target.line else ""
    if iri.startswith(("?", "$")):
        raise UsageError(
            f"{keyword} {iri}{where}: the endpoint of a variable SERVICE cannot be checked",
            hint="name the endpoint IRI in the query and allow its host with --allow-service HOST",
        )
    parts = urllib.parse.urlsplit(iri)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        raise UsageError(
            f"{keyword} <{iri}>{where}: not an http(s) endpoint",
            hint="SERVICE and LOAD may only name http(s) URLs of allowed hosts",
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if host in allowed or (port is not None and f"{host}:{port}" in allowed):
        return
    raise UsageError(
        f"{keyword} <{iri}>{where} would send a request to {host}, which is not allowed",
        hint=f"if you trust it, add --allow-service {host}",
    )
