"""Find the line of a Turtle file where a resource is described, for error locations.

SHACL reports name nodes, not lines; a curator needs the line to edit. This is a textual
search for the subject at the start of a line (full IRI or a prefixed name the file
declares), which is how our hand-edited files are laid out, or for a named reifier after
``~`` (a fact written in the RDF 1.2 annotation syntax, see :mod:`scokg.reification`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

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
