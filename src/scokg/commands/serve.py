"""``scokg serve``: a local read-only SPARQL endpoint (with Oxigraph's query UI) over the graph."""

from __future__ import annotations

import argparse

from scokg.commands import project_from_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the graph read-only over SPARQL, with a web query UI",
        description="Build an on-disk Oxigraph store of the project (cached in "
        "$SCOKG_CACHE_DIR, or .scokg/ in the project folder) and run `oxigraph "
        "serve-read-only` on it, with the union of the named graphs as default graph. Open "
        "the printed address for Oxigraph's query UI. Ctrl-C stops it.",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port (default 7878)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: only this machine can connect)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.stores.serve import serve

    project = project_from_args(args)
    serve(project, host=args.host, port=args.port, announce=lambda line: print(line, flush=True))
    return 0
