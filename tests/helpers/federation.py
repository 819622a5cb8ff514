"""Point the ``SERVICE`` clauses of a federated query at another endpoint.

Bundled federated queries name the public endpoint (``SERVICE
<https://query.wikidata.org/sparql>``). A mirror, a local copy or a test server can stand in
for it by rewriting that IRI; only ``SERVICE`` clauses change, never data IRIs.
"""

from __future__ import annotations

import re

from scokg.errors import UsageError

_SERVICE_RE = re.compile(r"(\bSERVICE\s+(?:SILENT\s+)?)<([^<>\s]*)>", re.IGNORECASE)


def service_endpoints(query: str) -> list[str]:
    """The endpoint IRIs named by the query's SERVICE clauses, in order of appearance."""
    return [match.group(2) for match in _SERVICE_RE.finditer(query)]


def rewrite_service(query: str, endpoints: dict[str, str]) -> str:
    """Replace ``SERVICE <old>`` by ``SERVICE <new>`` for each ``old -> new`` given."""
    for new in endpoints.values():
        if not re.fullmatch(r"https?://[^<>\"{}|^`\\\s]+", new):
            raise UsageError(
                f"{new!r} is not an http(s) endpoint URL",
                hint="give the full URL of a SPARQL endpoint, e.g. http://127.0.0.1:7878/query",
            )

    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}<{endpoints.get(match.group(2), match.group(2))}>"

    return _SERVICE_RE.sub(replace, query)
