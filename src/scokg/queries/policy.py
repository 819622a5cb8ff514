"""What a SPARQL request given to ``scokg query`` may do: read, and reach only allowed hosts.

A query can make the engine that runs it write (SPARQL Update), fetch a document (``LOAD``)
or call another server (``SERVICE``). pyoxigraph and rdflib do all three as soon as a query
is run, or even only prepared, so the text is checked before any engine sees it.

What the request does is read by :func:`scokg.queries.syntax.outline`, whose lexer follows
SPARQL's own lexical rules, so comments, string literals, IRIs and escapes cannot hide or
fake a keyword. ``SERVICE`` and ``LOAD`` IRIs are resolved against the query's ``PREFIX``
and ``BASE`` declarations; ``SERVICE ?var`` is refused because its target cannot be known
in advance.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable

from scokg.errors import UsageError
from scokg.queries.syntax import UPDATE_KEYWORDS, Target, outline

__all__ = ["UPDATE_KEYWORDS", "check_query"]


def check_query(
    query_text: str,
    allow_update: bool = False,
    allowed_service_hosts: Iterable[str] = (),
) -> None:
    """Raise :class:`UsageError` (exit 2) if the request may write or reach a host not allowed.

    - an update (``INSERT``, ``DELETE``, ``DROP`` ...) needs ``allow_update``;
    - ``LOAD <iri>`` needs ``allow_update`` and the IRI's host in ``allowed_service_hosts``;
    - ``SERVICE <iri>`` needs the IRI's host in ``allowed_service_hosts`` (an entry
      ``host`` allows any port, ``host:port`` only that port); ``SERVICE ?var`` is refused.
    """
    allowed = [h.strip().lower() for h in allowed_service_hosts if h.strip()]
    found = outline(query_text)
    if found.updates and not allow_update:
        raise UsageError(
            f"SPARQL updates ({found.updates[0]}) are not allowed here: scokg query only reads",
            hint="queries here never change a store; `scokg load` replaces graphs",
        )
    for target in sorted(found.loads + found.services, key=lambda t: t.start):
        _check_host(target, allowed)


def _check_host(target: Target, allowed: list[str]) -> None:
    keyword, iri = target.keyword, target.target
    where = f" (line {target.line})"
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
