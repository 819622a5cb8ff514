"""Error types that carry enough context (file, position, hint) to be shown to a user.

The CLI catches :class:`ScokgError` at its edge and prints :func:`format_error`, so library
code raises these instead of printing, and each family maps to one process exit code
(:class:`ExitCode`).
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Any, ClassVar


class ExitCode(IntEnum):
    """The process exit codes of the ``scokg`` CLI, the contract scripts rely on."""

    OK = 0
    DATA = 1  # invalid data (syntax, shapes, broken links)
    USAGE = 2  # the command was called wrongly
    ENDPOINT = 3  # a SPARQL endpoint or server failed or could not be reached
    INTERNAL = 70  # EX_SOFTWARE from sysexits.h: a bug in scokg
    INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
    BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of our output went away (e.g. `| head`)


class ScokgError(Exception):
    """Base of every error scokg reports to users instead of a traceback."""

    exit_code: ClassVar[ExitCode] = ExitCode.DATA

    def __init__(
        self,
        message: str,
        *,
        file: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.hint = hint


class DataError(ScokgError):
    """The input data is invalid (syntax, shapes, inconsistent files)."""

    exit_code: ClassVar[ExitCode] = ExitCode.DATA


class UsageError(ScokgError):
    """The command was called wrongly (bad option, missing folder)."""

    exit_code: ClassVar[ExitCode] = ExitCode.USAGE


class EndpointError(ScokgError):
    """A SPARQL endpoint or server could not be reached or answered with an error."""

    exit_code: ClassVar[ExitCode] = ExitCode.ENDPOINT


class TurtleSyntaxError(DataError):
    """A Turtle file does not parse; ``file``/``line``/``column`` point at the problem."""


class ValidationFailed(DataError):
    """The data parsed but does not conform to the SHACL shapes."""

    def __init__(self, message: str, *, report: Any, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.report = report


class ProjectLayoutError(UsageError):
    """The project folder is missing or does not have the expected layout."""


def format_error(err: ScokgError) -> str:
    """Render an error as the short, stable block the CLI prints on stderr."""
    lines = [f"scokg: error: {err.message}"]
    if err.file is not None:
        where = str(err.file)
        if err.line is not None:
            where += f":{err.line}"
            if err.column is not None:
                where += f":{err.column}"
        lines.append(f"  at {where}")
    if err.hint:
        lines.append(f"  hint: {err.hint}")
    return "\n".join(lines)


# A lone surrogate: how Python hands over a command-line byte that is not UTF-8 (PEP 383:
# the byte 0xNN becomes U+DCNN); no text in a file, a query or an RDF literal can hold one.
_LONE_SURROGATE = "\ud800-\udfff"


def not_text(text: str) -> str | None:
    """What makes ``text`` something other than Unicode text, for a message, or None.

    ``"a byte that is not UTF-8 (\\xff)"`` for an undecodable command-line byte (U+DC80 to
    U+DCFF), ``"a lone surrogate U+D800"`` for any other surrogate code point.
    """
    import re

    bad = re.search(f"[{_LONE_SURROGATE}]", text)
    if bad is None:
        return None
    code = ord(bad.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"a byte that is not UTF-8 (\\x{code - 0xDC00:02x})"
    return f"a lone surrogate U+{code:04X}"


def quoted(text: str) -> str:
    """``repr(text)`` for a message, with an undecodable command-line byte written ``\\xff``
    (the byte the user typed) instead of Python's ``\\udcff``."""
    import re

    return re.sub(r"\\udc([89a-f][0-9a-f])", r"\\x\1", repr(text))
