"""Split a source text into sentences with exact code-point offsets.

Paragraphs (runs of non-blank lines) are split by pysbd, a rule-based sentence boundary
detector (Golden Rules of the "Pragmatic Segmenter"), one paragraph at a time so a title
or heading line never merges with the next paragraph. Offsets are Unicode code points into
the whole text, end exclusive (NIF 2.1 ``nif:beginIndex``/``nif:endIndex``), with the
white space around each sentence left out; every span is checked by slicing before it is
returned.

Inside a paragraph a single line break is read as a space (hard-wrapped text, e.g. at 72
columns, is not cut at every line end), except around a *short line*: one without closing
punctuation that is shorter than half the paragraph's longest line, such as a heading
written directly above (or below a sentence end of) its paragraph. The line break stays
inside the sentence's quote (offsets point into the text as it is). A byte-order mark
(U+FEFF) at the start of the text is never part of a sentence.

pysbd takes time growing faster than linearly with the length of what it splits, so a
paragraph longer than :data:`CHUNK` code points is first cut at likely sentence ends
(``. `` before a capital, not after an abbreviation-like word) into pieces of at most
:data:`CHUNK`; a stretch of more than :data:`CHUNK` code points with no such end is taken
as one sentence without pysbd, and reported in ``warnings``. The whole split is then close
to linear in the text's length.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t\u00a0]*[^\s][^\n]*)*")
# Longest stretch handed to pysbd at once (code points).
CHUNK = 4000
# A likely sentence end: closing punctuation (and quotes), white space, then a capital.
_BOUNDARY = re.compile(r"(\S*)[.!?…][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z\u00c0-\u024f])")
_CLOSING = ".!?…\"'”’)"
BOM = "\ufeff"


@dataclass(frozen=True)
class Span:
    """One sentence: ``text[begin:end] == quote`` (code points, end exclusive)."""

    begin: int
    end: int
    quote: str
    # True when the sentence is a whole paragraph with no closing punctuation (a title or
    # a heading).
    heading: bool = False


def languages() -> list[str]:
    """The ISO 639-1 codes pysbd can split."""
    from pysbd.languages import LANGUAGE_CODES

    return sorted(LANGUAGE_CODES)


def split_sentences(
    text: str, language: str = "en", warnings: list[str] | None = None
) -> list[Span]:
    """The sentences of ``text`` in order; raises ``ValueError`` for a language pysbd lacks.

    ``warnings``, when given, receives a line per stretch taken as one sentence without
    pysbd because it is longer than :data:`CHUNK` code points with no sentence end in it.
    A span that does not slice back to its quote is a bug and raises ``RuntimeError``
    naming the offsets.
    """
    import pysbd

    segmenter = pysbd.Segmenter(language=language, clean=False)
    # A leading BOM counts as white space; same length, so offsets are unchanged.
    work = " " + text[1:] if text.startswith(BOM) else text
    spans: list[Span] = []
    for paragraph in _PARAGRAPH.finditer(work):
        for start, body in _blocks(paragraph.start(), paragraph.group(0)):
            if not body.strip():
                continue
            block: list[Span] = []
            for at, chunk, whole in _chunks(body):
                if whole:
                    quote = chunk.strip()
                    first = at + chunk.index(quote)
                    block.append(_span(text, start + first, len(quote), False))
                    if warnings is not None:
                        warnings.append(
                            f"the text at [{start + first}, {start + first + len(quote)}) "
                            f"is {len(quote)} code points without a sentence end: it was "
                            "kept as one sentence (split it by hand if it is several)"
                        )
                    continue
                block.extend(_segment(segmenter.segment, text, start + at, chunk))
            if len(block) == 1 and block[0].quote[-1] not in _CLOSING:
                block[0] = Span(block[0].begin, block[0].end, block[0].quote, True)
            spans.extend(block)
    return spans


def _blocks(offset: int, paragraph: str) -> Iterator[tuple[int, str]]:
    """The paragraph cut at its hard line breaks (after a short line), each with single
    line breaks (and the CR of a CRLF) turned into spaces of the same length."""
    lines = paragraph.split("\n")
    widest = max(len(line.rstrip()) for line in lines)
    start = 0
    pos = 0
    short = [_short(line, widest) for line in lines]
    for i, line in enumerate(lines[:-1]):
        pos += len(line) + 1
        # after a short line, or before one that follows a sentence end
        ends = line.rstrip()[-1:] in tuple(_CLOSING)
        if short[i] or (short[i + 1] and ends):
            yield offset + start, _flat(paragraph[start : pos - 1])
            start = pos
    yield offset + start, _flat(paragraph[start:])


def _short(line: str, widest: int) -> bool:
    """A line without closing punctuation, shorter than half the widest line."""
    bare = line.rstrip()
    return bool(bare) and bare[-1] not in _CLOSING and len(bare) * 2 < widest


def _flat(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def _chunks(body: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, piece, whole) cutting ``body`` into pieces of at most :data:`CHUNK` code
    points at likely sentence ends; ``whole`` marks a longer piece with no end in it."""
    start = 0
    while len(body) - start > CHUNK:
        cut = None
        for found in _ends(body, start, start + CHUNK):
            cut = found
        if cut is not None:
            yield start, body[start:cut], False
            start = cut
            continue
        after = next(_ends(body, start + CHUNK, len(body)), len(body))
        yield start, body[start:after], True
        start = after
    if start < len(body):
        yield start, body[start:], False


def _ends(body: str, begin: int, end: int) -> Iterator[int]:
    """Offsets just after the likely sentence ends in ``body[begin:end]``."""
    for found in _BOUNDARY.finditer(body, begin, end):
        word = found.group(1)
        if found.group(0)[len(word)] == "." and (
            "." in word or (len(word) <= 3 and word[:1].isupper())
        ):
            continue  # "Dr.", "U.N.", "No.", "e.g.": probably an abbreviation
        yield found.end()


def _segment(segment: Callable[[str], list[str]], text: str, offset: int, body: str) -> list[Span]:
    """pysbd's sentences of ``body`` (a flattened stretch of ``text`` starting at
    ``offset``), as spans of ``text``."""
    spans: list[Span] = []
    cursor = 0
    pieces = [p for p in segment(body) if p.strip()]
    for piece in pieces:
        quote = piece.strip()
        at = body.find(quote, cursor)
        if at < 0:  # pysbd returned text not in the stretch: keep the rest whole
            rest = body[cursor:].strip()
            if rest:
                at = body.find(rest, cursor)
                spans.append(_span(text, offset + at, len(rest), False))
            break
        spans.append(_span(text, offset + at, len(quote), False))
        cursor = at + len(quote)
    return spans


def _span(text: str, begin: int, length: int, heading: bool) -> Span:
    end = begin + length
    quote = text[begin:end]
    if BOM in quote[:1] or quote != quote.strip() or not quote:
        raise RuntimeError(f"sentence offsets [{begin}, {end}) do not slice back to the sentence")
    return Span(begin, end, quote, heading)
