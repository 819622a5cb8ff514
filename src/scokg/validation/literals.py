"""Ill-typed literals, reported wherever they are, not only where a shape looks.

RDF 1.1 Concepts §3.3: a literal whose lexical form is not in the lexical space of its
datatype is ill-typed. For every datatype of :data:`scokg.xsd.KNOWN` the sources are checked
with :func:`scokg.xsd.lexical_error`, whatever the engine; each problem names the file and the
line of the literal (the first line that holds its lexical form with that datatype, else the
line of its subject).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from scokg.parsing import parse_rdf_file
from scokg.validation.locate import find_subject
from scokg.validation.naming import short
from scokg.validation.report import Problem
from scokg.xsd import KNOWN, lexical_error

if TYPE_CHECKING:
    from scokg.project import Source


def ill_typed_problems(sources: Sequence[Source]) -> list[Problem]:
    """One problem per ill-typed literal of a known XSD datatype in the Turtle ``sources``."""
    problems: list[Problem] = []
    for source in sources:
        if source.kind == "links":
            continue  # generated from SSSOM rows, whose values the links reader checks
        lines: list[str] | None = None
        for quad in parse_rdf_file(source.path, "turtle"):
            literal = quad.object
            if not isinstance(literal, ox.Literal) or literal.language:
                continue
            datatype = literal.datatype.value
            if datatype not in KNOWN:
                continue
            reason = lexical_error(literal.value, datatype)
            if reason is None:
                continue
            if lines is None:
                lines = source.path.read_text(encoding="utf-8", errors="replace").split("\n")
            subject = quad.subject
            focus = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
            line = _line_of(lines, literal) or _subject_line(source.path, subject)
            problems.append(
                Problem(
                    check="syntax",
                    message=f"ill-typed literal: value is {reason}",
                    focus=focus,
                    path=short(quad.predicate),
                    value=short(literal),
                    file=str(source.path),
                    line=line,
                )
            )
    return problems


def _line_of(lines: list[str], literal: ox.Literal) -> int | None:
    """The first line holding the literal's lexical form followed by a datatype."""
    quoted = re.compile(r"(\"|')" + re.escape(literal.value) + r"\1\s*\^\^")
    for number, text in enumerate(lines, 1):
        if quoted.search(text):
            return number
    return None


def _subject_line(path: Path, subject: object) -> int | None:
    if isinstance(subject, ox.NamedNode):
        found = find_subject([path], subject.value)
        return found[1] if found else None
    return None
