"""The ``Accept`` header read as Apache httpd's mod_negotiation reads it.

``scokg serve`` and the static site behind Apache (type maps, ``.var`` files) must pick the
same representation for the same header, so this follows Apache 2.4's rules rather than a
stricter reading of RFC 9110 §12.5.1:

- a media range is ``type/subtype`` (case-insensitive; a lone ``*`` is ``*/*``) followed by
  parameters; only ``q`` (or ``qs``) weighs; every other parameter (``charset``, ``level``,
  ``profile``, ...) is ignored for matching, so ``text/turtle;charset=utf-8`` is
  ``text/turtle``;
- a q-value is read as Apache's ``atoq`` does: ``0``, ``0.x``, ``0.xy``, ``0.xyz`` or
  ``.xyz`` give that value (three decimals at most, truncated); anything else (``q=2``,
  ``q=abc``, an empty ``q=``) is 1;
- each representation takes the quality of the most specific range that matches it (exact,
  then ``type/*``, then ``*/*``; the first of equals);
- when no range of the header has a q-value below 1, wildcards are "fiddled" down as Apache
  does: ``*/*`` counts 0.01 and ``type/*`` 0.02, so ``text/turtle, */*`` means Turtle.

An absent or blank header accepts everything at quality 1.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    """One media range of an ``Accept`` header: ``type/subtype`` (lower case) and its q."""

    media_type: str
    quality: float

    @property
    def stars(self) -> int:
        """How specific the range is: 3 exact, 2 ``type/*``, 1 ``*/*``."""
        if self.media_type == "*/*":
            return 1
        return 2 if self.media_type.endswith("/*") else 3

    def matches(self, media_type: str) -> bool:
        if self.stars == 1:
            return True
        if self.stars == 2:
            return media_type.split("/", 1)[0] == self.media_type[:-2]
        return media_type == self.media_type


def atoq(text: str) -> float:
    """A q-value as Apache reads it (``mod_negotiation.c``'s ``atoq``); see the module doc."""
    text = text.strip()
    if not text:
        return 1.0
    if text[0] != ".":
        if text[0] != "0":
            return 1.0
        text = text[1:]
    if not text.startswith("."):
        return 0.0
    thousandths = 0
    for weight, char in zip((100, 10, 1), text[1:4], strict=False):
        if not ("0" <= char <= "9"):
            break
        thousandths += weight * (ord(char) - ord("0"))
    return thousandths / 1000


def _unquoted_split(text: str, separator: str) -> list[str]:
    """``text`` split at ``separator`` outside double-quoted strings (RFC 9110 §5.6.4)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif quoted and char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of ``header`` in order; an absent or blank header is ``*/*``."""
    if header is None or not header.strip():
        return [Range("*/*", 1.0)]
    ranges = []
    for item in _unquoted_split(header, ","):
        name, *params = _unquoted_split(item, ";")
        media_type = name.strip().lower()
        if not media_type:
            continue
        if media_type == "*":
            media_type = "*/*"
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() in ("q", "qs"):
                quality = atoq(value.strip().strip('"'))
        ranges.append(Range(media_type, quality))
    return ranges


def accept_quality(ranges: list[Range], media_type: str) -> float:
    """The quality ``ranges`` give ``media_type`` (0 when none matches), wildcards fiddled
    down when the header has no q-value below 1, as Apache does."""
    fiddle = all(r.quality >= 1.0 for r in ranges)
    best: Range | None = None
    for candidate in ranges:
        if candidate.matches(media_type) and (best is None or candidate.stars > best.stars):
            best = candidate
    if best is None:
        return 0.0
    if fiddle and best.stars == 1:
        return 0.01
    if fiddle and best.stars == 2:
        return 0.02
    return best.quality
