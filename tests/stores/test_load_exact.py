"""`scokg load` sends the terms the files hold and says when a store gives back others.

Regression tests for issue 13, item 2: `load` used to re-read the triples from a
canonicalising pyoxigraph Store ("07"^^xsd:byte sent as "7"^^xsd:integer) and then print
"counts verified". Real Oxigraph and Virtuoso servers are started on 127.0.0.1.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph
import pytest

from helpers.stores import graph_counts
from helpers.virtuoso import VirtuosoServer, virtuoso_installed
from scokg.errors import EndpointError
from scokg.project import Project
from scokg.remote.http import Credentials
from scokg.stores.exact import compare
from scokg.stores.oxigraph_server import OxigraphServer
from scokg.stores.upload import load_project, plan_project, temp_graph

pytestmark = pytest.mark.server

Run = Callable[..., subprocess.CompletedProcess[str]]
G = "https://w3id.org/scokg/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/"

# The literals the issue lists, each as its file writes it (a different term from the
# canonical form of its value under RDF 1.1).
ISSUE_LITERALS = {
    "byte": ('"07"', "byte"),
    "decimal": ('"2.50"', "decimal"),
    "boolean": ('"1"', "boolean"),
    "nni": ('"05"', "nonNegativeInteger"),
    "ulong": ('"05"', "unsignedLong"),
}
# Terms both stores keep exactly.
KEPT = (
    f"@prefix ex: <{EX}> .\n"
    'ex:k ex:text "a\\u2028b\\u0085c\\r\\nd" ; ex:lang "x"@en-gb ; ex:astral "\\U0001F600" ;\n'
    f'  ex:iri <{EX}caf\u00e9%20x> ; ex:quote """say \\"\\"\\" here""" ; ex:b [ ex:n "n" ] .\n'
)


def issue_file() -> str:
    lines = [f"@prefix xsd: <{XSD}> .", f"@prefix ex: <{EX}> ."]
    for name, (lexical, datatype) in ISSUE_LITERALS.items():
        lines.append(f"ex:s ex:{name} {lexical}^^xsd:{datatype} .")
    return "\n".join(lines) + "\n"


@pytest.fixture
def no_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SCOKG_USER", raising=False)
    monkeypatch.delenv("SCOKG_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    with OxigraphServer(location=tmp_path / "store") as running:
        yield running


def test_the_plan_holds_the_terms_the_files_write(tmp_project: Path) -> None:
    (tmp_project / "data" / "typed.ttl").write_text(issue_file())
    plans = {p.graph: p for p in plan_project(Project.discover(tmp_project), 100)}

    body = b"".join(b.body for b in plans[G + "typed"].batches).decode("utf-8")
    for lexical, datatype in ISSUE_LITERALS.values():
        assert f"{lexical}^^<{XSD}{datatype}>" in body
    assert "XMLSchema#integer" not in body and '"true"' not in body and '"2.5"' not in body


def test_two_files_of_one_graph_keep_their_own_blank_nodes(tmp_project: Path) -> None:
    # documents/x.ttl and sources/x.meta.ttl share a graph; both say _:b.
    for rel in ("data/documents/x.ttl", "data/sources/x.meta.ttl"):
        path = tmp_project / rel
        path.write_text(path.read_text() + f'_:b <{EX}from> "{rel}" .\n')
    plan = {p.graph: p for p in plan_project(Project.discover(tmp_project), 100)}[G + "document/x"]

    subjects = {t.subject for t in plan.sent if t.predicate.value == EX + "from"}
    assert len(subjects) == 2 and all(isinstance(s, pyoxigraph.BlankNode) for s in subjects)


def test_exact_terms_are_verified_with_both_methods(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    (tmp_project / "data" / "kept.ttl").write_text(KEPT)
    project = Project.discover(tmp_project)
    for method in ("bulk", "gsp", "update"):
        report = load_project(project, server.base_url, method=method, batch_size=2)
        assert report.exact and report.method == method
        kept = {g.graph: g for g in report.graphs}[G + "kept"]
        assert kept.exact is True and kept.changes == [] and kept.found == 7
        assert len(kept.sha256) == 64


@pytest.mark.parametrize("method", ["bulk", "gsp", "update"])
@pytest.mark.parametrize("name", list(ISSUE_LITERALS))
def test_oxigraph_rewriting_a_literal_fails_the_load_and_keeps_the_old_graph(
    name: str, method: str, tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    project = Project.discover(tmp_project)
    typed = tmp_project / "data" / "typed.ttl"
    typed.write_text(f'@prefix ex: <{EX}> .\nex:s ex:old "old" .\n')
    load_project(project, server.base_url, method=method)
    lexical, datatype = ISSUE_LITERALS[name]
    typed.write_text(f"@prefix ex: <{EX}> .\nex:s ex:{name} {lexical}^^<{XSD}{datatype}> .\n")

    with pytest.raises(EndpointError) as caught:
        load_project(project, server.base_url, method=method)

    message = str(caught.value)
    assert f"{lexical}^^<{XSD}{datatype}> came back as" in message
    assert "previous version was kept" in message
    assert "--accept-store-changes" in (caught.value.hint or "")
    counts = graph_counts(server)
    assert counts[G + "typed"] == 1 and temp_graph(G + "typed") not in counts


def test_cli_names_every_changed_term_and_never_says_verified(
    tmp_project: Path, server: OxigraphServer, run_cli: Run
) -> None:
    (tmp_project / "data" / "typed.ttl").write_text(issue_file())
    data = ("--data", str(tmp_project), "load", "--endpoint", server.base_url)

    refused = run_cli(*data)
    accepted = run_cli(*data, "--accept-store-changes")
    as_json = run_cli(*data, "--accept-store-changes", "--format", "json", "--method", "update")

    assert refused.returncode == 3 and refused.stdout == ""
    assert refused.stderr.startswith("scokg: error: the store changed 5 term(s) of " + G + "typed")
    assert "Traceback" not in refused.stderr
    assert accepted.returncode == 0, accepted.stderr
    warnings = [line for line in accepted.stderr.splitlines() if "scokg: warning:" in line]
    assert len(warnings) == 5
    for lexical, datatype in ISSUE_LITERALS.values():
        assert any(f"{lexical}^^<{XSD}{datatype}> came back as" in w for w in warnings)
    last = accepted.stdout.splitlines()[-1]
    assert "NOT term-exact" in last and "verified" not in accepted.stdout
    report = json.loads(as_json.stdout)
    assert report["exact"] is False
    typed = next(g for g in report["graphs"] if g["graph"] == G + "typed")
    assert typed["exact"] is False and len(typed["changes"]) == 5


def test_cli_says_term_exact_when_it_is(
    tmp_project: Path, server: OxigraphServer, run_cli: Run
) -> None:
    (tmp_project / "data" / "kept.ttl").write_text(KEPT)
    result = run_cli("--data", str(tmp_project), "load", "--endpoint", server.base_url)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("(every term read back as sent)")


def test_compare_sees_blank_node_renaming_as_equal_and_a_changed_term_as_change() -> None:
    p = pyoxigraph.NamedNode(EX + "p")
    a, b = pyoxigraph.BlankNode("a"), pyoxigraph.BlankNode("zz")
    two = pyoxigraph.Literal("02", datatype=pyoxigraph.NamedNode(XSD + "integer"))
    sent = [pyoxigraph.Triple(a, p, two), pyoxigraph.Triple(p, p, a)]

    renamed = compare(sent, [pyoxigraph.Triple(b, p, two), pyoxigraph.Triple(p, p, b)])
    changed = compare(
        sent, [pyoxigraph.Triple(b, p, pyoxigraph.Literal("2", datatype=two.datatype))]
    )

    assert renamed.exact and renamed.changes == []
    assert not changed.exact and changed.changes and changed.found == 1


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[VirtuosoServer]:
    if not virtuoso_installed():
        pytest.skip("Virtuoso is not installed (virtuoso-t, isql-vt); run scripts/ci-install")
    with VirtuosoServer() as server:
        yield server


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_virtuoso_is_checked_the_same_way(
    method: str, tmp_project: Path, virtuoso: VirtuosoServer
) -> None:
    credentials = Credentials("dba", virtuoso.password)
    (tmp_project / "data" / "kept.ttl").write_text(KEPT)
    project = Project.discover(tmp_project)
    report = load_project(project, virtuoso.sparql_auth_url, method=method, credentials=credentials)
    assert report.exact

    (tmp_project / "data" / "typed.ttl").write_text(issue_file())
    with pytest.raises(EndpointError, match=r'"2\.50"\^\^<[^>]+decimal> came back as "2\.5"'):
        load_project(project, virtuoso.sparql_auth_url, method=method, credentials=credentials)
    report = load_project(
        project,
        virtuoso.sparql_auth_url,
        method=method,
        credentials=credentials,
        accept_changes=True,
    )
    typed = {g.graph: g for g in report.graphs}[G + "typed"]
    assert typed.exact is False and len(typed.changes) == 5


def test_bulk_load_with_one_changed_graph_replaces_no_graph(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    """The dataset-level path verifies every graph before one update replaces them all: a
    term rewritten in one graph leaves every graph (even those sorted before it) as it was,
    and no temporary graph behind."""
    project = Project.discover(tmp_project)
    load_project(project, server.base_url, method="bulk")
    before = graph_counts(server)
    entities = tmp_project / "data" / "entities.ttl"
    entities.write_text(entities.read_text() + f'<{EX}new> <{EX}p> "new" .\n')
    (tmp_project / "data" / "zz-typed.ttl").write_text(issue_file())
    order = [plan.graph for plan in plan_project(project, 1000)]
    assert order.index(G + "entities") < order.index(G + "zz-typed")

    with pytest.raises(EndpointError) as caught:
        load_project(project, server.base_url)

    message = str(caught.value)
    assert f"of {G}zz-typed" in message and "no graph was replaced" in message
    assert "previous version was kept" in message
    assert graph_counts(server) == before  # entities not replaced, no temporary graph left


def test_a_failed_load_names_the_graphs_it_already_replaced(
    tmp_project: Path, server: OxigraphServer, no_credentials: None
) -> None:
    """Each graph is replaced atomically but the load goes graph by graph: when one graph
    fails, the message names the graphs this run already replaced and those that kept their
    previous version, instead of suggesting that nothing changed."""
    project = Project.discover(tmp_project)
    (tmp_project / "data" / "zz-typed.ttl").write_text(issue_file())
    order = [plan.graph for plan in plan_project(project, 1000)]  # the order load uses
    failing = G + "zz-typed"
    assert order.index(failing) > 0

    with pytest.raises(EndpointError) as caught:
        load_project(project, server.base_url, method="gsp")

    message = str(caught.value)
    before = order[: order.index(failing)]
    assert f"already replaced {len(before)} graph(s)" in message, message
    assert all(f"<{graph}>" in message.split("keep their previous version")[0] for graph in before)
    assert f"<{failing}>" in message.split("keep their previous version")[1]
