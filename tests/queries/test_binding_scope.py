"""Parameters are bound where their variable is in scope (issue 13, item 6).

A VALUES clause at the start of the outer WHERE group does not reach a variable that
occurs only inside a sub-SELECT (SPARQL 1.1 §18.2.1): before, such a parameter was
accepted and ignored (all rows, exit 0). The oracle here is substitution: binding ?o to a
term must answer like the query with that term written in place of ?o where it is bound.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest

from scokg.errors import UsageError
from scokg.queries.binding import bind, scopes

Run = Callable[..., subprocess.CompletedProcess[str]]
A = pyoxigraph.NamedNode("http://x/a")
P = "http://x/p"


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for subject in ("a", "b", "c"):
        for value in ("1", "2"):
            store.add(
                pyoxigraph.Quad(
                    pyoxigraph.NamedNode("http://x/" + subject),
                    pyoxigraph.NamedNode(P),
                    pyoxigraph.Literal(subject + value),
                )
            )
    return store


def answer(store: pyoxigraph.Store, query: str) -> Counter[tuple[str, ...]]:
    result = store.query(query)
    assert isinstance(result, pyoxigraph.QuerySolutions), query
    names = list(result.variables)
    return Counter(tuple(str(row[v]) for v in names) for row in result)


# (query with ?o, the same query with <http://x/a> written where ?o is bound)
CASES = {
    "only in a sub-SELECT (aggregate)": (
        "SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?o <http://x/p> ?v } } }",
        "SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { <http://x/a> <http://x/p> ?v } } }",
    ),
    "only in a sub-SELECT, the outer uses other variables": (
        "SELECT ?v WHERE { ?s <http://x/p> ?v . { SELECT ?s WHERE { ?s <http://x/p> ?w . "
        "?o <http://x/p> ?w } } }",
        "SELECT ?v WHERE { ?s <http://x/p> ?v . { SELECT ?s WHERE { ?s <http://x/p> ?w . "
        "<http://x/a> <http://x/p> ?w } } }",
    ),
    "projected by the sub-SELECT": (
        "SELECT ?o ?v WHERE { { SELECT ?o ?v WHERE { ?o <http://x/p> ?v } } }",
        "SELECT ?v WHERE { { SELECT ?v WHERE { <http://x/a> <http://x/p> ?v } } }",
    ),
    "projected by SELECT *": (
        "SELECT ?v WHERE { { SELECT * WHERE { ?o <http://x/p> ?v } } }",
        "SELECT ?v WHERE { { SELECT * WHERE { <http://x/a> <http://x/p> ?v } } }",
    ),
    "two sub-SELECTs, neither projects it": (
        "SELECT ?n ?m WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?o <http://x/p> ?v } } "
        "{ SELECT (MAX(?w) AS ?m) WHERE { ?o <http://x/p> ?w } } }",
        "SELECT ?n ?m WHERE { { SELECT (COUNT(*) AS ?n) WHERE { <http://x/a> <http://x/p> ?v } } "
        "{ SELECT (MAX(?w) AS ?m) WHERE { <http://x/a> <http://x/p> ?w } } }",
    ),
    "two levels down": (
        "SELECT ?n WHERE { { SELECT ?n WHERE { { SELECT (COUNT(?v) AS ?n) "
        "WHERE { ?o <http://x/p> ?v } } } } }",
        "SELECT ?n WHERE { { SELECT ?n WHERE { { SELECT (COUNT(?v) AS ?n) "
        "WHERE { <http://x/a> <http://x/p> ?v } } } } }",
    ),
    "WHERE group that is itself a sub-SELECT": (
        "SELECT ?v WHERE { SELECT ?o ?v WHERE { ?o <http://x/p> ?v } }",
        "SELECT ?v WHERE { SELECT ?v WHERE { <http://x/a> <http://x/p> ?v } }",
    ),
    "in the outer group and in a sub-SELECT that does not project it": (
        # The outer ?o is the parameter; the inner one is another variable (counts all).
        "SELECT ?v ?n WHERE { ?o <http://x/p> ?v { SELECT (COUNT(?o) AS ?n) "
        "WHERE { ?o <http://x/p> ?w } } }",
        "SELECT ?v ?n WHERE { <http://x/a> <http://x/p> ?v { SELECT (COUNT(?o) AS ?n) "
        "WHERE { ?o <http://x/p> ?w } } }",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_binding_answers_like_substitution(name: str, store: pyoxigraph.Store) -> None:
    query, substituted = CASES[name]

    bound = bind(query, {"o": A})
    got = answer(store, bound)

    assert got != answer(store, query), "the parameter changed nothing"
    if "?o ?v" in query.split("WHERE")[0]:  # ?o projected: drop its column to compare
        got = Counter({row[1:]: n for row, n in got.items()})
    assert got == answer(store, substituted), bound


def test_the_sub_select_scope_is_where_the_clause_goes() -> None:
    query = CASES["only in a sub-SELECT (aggregate)"][0]

    bound = bind(query, {"o": A})

    inner = bound.index("{ SELECT")
    assert bound.index("VALUES ?o") > inner  # inside the sub-SELECT, not the outer group


def test_scopes_read_projection_and_own_variables() -> None:
    root = scopes("SELECT ?x WHERE { ?x ?p ?y { SELECT ?y (COUNT(?z) AS ?n) WHERE { ?y ?q ?z } } }")

    (child,) = root.children
    assert root.own == {"x", "p", "y"}
    assert child.projected == {"y", "n"} and child.own == {"y", "q", "z"}
    assert root.visible() == {"x", "p", "y", "n"}


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (COUNT(?s) AS ?o) WHERE { ?s ?p ?v }",  # only the name of an aggregate
        "CONSTRUCT { ?s <http://x/q> ?o } WHERE { ?s ?p ?v }",  # only in the template
    ],
)
def test_a_variable_no_pattern_binds_is_refused_by_name(query: str) -> None:
    with pytest.raises(UsageError, match=r"\?o is not bound by any pattern"):
        bind(query, {"o": A})


def test_cli_refuses_with_exit_2_naming_the_variable(tmp_project: Path, run_cli: Run) -> None:
    query = "SELECT (COUNT(?s) AS ?o) WHERE { ?s ?p ?v }"
    result = run_cli(
        "--data", str(tmp_project), "query", "-e", query, "-p", "o=https://example.org/a"
    )

    assert result.returncode == 2
    assert result.stderr.startswith("scokg: error: ?o is not bound by any pattern")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_cli_binds_a_sub_select_parameter(tmp_project: Path, run_cli: Run) -> None:
    query = "SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?o a ?class } } }"
    org = "https://w3id.org/scokg/id/org-a"
    unbound = run_cli("--data", str(tmp_project), "query", "-e", query, "--format", "csv")
    bound = run_cli(
        "--data", str(tmp_project), "query", "-e", query, "-p", f"o={org}", "--format", "csv"
    )

    assert unbound.returncode == 0 and bound.returncode == 0, bound.stderr
    assert unbound.stdout.split() == ["n", "5"]  # 2 organisations, 2 classes, 1 document
    assert bound.stdout.split() == ["n", "1"]
