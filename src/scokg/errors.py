"""Error types that carry enough context (file, position, hint) to be shown to a user.

The CLI catches :class:`ScokgError` at its edge and prints :func:`format_error`, so library
code raises these instead of printing, and each family maps to one process exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar


class ScokgError(Exception):
    """Base of every error scokg reports to users instead of a traceback."""

    exit_code: ClassVar[int] = 1

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

    exit_code: ClassVar[int] = 1


class UsageError(ScokgError):
    """The command was called wrongly (bad option, missing folder)."""

    exit_code: ClassVar[int] = 2


class EndpointError(ScokgError):
    """A SPARQL endpoint or server could not be reached or answered with an error."""

    exit_code: ClassVar[int] = 3


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
