"""``scokg load``: replace the project's named graphs in a SPARQL store."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from scokg.commands import positive_int, project_from_args, seconds

if TYPE_CHECKING:
    from rich.progress import TaskID

    from scokg.stores.upload import GraphLoad, LoadReport


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "load",
        help="upload every named graph into a SPARQL store (replacing old versions)",
        description="Upload each named graph of the project (ontology, reference data, one "
        "graph per source document) to a SPARQL 1.1 store. Each graph goes to a temporary "
        "graph first and replaces the old one in a single MOVE only when complete, so "
        "loading is safe to repeat and a failure leaves the previous version. Credentials "
        "come from $SCOKG_USER/$SCOKG_PASSWORD or netrc (basic or digest auth).",
    )
    parser.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="SPARQL query endpoint, e.g. http://127.0.0.1:7878/query (Oxigraph), "
        "http://host:8890/sparql-auth (Virtuoso), http://host:3030/ds/sparql (Fuseki)",
    )
    parser.add_argument(
        "--gsp", metavar="URL", help="Graph Store Protocol endpoint (derived for known stores)"
    )
    parser.add_argument(
        "--update", metavar="URL", help="SPARQL Update endpoint (derived for known stores)"
    )
    parser.add_argument(
        "--method",
        choices=("auto", "bulk", "gsp", "update"),
        default="auto",
        help="bulk: every graph as N-Quads to the dataset-level Graph Store endpoint, then "
        "one update replacing them all (Oxigraph); gsp: Graph Store Protocol, graph by graph; "
        "update: INSERT DATA batches; auto (default): bulk for Oxigraph up to 250000 "
        "triples, else gsp when the store has a Graph Store endpoint, else update",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        metavar="N",
        help="triples per request (default 100000 for bulk and gsp, 5000 for update)",
    )
    parser.add_argument(
        "--timeout", type=seconds, default=60.0, metavar="S", help="seconds per request (60)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the requests that would be sent; send none"
    )
    parser.add_argument(
        "--accept-store-changes",
        action="store_true",
        help="load even when the store gives back other terms than were sent (e.g. Oxigraph "
        'stores "07"^^xsd:byte as "7"^^xsd:integer); each change is printed as a warning. '
        "Without it such a load fails (exit 3) and keeps the graph's previous version",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.stores.upload import load_project

    project = project_from_args(args)
    show_progress = not args.quiet and not args.dry_run and sys.stderr.isatty()
    options = dict(
        gsp=args.gsp,
        update=args.update,
        method=args.method,
        batch_size=args.batch_size,
        timeout=args.timeout,
        dry_run=args.dry_run,
        accept_changes=args.accept_store_changes,
    )
    if show_progress:
        with _RichProgress() as progress:
            report = load_project(project, args.endpoint, progress=progress, **options)
    else:
        report = load_project(project, args.endpoint, **options)
    _print(report, args.format)
    return 0


def _print(report: LoadReport, fmt: str) -> None:
    changed = [g for g in report.graphs if g.changes]
    for graph in changed:
        for change in graph.changes:
            print(f"scokg: warning: {graph.graph}: {change}", file=sys.stderr)
    if fmt == "json":
        from scokg.output import write_json

        write_json(report, sys.stdout)
        return
    if report.dry_run:
        print("dry run: nothing sent")
        print("\n".join(report.planned))
        return
    for graph in report.graphs:
        print(f"{graph.graph}\t{graph.found} triples\t({graph.method}, {graph.requests} requests)")
    if changed:
        count = sum(len(g.changes) for g in changed)
        verdict = (
            f"NOT term-exact: the store changed {count} term(s) in {len(changed)} graph(s), "
            "listed on stderr"
        )
    else:
        verdict = "every term read back as sent"
    print(
        f"loaded {len(report.graphs)} graphs, {report.total_triples} triples into "
        f"{report.endpoint} ({verdict})"
    )


class _RichProgress:
    """One rich progress bar per graph, on stderr."""

    def __enter__(self) -> _RichProgress:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._bars = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[state]}"),
            console=Console(stderr=True),
        )
        self._bars.start()
        self._tasks: dict[str, TaskID] = {}
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def start_graph(self, graph: str, triples: int) -> None:
        name = graph.rsplit("/graph/", 1)[-1]
        self._tasks[graph] = self._bars.add_task(name, total=triples, state="uploading")

    def sent(self, graph: str, triples: int) -> None:
        self._bars.advance(self._tasks[graph], triples)

    def finished(self, result: GraphLoad) -> None:
        task = self._tasks[result.graph]
        self._bars.update(
            task,
            completed=result.triples,
            state="replaced" if result.changes else "replaced, verified",
        )
