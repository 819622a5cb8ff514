"""Find the line of a Turtle file where a resource is described, for error locations.

SHACL reports name nodes, not lines; a curator needs the line to edit. This is a textual
search for the subject at the start of a line (full IRI or a prefixed name the file
declares), which is how our hand-edited files are laid out, or for a named reifier after
``~`` (a fact written in the RDF 1.2 annotation syntax, see :mod:`scokg.reification`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scokg.project import Source
    from scokg.validation.report import Problem

_PREFIX_RE = re.compile(r"^\s*@prefix\s+([A-Za-z0-9_-]*):\s*<([^>]*)>\s*\.", re.MULTILINE)
# A named reifier of the RDF 1.2 annotation syntax: "s p o ~ fact:x {| ... |}".
_REIFIER_RE = re.compile(r"~\s*(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s{}|;,]*)")


@lru_cache(maxsize=64)
def _index(path: Path, mtime: float) -> dict[str, int]:
    """Map subject IRI -> first line (1-based) where it starts a description."""
    text = path.read_text(encoding="utf-8", errors="replace")
    prefixes = {p: ns for p, ns in _PREFIX_RE.findall(text)}
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.lstrip()[:1] in ("#", "@", ""):
            continue
        tokens = [] if line[0] in " \t" else [line.split()[0]]
        if "~" in line:  # where a fact written as an annotation is described
            tokens += _REIFIER_RE.findall(line)
        for token in tokens:
            iri = _expand(token.rstrip("."), prefixes)
            if iri is not None and iri not in found:
                found[iri] = number
    return found


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    if ":" in token:
        prefix, local = token.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def find_subject(files: list[Path], iri: str) -> tuple[Path, int] | None:
    """The first file and line where ``iri`` starts a block of triples, if any."""
    for path in files:
        try:
            index = _index(path, path.stat().st_mtime)
        except OSError:
            continue
        if iri in index:
            return path, index[iri]
    return None


# --- the line of one property of a resource ---------------------------------------------------

_TOKEN_END = r"(?![\w:.-]*[\w:-])"


def _block(lines: list[str], start: int) -> range:
    """Line numbers (0-based) of the description starting at ``lines[start]``: up to the
    first line that ends the statement with ``.`` (outside a comment)."""
    end = start
    while end < len(lines):
        code = lines[end].split(" #", 1)[0].rstrip()
        if code.endswith(".") and not code.endswith(("..", '."', ".'")):
            break
        end += 1
    return range(start, min(end + 1, len(lines)))


def _names(iri: str, prefixes: dict[str, str]) -> list[str]:
    names = [re.escape(f"<{iri}>")]
    for prefix, space in prefixes.items():
        if iri.startswith(space) and len(iri) > len(space):
            names.append(rf"(?<![\w:-]){re.escape(prefix + ':' + iri[len(space) :])}{_TOKEN_END}")
    return names


def find_property(
    files: list[Path], subject: str, predicate: str
) -> tuple[Path, int, int | None] | None:
    """Where ``subject``'s ``predicate`` is (or should be) written: (file, line, column).

    Among the files where ``subject`` starts a description: the first line of that
    description naming ``predicate`` (column 1-based, in code points); else a ``# TODO``
    line there naming it (what ``new-document`` leaves for missing metadata; column None);
    else the description naming the most terms of ``predicate``'s namespace (the metadata
    file, ``a scokg:SourceDocument ; dcterms:...``, for a missing ``dcterms:issued`` or
    ``scokg:sha256``), at its subject line. None when
    ``subject`` is described in no file.
    """
    candidates: list[tuple[int, Path, int]] = []
    space = re.split(r"(?<=[#/])(?=[^#/]*$)", predicate, maxsplit=1)[0]
    for path in files:
        try:
            index = _index(path, path.stat().st_mtime)
        except OSError:
            continue
        if subject not in index:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        prefixes = {p: ns for p, ns in _PREFIX_RE.findall(text)}
        lines = text.split("\n")
        block = _block(lines, index[subject] - 1)
        wanted = re.compile("|".join(_names(predicate, prefixes)))
        todo: int | None = None
        for number in block:
            line = lines[number]
            code, _, comment = line.partition("#") if "<" not in line else (line, "", "")
            found = wanted.search(code)
            if found is not None:
                return path, number + 1, found.start() + 1
            if todo is None and "TODO" in comment and wanted.search(comment):
                todo = number + 1
        if todo is not None:
            return path, todo, None
        same = sum(
            1
            for number in block
            for other in re.findall(r"<[^>\s]*>|[A-Za-z][\w-]*:[\w.-]*", lines[number])
            if (_expand(other, prefixes) or "").startswith(space)
        )
        candidates.append((-same, path, index[subject]))
    if not candidates:
        return None
    _, best, start = min(candidates, key=lambda c: c[0])
    return best, start, None


def refine_locations(problems: list[Problem], sources: Sequence[Source]) -> list[Problem]:
    """``problems`` of SHACL with a one-predicate path placed at the line of that property
    (:func:`find_property`) instead of the subject line, looking in the file they were placed
    in and its document's other file (``data/documents/ID.ttl`` and
    ``data/sources/ID.meta.ttl`` describe the same IRI): a shape about metadata then points
    into the meta file, where it is fixed. Other problems are returned unchanged."""
    from dataclasses import replace

    from scokg import vocab

    by_name = {str(s.path): s for s in sources}
    out = []
    for p in problems:
        predicate = None
        if p.check == "shacl" and p.focus and p.path and p.file in by_name:
            text = p.path
            if text.startswith("<") and text.endswith(">"):
                predicate = text[1:-1]
            elif re.fullmatch(r"[A-Za-z][\w.-]*:[\w.-]*", text):
                prefix, local = text.split(":", 1)
                space = vocab.PREFIXES.get(prefix)
                predicate = None if space is None else space + local
        if predicate is not None and p.focus is not None and p.file is not None:
            found = find_property(_pair(Path(p.file), sources), p.focus, predicate)
            if found is not None:
                p = replace(p, file=str(found[0]), line=found[1], column=found[2])
        out.append(p)
    return out


def _pair(path: Path, sources: Sequence[Source]) -> list[Path]:
    """``path`` and the other file of the same document (same id, the other folder)."""
    stem = path.name.removesuffix(".meta.ttl").removesuffix(".ttl")
    others = [
        s.path
        for s in sources
        if s.path != path
        and s.kind in ("document", "document-metadata")
        and s.path.name.removesuffix(".meta.ttl").removesuffix(".ttl") == stem
    ]
    return [path, *others]
