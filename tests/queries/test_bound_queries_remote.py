"""The bound query text is plain SPARQL 1.1: a real oxigraph server over HTTP answers it
exactly as the embedded store does (what a remote engine will rely on)."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph
import pytest

from helpers.queries import bundled, embedded  # noqa: F401
from helpers.rdfshow import shown_rows
from scokg.engines.convert import from_oxigraph
from scokg.engines.results import GraphResult, Result
from scokg.queries.catalog import list_queries
from scokg.queries.resolve import Resolver
from scokg.queries.run import prepare_query
from scokg.stores.oxigraph_server import OxigraphServer

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(embedded) -> Iterator[OxigraphServer]:  # noqa: F811
    """An in-memory server, union default graph, loaded with the bundled dataset."""
    with OxigraphServer(union_default_graph=True) as running:
        quads = pyoxigraph.serialize(embedded.store, format=pyoxigraph.RdfFormat.N_QUADS)
        request = urllib.request.Request(
            running.store_url,
            data=quads,
            method="POST",
            headers={"Content-Type": "application/n-quads"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status in (200, 201, 204)
        yield running


def _remote(server: OxigraphServer, text: str) -> Result:
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(
        server.query_url,
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
        kind = response.headers.get_content_type()
    if kind == "application/n-triples":
        quads = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return GraphResult([quad.triple for quad in quads])
    return from_oxigraph(
        pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
    )


@pytest.mark.parametrize(
    "name", [q.name for q in list_queries() if "# requires: network" not in q.text]
)
def test_bound_query_same_over_http(name: str, server, bundled, embedded) -> None:  # noqa: F811
    params = {"text": "Nórov"} if name == "lookup" else {}
    text = prepare_query(bundled, name, params, Resolver(embedded)).text

    local, remote = embedded.execute(text), _remote(server, text)

    if isinstance(local, GraphResult):
        assert set(map(tuple, shown_rows(local))) == set(map(tuple, shown_rows(remote)))
    else:
        assert shown_rows(local) == shown_rows(remote)
