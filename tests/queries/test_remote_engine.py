"""The remote engine answers like the embedded store, on Oxigraph and Virtuoso.

Each store is loaded with `scokg load` (as a user would), then the same queries run on the
embedded pyoxigraph store (union default graph) and through RemoteEngine; the answers must
be identical, duplicates included.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from helpers.virtuoso import VirtuosoServer, virtuoso_installed
from scokg.engines.remote import RemoteEngine, query_form
from scokg.engines.results import AskResult, GraphResult, Result, SelectResult
from scokg.errors import UsageError
from scokg.parsing import load_store
from scokg.project import Project
from scokg.remote.http import Credentials
from scokg.stores.oxigraph_server import OxigraphServer

pytestmark = pytest.mark.server

PREFIXES = """\
PREFIX scokg: <https://w3id.org/scokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

QUERIES: dict[str, str] = {
    "agreements-with-parties": PREFIXES
    + """SELECT ?agreement ?party ?name WHERE {
  ?agreement a scokg:Agreement ; scokg:party ?party .
  OPTIONAL { ?party skos:prefLabel ?name FILTER(lang(?name) = "en") }
} ORDER BY ?agreement ?party""",
    "meeting-participants": PREFIXES
    + """SELECT DISTINCT ?meeting ?date ?person ?place WHERE {
  ?meeting a scokg:Meeting ; scokg:participant ?person .
  OPTIONAL { ?meeting scokg:date ?date }
  OPTIONAL { ?meeting scokg:location ?place }
} ORDER BY ?meeting ?person""",
    "topic-ancestors": PREFIXES
    + """SELECT ?topic ?ancestor WHERE {
  ?topic a scokg:Topic ; skos:broader+ ?ancestor .
} ORDER BY ?topic ?ancestor""",
    "instances-per-class": PREFIXES
    + """SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class }
GROUP BY ?class ORDER BY ?class""",
    "triples-per-graph": """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }
GROUP BY ?g ORDER BY ?g""",
    "people-as-foaf": PREFIXES
    + """PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CONSTRUCT { ?p foaf:name ?name ; a foaf:Person }
WHERE { ?p a scokg:Person ; skos:prefLabel ?name }""",
    "has-meeting": PREFIXES + "ASK { ?m a scokg:Meeting ; scokg:participant ?p }",
    "has-no-meeting-place": PREFIXES + "ASK { ?m a scokg:Meeting ; scokg:location ?p }",
}


def embedded(store: pyoxigraph.Store, query: str) -> Result:
    answer = store.query(query, use_default_graph_as_union=True)
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return AskResult(bool(answer))
    if isinstance(answer, pyoxigraph.QueryTriples):
        return GraphResult(list(answer))
    variables = list(answer.variables)
    return SelectResult(
        [v.value for v in variables], [tuple(s[v] for v in variables) for s in answer]
    )


def comparable(result: Result) -> object:
    """Order-insensitive, duplicate-sensitive form of a result."""
    if isinstance(result, SelectResult):
        return result.variables, Counter(tuple(map(str, row)) for row in result.rows)
    if isinstance(result, GraphResult):
        return Counter(map(str, result.triples))
    return result.value


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.discover(None)


@pytest.fixture(scope="module")
def expected(project: Project) -> dict[str, Result]:
    store = load_store(project)
    answers = {name: embedded(store, query) for name, query in QUERIES.items()}
    # Guard against a vacuous comparison: the data must actually answer these.
    for name in ("agreements-with-parties", "meeting-participants", "topic-ancestors"):
        assert answers[name].rows, name  # type: ignore[union-attr]
    assert answers["people-as-foaf"].triples  # type: ignore[union-attr]
    assert answers["has-meeting"] == AskResult(True)
    assert answers["has-no-meeting-place"] == AskResult(False)
    return answers


def scokg_load(
    project: Project, endpoint: str, env: dict[str, str] | None = None, *, accept: bool = False
) -> None:
    """``scokg load``; ``accept`` for Oxigraph, which stores the project's
    ``xsd:nonNegativeInteger`` offsets as ``xsd:integer`` (see docs/reliability.md)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scokg",
            "--data",
            str(project.root),
            "load",
            "--endpoint",
            endpoint,
            *(["--accept-store-changes"] if accept else []),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def oxigraph(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OxigraphServer]:
    # A plain server: its default graph is empty, so the dataset must come from the engine.
    with OxigraphServer(location=tmp_path_factory.mktemp("oxigraph") / "store") as server:
        scokg_load(project, server.query_url, accept=True)
        yield server


@pytest.mark.parametrize("name", QUERIES)
def test_oxigraph_answers_like_embedded(
    name: str, project: Project, expected: dict[str, Result], oxigraph: OxigraphServer
) -> None:
    engine = RemoteEngine.for_project(project, oxigraph.query_url)

    assert comparable(engine.execute(QUERIES[name])) == comparable(expected[name])


def test_no_triple_is_stated_in_two_graphs(project: Project) -> None:
    """Stores disagree on whether such a triple is seen once or twice in the union
    (Oxigraph: twice, RDF merge: once), so the data keeps every triple in one graph and
    remote answers cannot depend on duplicates."""
    store = load_store(project)
    seen = Counter((q.subject, q.predicate, q.object) for q in store)

    assert [str(t) for t, n in seen.items() if n > 1] == []


def test_without_a_dataset_plain_oxigraph_sees_nothing(
    expected: dict[str, Result], oxigraph: OxigraphServer
) -> None:
    """Why the engine sends the dataset: the store's own default graph is empty."""
    bare = RemoteEngine(oxigraph.query_url)

    assert bare.execute(QUERIES["has-meeting"]) == AskResult(False)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "PREFIX x: <urn:x:>\nDELETE WHERE { ?s ?p ?o }",
        "# a comment first\nDROP ALL",
        "CLEAR GRAPH <https://w3id.org/scokg/graph/entities>",
    ],
)
def test_updates_are_refused_before_sending(
    update: str, project: Project, oxigraph: OxigraphServer, expected: dict[str, Result]
) -> None:
    engine = RemoteEngine.for_project(project, oxigraph.query_url)

    with pytest.raises(UsageError, match="refusing to send a SPARQL update"):
        engine.execute(update)
    counts = engine.execute(QUERIES["triples-per-graph"])
    assert comparable(counts) == comparable(expected["triples-per-graph"])


def test_query_form_and_syntax_errors() -> None:
    assert query_form("SELECT * { ?s ?p ?o }") == "select"
    assert query_form("ASK {}") == "ask"
    assert query_form("DESCRIBE <urn:x:a>") == "graph"
    with pytest.raises(UsageError, match="invalid SPARQL query"):
        query_form("SELECT * WHERE { ?s ?p }")


@pytest.fixture(scope="module")
def virtuoso(project: Project) -> Iterator[VirtuosoServer]:
    if not virtuoso_installed():
        pytest.skip("Virtuoso is not installed (virtuoso-t, isql-vt); run scripts/ci-install")
    with VirtuosoServer() as server:
        # Digest auth on /sparql-auth and /sparql-graph-crud-auth, credentials from the env.
        scokg_load(
            project,
            server.sparql_auth_url,
            env={"SCOKG_USER": "dba", "SCOKG_PASSWORD": server.password},
        )
        yield server


@pytest.mark.parametrize("name", QUERIES)
def test_virtuoso_answers_like_embedded(
    name: str, project: Project, expected: dict[str, Result], virtuoso: VirtuosoServer
) -> None:
    credentials = Credentials("dba", virtuoso.password)
    engine = RemoteEngine.for_project(project, virtuoso.sparql_auth_url, credentials=credentials)

    assert comparable(engine.execute(QUERIES[name])) == comparable(expected[name])


def test_virtuoso_reload_keeps_counts(
    project: Project, virtuoso: VirtuosoServer, expected: dict[str, Result]
) -> None:
    scokg_load(
        project,
        virtuoso.sparql_auth_url,
        env={"SCOKG_USER": "dba", "SCOKG_PASSWORD": virtuoso.password},
    )
    engine = RemoteEngine.for_project(project, virtuoso.sparql_url)  # anonymous read access

    counts = engine.execute(QUERIES["triples-per-graph"])
    assert comparable(counts) == comparable(expected["triples-per-graph"])


def test_virtuoso_rejects_a_wrong_password(
    project: Project, virtuoso: VirtuosoServer, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scokg", "load", "--endpoint", virtuoso.sparql_auth_url],
        capture_output=True,
        text=True,
        env={**os.environ, "SCOKG_USER": "dba", "SCOKG_PASSWORD": "not-the-password"},
        timeout=120,
    )

    assert result.returncode == 3
    assert ": 401 " in result.stderr.splitlines()[0]
    assert "not-the-password" not in result.stdout + result.stderr


# Valid queries that SPARQLWrapper's regex took for updates (and sent as `update=`, HTTP
# 400, exit 3): the form is now decided by pyoxigraph's parser and sent as `query=`.
MISREAD_AS_UPDATES = {
    "lower-case prefix with /download/": (
        "prefix dl: <http://example.org/download/>\n"
        "prefix scokg: <https://w3id.org/scokg/ontology#>\n"
        "SELECT ?m WHERE { ?m a scokg:Meeting } ORDER BY ?m"
    ),
    "comment after a PREFIX": (
        "PREFIX scokg: <https://w3id.org/scokg/ontology#> # INSERT DATA { } goes elsewhere\n"
        "SELECT ?m WHERE { ?m a scokg:Meeting } ORDER BY ?m"
    ),
    "update words in a string": (
        "PREFIX scokg: <https://w3id.org/scokg/ontology#>\n"
        'SELECT ?m ("DELETE WHERE { }" AS ?note) WHERE { ?m a scokg:Meeting } ORDER BY ?m'
    ),
    "construct with load in an IRI": (
        "PREFIX load: <http://example.org/load/>\nPREFIX scokg: <https://w3id.org/scokg/ontology#>\n"
        "CONSTRUCT { ?m a load:Thing } WHERE { ?m a scokg:Meeting }"
    ),
}


@pytest.mark.parametrize("name", MISREAD_AS_UPDATES)
def test_queries_that_look_like_updates_answer_like_embedded(
    name: str, project: Project, oxigraph: OxigraphServer
) -> None:
    query = MISREAD_AS_UPDATES[name]
    engine = RemoteEngine.for_project(project, oxigraph.query_url)
    answer = embedded(load_store(project), query)

    assert comparable(engine.execute(query)) == comparable(answer)
    assert comparable(answer) != comparable(GraphResult([]))  # not vacuous


def test_cli_sends_a_lower_case_download_prefix_as_a_query(
    project: Project, oxigraph: OxigraphServer
) -> None:
    query = MISREAD_AS_UPDATES["lower-case prefix with /download/"]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scokg",
            "query",
            "--endpoint",
            oxigraph.query_url,
            query,
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "m" and len(result.stdout.splitlines()) > 1
