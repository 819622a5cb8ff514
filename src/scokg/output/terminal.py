"""Text from data or from a server, made safe to show on a terminal.

A label, a literal or an error page is untrusted: an ESC sequence in it can move the cursor,
rewrite earlier lines, change the window title or (on some terminals) answer back; a CR
overwrites what came before on the line; a bidirectional override (U+202E) makes text read
differently from what it is. :func:`safe` is the one place that escapes such characters;
every human output (tables, ``describe``, the validation text report, ``links`` lines,
error messages) passes what it prints through it, and :func:`for_terminal` puts it under
the data formats when they go to a terminal (csv, tsv, json ... on a TTY). Files and pipes get
data formats unchanged: they are data, not a display.

Escaped: C0 controls (U+0000-U+001F but TAB and, where asked, LF), DEL (U+007F), C1 controls
(U+0080-U+009F), the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
U+2066-U+2069), the line/paragraph separators U+2028, U+2029, and the invisible zero-width
space, word joiner and BOM (U+200B, U+2060, U+FEFF; ZWNJ and ZWJ shape scripts and stay).
Each becomes a visible
Python-style escape (``\\x1b``, ``\\u202e``), so what was there can still be read.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

# Every unsafe character but CR (U+000D), which each pattern below treats on its own.
_OTHERS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060"
    "\u2066-\u2069\ufeff"
)
_UNSAFE_RE = re.compile(f"[\r{_OTHERS}]")
_UNSAFE_OR_LF_RE = re.compile(f"[\r\n{_OTHERS}]")
# For whole documents on a terminal: a CR that ends a line (CSV's CRLF) is harmless.
_UNSAFE_BUT_CRLF_RE = re.compile(f"\r(?!\n)|[{_OTHERS}]")


_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every terminal control character written as a visible escape.

    LF is escaped too unless ``keep_newlines`` (for text that is one line on purpose: a
    table cell may span lines, an error message may not). TAB is kept.
    """
    pattern = _UNSAFE_RE if keep_newlines else _UNSAFE_OR_LF_RE
    return pattern.sub(_escape, text)


class TerminalStream(io.TextIOBase):
    """A text stream to a terminal that escapes (:func:`safe`) all it gets but LF and CRLF.

    ``terminal`` is the stream underneath, for writers that escape their content themselves
    and then add their own styling (rich tables): see :func:`unwrap`.
    """

    def __init__(self, terminal: TextIO) -> None:
        super().__init__()
        self.terminal = terminal

    def write(self, text: str) -> int:
        self.terminal.write(_UNSAFE_BUT_CRLF_RE.sub(_escape, text))
        return len(text)

    def flush(self) -> None:
        self.terminal.flush()

    def isatty(self) -> bool:
        return self.terminal.isatty()

    def fileno(self) -> int:
        return self.terminal.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]  # TextIOBase declares it read-only
        return self.terminal.encoding


def unwrap(stream: TextIO) -> TextIO:
    """The terminal under a :class:`TerminalStream`, else ``stream`` itself."""
    return stream.terminal if isinstance(stream, TerminalStream) else stream


def for_terminal(stream: TextIO) -> TextIO:
    """``stream`` wrapped in a :class:`TerminalStream` if it is a terminal, else as it is.

    For the data formats (csv, tsv, json, xml, RDF): escaped on a terminal, exact in a file.
    """
    if isinstance(stream, TerminalStream) or not _is_terminal(stream):
        return stream
    return TerminalStream(stream)  # type: ignore[return-value]  # a TextIO in all but name


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
