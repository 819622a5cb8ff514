"""A small lexical scan of SPARQL text: where the WHERE group opens, which variables occur.

Binding inserts ``VALUES`` right after the opening brace of the query's WHERE group, so
that every engine joins the bound value first. Finding that brace only needs to skip
comments, strings and IRIs and count braces; no full parser (and no rdflib) is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_IRIREF_RE = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*(?::[A-Za-z0-9_.:%-]*)?")
_VAR_RE = re.compile(r"[?$]([A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)")
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "DROP", "CLEAR", "LOAD", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


@dataclass
class Scan:
    """What binding needs to know about a query text."""

    form: str | None = None
    first_keyword: str | None = None
    variables: set[str] = field(default_factory=set)
    # Offset just after the '{' opening the WHERE group, or None when VALUES cannot go there
    # (``CONSTRUCT WHERE { triples }``, or no group at all).
    where_open: int | None = None


def scan(text: str) -> Scan:
    """Scan ``text`` once, left to right."""
    result = Scan()
    depth = 0
    top_groups: list[int] = []  # offsets just after each depth-0 '{'
    where_at: int | None = None  # index into top_groups of the group after a top WHERE
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<":
            match = _IRIREF_RE.match(text, i)
            i = match.end() if match else i + 1
        elif ch == "{":
            if depth == 0:
                top_groups.append(i + 1)
            depth += 1
            i += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
            i += 1
        elif ch in "?$":
            match = _VAR_RE.match(text, i)
            if match:
                result.variables.add(match.group(1))
                i = match.end()
            else:
                i += 1
        elif ch.isalpha() or ch == "_":
            match = _NAME_RE.match(text, i)
            assert match is not None
            word = match.group(0).upper()
            i = match.end()
            if depth == 0 and ":" not in word:
                if result.first_keyword is None and word not in ("PREFIX", "BASE"):
                    result.first_keyword = word
                if result.form is None and word in _FORMS:
                    result.form = word
                elif word == "WHERE" and where_at is None:
                    if result.form == "CONSTRUCT" and not top_groups:
                        where_at = -1  # short form: only triples allowed inside
                    else:
                        where_at = len(top_groups)
        else:
            i += 1
    result.where_open = _where_open(result.form, top_groups, where_at)
    return result


def _where_open(form: str | None, groups: list[int], where_at: int | None) -> int | None:
    if form is None or where_at == -1:
        return None
    if where_at is not None:
        return groups[where_at] if where_at < len(groups) else None
    index = 1 if form == "CONSTRUCT" else 0  # CONSTRUCT {template} {pattern}
    return groups[index] if index < len(groups) else None


def _skip_string(text: str, i: int) -> int:
    """Offset after the string literal starting at ``i`` (short or long form)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while end < len(text):
            if text[end] == "\\":
                end += 2
            elif text.startswith(quote * 3, end):
                return end + 3
            else:
                end += 1
        return len(text)
    end = i + 1
    while end < len(text):
        if text[end] == "\\":
            end += 2
        elif text[end] == quote or text[end] == "\n":
            return end + 1
        else:
            end += 1
    return len(text)
