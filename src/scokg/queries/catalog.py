"""The bundled competency queries: find ``queries/*.rq`` files and read their headers.

The header is the block of ``#`` comment lines at the top of a file::

    # title: Agreements linking two organisations
    # description: Agreements whose parties include both organisations or their units.
    # param: org1 organisation IRI or slug (default: sco)

Reading the header needs no RDF library, so ``scokg query --list`` starts fast.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scokg.errors import UsageError

if TYPE_CHECKING:
    from scokg.project import Project

QUERY_SUFFIX = ".rq"

# The first word of a parameter description names what kind of value it takes; anything
# else is a resource (slug, label or IRI).
LITERAL_KINDS = ("text", "date")

_PARAM_RE = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<description>.*)$")
_DEFAULT_RE = re.compile(r"\s*\(default:\s*(?P<default>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Param:
    """One query parameter: the SPARQL variable it binds and how to read its value."""

    name: str
    description: str
    default: str | None = None

    @property
    def kind(self) -> str:
        """``text``, ``date`` or ``resource`` (the first word of the description)."""
        first = self.description.split(maxsplit=1)[0].lower() if self.description else ""
        return first if first in LITERAL_KINDS else "resource"

    def to_dict(self) -> dict[str, str | None]:
        """``{"name", "kind", "description", "default"}`` (``default`` None when required)."""
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "default": self.default,
        }


@dataclass(frozen=True)
class QueryFile:
    """A query with its header; ``path`` is None for ad hoc text (``-e``)."""

    name: str
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """``{"name", "title", "description", "params": [Param.to_dict(), ...]}``."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [p.to_dict() for p in self.params],
        }


def parse_header(name: str, text: str, path: Path | None = None) -> QueryFile:
    """Read the leading comment block of a query; unknown keys are ignored."""
    title = description = ""
    params: list[Param] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description = (description + " " + value).strip()
        elif key == "param":
            params.append(_parse_param(value, path, number))
    return QueryFile(name, text, title, description, tuple(params), path)


def _parse_param(value: str, path: Path | None, line: int) -> Param:
    match = _PARAM_RE.match(value)
    if not match:
        raise UsageError(
            f"malformed parameter line in query header: {value!r}",
            file=path,
            line=line,
            hint="write '# param: NAME description (default: VALUE)'",
        )
    description = match.group("description").strip()
    default = None
    found = _DEFAULT_RE.search(description)
    if found:
        default = found.group("default").strip()
        description = description[: found.start()].strip()
    return Param(match.group("name"), description, default)


def query_dirs(project: Project | None = None) -> list[Path]:
    """Folders searched for named queries: the project's own first, then the bundled one."""
    from scokg.project import bundled_root

    dirs: list[Path] = []
    if project is not None and (project.root / "queries").is_dir():
        dirs.append(project.root / "queries")
    try:
        bundled = bundled_root() / "queries"
    except UsageError:
        bundled = None
    if bundled is not None and bundled.is_dir() and bundled not in dirs:
        dirs.append(bundled)
    return dirs


def list_queries(project: Project | None = None) -> list[QueryFile]:
    """Every named query, sorted by name; a project's query shadows a bundled one."""
    found: dict[str, Path] = {}
    for folder in query_dirs(project):
        for path in sorted(folder.glob("*" + QUERY_SUFFIX)):
            found.setdefault(path.stem, path)
    return [_read(name, path) for name, path in sorted(found.items())]


def load_query(name: str, project: Project | None = None) -> QueryFile:
    """The named query, or a usage error that suggests the nearest names."""
    for folder in query_dirs(project):
        path = folder / (name + QUERY_SUFFIX)
        if "/" not in name and path.is_file():
            return _read(name, path)
    names = [q.name for q in list_queries(project)]
    close = suggest(name, names)
    message = f"unknown query {name!r}"
    if close:
        message += "; did you mean " + " or ".join(close) + "?"
    raise UsageError(message, hint="`scokg query --list` shows every bundled query")


def suggest(name: str, names: list[str]) -> list[str]:
    """Names close to ``name``: spelling neighbours first, then names containing it."""
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    lowered = name.lower()
    for candidate in names:
        if len(close) >= 3:
            break
        if lowered and lowered in candidate and candidate not in close:
            close.append(candidate)
    return close


def read_query_file(path: Path) -> QueryFile:
    """An ad hoc query file given with ``--file``."""
    try:
        return _read(path.stem, path)
    except OSError as exc:
        raise UsageError(f"cannot read query file {path}: {exc.strerror or exc}") from None


def _read(name: str, path: Path) -> QueryFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"query file {path} is not UTF-8", file=path) from None
    return parse_header(name, text, path)
