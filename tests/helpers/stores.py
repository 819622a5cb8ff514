"""Reading a real SPARQL server's contents back over HTTP, for load tests."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from scokg.stores.oxigraph_server import OxigraphServer


def graph_counts(server: OxigraphServer) -> dict[str, int]:
    """Triples per named graph, read straight from the server over HTTP."""
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}
