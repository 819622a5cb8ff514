"""Change the object of one triple in hand-written Turtle text, keeping everything else.

Curated files carry comments, order and layout that a serialiser would lose, so the span
tools edit the text itself: :func:`find_block` finds the description of a subject (a line
that starts with its IRI or prefixed name, as in :mod:`scokg.validation.locate`) up to the
``.`` that ends it, skipping strings and comments; :func:`replace_object` swaps the first
literal after a predicate in that block. The caller re-parses the result to check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PREFIX_RE = re.compile(r"^\s*@prefix\s+([A-Za-z0-9_-]*):\s*<([^>]*)>\s*\.", re.MULTILINE)
# A Turtle literal: long or short string, optional language tag or datatype.
_STRING = "|".join(
    (
        r'"""(?:[^"\\]|\\.|"(?!""))*"""',
        r"'''(?:[^'\\]|\\.|'(?!''))*'''",
        r'"(?:[^"\\\n]|\\.)*"',
        r"'(?:[^'\\\n]|\\.)*'",
    )
)
_LITERAL = re.compile(
    rf"(?:{_STRING})(?:@[A-Za-z0-9-]+|\^\^(?:<[^>]*>|[A-Za-z0-9_-]*:[A-Za-z0-9_.-]*))?"
)
_SKIP = re.compile(rf"{_STRING}|#[^\n]*|<[^>\n]*>")


class EditError(ValueError):
    """The text is not laid out as expected (subject or predicate not found)."""


@dataclass(frozen=True)
class Block:
    """``text[start:end]`` describes the subject (from its line start to its final ``.``)."""

    start: int
    end: int


def prefixes(text: str) -> dict[str, str]:
    """The ``@prefix`` declarations of ``text``: prefix -> namespace."""
    return dict(_PREFIX_RE.findall(text))


def _names(iri: str, table: dict[str, str]) -> list[str]:
    names = [f"<{iri}>"]
    for prefix, space in table.items():
        if iri.startswith(space) and re.fullmatch(r"[A-Za-z0-9_.-]*", iri[len(space) :]):
            names.append(f"{prefix}:{iri[len(space) :]}")
    return names


def find_block(text: str, subject: str) -> Block:
    """The description of ``subject`` (an IRI); raises :class:`EditError` if there is none."""
    table = prefixes(text)
    pattern = "|".join(re.escape(n) for n in _names(subject, table))
    found = re.search(rf"^(?:{pattern})(?=[\s;])", text, re.MULTILINE)
    if found is None:
        raise EditError(f"no description of <{subject}> starts a line")
    return Block(found.start(), _statement_end(text, found.end()))


def _statement_end(text: str, at: int) -> int:
    while at < len(text):
        skip = _SKIP.match(text, at)
        if skip is not None:
            at = skip.end()
            continue
        if text[at] == "." and (at + 1 == len(text) or text[at + 1].isspace()):
            return at + 1
        at += 1
    raise EditError("the description has no final '.'")


def replace_object(text: str, block: Block, predicate: str, literal: str) -> str:
    """``text`` with the first literal after ``predicate`` in ``block`` replaced by
    ``literal`` (Turtle syntax). Raises :class:`EditError` if there is no such literal."""
    table = prefixes(text)
    names = "|".join(re.escape(n) for n in _names(predicate, table))
    at = block.start
    while at < block.end:
        skip = _SKIP.match(text, at)
        if skip is not None and not text.startswith("<", at):
            at = skip.end()
            continue
        hit = re.compile(rf"(?:{names})\s+").match(text, at)
        if hit is not None and (at == block.start or text[at - 1] in " \t\n;,"):
            value = _LITERAL.match(text, hit.end())
            if value is None:
                raise EditError(f"<{predicate}> has no literal object here")
            return text[: value.start()] + literal + text[value.end() :]
        if skip is not None:
            at = skip.end()
            continue
        at += 1
    raise EditError(f"no <{predicate}> in the description")
