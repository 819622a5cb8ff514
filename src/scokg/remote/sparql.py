"""SPARQL 1.1 Protocol requests (query and update) through SPARQLWrapper.

SPARQLWrapper builds the protocol requests (parameters, Accept headers, update detection);
sending goes through our :class:`~scokg.remote.http.HttpClient` so that credentials, digest
auth, timeouts and error messages behave the same as for Graph Store uploads. (SPARQLWrapper's
own digest support installs a process-wide urllib opener, which we avoid.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scokg.errors import EndpointError
from scokg.remote.endpoints import check_http_url
from scokg.remote.http import HttpClient, Response, redact_url

if TYPE_CHECKING:
    from SPARQLWrapper import SPARQLWrapper

# Accept headers: the formats pyoxigraph parses, most compact first.
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
JSON_RESULTS = "application/sparql-results+json"

# One row of SPARQL 1.1 JSON results: variable -> {"type": ..., "value": ..., ...}.
JsonRow = dict[str, dict[str, str]]


def _wrapper_class() -> type[SPARQLWrapper]:
    """SPARQLWrapper subclass whose requests are sent by an HttpClient (imported lazily)."""
    from SPARQLWrapper import SPARQLWrapper

    class _Wrapper(SPARQLWrapper):
        http: HttpClient
        last: Response | None = None

        def _query(self) -> tuple[Any, str]:
            self.last = self.http.open(self._createRequest())
            return self.last, self.returnFormat

    return _Wrapper


class SparqlClient:
    """Sends queries and updates to one store, with a fixed dataset for queries.

    ``http`` carries credentials, timeout, retries and User-Agent (default: none of them
    but the 60 s timeout). A URL that is not http(s) raises
    :class:`~scokg.errors.UsageError`; failures raise :class:`~scokg.errors.EndpointError`.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        http: HttpClient | None = None,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> None:
        check_http_url(query_url)
        if update_url is not None:
            check_http_url(update_url)
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.http = http or HttpClient()
        self.default_graphs = list(default_graphs)
        self.named_graphs = list(named_graphs)

    @property
    def requests_sent(self) -> int:
        """HTTP requests sent so far by this client's HTTP client (retries included)."""
        return self.http.requests_sent

    def _wrapper(self, accept: str) -> Any:
        from SPARQLWrapper import POST, URLENCODED

        wrapper: Any = _wrapper_class()(self.query_url, updateEndpoint=self.update_url)
        wrapper.http = self.http
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        # Formats by Accept header only: the extra format=/output= parameters SPARQLWrapper
        # sends otherwise make Virtuoso answer 406 or turn an ASK into a table.
        wrapper.setOnlyConneg(True)
        wrapper.addCustomHttpHeader("Accept", accept)
        return wrapper

    def query(self, query: str, *, accept: str = RESULTS_ACCEPT) -> Response:
        """POST a query (form-encoded, so long queries fit) and return the raw answer.

        The dataset is given as protocol parameters: ``default-graph-uri`` for each default
        graph and ``named-graph-uri`` for each named graph, which override any FROM clause.
        """
        wrapper = self._wrapper(accept)
        wrapper.setQuery(query)
        for graph in self.default_graphs:
            wrapper.addDefaultGraph(graph)
        for graph in self.named_graphs:
            wrapper.addNamedGraph(graph)
        wrapper.query()
        assert wrapper.last is not None
        return wrapper.last

    def select(self, query: str) -> list[JsonRow]:
        """The solutions of a SELECT query, as the rows of SPARQL 1.1 JSON results."""
        response = self.query(query, accept=JSON_RESULTS)
        try:
            return list(json.loads(response.body)["results"]["bindings"])
        except (ValueError, KeyError, TypeError):
            raise EndpointError(
                f"{redact_url(self.query_url)} did not answer with SPARQL JSON results "
                f"({response.content_type})",
                hint="is this URL a SPARQL query endpoint?",
            ) from None

    def update(self, update: str) -> Response:
        """POST one SPARQL Update request (which stores run as one transaction)."""
        wrapper = self._wrapper("*/*")
        wrapper.setQuery(update)
        if not wrapper.isSparqlUpdateRequest():
            raise ValueError("not a SPARQL update")
        wrapper.query()
        assert wrapper.last is not None
        return wrapper.last
