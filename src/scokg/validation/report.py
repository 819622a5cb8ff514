"""The validation report: problems grouped by the resource they are about.

One structure serves the human text report, the JSON report and the tests, so that what a
person reads and what a machine reads cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from scokg.output.terminal import safe

CHECKS = ("syntax", "declarations", "shacl", "provenance")


@dataclass(frozen=True)
class Problem:
    """One violation: what is wrong with which resource, and where to look."""

    check: str
    message: str
    focus: str | None = None
    focus_label: str | None = None
    path: str | None = None
    value: str | None = None
    component: str | None = None
    shape: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    expected: str | None = None

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.file or "",
            self.line or 0,
            self.focus or "",
            self.path or "",
            self.message,
            self.value or "",
        )


@dataclass
class Report:
    """Everything ``scokg validate`` found, per check."""

    problems: list[Problem] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    prefixes: dict[str, str] = field(default_factory=dict)
    """The project's prefix table (``Project.prefixes``): the text report names focus nodes
    with it (the JSON report keeps their full IRIs)."""

    @property
    def conforms(self) -> bool:
        return not self.problems

    def add(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def count(self, check: str) -> int:
        return sum(1 for p in self.problems if p.check == check)

    def grouped(self) -> list[tuple[str, list[Problem]]]:
        """Problems grouped by focus node (or file when there is none), in file order."""
        groups: dict[str, list[Problem]] = {}
        for problem in sorted(self.problems, key=Problem.sort_key):
            key = problem.focus or problem.file or "(project)"
            groups.setdefault(key, []).append(problem)
        return list(groups.items())

    def to_dict(self) -> dict[str, Any]:
        """JSON form: ``conforms``, ``checks`` ({check: {run, problems}}), ``notes`` and
        ``resources`` (one per focus node, with its ``problems``, unset fields left out)."""
        return {
            "conforms": self.conforms,
            "checks": {c: {"run": c in self.checks_run, "problems": self.count(c)} for c in CHECKS},
            "notes": list(self.notes),
            "resources": [
                {
                    "focus": key,
                    "label": items[0].focus_label,
                    "problems": [
                        {k: v for k, v in asdict(p).items() if v is not None and k != "focus"}
                        for p in items
                    ],
                }
                for key, items in self.grouped()
            ],
        }

    def to_text(self, root: str | None = None) -> str:
        """A report for people: one block per resource, one line per problem (control
        characters escaped by :func:`scokg.output.terminal.safe`)."""
        from scokg.validation.naming import display_prefixes, short_iri

        with display_prefixes(self.prefixes):
            return self._text(root, short_iri)

    def _text(self, root: str | None, name: Callable[[str], str]) -> str:
        lines: list[str] = []
        for key, items in self.grouped():
            first = items[0]
            # a blank node (``_:``) or a literal focus (N3, ``"``): no brackets
            node = key if key.startswith(("_:", '"')) else name(key)
            title = f"{first.focus_label}  {node}" if first.focus_label else node
            if first.focus is None:
                title = key
            lines.append(title)
            where = next((w for p in items if (w := _where(p, root))), None)
            if where:
                lines.append(f"  at {where}")
            for p in items:
                path = f"{p.path}: " if p.path else ""
                lines.append(f"  - [{p.check}] {path}{p.message}")
                if p.value is not None:
                    lines.append(f"      value: {p.value}")
                if p.expected is not None:
                    lines.append(f"      expected: {p.expected}")
            lines.append("")
        status = "conforms" if self.conforms else f"{len(self.problems)} problem(s)"
        counts = ", ".join(
            f"{c}: {'ok' if not self.count(c) else self.count(c)}"
            for c in CHECKS
            if c in self.checks_run
        )
        lines.append(f"scokg validate: {status} ({counts})")
        lines.extend(f"note: {n}" for n in self.notes)
        # Labels, values and messages come from the data: no control character reaches a
        # terminal, and a newline in a value cannot fake a line of the report; a TAB shows as
        # \t, as in tables (the report itself indents with spaces only).
        return "\n".join(safe(line).replace("\t", "\\t") for line in lines)


def _where(problem: Problem, root: str | None) -> str | None:
    if problem.file is None:
        return None
    name = problem.file
    if root and name.startswith(root.rstrip("/") + "/"):
        name = name[len(root.rstrip("/")) + 1 :]
    if problem.line is not None:
        name += f":{problem.line}"
        if problem.column is not None:
            name += f":{problem.column}"
    return name
