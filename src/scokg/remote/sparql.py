"""SPARQL 1.1 Protocol requests (query and update), built here and sent by our HTTP client.

SPARQL 1.1 Protocol §2.1.2 (query via POST with URL-encoded parameters) and §2.2.1 (update
via POST with URL-encoded parameters): the body is ``query=...`` (plus one
``default-graph-uri``/``named-graph-uri`` per graph of the dataset) or ``update=...``; the
answer's format is asked for by the Accept header only (no ``format=`` parameter, which
makes Virtuoso answer 406). Whether a text is a query or an update is never guessed from the text
here: the caller says which by calling :meth:`SparqlClient.query` or
:meth:`SparqlClient.update`, and ``update`` refuses a text whose outline
(:func:`scokg.queries.syntax.outline`) has no update operation. Sending goes through
:class:`~scokg.remote.http.HttpClient`, so credentials, digest auth, timeouts and error
messages behave the same as for Graph Store uploads.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Sequence

from scokg.errors import EndpointError
from scokg.queries.syntax import outline
from scokg.remote.endpoints import check_http_url
from scokg.remote.http import HttpClient, Response, redact_url

# Accept headers: the formats pyoxigraph parses, most compact first.
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
JSON_RESULTS = "application/sparql-results+json"
FORM_TYPE = "application/x-www-form-urlencoded"

# One row of SPARQL 1.1 JSON results: variable -> {"type": ..., "value": ..., ...}.
JsonRow = dict[str, dict[str, str]]


def form_body(fields: Sequence[tuple[str, str]]) -> bytes:
    """``application/x-www-form-urlencoded`` body (UTF-8, spaces as ``+``)."""
    return urllib.parse.urlencode(list(fields), encoding="utf-8").encode("ascii")


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

    def query(self, query: str, *, accept: str = RESULTS_ACCEPT) -> Response:
        """POST a query (form-encoded, so long queries fit) and return the raw answer.

        The dataset is given as protocol parameters: ``default-graph-uri`` for each default
        graph and ``named-graph-uri`` for each named graph, which override any FROM clause.
        The text is sent as ``query=`` whatever it looks like: the caller decided it is a
        query (the remote engine by parsing it with pyoxigraph).
        """
        fields = [("query", query)]
        fields += [("default-graph-uri", g) for g in self.default_graphs]
        fields += [("named-graph-uri", g) for g in self.named_graphs]
        headers = {"Content-Type": FORM_TYPE, "Accept": accept}
        return self.http.send("POST", self.query_url, form_body(fields), headers)

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
        """POST one SPARQL Update request (which stores run as one transaction).

        Raises ValueError when ``update`` holds no update operation (a programming error:
        queries go through :meth:`query`).
        """
        if not outline(update).updates:
            raise ValueError("not a SPARQL update")
        headers = {"Content-Type": FORM_TYPE, "Accept": "*/*"}
        return self.http.send("POST", self.update_url, form_body([("update", update)]), headers)
