"""``scokg serve``: a local read-only SPARQL endpoint (with Oxigraph's query UI) over the graph."""

from __future__ import annotations

import argparse
import re
import sys
from typing import TYPE_CHECKING

from scokg.commands import project_from_args

if TYPE_CHECKING:
    from scokg.project import Project
    from scokg.site.negotiate import LinkedData

_SIZE_RE = re.compile(r"([0-9]+)\s*([KMG]?)B?", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def size_in_bytes(text: str) -> int:
    """``100M`` -> 104857600: a byte count with an optional K/M/G suffix (powers of 1024)."""
    match = _SIZE_RE.fullmatch(text.strip())
    if not match or int(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"expected a size such as 500K, 100M or 1G, got {text!r}")
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def seconds(text: str) -> float:
    """A positive number of seconds, at most a day."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"expected seconds between 0 and 86400, got {text!r}")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the graph read-only over SPARQL, with a web query UI",
        description="Build an on-disk Oxigraph store of the project (cached in "
        "$SCOKG_CACHE_DIR, else .scokg/ in the project folder, or ~/.cache/scokg for the "
        "dataset inside an installed wheel) and serve it read-only, with "
        "the union of the named graphs as default graph and Oxigraph's query UI. Every "
        "request is checked first: only this machine's host names (no other web site's "
        "page), no update, SERVICE only to --allow-service hosts, a time and a size limit "
        "per query. Ctrl-C stops it.",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port (default 7878)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default 127.0.0.1: only this machine can connect)",
    )
    parser.add_argument(
        "--allow-service",
        action="append",
        default=[],
        metavar="HOST",
        help="let queries' SERVICE clauses call this host (repeatable; HOST or HOST:PORT). "
        "Without it every query naming SERVICE is refused (403)",
    )
    parser.add_argument(
        "--query-timeout",
        type=seconds,
        default=30.0,
        metavar="SECONDS",
        help="stop a query after this many seconds and answer 504 (default 30)",
    )
    parser.add_argument(
        "--max-result-size",
        type=size_in_bytes,
        default=100 * 1024**2,
        metavar="SIZE",
        help="largest answer sent, e.g. 500K, 100M, 1G; a larger one is refused with 507 "
        "(default 100M)",
    )
    parser.add_argument(
        "--no-pages",
        action="store_true",
        help="serve SPARQL only: no resource pages or content negotiation at /id/..., "
        "/doc/... and /ontology",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.stores.front import Limits
    from scokg.stores.serve import serve

    project = project_from_args(args)
    pages = None if args.no_pages else linked_data(project)
    limits = Limits(
        query_timeout=args.query_timeout,
        max_result_bytes=args.max_result_size,
        allowed_service_hosts=tuple(args.allow_service),
    )
    serve(
        project,
        host=args.host,
        port=args.port,
        limits=limits,
        announce=lambda line: print(line, flush=True),
        pages=pages,
    )
    return 0


def linked_data(project: Project) -> LinkedData:
    """The linked-data answers (pages, RDF by ``Accept``) of the project's exact terms."""
    from scokg.output.terminal import safe
    from scokg.release.graphs import load_release_graphs
    from scokg.site.index import SiteIndex, unpublished_warning
    from scokg.site.negotiate import LinkedData

    index = SiteIndex(load_release_graphs(project).triples())
    warning = unpublished_warning(index.unpublished())
    if warning:
        print(f"scokg: warning: {safe(warning)}", file=sys.stderr, flush=True)
    return LinkedData(index)
