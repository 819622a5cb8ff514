"""The one SPARQL lexer of scokg, and what the tools read from a query text with it.

Every part of scokg that must know what a query does before an engine sees it asks this
module: the query policy (updates, ``SERVICE`` and ``LOAD`` targets), parameter binding
(where the WHERE group opens, which variables occur), the remote engine (is it an update)
and the federation test helper (where the ``SERVICE`` IRIs are written).

pyoxigraph checks a query's syntax but exposes no parse tree, and rdflib's parser is
too heavy for ``scokg query`` (which must not import rdflib). So this is a lexer for the
terminals of the SPARQL 1.1 grammar (section 19.8), exact on the points a keyword could
hide behind: codepoint escapes are decoded first (section 19.2); comments, strings with
their escapes (``ECHAR``), IRIs, prefixed names with their escapes (``PN_LOCAL_ESC``, so
``ex:\\#x`` is one name, not a name and a comment), blank node labels and language tags
are whole tokens. A keyword is a bare word outside all of those. On top of the tokens,
:func:`outline` reads the prologue (``PREFIX``/``BASE``), the query form, the update
operations and the ``SERVICE``/``LOAD`` targets (resolved against the prologue).
Positions are offsets in the text as given, before escape decoding.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field

from scokg.errors import UsageError

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
# Keywords that only occur in SPARQL 1.1 Update requests.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

# Character classes of the SPARQL 1.1 grammar (section 19.8). Compiling the full Unicode
# classes takes about 30 ms, so a text that is all ASCII is lexed with their ASCII parts
# (the same matches on such a text), and the full ones are compiled on first need.
_BASE_ASCII = "A-Za-z"
_BASE_WIDE = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_WIDE = "\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"


@functools.cache
def _name_patterns(ascii_only: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The prefixed-name, blank-node-label and variable patterns (all of Unicode, or ASCII)."""
    base = _BASE_ASCII if ascii_only else _BASE_ASCII + _BASE_WIDE
    wide = "" if ascii_only else _CHARS_WIDE
    u = base + "_"
    chars = u + r"\-0-9" + wide
    prefix = f"[{base}](?:[{chars}.]*[{chars}])?"
    local = f"(?:[{u}:0-9]|{_PLX})(?:(?:[{chars}.:]|{_PLX})*(?:[{chars}:]|{_PLX}))?"
    return (
        re.compile(f"(?:{prefix})?:(?:{local})?"),
        re.compile(f"_:[{u}0-9](?:[{chars}.]*[{chars}])?"),
        re.compile(f"[?$]([{u}0-9][{u}0-9{wide}]*)"),
    )


_IRIREF_RE = re.compile(r'<([^<>"{}|^`\\\x00-\x20]*)>')
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LANGTAG_RE = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?")
_ESCAPE_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PN_LOCAL_ESC_RE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (escape-decoded) and where it starts and ends.

    ``kind`` is one of ``iri`` (text without the brackets), ``pname`` (prefixed name),
    ``var`` (with its ``?``/``$``), ``string`` (with its quotes), ``word`` (a keyword or
    a function name), ``blank``, ``lang``, ``number`` or ``punct`` (one character).
    ``start``/``end`` are offsets in the decoded text.
    """

    kind: str
    text: str
    start: int
    end: int

    def keyword(self) -> str | None:
        """The upper-cased keyword this token is, if it is a bare word."""
        return self.text.upper() if self.kind == "word" else None


@dataclass(frozen=True)
class Target:
    """What a ``SERVICE`` or ``LOAD`` names: a resolved IRI, or a variable ("?name").

    ``start``/``end`` delimit the target as written in the original text (an empty span
    at the end when it is missing), ``line`` is its 1-based line.
    """

    keyword: str
    target: str
    start: int
    end: int
    line: int


@dataclass
class Outline:
    """What scokg needs to know about a SPARQL request before any engine sees it."""

    form: str | None = None  # SELECT, CONSTRUCT, DESCRIBE or ASK; None for an update
    first_keyword: str | None = None  # the first keyword after the prologue
    updates: list[str] = field(default_factory=list)  # update keywords, in order
    services: list[Target] = field(default_factory=list)
    loads: list[Target] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)  # names without ?/$
    # Offset just after the '{' opening the WHERE group, or None when VALUES cannot go
    # there (``CONSTRUCT WHERE { triples }``, an update, or no group at all).
    where_open: int | None = None


def decode_escapes(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` as SPARQL does before parsing (SPARQL 1.1, 19.2).

    Raises :class:`UsageError` for an escape that names no Unicode scalar value.
    """
    return _decode(text)[0]


def tokens(text: str) -> Iterator[Token]:
    """SPARQL tokens of ``text`` (already escape-decoded), without comments and spaces."""
    i, n = 0, len(text)
    pname_re, blank_re, var_re = _name_patterns(text.isascii())
    while i < n:
        ch = text[i]
        match: re.Match[str] | None = None
        if ch.isspace():
            i += 1
            continue
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch in "\"'":
            end = _string_end(text, i)
            yield Token("string", text[i:end], i, end)
            i = end
            continue
        if ch == "<" and (match := _IRIREF_RE.match(text, i)):
            yield Token("iri", match.group(1), i, match.end())
        elif ch in "?$" and (match := var_re.match(text, i)):
            yield Token("var", match.group(0), i, match.end())
        elif ch == "_" and (match := blank_re.match(text, i)):
            yield Token("blank", match.group(0), i, match.end())
        elif ch == "@" and (match := _LANGTAG_RE.match(text, i)):
            yield Token("lang", match.group(0), i, match.end())
        elif (ch.isdigit() or ch == ".") and (match := _NUMBER_RE.match(text, i)):
            yield Token("number", match.group(0), i, match.end())
        elif (match := pname_re.match(text, i)) and match.end() > i:
            yield Token("pname", match.group(0), i, match.end())
        elif match := _WORD_RE.match(text, i):
            yield Token("word", match.group(0), i, match.end())
        else:
            yield Token("punct", ch, i, i + 1)
            i += 1
            continue
        i = match.end()


def outline(text: str) -> Outline:
    """Read ``text`` once, left to right: form, updates, targets, variables, WHERE group.

    Raises :class:`UsageError` for an invalid codepoint escape.
    """
    decoded, offsets = _decode(text)
    toks = list(tokens(decoded))
    result = Outline()
    prefixes: dict[str, str] = {}
    base: str | None = None
    depth = 0
    top_groups: list[int] = []  # decoded offsets just after each depth-0 '{'
    where_at: int | None = None  # index into top_groups of the group after a top WHERE
    for index, token in enumerate(toks):
        if token.kind == "var":
            result.variables.add(token.text[1:])
            continue
        if token.kind == "punct":
            if token.text == "{":
                if depth == 0:
                    top_groups.append(token.end)
                depth += 1
            elif token.text == "}":
                depth = max(depth - 1, 0)
            continue
        word = token.keyword()
        if word is None:
            continue
        if word == "PREFIX" and index + 2 < len(toks):
            name, iri = toks[index + 1], toks[index + 2]
            if name.kind == "pname" and name.text.endswith(":") and iri.kind == "iri":
                prefixes[name.text[:-1]] = _resolve(iri.text, base)
        elif word == "BASE" and index + 1 < len(toks) and toks[index + 1].kind == "iri":
            base = _resolve(toks[index + 1].text, base)
        elif word in UPDATE_KEYWORDS:
            result.updates.append(word)
            if word == "LOAD":
                result.loads.append(_target(word, toks, index, prefixes, base, decoded, offsets))
        elif word == "SERVICE":
            result.services.append(_target(word, toks, index, prefixes, base, decoded, offsets))
        if depth == 0 and word not in ("PREFIX", "BASE"):
            if result.first_keyword is None:
                result.first_keyword = word
            if result.form is None and not result.updates and word in FORMS:
                result.form = word
            elif word == "WHERE" and where_at is None:
                short_construct = result.form == "CONSTRUCT" and not top_groups
                where_at = -1 if short_construct else len(top_groups)
    opened = _where_open(result.form, top_groups, where_at)
    result.where_open = None if opened is None else offsets[opened]
    return result


def _target(
    keyword: str,
    toks: list[Token],
    index: int,
    prefixes: dict[str, str],
    base: str | None,
    decoded: str,
    offsets: list[int],
) -> Target:
    """The target named after ``toks[index]`` (SERVICE/LOAD, then an optional SILENT)."""
    line = decoded.count("\n", 0, toks[index].start) + 1
    index += 1
    if index < len(toks) and toks[index].keyword() == "SILENT":
        index += 1
    if index >= len(toks):
        return Target(keyword, "", offsets[-1], offsets[-1], line)
    token = toks[index]
    target = ""
    if token.kind == "iri":
        target = _resolve(token.text, base)
    elif token.kind == "var":
        target = token.text
    elif token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        # an undeclared prefix is kept as written: the syntax check refuses the query
        if prefix in prefixes:
            target = prefixes[prefix] + _PN_LOCAL_ESC_RE.sub(r"\1", local)
        else:
            target = token.text
    return Target(keyword, target, offsets[token.start], offsets[token.end], line)


def _where_open(form: str | None, groups: list[int], where_at: int | None) -> int | None:
    if form is None or where_at == -1:
        return None
    if where_at is not None:
        return groups[where_at] if where_at < len(groups) else None
    index = 1 if form == "CONSTRUCT" else 0  # CONSTRUCT {template} {pattern}
    return groups[index] if index < len(groups) else None


def _resolve(iri: str, base: str | None) -> str:
    return urllib.parse.urljoin(base, iri) if base else iri


def _decode(text: str) -> tuple[str, list[int]]:
    """The escape-decoded text, and for each of its offsets (and its end) the original one."""
    parts: list[str] = []
    offsets: list[int] = []
    last = 0
    for match in _ESCAPE_RE.finditer(text):
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise UsageError(f"invalid codepoint escape {match.group(0)} in the query")
        parts.append(text[last : match.start()])
        offsets.extend(range(last, match.start()))
        parts.append(chr(code))
        offsets.append(match.start())
        last = match.end()
    parts.append(text[last:])
    offsets.extend(range(last, len(text) + 1))
    return "".join(parts), offsets


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


def without_service_targets(text: str) -> str:
    """``text`` with each ``SERVICE`` target replaced by an unbound variable, same length.

    For a syntax check that must not call anyone: pyoxigraph sends the ``SERVICE`` requests
    of a query as soon as it runs it, and its parser only runs inside ``Store.query``. The
    variable (``?_``, ``?__`` ... one no other part of the query uses) is padded with spaces,
    so every other position, and so every error position, is unchanged. A target too short
    to hold a variable (the bare prefixed name ``:``) is left as it is.
    """
    found = outline(text)
    out, last = [], 0
    for service in found.services:
        width = service.end - service.start
        name = next(("_" * k for k in range(1, width) if "_" * k not in found.variables), None)
        if name is None:
            continue
        out += [text[last : service.start], f"?{name}".ljust(width)]
        last = service.end
    return "".join(out) + text[last:]


def undeclared_prefixes(text: str) -> list[str]:
    """Prefix names the prefixed names of ``text`` use without a ``PREFIX`` declaring them,
    in order of first use (each once). Raises :class:`UsageError` for a bad ``\\u`` escape.
    """
    toks = list(tokens(_decode(text)[0]))
    declared: set[str] = set()
    used: dict[str, None] = {}
    for index, token in enumerate(toks):
        if token.kind != "pname":
            continue
        name = token.text.partition(":")[0]
        if index and toks[index - 1].keyword() == "PREFIX":
            declared.add(name)
        elif name not in declared:
            used.setdefault(name, None)
    return [name for name in used if name not in declared]
