"""Point the ``SERVICE`` clauses of a federated query at another endpoint.

Bundled federated queries name the public endpoint (``SERVICE
<https://query.wikidata.org/sparql>``). A mirror, a local copy or a test server can stand in
for it by rewriting that IRI; only ``SERVICE`` clauses change, never data IRIs. Where the
clauses are is read by :func:`scokg.queries.syntax.outline`, the lexer the query policy uses.
"""

from __future__ import annotations

import re

from scokg.errors import UsageError
from scokg.queries.syntax import outline


def service_endpoints(query: str) -> list[str]:
    """The endpoint IRIs named by the query's SERVICE clauses, in order of appearance."""
    return [service.target for service in outline(query).services]


def rewrite_service(query: str, endpoints: dict[str, str]) -> str:
    """Replace ``SERVICE <old>`` by ``SERVICE <new>`` for each ``old -> new`` given."""
    for new in endpoints.values():
        if not re.fullmatch(r"https?://[^<>\"{}|^`\\\s]+", new):
            raise UsageError(
                f"{new!r} is not an http(s) endpoint URL",
                hint="give the full URL of a SPARQL endpoint, e.g. http://127.0.0.1:7878/query",
            )
    out, last = [], 0
    for service in outline(query).services:
        if service.target in endpoints:
            out += [query[last : service.start], f"<{endpoints[service.target]}>"]
            last = service.end
    return "".join(out) + query[last:]
