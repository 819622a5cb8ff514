"""scokg.queries.policy.check_query: no update, no LOAD, SERVICE only to allowed hosts; and
comments, strings, IRIs and escapes can neither hide nor fake a keyword."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scokg.errors import UsageError
from scokg.queries.policy import check_query

FINE = [
    "SELECT * WHERE { ?s ?p ?o }",
    "# SERVICE <http://evil.example/> { }\nSELECT * WHERE { ?s ?p ?o }",
    'SELECT * WHERE { ?s ?p "SERVICE <http://evil.example/> { ?a ?b ?c }" }',
    "SELECT * WHERE { ?s ?p '''DROP ALL ; LOAD <http://evil.example/x>''' }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ex:DROP }",
    "SELECT ?insert ?delete ?load WHERE { ?insert ?delete ?load }",
    'ASK { ?s ?p "a \\" SERVICE <http://evil.example/> { } #" }',
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o < 3) }",
]
REFUSED = {
    "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }": "SERVICE",
    "SELECT * WHERE { SERVICE SILENT <http://evil.example/> { ?s ?p ?o } }": "SERVICE",
    "SELECT * WHERE { service<http://evil.example/>{ ?s ?p ?o } }": "SERVICE",
    "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }": (
        "evil.example"
    ),
    "BASE <http://evil.example/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }": (
        "evil.example"
    ),
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }": "variable",
    "SELECT * WHERE { \\u0053ERVICE <http://evil.example/> { ?s ?p ?o } }": "SERVICE",
    'SELECT * WHERE { ?s ?p "x" } # "\nSERVICE <http://evil.example/> { }': "SERVICE",
    "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }": "http",
    "DROP ALL": "updates (DROP)",
    "drop all": "updates (DROP)",
    "LOAD <http://evil.example/data.ttl>": "updates (LOAD)",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }": "updates (INSERT)",
    "DELETE WHERE { ?s ?p ?o }": "updates (DELETE)",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }": "updates (WITH)",
    "SELECT * WHERE { ?s ?p ?o } ; CLEAR ALL": "updates (CLEAR)",
}


@pytest.mark.parametrize("query", FINE)
def test_reading_queries_pass(query: str) -> None:
    check_query(query)


@pytest.mark.parametrize("query", sorted(REFUSED))
def test_refused(query: str) -> None:
    with pytest.raises(UsageError, match=REFUSED[query].replace("(", r"\(").replace(")", r"\)")):
        check_query(query)


def test_allow_listed_hosts_pass() -> None:
    query = "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }"
    check_query(query, allowed_service_hosts=["query.wikidata.org"])
    check_query(query, allowed_service_hosts=["QUERY.wikidata.org:443"])
    with pytest.raises(UsageError):
        check_query(query, allowed_service_hosts=["query.wikidata.org:8080"])
    with pytest.raises(UsageError):
        check_query(query, allowed_service_hosts=["wikidata.org"])  # no suffix matching


def test_update_and_load_need_both_permissions() -> None:
    check_query("DROP ALL", allow_update=True)
    with pytest.raises(UsageError, match="LOAD"):
        check_query("LOAD <http://evil.example/x>", allow_update=True)
    check_query(
        "LOAD <http://evil.example/x>", allow_update=True, allowed_service_hosts=["evil.example"]
    )


def test_message_names_the_line_and_the_flag() -> None:
    with pytest.raises(UsageError) as info:
        check_query("SELECT *\nWHERE {\n  SERVICE <http://evil.example/> { ?s ?p ?o }\n}")
    assert "(line 3)" in info.value.message
    assert info.value.hint == "if you trust it, add --allow-service evil.example"
    assert info.value.exit_code == 2


NOISE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n\r"), max_size=30)


@given(NOISE)
def test_anything_in_a_comment_or_string_is_harmless(noise: str) -> None:
    """Whatever follows '#' on its line, or sits in a long string, is not a keyword."""
    check_query(f"SELECT * WHERE {{ ?s ?p ?o }} # {noise} SERVICE <http://evil/> DROP ALL\n")
    if "'''" not in noise and not noise.endswith("\\"):
        check_query(f"SELECT * WHERE {{ ?s ?p '''{noise} SERVICE <http://evil/> {{}}''' }}")


@given(NOISE)
def test_service_after_any_comment_is_still_seen(noise: str) -> None:
    with pytest.raises(UsageError, match="SERVICE"):
        check_query(
            f"SELECT * WHERE {{ # {noise}\n SERVICE <http://evil.example/> {{ ?s ?p ?o }} }}"
        )
