"""``scokg stats``: print triple and instance counts."""

from __future__ import annotations

import argparse
import sys

from scokg import vocab
from scokg.commands import locate_from_args, name_project


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "stats",
        help="count triples per named graph and instances per scokg class",
        description="Load every source file and print triple and instance counts.",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for people (default), json for scripts",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.stats import summarise

    located = locate_from_args(args)
    elsewhere = located.describe() is not None
    if elsewhere:
        # a project other than the current folder: say so first (--verbose: and how found)
        name_project(located, always=getattr(args, "verbose", False))
    summary = summarise(located.project)
    if not elsewhere:
        # stats always names its project; after the work, so an error stays the first line
        name_project(located, always=True)
    if args.format == "json":
        from scokg.output import write_json

        write_json(summary, sys.stdout)
        return 0

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from scokg.output.terminal import safe

    graphs = Table(title="Triples per named graph")
    graphs.add_column("graph")
    graphs.add_column("triples", justify="right")
    for graph, count in summary.triples_per_graph.items():
        graphs.add_row(Text(safe(_shorten(graph))), str(count))
    graphs.add_row("[bold]total[/bold]", f"[bold]{summary.total_triples}[/bold]")

    classes = Table(title="Instances per class")
    classes.add_column("class")
    classes.add_column("instances", justify="right")
    for cls, count in summary.instances_per_class.items():
        classes.add_row(Text(safe(_shorten(cls))), str(count))

    console = Console()
    console.print(graphs)
    console.print(classes)
    return 0


def _shorten(iri: str) -> str:
    """Compact IRIs with the project prefixes so the table stays narrow."""
    for prefix, namespace in (("scokg:", vocab.SCOKG), ("graph:", vocab.GRAPH)):
        if iri.startswith(namespace):
            return prefix + iri.removeprefix(namespace)
    return iri
