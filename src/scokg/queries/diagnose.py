"""A SPARQL syntax error in words: line, column and the offending token, never grammar classes.

pyoxigraph refuses a query with the place where its parser stopped and the terminals it
expected there, Unicode ranges included (``['A' ..= 'Z' | '\\u{00C0}'..='\\u{00D6}' ...]``),
which tells a person little. Once pyoxigraph has refused a text, :func:`diagnose` reads it
with the lexer (:mod:`scokg.queries.syntax`) and names the first of these it finds, at the
place where the problem starts:

- a bad IRI (``IRIREF``: no spaces, ``<>"{}|^`\\``; or one pyoxigraph cannot parse);
- an unterminated string (SPARQL 1.1 section 19.8, ``STRING_LITERAL*``);
- an unknown prefix (section 4.1.1: every prefix must be declared; the predeclared ones
  count as declared);
- a group pattern that is missing (``SELECT ?x ?s ?p ?o``: no ``WHERE { ... }``);
- an unbalanced ``{ }`` or ``( )``;
- else the token at pyoxigraph's position (``unexpected '}'``, ``unexpected end of the
  query``).

Lines and columns are 1-based, in characters of the text as given (before ``\\u`` escapes
are decoded).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from scokg.queries.syntax import FORMS, Token, _decode, tokens

_ERROR_AT_RE = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_IRI_FORBIDDEN = '<>"{}|^`\\'
# '<' then a character no comparison puts there (?a < ?b, ?a <3, ?a <= ?b): an IRI
_IRI_START_RE = re.compile(r"<[^\s=?$0-9(\"'!+\-.]")
_SHOWN = 40  # a longer token is shown cut, with "…"
_CLOSERS = {"}": "{", ")": "("}


@dataclass(frozen=True)
class Diagnosis:
    """Where a syntax error starts (1-based line and column), what it is, and what to do."""

    line: int
    column: int
    what: str
    hint: str


def diagnose(
    text: str, error: SyntaxError | None, prefixes: Mapping[str, str] | None = None
) -> Diagnosis:
    """The syntax error in ``text`` that pyoxigraph reported as ``error``, in words.

    ``prefixes`` are the prefixes declared for the query outside its text (the project's
    predeclared ones); the message for an unknown prefix lists them with the query's own.
    """
    decoded, offsets = _decode(text)
    toks = list(tokens(decoded))
    reported = _reported_offset(text, error)
    where = _Where(text, offsets)
    for check in (_bad_iri, _unterminated_string, _unknown_prefix, _missing_group, _unbalanced):
        found = check(decoded, toks, where, prefixes or {}, error)
        if found is not None:
            return found
    return _unexpected(text, decoded, toks, where, reported)


class _Where:
    """Offsets of the decoded text to (line, column) of the text as given."""

    def __init__(self, text: str, offsets: list[int]) -> None:
        self.text = text
        self.offsets = offsets

    def __call__(self, decoded_offset: int) -> tuple[int, int]:
        return position(self.text, self.offsets[min(decoded_offset, len(self.offsets) - 1)])


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def shown(token: str) -> str:
    """A token as a message quotes it: cut after 40 characters, one line."""
    one_line = token.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return one_line if len(one_line) <= _SHOWN else one_line[: _SHOWN - 1] + "…"


def _diagnosis(at: tuple[int, int], what: str, hint: str) -> Diagnosis:
    return Diagnosis(at[0], at[1], what, hint)


def _unterminated_string(
    decoded: str, toks: list[Token], where: _Where, _p: Mapping[str, str], _e: object
) -> Diagnosis | None:
    for token in toks:
        if token.kind != "string" or _closed(token.text):
            continue
        quote = token.text[:3] if token.text.startswith(token.text[0] * 3) else token.text[0]
        end = "the end of the query" if len(quote) == 3 else "the end of its line"
        return _diagnosis(
            where(token.start),
            f"unterminated string {shown(token.text)}: its {quote} is not closed before {end}",
            f"close it with {quote}" + ("" if len(quote) == 3 else _SAME_LINE),
        )
    return None


def _closed(literal: str) -> bool:
    quote = literal[0]
    if literal.startswith(quote * 3):
        body = literal[3:]
        return (
            len(body) >= 3 and body.endswith(quote * 3) and not _escaped(literal, len(literal) - 3)
        )
    return len(literal) >= 2 and literal.endswith(quote) and not _escaped(literal, len(literal) - 1)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


_SAME_LINE = " on the same line (\"\"\" or ''' strings may span lines)"
_IRI_HINT = "write a full IRI such as <https://example.org/x>; escape a space as %20"


def _bad_iri(
    decoded: str, toks: list[Token], where: _Where, _p: Mapping[str, str], error: object
) -> Diagnosis | None:
    for token in toks:
        if token.kind != "punct" or token.text != "<":
            continue
        if not _IRI_START_RE.match(decoded, token.start):
            continue  # a comparison (?a < ?b), not an IRI
        line_end = decoded.find("\n", token.start)
        line_end = len(decoded) if line_end < 0 else line_end
        close = decoded.find(">", token.start, line_end)
        if close < 0:
            return _diagnosis(
                where(token.start),
                f"bad IRI {shown(decoded[token.start : line_end].rstrip())}: "
                "its '<' is not closed by '>' on the same line",
                _IRI_HINT,
            )
        written = decoded[token.start : close + 1]
        bad = next((c for c in written[1:-1] if c in _IRI_FORBIDDEN or c.isspace()), " ")
        what = "a space" if bad.isspace() else f"'{bad}'"
        return _diagnosis(
            where(token.start),
            f"bad IRI {shown(written)}: an IRI cannot hold {what}",
            _IRI_HINT,
        )
    message = _message(error)
    if "IRI" in message:
        offset = _reported_decoded(decoded, toks, error)
        iri = next((t for t in reversed(toks) if t.kind == "iri" and t.start <= offset), None)
        if iri is not None:
            return _diagnosis(
                where(iri.start),
                f"bad IRI <{shown(iri.text)}>: not a valid IRI (RFC 3987)",
                _IRI_HINT,
            )
    return None


def _unknown_prefix(
    decoded: str, toks: list[Token], where: _Where, prefixes: Mapping[str, str], _e: object
) -> Diagnosis | None:
    declared = set(prefixes)
    for index, token in enumerate(toks):
        if token.kind != "pname":
            continue
        before = toks[index - 1].keyword() if index else None
        name = token.text.partition(":")[0]
        if before == "PREFIX":
            declared.add(name)
            continue
        if name in declared:
            continue
        known = sorted(declared)
        close = difflib.get_close_matches(name, known, n=1)
        guess = f" (did you mean {close[0]}:?)" if close else ""
        listed = ", ".join(n + ":" for n in known) if known else "none is declared"
        return _diagnosis(
            where(token.start),
            f"unknown prefix {name}:{guess} — declare it, or use one of: {listed}",
            f"add a line `PREFIX {name}: <namespace IRI>` before the query "
            "(`scokg query --prefixes` lists the predeclared ones)",
        )
    return None


def _missing_group(
    decoded: str, toks: list[Token], where: _Where, _p: Mapping[str, str], _e: object
) -> Diagnosis | None:
    form_at = next((i for i, t in enumerate(toks) if t.keyword() in FORMS), None)
    if form_at is None:
        return None
    form = toks[form_at].keyword()
    rest = toks[form_at + 1 :]
    opens = sum(1 for t in rest if t.kind == "punct" and t.text == "{")
    has_where = any(t.keyword() == "WHERE" for t in rest)
    if form in ("SELECT", "ASK") and opens == 0:
        needed = True
    elif form == "CONSTRUCT":
        needed = opens == 1 and not has_where and bool(rest) and rest[0].text == "{"
    else:
        needed = False  # DESCRIBE needs no WHERE
    if not needed:
        return None
    last = toks[-1]
    return _diagnosis(
        where(last.end if form == "CONSTRUCT" else _first_pattern(rest, last)),
        f"missing WHERE {{ ... }}: a {form} query needs a group pattern",
        f"write the patterns as {form} ... WHERE {{ ?s ?p ?o }}",
    )


def _first_pattern(rest: list[Token], last: Token) -> int:
    """Where the WHERE group should begin: after the projection (variables, *, (...))."""
    depth = 0
    for token in rest:
        if token.kind == "punct" and token.text == "(":
            depth += 1
        elif token.kind == "punct" and token.text == ")":
            depth -= 1
        elif (
            depth == 0
            and token.kind not in ("var", "iri")
            and token.text != "*"
            and token.keyword() not in ("DISTINCT", "REDUCED", "FROM", "NAMED")
        ):
            return token.start
    return last.end


def _unbalanced(
    decoded: str, toks: list[Token], where: _Where, _p: Mapping[str, str], _e: object
) -> Diagnosis | None:
    stack: list[Token] = []
    for token in toks:
        if token.kind != "punct":
            continue
        if token.text in "{(":
            stack.append(token)
        elif token.text in _CLOSERS:
            wanted = _CLOSERS[token.text]
            if not stack:
                return _diagnosis(
                    where(token.start),
                    f"unexpected '{token.text}': no '{wanted}' is open",
                    f"remove it, or add the '{wanted}' it closes",
                )
            opened = stack.pop()
            if opened.text != wanted:
                line, column = where(opened.start)
                return _diagnosis(
                    where(token.start),
                    f"unexpected '{token.text}': the '{opened.text}' at line {line}, "
                    f"column {column} is still open",
                    f"close the '{opened.text}' first",
                )
    if stack:
        opened = stack[-1]
        closer = "}" if opened.text == "{" else ")"
        return _diagnosis(
            where(opened.start),
            f"'{opened.text}' is never closed: the query ends before its '{closer}'",
            f"add the missing '{closer}'",
        )
    return None


def _unexpected(
    text: str, decoded: str, toks: list[Token], where: _Where, reported: int | None
) -> Diagnosis:
    if reported is None:
        return Diagnosis(1, 1, "the query does not parse", "check the query")
    # pyoxigraph may stop past the blanks after the offending token: step back onto it
    token = next(
        (t for t in reversed(toks) if where.offsets[t.start] <= reported),
        None,
    )
    if token is None:
        return _diagnosis(
            position(text, len(text)),
            "unexpected end of the query",
            "the query stops too early: finish the last pattern or clause",
        )
    return _diagnosis(
        where(token.start),
        f"unexpected '{shown(decoded[token.start : token.end])}'",
        "check the query near this position",
    )


def _message(error: object) -> str:
    if not isinstance(error, SyntaxError):
        return ""
    return error.msg or str(error)


def _reported_offset(text: str, error: SyntaxError | None) -> int | None:
    """The offset in ``text`` of pyoxigraph's 'error at LINE:COL' (1-based, characters)."""
    match = _ERROR_AT_RE.match(_message(error))
    if match is None:
        return None
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return len(text)
    return min(sum(len(x) + 1 for x in lines[: line - 1]) + column - 1, len(text))


def _reported_decoded(decoded: str, toks: list[Token], error: object) -> int:
    """pyoxigraph's position taken in the decoded text (close enough to find the IRI)."""
    found = _reported_offset(decoded, error if isinstance(error, SyntaxError) else None)
    return len(decoded) if found is None else found
