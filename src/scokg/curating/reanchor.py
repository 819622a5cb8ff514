"""Move spans from an old version of a text to a new one (pure; offsets in code points).

The two texts are compared with :class:`difflib.SequenceMatcher` (no junk heuristic, so
repeated characters such as spaces are never skipped). A span ``[begin, end)`` maps when its
first and its last code point both lie in parts the edit left unchanged: its new begin is the
first one's new place, its new end one past the last one's. An edit inside the span is
allowed (its quote becomes the new text between the two); an edit that removes or replaces
the span's first or last code point leaves it unmapped, for the curator to place by hand.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Mapped:
    """A span's new place; ``changed`` when its quoted text differs from before."""

    begin: int
    end: int
    quote: str
    changed: bool


class PositionMap:
    """Old code-point positions to new ones, through the unchanged blocks of a diff."""

    def __init__(self, old: str, new: str) -> None:
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        # (old start, new start, size) of each unchanged block, ordered by old start
        self._blocks = [b for b in matcher.get_matching_blocks() if b.size]
        self._starts = [b.a for b in self._blocks]

    def char(self, position: int) -> int | None:
        """The new position of the old code point at ``position``, or None if it was edited."""
        at = bisect.bisect_right(self._starts, position) - 1
        if at < 0:
            return None
        block = self._blocks[at]
        if position < block.a + block.size:
            return block.b + (position - block.a)
        return None


def remap(
    old: str, new: str, begin: int, end: int, positions: PositionMap | None = None
) -> Mapped | None:
    """Span ``[begin, end)`` of ``old`` in ``new``, or None when it cannot be placed.

    An empty span maps when the code point before it (or, at the start, the one at it)
    is unchanged.
    """
    positions = positions or PositionMap(old, new)
    if not 0 <= begin <= end <= len(old):
        return None
    if begin == end:
        if begin == 0:
            return Mapped(0, 0, "", False)
        before = positions.char(begin - 1)
        return None if before is None else Mapped(before + 1, before + 1, "", False)
    first = positions.char(begin)
    last = positions.char(end - 1)
    if first is None or last is None or last < first:
        return None
    quote = new[first : last + 1]
    return Mapped(first, last + 1, quote, quote != old[begin:end])


def nearest(text: str, quote: str, offset: int) -> int | None:
    """The start of the occurrence of ``quote`` in ``text`` nearest to ``offset`` (ties:
    the earlier one), or None when it does not occur."""
    if not quote:
        return None
    best: int | None = None
    at = text.find(quote)
    while at >= 0:
        if best is None or abs(at - offset) < abs(best - offset):
            best = at
        at = text.find(quote, at + 1)
    return best
