"""A rich table for people: compact IRIs with their labels beside them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

import pyoxigraph

from scokg.engines.results import AskResult, SelectResult, Term
from scokg.output.terminal import safe, unwrap
from scokg.vocab import RDF, XSD, compact

if TYPE_CHECKING:
    from rich.text import Text

_PLAIN_TYPES = {XSD + "string", RDF + "langString"}


def cell(term: Term | None, labels: Mapping[str, str]) -> Text:
    """What a table cell shows for one term (control characters escaped: :func:`safe`)."""
    from rich.text import Text

    if term is None:
        return Text("")
    if isinstance(term, pyoxigraph.NamedNode):
        text = Text(safe(compact(term.value)), style="cyan")
        label = labels.get(term.value)
        if label:
            text.append("\n" + safe(label), style="dim")
        return text
    if isinstance(term, pyoxigraph.BlankNode):
        return Text("_:" + safe(term.value), style="magenta")
    text = Text(safe(term.value, keep_newlines=True))
    if term.datatype.value not in _PLAIN_TYPES:
        text.append(" (" + safe(compact(term.datatype.value)) + ")", style="dim")
    return text


def _pipe_width() -> int:
    """Output to a file or pipe is not wrapped at 80 columns: $COLUMNS or natural width."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        return 100_000


def write_table(
    result: SelectResult | AskResult, stream: TextIO, labels: Mapping[str, str]
) -> None:
    from rich.console import Console
    from rich.table import Table

    stream = unwrap(stream)
    width = None if stream.isatty() else _pipe_width()
    console = Console(file=stream, width=width, highlight=False, soft_wrap=False)
    if isinstance(result, AskResult):
        console.print("yes" if result.value else "no")
        return
    table = Table(show_lines=True)
    for var in result.variables:
        table.add_column(safe(var), overflow="fold")
    for row in result.rows:
        table.add_row(*(cell(term, labels) for term in row))
    console.print(table)
    count = len(result.rows)
    console.print(f"{count} row{'s' if count != 1 else ''}", style="dim")
