"""A polite SPARQL client for public endpoints (Wikidata Query Service and the like).

Public endpoints ask clients to say who they are (User-Agent), to keep requests few, and to
back off when told to (HTTP 429/503, ``Retry-After``). An endpoint that cannot be reached
raises :class:`EndpointError` (exit 3), so callers never mistake an outage for an answer.
"""

from __future__ import annotations

import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scokg import __version__
from scokg.errors import EndpointError

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"

# Default endpoint per link target; targets without a public SPARQL endpoint need --endpoint.
DEFAULT_ENDPOINTS: dict[str, str] = {
    "wikidata": WIKIDATA_SPARQL,
    "dbpedia": "https://dbpedia.org/sparql",
    "eurovoc": "https://publications.europa.eu/webapi/rdf/sparql",
}

USER_AGENT = (
    f"scokg/{__version__} (https://w3id.org/scokg; link checker for the scokg knowledge "
    "graph) SPARQLWrapper"
)

RETRY_STATUS = frozenset({429, 503})


@dataclass
class SparqlClient:
    """Runs SELECT queries on one endpoint with a timeout and bounded, backed-off retries.

    After a 429/503 it waits ``Retry-After`` seconds if the server says so (capped at
    ``max_wait``), otherwise ``backoff * 2**attempt``; after ``retries`` retries it gives up.
    """

    endpoint: str
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 60.0
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    requests_sent: int = field(default=0, init=False)

    def select(self, query: str) -> list[dict[str, dict[str, str]]]:
        """The bindings of a SELECT query, as SPARQL 1.1 JSON result rows."""
        result = self._run(query)
        try:
            return list(result["results"]["bindings"])
        except (KeyError, TypeError):
            raise EndpointError(
                f"{self.endpoint} did not return SPARQL JSON results",
                hint="is this URL a SPARQL query endpoint?",
            ) from None

    def _run(self, query: str) -> Any:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        wrapper = SPARQLWrapper(self.endpoint, agent=self.user_agent)
        wrapper.setQuery(query)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, self.timeout)))
        attempt = 0
        while True:
            self.requests_sent += 1
            try:
                return wrapper.query().convert()
            except urllib.error.HTTPError as exc:
                if exc.code in RETRY_STATUS and attempt < self.retries:
                    self.sleep(self._wait(exc, attempt))
                    attempt += 1
                    continue
                raise self._http_error(exc, attempt) from None
            except SPARQLWrapperException as exc:
                raise EndpointError(
                    f"{self.endpoint} rejected the query: {_first_line(str(exc))}",
                    hint="check the endpoint URL; a bug report is welcome if it persists",
                ) from None
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise EndpointError(
                    f"cannot reach the SPARQL endpoint {self.endpoint}: {reason}",
                    hint="check the URL and your network; nothing was concluded about the links",
                ) from None
            except ValueError as exc:  # a body that is not JSON
                raise EndpointError(
                    f"{self.endpoint} answered with something that is not SPARQL JSON: {exc}",
                    hint="is this URL a SPARQL query endpoint?",
                ) from None

    def _wait(self, exc: urllib.error.HTTPError, attempt: int) -> float:
        retry_after = exc.headers.get("Retry-After") if exc.headers else None
        if retry_after is not None:
            try:
                return min(max(float(retry_after), 0.0), self.max_wait)
            except ValueError:
                pass  # an HTTP date: fall back to our own backoff
        return min(self.backoff * 2**attempt, self.max_wait)

    def _http_error(self, exc: urllib.error.HTTPError, attempt: int) -> EndpointError:
        if exc.code in RETRY_STATUS:
            return EndpointError(
                f"{self.endpoint} is busy (HTTP {exc.code}) and still was after {attempt} retries",
                hint="try again later; public endpoints limit how often one client may ask",
            )
        return EndpointError(
            f"{self.endpoint} answered HTTP {exc.code} {exc.reason}",
            hint="check the endpoint URL",
        )


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unknown error"
