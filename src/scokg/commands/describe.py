"""``scokg describe``: everything known about one resource, with source sentences."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from scokg.commands import add_endpoint_options, engine_from_args, project_from_args

if TYPE_CHECKING:
    from scokg.queries import Description


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "describe",
        help="print everything known about one resource, with its source sentences",
        description="Print every fact about THING (a slug such as unodc, a label or "
        "acronym, a prefixed name or a full IRI), grouped by property, each with the "
        "sentence that states it.",
    )
    parser.add_argument("thing", metavar="THING", help="slug, label, acronym or IRI")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_endpoint_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.queries.describe import describe
    from scokg.queries.resolve import Resolver

    project = project_from_args(args)
    engine = engine_from_args(args, project)
    description = describe(engine, args.thing, Resolver(engine, project.prefixes))
    if args.format == "json":
        from scokg.output import write_json

        write_json(description, sys.stdout)
        return 0
    _print_text(description)
    return 0


def _print_text(d: Description) -> None:
    """The description for people; every text from the data goes through ``safe()``."""
    from rich.console import Console
    from rich.text import Text

    from scokg.output.terminal import safe
    from scokg.vocab import compact

    def short(iri: str) -> str:
        return safe(compact(iri))

    width = None if sys.stdout.isatty() else 160
    console = Console(width=width, highlight=False)
    title = Text(short(d.iri), style="bold cyan")
    if d.label:
        title.append(f"  {safe(d.label)}", style="bold")
    console.print(title)
    console.print(Text(safe(d.iri), style="dim"))
    for (prop, inverse), facts in d.by_property().items():
        name = short(prop)
        label = d.property_labels.get(prop)
        heading = Text(("is " + name + " of" if inverse else name), style="bold")
        if label:
            heading.append(f"  ({safe(label)}{' of' if inverse else ''})", style="dim")
        console.print()
        console.print(heading)
        for fact in facts:
            line = Text("  • ")
            if fact.value_kind == "iri":
                line.append(short(fact.value), style="cyan")
                if fact.value_label:
                    line.append(f"  {safe(fact.value_label)}")
            else:
                line.append(safe(fact.value))
                if fact.language:
                    line.append(f" @{safe(fact.language)}", style="dim")
                elif fact.datatype and not fact.datatype.endswith("#string"):
                    line.append(f" ({short(fact.datatype)})", style="dim")
            console.print(line)
            for source in fact.sources:
                if source.quote is not None:
                    where = f"{short(source.iri)} [{source.begin}:{source.end}]"
                    quote = Text(f"      “{safe(source.quote)}”", style="green")
                    quote.append(f"  {where}", style="dim")
                    console.print(quote)
                else:
                    console.print(Text(f"      source: {safe(source.iri)}", style="dim"))
                if source.note:
                    console.print(Text(f"      note: {safe(source.note)}", style="yellow"))
