"""How scokg talks to public SPARQL endpoints (Wikidata Query Service and the like).

Public endpoints ask clients to say who they are (User-Agent), to keep requests few, and to
back off when told to (HTTP 429/503, ``Retry-After``). That is a configuration of the one
client (:class:`~scokg.remote.sparql.SparqlClient` over :class:`~scokg.remote.http.HttpClient`),
used by ``scokg links``; its errors read exactly as those of ``load`` and ``query``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scokg import __version__
from scokg.remote.http import Credentials, HttpClient, RetryPolicy
from scokg.remote.sparql import SparqlClient

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"

# Public SPARQL endpoint per link target; targets without one need --endpoint.
PUBLIC_ENDPOINTS: dict[str, str] = {
    "wikidata": WIKIDATA_SPARQL,
    "dbpedia": "https://dbpedia.org/sparql",
    "eurovoc": "https://publications.europa.eu/webapi/rdf/sparql",
}

USER_AGENT = (
    f"scokg/{__version__} (https://w3id.org/scokg; link checker for the scokg knowledge graph)"
)

# Three retries after 429/503, waiting Retry-After or 2, 4, 8 s (at most 60 s each).
POLITE_RETRY = RetryPolicy(retries=3, backoff=2.0, max_wait=60.0)


def polite_client(
    endpoint: str,
    *,
    timeout: float = 60.0,
    retry: RetryPolicy = POLITE_RETRY,
    credentials: Credentials | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SparqlClient:
    """A SPARQL client for a public endpoint: our User-Agent, backed-off retries.

    ``timeout`` is in seconds per request. ``credentials`` are offered only if the server
    asks (a 401 challenge); public endpoints never do.
    """
    http = HttpClient(credentials, timeout=timeout, retry=retry, user_agent=USER_AGENT, sleep=sleep)
    return SparqlClient(endpoint, http=http)
