"""SSSOM negative mappings (predicate_modifier Not): kept, never asserted (issue 13, item 7).

Before, a row with ``predicate_modifier`` ``Not`` was loaded as a positive ``owl:sameAs``.
Fixtures: tests/data/sssom/negative.sssom.tsv (two links that hold, two rejected ones),
unknown-modifier.sssom.tsv, contradiction.sssom.tsv.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from scokg import vocab
from scokg.errors import DataError
from scokg.links.check import check_links
from scokg.links.rdf import NEGATED_PREDICATE, PREDICATE_MODIFIER, link_statement_iri, links_triples
from scokg.links.sssom import read_sssom
from scokg.parsing import load_store
from scokg.project import Project
from scokg.release.void import linksets
from scokg.remote.public import polite_client
from scokg.stores.oxigraph_server import OxigraphServer

DATA = Path(__file__).resolve().parents[1] / "data"
NEGATIVE = DATA / "sssom" / "negative.sssom.tsv"
WD = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"
SCO = "https://w3id.org/scokg/id/organisation/sco"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
Run = Callable[..., subprocess.CompletedProcess[str]]


def test_negative_rows_are_kept_apart_with_their_lines() -> None:
    mapping_set = read_sssom(NEGATIVE)

    assert [(m.object_id, m.line) for m in mapping_set.mappings] == [
        (WD + "Q485207", 9),
        (GEONAMES + "2761369", 12),
    ]
    assert [(m.object_id, m.line, m.negated) for m in mapping_set.negative] == [
        (WD + "Q7283", 10, True),
        (GEONAMES + "2761333", 11, True),
    ]


def test_a_negative_mapping_is_a_statement_with_the_sssom_modifier_never_a_link() -> None:
    triples = set(links_triples(NEGATIVE))
    rejected = read_sssom(NEGATIVE).negative[0]
    statement = ox.NamedNode(link_statement_iri(rejected))

    assert ox.Triple(ox.NamedNode(SCO), ox.NamedNode(SAME_AS), ox.NamedNode(WD + "Q7283")) not in (
        triples
    )
    assert ox.Triple(ox.NamedNode(SCO), ox.NamedNode(SAME_AS), ox.NamedNode(WD + "Q485207")) in (
        triples
    )
    assert (
        ox.Triple(statement, ox.NamedNode(PREDICATE_MODIFIER), ox.NamedNode(NEGATED_PREDICATE))
        in triples
    )
    owl = "http://www.w3.org/2002/07/owl#"
    assert ox.Triple(statement, ox.NamedNode(RDF + "type"), ox.NamedNode(owl + "Axiom")) in triples
    assert ox.Triple(
        statement, ox.NamedNode(owl + "annotatedTarget"), ox.NamedNode(WD + "Q7283")
    ) in (triples)
    # Not an rdf:Statement: in this graph a statement documents an asserted triple.
    assert ox.Triple(
        statement, ox.NamedNode(RDF + "type"), ox.NamedNode(RDF + "Statement")
    ) not in (triples)
    assert statement.value.endswith("--not")
    # The statements of the links that hold carry no modifier.
    modified = {t.subject for t in triples if t.predicate.value == PREDICATE_MODIFIER}
    assert len(modified) == 2


def test_no_asserted_link_to_a_rejected_target_in_the_store(tmp_project: Path) -> None:
    shutil.copy(NEGATIVE, tmp_project / "data" / "links.sssom.tsv")
    store = load_store(Project.discover(tmp_project))

    targets = {
        q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(SAME_AS), None, None)
    }
    assert targets == {WD + "Q485207", GEONAMES + "2761369"}


def test_void_linksets_count_only_the_links_that_hold() -> None:
    graph = rdflib.Graph()
    data = ox.serialize(links_triples(NEGATIVE), format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data.decode("utf-8"), format="nt")

    counts = {(ls.target, ls.triples) for ls in linksets(graph)}

    assert counts == {("wikidata", 1), ("geonames", 1)}


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("unknown-modifier", 10, "unknown predicate_modifier 'NOT'"),
        ("contradiction", 12, "this row asserts the mapping that line 11 denies"),
    ],
)
def test_bad_modifier_rows_name_file_and_line(fixture: str, line: int, message: str) -> None:
    path = DATA / "sssom" / f"{fixture}.sssom.tsv"

    with pytest.raises(DataError) as caught:
        read_sssom(path)

    assert message in caught.value.message
    assert (caught.value.file, caught.value.line) == (path, line)
    assert caught.value.hint and caught.value.exit_code == 1


def test_cli_reports_an_unknown_modifier_with_its_line(tmp_project: Path, run_cli: Run) -> None:
    target = tmp_project / "data" / "links.sssom.tsv"
    shutil.copy(DATA / "sssom" / "unknown-modifier.sssom.tsv", target)

    result = run_cli("--data", str(tmp_project), "stats")

    assert result.returncode == 1
    assert result.stderr.startswith("scokg: error: links.sssom.tsv: unknown predicate_modifier")
    assert f"{target}:10" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def wikidata() -> Iterator[OxigraphServer]:
    """A real oxigraph server standing in for the Wikidata Query Service."""
    with OxigraphServer() as server:
        request = urllib.request.Request(
            server.store_url + "?default",
            data=(DATA / "links" / "wikidata-fixture.ttl").read_bytes(),
            headers={"Content-Type": "text/turtle"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 201, 204)
        yield server


@pytest.mark.server
def test_links_check_ignores_negative_rows(wikidata: OxigraphServer) -> None:
    report = check_links(read_sssom(NEGATIVE), polite_client(wikidata.query_url))

    # Q7283 is absent from the fixture: checked, it would be reported missing.
    assert [r.mapping.object_id for r in report.results] == [WD + "Q485207"]
    assert not report.broken
    assert vocab.LINK_TARGETS["wikidata"] == WD


def test_a_project_with_negative_rows_validates(tmp_path: Path, run_cli: Run) -> None:
    """The SSSOM/RDF form (owl:Axiom) passes the shapes; an rdf:Statement would not, since
    every statement of this graph must name a triple the data asserts."""
    project = tmp_path / "project"
    shutil.copytree(DATA / "errors" / "valid", project)
    shutil.copy(NEGATIVE, project / "data" / "links.sssom.tsv")

    result = run_cli("--data", str(project), "validate")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout + result.stderr


@pytest.mark.parametrize("written", ["0.950", "1", ".5", "5E-1"])
def test_confidence_keeps_the_lexical_form_of_the_file(written: str, tmp_path: Path) -> None:
    path = tmp_path / "links.sssom.tsv"
    path.write_text(
        NEGATIVE.read_text().replace("\t1.0\tthe organisation", f"\t{written}\tthe organisation")
    )

    values = {
        t.object
        for t in links_triples(path)
        if t.predicate.value == "https://w3id.org/sssom/confidence"
    }

    double = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
    assert ox.Literal(written, datatype=double) in values


@pytest.mark.parametrize("written", ["0.1_0", "infinity", " nan"])
def test_confidence_outside_the_xsd_double_forms_is_refused(written: str, tmp_path: Path) -> None:
    path = tmp_path / "links.sssom.tsv"
    path.write_text(
        NEGATIVE.read_text().replace("\t1.0\tthe organisation", f"\t{written}\tthe organisation")
    )

    with pytest.raises(DataError, match="is not a number between 0 and 1") as caught:
        read_sssom(path)
    assert caught.value.line == 9
