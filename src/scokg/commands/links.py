"""``scokg links check|suggest``: verify curated links, propose new ones for review."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from scokg import vocab
from scokg.commands import project_from_args, seconds

if TYPE_CHECKING:
    from scokg.links.sssom import MappingSet
    from scokg.project import Project
    from scokg.remote.sparql import SparqlClient


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "links",
        help="check links to open datasets, or suggest new ones",
        description="Work with data/links.sssom.tsv, the curated links to Wikidata, "
        "GeoNames, UNBIS and EuroVoc.",
    )
    sub = parser.add_subparsers(dest="links_command", metavar="ACTION", required=True)

    check = sub.add_parser(
        "check",
        help="ask the target's SPARQL endpoint whether each linked IRI exists",
        description="Report each link as ok, missing, label-differs or "
        "redirected-or-deprecated. Exit 0 when no link is missing, redirected or "
        "deprecated (label differences are warnings unless --strict), 1 otherwise, "
        "3 when the endpoint cannot be reached.",
    )
    _endpoint_options(check)
    check.add_argument(
        "--strict", action="store_true", help="also exit 1 when a target's label differs"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=run_check)

    suggest = sub.add_parser(
        "suggest",
        help="propose links for unlinked entities and topics (printed, never written)",
        description="Search the target endpoint for labels equal (ignoring case) to the "
        "names of our entities and topics that have no link yet, and print candidate "
        "SSSOM rows (semapv:LexicalMatching) for a curator to review.",
    )
    _endpoint_options(suggest)
    suggest.set_defaults(func=run_suggest)


def _endpoint_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--target",
        choices=sorted(vocab.LINK_TARGETS),
        default="wikidata",
        help="which linked dataset to work on (default wikidata)",
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="SPARQL endpoint of the target (default: its public endpoint, e.g. "
        "https://query.wikidata.org/sparql); if it asks for a login, it gets the one in "
        "$SCOKG_USER/$SCOKG_PASSWORD or netrc",
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=60.0,
        help="total seconds one request may take (default 60)",
    )
    parser.add_argument(
        "--retries", type=int, default=3, help="retries after HTTP 429/503 (default 3)"
    )


def _client(args: argparse.Namespace) -> SparqlClient:
    """The polite client for the target's endpoint; credentials only for one the user named."""
    import dataclasses

    from scokg.errors import UsageError
    from scokg.remote.http import find_credentials
    from scokg.remote.public import POLITE_RETRY, PUBLIC_ENDPOINTS, polite_client

    endpoint = args.endpoint or PUBLIC_ENDPOINTS.get(args.target)
    if endpoint is None:
        raise UsageError(
            f"no public SPARQL endpoint is known for {args.target}",
            hint="pass --endpoint URL",
        )
    if args.retries < 0 or args.timeout <= 0:
        raise UsageError("--retries must be >= 0 and --timeout > 0")
    return polite_client(
        endpoint,
        timeout=args.timeout,
        retry=dataclasses.replace(POLITE_RETRY, retries=args.retries),
        credentials=find_credentials(endpoint) if args.endpoint else None,
    )


def _mapping_set(args: argparse.Namespace, *, required: bool) -> tuple[Project, MappingSet | None]:
    from scokg.errors import UsageError
    from scokg.links.sssom import read_sssom
    from scokg.project import LINKS_FILE

    project = project_from_args(args)
    path = project.data_dir / LINKS_FILE
    if not path.is_file():
        if required:
            raise UsageError(f"there is no {path}", hint="create data/links.sssom.tsv first")
        return project, None
    return project, read_sssom(path)


def run_check(args: argparse.Namespace) -> int:
    from scokg.errors import DataError
    from scokg.links.check import check_links
    from scokg.output.terminal import safe

    _project, mapping_set = _mapping_set(args, required=True)
    assert mapping_set is not None  # required=True raised otherwise
    report = check_links(mapping_set, _client(args), target=args.target)
    if args.format == "json":
        from scokg.output import write_json

        write_json(report, sys.stdout)
    else:
        for result in report.results:
            m = result.mapping
            line = (
                f"{result.status.value:<24} {mapping_set.compact(m.subject_id)} "
                f"{mapping_set.compact(m.predicate_id)} {mapping_set.compact(m.object_id)}"
            )
            if result.detail:
                line += f"  ({result.detail})"
            print(safe(line))
        counts = ", ".join(f"{n} {status}" for status, n in report.counts().items())
        print(
            safe(
                f"{len(report.results)} {args.target} link(s) checked against "
                f"{report.endpoint} in {report.requests} request(s): {counts}"
            )
        )
    failing = report.broken
    if args.strict:
        failing = [r for r in report.results if r.status.value != "ok"]
    if failing:
        first = failing[0].mapping
        raise DataError(
            f"{len(failing)} link(s) need a curator: {failing[0].status.value} first",
            file=mapping_set.path,
            line=first.line,
            hint="fix or remove the rows listed above in data/links.sssom.tsv",
        )
    return 0


def run_suggest(args: argparse.Namespace) -> int:
    from scokg.links.suggest import candidates_tsv, suggest_links
    from scokg.parsing import load_store

    project, mapping_set = _mapping_set(args, required=False)
    store = load_store(project)
    candidates = suggest_links(store, mapping_set, _client(args), target=args.target)
    from scokg.output.terminal import for_terminal

    # TSV rows are data (exact in a file); on a terminal their control characters are escaped.
    for_terminal(sys.stdout).write(candidates_tsv(candidates, mapping_set))
    print(
        f"{len(candidates)} candidate(s); review each before adding it to "
        "data/links.sssom.tsv (set mapping_justification to semapv:ManualMappingCuration "
        "once confirmed in two sources)",
        file=sys.stderr,
    )
    return 0
