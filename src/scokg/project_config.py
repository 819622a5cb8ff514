"""``scokg.toml``: a project's name, base IRI, licence, own prefixes and ontology files.

The file is TOML 1.0 (read with :mod:`tomllib`); ``scokg init`` writes it. Every key is
optional, so an empty file is a valid marker. Layout (format 1)::

    format = 1                       # the version of this file's layout
    [project]
    name = "acme"                    # a slug; also the prefix of the base IRI
    base-iri = "https://example.org/acme/"
    licence = "CC-BY-4.0"            # SPDX identifier of the data's licence
    [prefixes]                       # the project's own prefixes, added to scokg's table
    acme = "https://example.org/acme/"
    [ontology]                       # optional; default: ontology/*.ttl (see project.py)
    files = ["ontology/acme.ttl"]
    shapes = ["ontology/acme-shapes.ttl"]

Errors are :class:`~scokg.errors.ProjectLayoutError` (exit 2) with file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scokg.errors import ProjectLayoutError

FORMAT = 1
# A project name: it becomes a Turtle prefix and a file name, so PN_PREFIX-safe ASCII.
NAME_RE = re.compile(r"[a-z](?:[a-z0-9-]*[a-z0-9])?")
_PREFIX_RE = re.compile(r"[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_AT_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class ProjectConfig:
    """The parsed ``scokg.toml`` (all fields optional; ``None`` lists mean "the default")."""

    path: Path | None = None
    name: str | None = None
    base_iri: str | None = None
    licence: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    ontology: tuple[Path, ...] | None = None
    shapes: tuple[Path, ...] | None = None


def check_base_iri(iri: str) -> str | None:
    """Why ``iri`` cannot be a base IRI (absolute http(s), ending in ``/`` or ``#``), or None."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`/?#]+(/[^\s<>\"{}|\\^`]*)?", iri):
        return "it must be an absolute http:// or https:// IRI with a host"
    if not iri.endswith(("/", "#")):
        return "it must end with '/' or '#', so that names can be appended to it"
    if "#" in iri[:-1]:
        return "it may hold '#' only as its last character"
    return None


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be a project name (a lower-case slug: a-z, 0-9, '-'), or None."""
    if not NAME_RE.fullmatch(name):
        return "use lower-case letters, digits and '-', starting with a letter"
    return None


def read_config(root: Path) -> ProjectConfig:
    """The ``scokg.toml`` of ``root``, or an empty config when there is none."""
    path = root / "scokg.toml"
    if not path.is_file():
        return ProjectConfig()
    import tomllib  # only for a project that has a scokg.toml (it imports datetime)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        at = _AT_RE.search(str(exc))
        raise ProjectLayoutError(
            f"scokg.toml is not valid TOML: {_AT_RE.sub('', str(exc)).strip()}",
            file=path,
            line=int(at.group(1)) if at else None,
            column=int(at.group(2)) if at else None,
            hint="see docs/cli.md (scokg init) for the layout of scokg.toml",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectLayoutError(f"cannot read scokg.toml: {exc}", file=path) from None
    return _config(path, root, data)


def _bad(path: Path, what: str, hint: str | None) -> ProjectLayoutError:
    return ProjectLayoutError(f"scokg.toml: {what}", file=path, hint=hint)


def _config(path: Path, root: Path, data: dict[str, object]) -> ProjectConfig:
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise _bad(path, f"format = {fmt!r} is not supported", f"this scokg reads format {FORMAT}")
    project = _table(path, data, "project")
    name = _string(path, project, "name")
    if name is not None and (why := check_name(name)):
        raise _bad(path, f"name {name!r} is not a valid project name", why)
    base = _string(path, project, "base-iri")
    if base is not None and (why := check_base_iri(base)):
        raise _bad(path, f"base-iri {base!r} is not a valid base IRI", why)
    prefixes: dict[str, str] = {}
    for prefix, namespace in _table(path, data, "prefixes").items():
        if not _PREFIX_RE.fullmatch(prefix) or not isinstance(namespace, str):
            raise _bad(path, f"[prefixes] {prefix} is not a prefix name = namespace string", None)
        if why := check_base_iri(namespace):
            raise _bad(path, f"[prefixes] {prefix} = {namespace!r} is not a namespace", why)
        prefixes[prefix] = namespace
    onto = _table(path, data, "ontology")
    return ProjectConfig(
        path=path,
        name=name,
        base_iri=base,
        licence=_string(path, project, "licence"),
        prefixes=prefixes,
        ontology=_paths(path, root, onto, "files"),
        shapes=_paths(path, root, onto, "shapes"),
    )


def _table(path: Path, data: dict[str, object], key: str) -> dict[str, object]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise _bad(path, f"{key} must be a table ([{key}])", None)
    return value


def _string(path: Path, table: dict[str, object], key: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad(path, f"{key} must be a string", None)
    return value


def _paths(path: Path, root: Path, table: dict[str, object], key: str) -> tuple[Path, ...] | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad(path, f"[ontology] {key} must be a list of file paths", None)
    files = []
    for rel in value:
        file = (root / rel).resolve()
        if not file.is_relative_to(root.resolve()) or not file.is_file():
            raise _bad(
                path,
                f"[ontology] {key} lists {rel!r}, which is not a file inside the project",
                "give paths relative to the folder of scokg.toml",
            )
        files.append(file)
    return tuple(files)
