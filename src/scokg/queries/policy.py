"""What a SPARQL request given to ``scokg query`` may do: read, and reach only allowed hosts.

A query can make the engine that runs it write (SPARQL Update), fetch a document (``LOAD``)
or call another server (``SERVICE``). pyoxigraph and rdflib do all three as soon as a query
is run, or even only prepared, so the text is checked before any engine sees it.

The check is lexical but follows SPARQL's own lexical rules, so comments, string literals
and IRIs cannot hide or fake a keyword: codepoint escapes (``\\u0053ERVICE``) are decoded
first, as the SPARQL grammar does; then the text is split into tokens; a keyword counts
only as a bare word outside comments, strings and IRIs. ``SERVICE`` IRIs are resolved
against the query's ``PREFIX`` and ``BASE`` declarations; ``SERVICE ?var`` is refused
because its target cannot be known in advance.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from scokg.errors import UsageError

# Keywords that only occur in SPARQL 1.1 Update requests.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_ESCAPE_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_IRIREF_RE = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_VAR_RE = re.compile(r"[?$][A-Za-z0-9_\u00B7\u00C0-\U000EFFFF]+")
# A prefixed name or a bare word: PN_PREFIX? ':' PN_LOCAL?, or a keyword / function name.
_WORD_RE = re.compile(
    r"(?:[A-Za-z\u00C0-\U000EFFFF][\w.\-\u00B7\u00C0-\U000EFFFF]*)?:"
    r"(?:[\w\-:%\u00B7\u00C0-\U000EFFFF](?:[\w.\-:%\u00B7\u00C0-\U000EFFFF\\]*"
    r"[\w\-:%\u00B7\u00C0-\U000EFFFF])?)?"
    r"|[A-Za-z_][A-Za-z0-9_]*"
)


@dataclass(frozen=True)
class Token:
    kind: str  # "iri", "word" (keyword or prefixed name), "var", "string", "punct"
    text: str
    offset: int


def decode_escapes(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` as SPARQL does before parsing (SPARQL 1.1, 19.2)."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise UsageError(f"invalid codepoint escape {match.group(0)} in the query")
        return chr(code)

    return _ESCAPE_RE.sub(replace, text)


def tokens(text: str) -> Iterator[Token]:
    """SPARQL tokens of ``text`` (already escape-decoded), without comments and spaces."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "\"'":
            end = _string_end(text, i)
            yield Token("string", text[i:end], i)
            i = end
        elif ch == "<" and (match := _IRIREF_RE.match(text, i)):
            yield Token("iri", match.group(1), i)
            i = match.end()
        elif ch in "?$" and (match := _VAR_RE.match(text, i)):
            yield Token("var", match.group(0), i)
            i = match.end()
        elif (
            (ch.isalpha() or ch in "_:") and (match := _WORD_RE.match(text, i)) and match.end() > i
        ):
            yield Token("word", match.group(0), i)
            i = match.end()
        else:
            yield Token("punct", ch, i)
            i += 1


def _string_end(text: str, i: int) -> int:
    """Offset after the string literal that starts at ``i`` (short or long quotes)."""
    quote = text[i]
    long_form = text.startswith(quote * 3, i)
    end = i + (3 if long_form else 1)
    while end < len(text):
        if text[end] == "\\":
            end += 2
        elif long_form and text.startswith(quote * 3, end):
            return end + 3
        elif not long_form and text[end] == quote:
            return end + 1
        elif not long_form and text[end] in "\r\n":
            return end  # an unterminated short string: the syntax check reports it
        else:
            end += 1
    return len(text)


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
    decoded = decode_escapes(query_text)
    toks = list(tokens(decoded))
    prefixes: dict[str, str] = {}
    base: str | None = None
    for index, token in enumerate(toks):
        word = token.text.upper() if token.kind == "word" and ":" not in token.text else None
        if word == "PREFIX" and index + 2 < len(toks):
            name, iri = toks[index + 1], toks[index + 2]
            if name.kind == "word" and name.text.endswith(":") and iri.kind == "iri":
                prefixes[name.text[:-1]] = _resolve(iri.text, base)
        elif word == "BASE" and index + 1 < len(toks) and toks[index + 1].kind == "iri":
            base = _resolve(toks[index + 1].text, base)
        elif word in UPDATE_KEYWORDS:
            if not allow_update:
                raise UsageError(
                    f"SPARQL updates ({word}) are not allowed here: scokg query only reads",
                    hint="queries here never change a store; `scokg load` replaces graphs",
                )
            if word == "LOAD":
                target = _target(toks, index + 1, prefixes, base)
                _check_host("LOAD", target, allowed, decoded, token.offset)
        elif word == "SERVICE":
            target = _target(toks, index + 1, prefixes, base)
            _check_host("SERVICE", target, allowed, decoded, token.offset)


def _target(toks: list[Token], index: int, prefixes: dict[str, str], base: str | None) -> str:
    """The IRI a SERVICE/LOAD names (after an optional SILENT), or "?var" for a variable."""
    if index < len(toks) and toks[index].kind == "word" and toks[index].text.upper() == "SILENT":
        index += 1
    if index >= len(toks):
        return ""
    token = toks[index]
    if token.kind == "iri":
        return _resolve(token.text, base)
    if token.kind == "var":
        return token.text
    if token.kind == "word" and ":" in token.text:
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        return token.text  # undeclared: the syntax check will refuse the query anyway
    return ""


def _resolve(iri: str, base: str | None) -> str:
    return urllib.parse.urljoin(base, iri) if base else iri


def _check_host(keyword: str, target: str, allowed: list[str], text: str, offset: int) -> None:
    line = text.count("\n", 0, offset) + 1
    where = f" (line {line})"
    if target.startswith(("?", "$")):
        raise UsageError(
            f"{keyword} {target}{where}: the endpoint of a variable SERVICE cannot be checked",
            hint="name the endpoint IRI in the query and allow its host with --allow-service HOST",
        )
    parts = urllib.parse.urlsplit(target)
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("http", "https"):
        raise UsageError(
            f"{keyword} <{target}>{where}: not an http(s) endpoint",
            hint="SERVICE and LOAD may only name http(s) URLs of allowed hosts",
        )
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    if host in allowed or (port is not None and f"{host}:{port}" in allowed):
        return
    raise UsageError(
        f"{keyword} <{target}>{where} would send a request to {host}, which is not allowed",
        hint=f"if you trust it, add --allow-service {host}",
    )
