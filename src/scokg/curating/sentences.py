"""Split a source text into sentences with exact code-point offsets.

Paragraphs (runs of non-blank lines) are split by pysbd, a rule-based sentence boundary
detector (Golden Rules of the "Pragmatic Segmenter"), one paragraph at a time so a title
or heading line never merges with the next paragraph. Offsets are Unicode code points into
the whole text, end exclusive (NIF 2.1 ``nif:beginIndex``/``nif:endIndex``), with the
white space around each sentence left out; every span is checked by slicing before it is
returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH = re.compile(r"[^\n]+(?:\n[ \t\u00a0]*[^\s][^\n]*)*")


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


def split_sentences(text: str, language: str = "en") -> list[Span]:
    """The sentences of ``text`` in order; raises ``ValueError`` for a language pysbd lacks.

    Raises ``AssertionError`` never: a span that does not slice back to its quote is a bug
    and raises ``RuntimeError`` naming the offsets.
    """
    import pysbd

    segmenter = pysbd.Segmenter(language=language, clean=False)
    spans: list[Span] = []
    for paragraph in _PARAGRAPH.finditer(text):
        body = paragraph.group(0)
        if not body.strip():
            continue
        cursor = 0
        pieces = [p for p in segmenter.segment(body) if p.strip()]
        for piece in pieces:
            quote = piece.strip()
            at = body.find(quote, cursor)
            if at < 0:  # pysbd returned text not in the paragraph: keep the rest whole
                rest = body[cursor:].strip()
                if rest:
                    at = body.find(rest, cursor)
                    spans.append(_span(text, paragraph.start() + at, rest, False))
                break
            heading = len(pieces) == 1 and quote[-1] not in ".!?…\"'”’)"
            spans.append(_span(text, paragraph.start() + at, quote, heading))
            cursor = at + len(quote)
    return spans


def _span(text: str, begin: int, quote: str, heading: bool) -> Span:
    end = begin + len(quote)
    if text[begin:end] != quote:
        raise RuntimeError(f"sentence offsets [{begin}, {end}) do not slice back to the sentence")
    return Span(begin, end, quote, heading)
