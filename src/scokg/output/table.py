"""A rich table for people: one line per row, each IRI as ``Label (prefix:local)``.

A cell never spans lines: LF, CR and TAB in a literal are shown as the escapes ``\\n``,
``\\r`` and ``\\t`` (with every other control character, :func:`~scokg.output.terminal.safe`),
and a table wider than its width shortens its cells, each cut marked with ``…``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

import pyoxigraph

from scokg.engines.results import AskResult, SelectResult, Term
from scokg.output.terminal import safe, unwrap
from scokg.vocab import RDF, XSD, compact

if TYPE_CHECKING:
    from rich.text import Text

_PLAIN_TYPES = {XSD + "string", RDF + "langString"}
# Width of a table written to a file or pipe without --width: its natural width.
UNLIMITED = 1_000_000


# A local name SPARQL reads as written (PN_LOCAL without escapes, SPARQL 1.1 §19.8):
# letters, digits, '_', '-', '.', ':' (not ending with '.'); '/', "'", '(' would need '\'.
_PLAIN_LOCAL = re.compile(r"[^\W][\w.:-]*(?<!\.)")


def shown_iri(iri: str) -> str:
    """``prefix:local`` when that is a prefixed name SPARQL reads as written (so it can be
    pasted into a query), else ``<iri>``; an IRI with no prefix is shown as itself."""
    name = compact(iri)
    if name == iri:
        return iri
    local = name.partition(":")[2]
    return name if _PLAIN_LOCAL.fullmatch(local) else f"<{iri}>"


def one_line(text: str) -> str:
    """``text`` safe for a terminal and on one line: LF, CR and TAB as visible escapes."""
    return safe(text).replace("\t", "\\t")


def cell(term: Term | None, labels: Mapping[str, str]) -> Text:
    """What a table cell shows for one term, on one line.

    An IRI with a label reads ``Label (prefix:local)``; without one, ``prefix:local``; a
    blank node ``_:label``; a literal its value, with its datatype unless it is a string.
    """
    from rich.text import Text

    if term is None:
        return Text("")
    if isinstance(term, pyoxigraph.NamedNode):
        label = labels.get(term.value)
        name = one_line(shown_iri(term.value))
        if not label:
            return Text(name, style="cyan")
        text = Text(one_line(label))
        text.append(" (" + name + ")", style="cyan")
        return text
    if isinstance(term, pyoxigraph.BlankNode):
        return Text("_:" + one_line(term.value), style="magenta")
    text = Text(one_line(term.value))
    if term.datatype.value not in _PLAIN_TYPES:
        text.append(" (" + one_line(compact(term.datatype.value)) + ")", style="dim")
    return text


def write_table(
    result: SelectResult | AskResult,
    stream: TextIO,
    labels: Mapping[str, str],
    width: int | None = None,
) -> None:
    """Write ``result`` as a table of one line per row, then its row count.

    ``width`` (columns) is the most the table may take: cells are shortened to fit, each
    cut marked with ``…``, never folded onto a second line. Without it a terminal's width
    is used, and a file or pipe gets the table at its natural width. Raises
    :class:`~scokg.errors.UsageError` when ``width`` is below :func:`min_width` (every
    column keeps one character and its ``…``); a terminal narrower than that gets the
    table at that width, never empty cells.
    """
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    stream = unwrap(stream)
    if width is None and not _is_tty(stream):
        width = UNLIMITED
    console = Console(file=stream, width=width, highlight=False, soft_wrap=False)
    if isinstance(result, AskResult):
        console.print("yes" if result.value else "no")
        return
    headers = [one_line(var) for var in result.variables]
    cells = [[cell(term, labels) for term in row] for row in result.rows]
    natural = [
        max([cell_len(header), *(row[i].cell_len for row in cells)])
        for i, header in enumerate(headers)
    ]
    least = min_width(natural)
    if console.width < least:
        if width is not None:
            from scokg.errors import UsageError

            raise UsageError(
                f"--width {width} is too narrow for {len(headers)} columns: "
                f"this table needs at least {least}",
                hint=f"give --width {least} or more, select fewer variables, or use --format tsv",
            )
        console = Console(file=stream, width=least, highlight=False, soft_wrap=False)
    table = Table()
    for header, limit in zip(headers, fit(natural, console.width), strict=True):
        table.add_column(header, no_wrap=True, overflow="ellipsis", max_width=limit)
    for row in cells:
        table.add_row(*row)
    console.print(table)
    count = len(result.rows)
    console.print(f"{count} row{'s' if count != 1 else ''}", style="dim")


def min_width(natural: list[int]) -> int:
    """The narrowest table of columns with these natural widths that shows something of
    every cell: each column keeps 2 characters (one and ``…``; a narrower column its
    own width), plus 3 per column for padding and border and 1 for the right border."""
    return sum(min(w, 2) for w in natural) + 3 * len(natural) + 1


def fit(natural: list[int], width: int) -> list[int]:
    """The widest each column may be (contents, without padding) for a table of ``width``.

    Every column keeps its natural width when the table fits; otherwise the widest are cut
    to one common limit, the largest that fits, so narrow columns stay whole. Each column
    takes 3 more columns (padding and its left border) and the table 1 (its right border);
    a column keeps at least 2 characters (:func:`min_width`).
    """
    room = width - 3 * len(natural) - 1
    if sum(natural) <= room:
        return natural
    limit = max(natural)
    while limit > 2 and sum(min(w, limit) for w in natural) > room:
        limit -= 1
    return [min(w, limit) for w in natural]


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
