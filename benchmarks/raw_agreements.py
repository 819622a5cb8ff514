"""Reference for the warm CLI: parse every Turtle file of a project into an in-memory
pyoxigraph store and run ``agreements-between`` (sco, unodc) bound; print CSV. Usage:
``python benchmarks/raw_agreements.py [PROJECT_ROOT]`` (the checkout by default)."""

import sys
from pathlib import Path

import pyoxigraph as ox

root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
store = ox.Store()
for path in [root / "ontology/scokg.ttl", *sorted((root / "data").rglob("*.ttl"))]:
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.as_uri()))
org = "https://w3id.org/scokg/id/organisation/"
text = (root / "queries/agreements-between.rq").read_text()
values = f"VALUES (?org1 ?org2) {{ (<{org}sco> <{org}unodc>) }}"
text = text.replace("WHERE {", "WHERE { " + values, 1)
rows = store.query(text, use_default_graph_as_union=True)
sys.stdout.buffer.write(rows.serialize(format=ox.QueryResultsFormat.CSV))
