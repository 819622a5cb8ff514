"""Every SPARQL example in the README and docs/ parses as written, prefixes declared.

A reader copies these blocks into other tools, which know none of scokg's predeclared
prefixes: so each block is checked without them (``SERVICE`` targets neutralised, so
nothing is sent).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scokg.queries.binding import check_syntax

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK_RE = re.compile(r"^```sparql[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def sparql_blocks() -> list[tuple[str, int, str]]:
    """(document, line of the block, its text) for every ```sparql block."""
    found = []
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        for match in BLOCK_RE.finditer(text):
            line = text.count("\n", 0, match.start()) + 2
            found.append((str(path.relative_to(ROOT)), line, match.group(1)))
    return found


BLOCKS = sparql_blocks()


def test_the_docs_have_sparql_examples() -> None:
    assert any(doc == "docs/cli.md" for doc, _, _ in BLOCKS)


@pytest.mark.parametrize(("doc", "line", "text"), BLOCKS, ids=[f"{d}:{n}" for d, n, _ in BLOCKS])
def test_sparql_example_parses_without_predeclared_prefixes(doc: str, line: int, text: str) -> None:
    check_syntax(text)  # raises UsageError naming line, column and the problem
