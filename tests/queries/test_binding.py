"""Parameters are bound as checked RDF terms in a VALUES clause: never as query text."""

from __future__ import annotations

import pyoxigraph
import pytest

from helpers.queries import bundled, embedded  # noqa: F401
from scokg.engines.results import SelectResult
from scokg.errors import UsageError
from scokg.queries.binding import bind, check_syntax, parse_param_args, resolve_params
from scokg.queries.catalog import Param, QueryFile, parse_header
from scokg.queries.resolve import Resolver, fold
from scokg.queries.run import prepare_query
from scokg.queries.syntax import outline

UNODC = pyoxigraph.NamedNode("https://w3id.org/scokg/id/organisation/unodc")


# --- where VALUES goes ------------------------------------------------------------------


def test_values_go_first_in_the_where_group() -> None:
    text = "SELECT ?o WHERE { ?o a ?t }"

    assert bind(text, {"o": UNODC}) == (
        "SELECT ?o WHERE { VALUES ?o { <https://w3id.org/scokg/id/organisation/unodc> }\n ?o a ?t }"
    )


@pytest.mark.parametrize(
    "text",
    [
        # braces and keywords inside comments, strings and IRIs do not count
        '# WHERE { in a comment\nSELECT ?o WHERE { ?o ?p ?v FILTER(?v != "a } WHERE {") }',
        "SELECT ?o WHERE { ?o ?p ?v FILTER(?p != <http://x/?q#WHERE>) }",
        "SELECT ?o WHERE { ?o ?p ?v FILTER(?v != '''multi\n} line''') }",
        # a sub-select has its own WHERE, deeper down
        "SELECT ?o WHERE { { SELECT ?o WHERE { ?o ?p ?v } } }",
        # CONSTRUCT: the template is not the pattern
        "CONSTRUCT { ?o ?p ?v } WHERE { ?o ?p ?v }",
        "CONSTRUCT { ?o ?p ?v } { ?o ?p ?v }",
        # CONSTRUCT WHERE takes only triples: VALUES goes at the end
        "CONSTRUCT WHERE { ?o ?p ?v }",
        "SELECT * { ?o ?p ?v } ORDER BY ?v LIMIT 3",
        "ASK { ?o ?p ?v }",
        "PREFIX x: <http://x/> SELECT (COUNT(*) AS ?n) WHERE { ?o x:p ?v } GROUP BY ?o",
    ],
)
def test_bound_text_parses_and_binds(text: str) -> None:
    store = pyoxigraph.Store()
    g = pyoxigraph.NamedNode("http://g/")
    other = pyoxigraph.NamedNode("http://other/")
    for s in (UNODC, other):
        store.add(
            pyoxigraph.Quad(s, pyoxigraph.NamedNode("http://x/p"), pyoxigraph.Literal("v"), g)
        )

    bound = bind(text, {"o": UNODC})
    answer = store.query(bound, use_default_graph_as_union=True)

    # Only UNODC's triple survives the binding.
    if isinstance(answer, pyoxigraph.QuerySolutions):
        rows = list(answer)
        assert rows and all(r["o"] in (UNODC, None) for r in rows)
    elif isinstance(answer, pyoxigraph.QueryTriples):
        assert {t.subject for t in answer} == {UNODC}
    else:
        assert bool(answer)


def test_outline_finds_variables_outside_strings() -> None:
    found = outline('SELECT ?a WHERE { ?a ?b "?notvar" . $c <http://x/?q> ?d } # ?e')

    assert found.variables == {"a", "b", "c", "d"}


def test_binding_an_unused_variable_is_refused() -> None:
    with pytest.raises(UsageError, match=r"does not use \?nope"):
        bind("SELECT ?o WHERE { ?o ?p ?v }", {"nope": UNODC})


# --- injection --------------------------------------------------------------------------

INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "<http://x> } UNION { ?s ?p ?o",
    "x' } UNION { ?s ?p ?o } #",
    'a"\nDELETE WHERE { ?s ?p ?o }',
    "\\u0022 } UNION { ?s ?p ?o",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_text_injection_is_bound_as_one_literal(value: str, bundled, embedded) -> None:  # noqa: F811
    before = len(embedded.store)
    prepared = prepare_query(bundled, "lookup", {"text": value}, Resolver(embedded))

    result = embedded.execute(prepared.text)

    assert prepared.bindings == {"text": pyoxigraph.Literal(value)}
    assert prepared.text.count("VALUES ?text") == 1
    # One term bound, and the rest of the query is exactly the bundled text.
    assert prepared.text.replace(f" VALUES ?text {{ {pyoxigraph.Literal(value)} }}\n", "") == (
        prepared.query.text
    )
    assert isinstance(result, SelectResult)
    assert all(r[0] is not None for r in result.rows)  # a lookup answer, not ?s ?p ?o
    assert len(embedded.store) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_resource_injection_is_rejected_or_matches_nothing(value: str, bundled, embedded) -> None:  # noqa: F811
    with pytest.raises(UsageError) as err:
        prepare_query(bundled, "agreements-between", {"org1": value}, Resolver(embedded))

    assert "org1=" in err.value.message
    assert "\n" not in err.value.message.replace(repr(value), "")


def test_injection_inside_an_iri_is_refused(bundled, embedded) -> None:  # noqa: F811
    value = "<http://x> } UNION { ?s ?p ?o <http://y>"

    with pytest.raises(UsageError, match="not a valid IRI"):
        prepare_query(bundled, "fact-sources", {"resource": value}, Resolver(embedded))


def test_literal_bound_where_an_iri_is_expected_changes_only_the_answer(embedded) -> None:  # noqa: F811
    text = "SELECT ?agreement WHERE { ?agreement <https://w3id.org/scokg/ontology#party> ?org }"

    bound = bind(text, {"org": pyoxigraph.Literal('x" } ; DROP ALL ; #')})
    result = embedded.execute(bound)

    assert isinstance(result, SelectResult) and result.rows == []
    unbound = embedded.execute(bind(text, {"org": UNODC}))
    assert isinstance(unbound, SelectResult) and len(unbound.rows) == 1


# --- resolution -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iri"),
    [
        ("unodc", "organisation/unodc"),
        ("UNODC", "organisation/unodc"),
        ("UN Office on Drugs and Crime", "organisation/unodc"),
        ("un office on drugs and crime", "organisation/unodc"),
        ("organisation:unodc", "organisation/unodc"),
        ("organisation/unodc", "organisation/unodc"),
        ("<https://w3id.org/scokg/id/organisation/unodc>", "organisation/unodc"),
        ("https://w3id.org/scokg/id/organisation/unodc", "organisation/unodc"),
        ("Norov", "person/vladimir-norov"),
        ("NÓROV", "person/vladimir-norov"),
        ("vladimir norov", "person/vladimir-norov"),
        ("sco", "organisation/sco"),
        ("SCO Secretariat", "organisation/sco-secretariat"),
    ],
)
def test_resolve(value: str, iri: str, embedded) -> None:  # noqa: F811
    node = Resolver(embedded).resolve(value, "org")

    assert node.value == "https://w3id.org/scokg/id/" + iri


def test_resolve_vocabulary_prefixed_name(embedded) -> None:  # noqa: F811
    assert Resolver(embedded).resolve("scokg:Meeting").value == (
        "https://w3id.org/scokg/ontology#Meeting"
    )


def test_resolve_nothing_names_the_parameter(embedded) -> None:  # noqa: F811
    with pytest.raises(UsageError) as err:
        Resolver(embedded).resolve("Atlantis", "org2")

    assert err.value.message == "org2='Atlantis' matches nothing in the graph"
    assert "lookup" in (err.value.hint or "")


def test_resolve_ambiguous_lists_the_candidates(tmp_project, tmp_path) -> None:
    from scokg.engines.embedded import EmbeddedEngine
    from scokg.project import Project

    (tmp_project / "data" / "twins.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<https://w3id.org/scokg/id/organisation/twin-a> skos:prefLabel "Twín"@en .\n'
        '<https://w3id.org/scokg/id/person/twin-b> skos:altLabel "twin"@en .\n',
        encoding="utf-8",
    )
    engine = EmbeddedEngine(Project.discover(tmp_project), cache_dir=tmp_path / "cache")

    with pytest.raises(UsageError) as err:
        Resolver(engine).resolve("TWIN", "org")

    message = err.value.message
    assert message.startswith("org='TWIN' is ambiguous: it matches ")
    assert "organisation:twin-a (Twín)" in message and "person:twin-b (twin)" in message
    # a slug is exact and wins over labels
    assert Resolver(engine).resolve("twin-a").value.endswith("/organisation/twin-a")


def test_fold() -> None:
    assert fold("  Nórov\u00a0ÉXÉCUTIVE ") == "norov executive"


# --- parameters -------------------------------------------------------------------------


def test_header_is_parsed() -> None:
    query = parse_header(
        "q",
        "# title: T\n# description: one\n# description: two\n"
        "# param: org1 organisation IRI or slug (default: sco)\n"
        "# param: day date of the event\nSELECT * WHERE { ?org1 ?p ?day }",
    )

    assert (query.title, query.description) == ("T", "one two")
    assert query.params == (
        Param("org1", "organisation IRI or slug", "sco"),
        Param("day", "date of the event", None),
    )
    assert [p.kind for p in query.params] == ["resource", "date"]


def test_unknown_parameter_lists_the_known_ones(bundled, embedded) -> None:  # noqa: F811
    with pytest.raises(UsageError) as err:
        prepare_query(bundled, "agreements-between", {"org3": "sco"}, Resolver(embedded))

    assert err.value.message == (
        "query 'agreements-between' has no parameter 'org3'; its parameters are org1, org2"
    )


def test_missing_parameter(bundled, embedded) -> None:  # noqa: F811
    with pytest.raises(UsageError) as err:
        prepare_query(bundled, "lookup", {}, Resolver(embedded))

    assert err.value.message.startswith("query 'lookup' needs parameter 'text'")
    assert err.value.hint == "add --param text=VALUE"


def test_bad_date() -> None:
    query = QueryFile("q", "SELECT * WHERE { ?h ?p ?date }", params=(Param("date", "date"),))

    with pytest.raises(UsageError, match="'3 March' is not a valid xsd:date; expected YYYY-MM-DD"):
        resolve_params(query, {"date": "3 March"}, None)


def test_ad_hoc_query_params_must_be_query_variables(bundled, embedded) -> None:  # noqa: F811
    text = "SELECT ?p ?o WHERE { ?thing ?p ?o }"

    prepared = prepare_query(bundled, text, {"thing": "vienna"}, Resolver(embedded))
    assert "VALUES ?thing { <https://w3id.org/scokg/id/place/vienna> }" in prepared.text
    with pytest.raises(UsageError, match="unknown parameter 'other'"):
        prepare_query(bundled, text, {"other": "vienna"}, Resolver(embedded))


@pytest.mark.parametrize("item", ["org1", "=sco", ""])
def test_param_syntax(item: str) -> None:
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse_param_args([item])


def test_param_value_may_contain_equals() -> None:
    assert parse_param_args(["text=a=b"]) == {"text": "a=b"}


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(UsageError) as err:
        check_syntax("SELECT ?x\nWHERE {\n  ?x ?y\n}")

    assert (err.value.line, err.value.column) == (4, 1)
    assert err.value.message.startswith("SPARQL syntax error at line 4, column 1:")


def test_syntax_error_position_skips_trailing_whitespace() -> None:
    with pytest.raises(UsageError) as err:
        check_syntax("SELECT ?x WHERE { ?x ?y ?z } GARBAGE\n\n")

    assert err.value.line == 1 and err.value.column is not None
    assert 30 <= err.value.column <= 36  # within the word GARBAGE


def test_updates_are_refused() -> None:
    with pytest.raises(UsageError, match="updates .DROP. are not allowed"):
        check_syntax("DROP ALL")
