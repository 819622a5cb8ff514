"""RDF 1.2 reifiers compile into RDF 1.1 reification, exactly, in every reader of a project."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cli import run_scokg
from helpers.project import write_project
from scokg.parsing import load_store, parse_into_dataset, parse_turtle_rdflib, turtle_triples
from scokg.project import Project
from scokg.reification import ReificationError, compile_reifiers, locate

EX = "http://example.org/fictional/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
HEAD = f"""@prefix ex: <{EX}> .
@prefix rdf: <{RDF}> .
@prefix xsd: <{XSD}> .
"""


def nn(local: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(EX + local)


def rdf(local: str) -> pyoxigraph.NamedNode:
    return pyoxigraph.NamedNode(RDF + local)


def write(tmp_path: Path, text: str, name: str = "doc.ttl") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def statement(reifier: object, s: object, p: object, o: object) -> set[pyoxigraph.Triple]:
    return {
        pyoxigraph.Triple(reifier, rdf("type"), rdf("Statement")),  # type: ignore[arg-type]
        pyoxigraph.Triple(reifier, rdf("subject"), s),  # type: ignore[arg-type]
        pyoxigraph.Triple(reifier, rdf("predicate"), p),  # type: ignore[arg-type]
        pyoxigraph.Triple(reifier, rdf("object"), o),  # type: ignore[arg-type]
    }


def test_named_reifier_compiles_to_statement_with_annotations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ex:tarn ex:seatIn ex:lowmoor ~ ex:fact-seat {| ex:from ex:s1 , ex:s2 ;\n"
        '    ex:note "read from the letterhead"@en |} .\n',
    )
    got = set(turtle_triples(path))
    asserted = pyoxigraph.Triple(nn("tarn"), nn("seatIn"), nn("lowmoor"))
    expected = {asserted} | statement(nn("fact-seat"), nn("tarn"), nn("seatIn"), nn("lowmoor"))
    expected |= {
        pyoxigraph.Triple(nn("fact-seat"), nn("from"), nn("s1")),
        pyoxigraph.Triple(nn("fact-seat"), nn("from"), nn("s2")),
        pyoxigraph.Triple(
            nn("fact-seat"),
            nn("note"),
            pyoxigraph.Literal("read from the letterhead", language="en"),
        ),
    }
    assert got == expected
    assert not any(t.predicate == rdf("reifies") for t in got)


def test_literals_keep_their_lexical_form(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'ex:tarn ex:staff "0042"^^xsd:integer ~ ex:f1 {| ex:from ex:s1 |} .\n'
        'ex:tarn ex:share "2.50"^^xsd:decimal ~ ex:f2 {| ex:from ex:s1 |} .\n'
        'ex:tarn ex:open "1"^^xsd:boolean ~ ex:f3 {| ex:from ex:s1 |} .\n',
    )
    objects = {t.object for t in turtle_triples(path) if t.predicate == rdf("object")}
    lexical = {o.value for o in objects if isinstance(o, pyoxigraph.Literal)}
    assert lexical == {"0042", "2.50", "1"}
    # the rdflib reader (SHACL tools) sees the same exact forms when asked for exact terms
    project = Project.discover(write_project(tmp_path / "p"))
    doc = tmp_path / "p" / "data" / "documents" / "x.ttl"
    doc.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    dataset = parse_into_dataset(project, exact_terms=True)
    values = {str(o) for _, p, o, _ in dataset.quads() if str(p) == RDF + "object"}
    assert values == {"0042", "2.50", "1"}


def test_blank_node_reifiers_and_several_annotations(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ex:tarn ex:member ex:guild ~ {| ex:from ex:s1 |} ~ ex:f2 {| ex:from ex:s2 |} .\n",
    )
    got = turtle_triples(path)
    reifiers = {t.subject for t in got if t.predicate == rdf("subject")}
    assert len(reifiers) == 2
    assert nn("f2") in reifiers
    blank = next(r for r in reifiers if isinstance(r, pyoxigraph.BlankNode))
    assert statement(blank, nn("tarn"), nn("member"), nn("guild")) <= set(got)
    assert pyoxigraph.Triple(blank, nn("from"), nn("s1")) in got
    assert pyoxigraph.Triple(nn("f2"), nn("from"), nn("s2")) in got


def test_unasserted_reified_triple(tmp_path: Path) -> None:
    path = write(tmp_path, "<< ex:tarn ex:rival ex:vell ~ ex:claim >> ex:from ex:s3 .\n")
    got = set(turtle_triples(path))
    assert pyoxigraph.Triple(nn("tarn"), nn("rival"), nn("vell")) not in got
    assert got == statement(nn("claim"), nn("tarn"), nn("rival"), nn("vell")) | {
        pyoxigraph.Triple(nn("claim"), nn("from"), nn("s3"))
    }


def test_plain_rdf11_passes_unchanged(tmp_path: Path) -> None:
    text = (
        "ex:f a rdf:Statement ; rdf:subject ex:a ; rdf:predicate ex:p ; rdf:object ex:b .\n"
        'ex:a ex:p ex:b ; ex:q "x ~ y {| << not syntax"^^xsd:string .\n'
    )
    path = write(tmp_path, text)
    parsed = [
        pyoxigraph.Triple(q.subject, q.predicate, q.object)
        for q in pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE)
    ]
    assert turtle_triples(path) == parsed
    assert compile_reifiers(parsed) == parsed


@pytest.mark.parametrize(
    ("text", "line", "column", "what"),
    [
        ("ex:a ex:says <<( ex:b ex:p ex:c )>> .\n", 4, 14, "object of"),
        (
            "ex:r rdf:reifies <<( ex:b ex:p <<( ex:c ex:p ex:d )>> )>> .\n",
            4,
            32,
            "another triple term",
        ),
        (
            "ex:a ex:p ex:b ~ ex:r .\n\nex:c ex:p ex:d ~ ex:r .\n",
            6,
            18,
            "two different triples",
        ),
        ("ex:r rdf:reifies ex:b .\n", 4, 1, "not a triple term"),
        (
            "ex:a ex:p ex:b ~ ex:r .\nex:r rdf:subject ex:z .\n",
            4,
            18,
            "also states",
        ),
    ],
)
def test_errors_are_located(tmp_path: Path, text: str, line: int, column: int, what: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ReificationError) as info:
        turtle_triples(path)
    error = info.value
    assert error.file == path
    assert (error.line, error.column) == (line, column)
    assert what in error.message
    assert error.hint


def test_locate_skips_comments_and_strings() -> None:
    text = (
        '# <<( in a comment )>>\nex:a ex:p "<<( in a string" .\n'
        "ex:a ex:p <<( ex:b ex:c ex:d )>> .\n"
    )
    assert locate(text, "elsewhere") == (3, 11)


def test_syntax_errors_in_annotations_keep_their_position(tmp_path: Path) -> None:
    from scokg.errors import TurtleSyntaxError

    path = write(tmp_path, "ex:a ex:p ex:b ~ ex:r {| ex:from |} .\n")
    with pytest.raises(TurtleSyntaxError) as info:
        turtle_triples(path)
    assert info.value.line == 4
    assert info.value.column is not None


def test_every_reader_sees_the_compiled_graph(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    doc = root / "data" / "documents" / "x.ttl"
    doc.write_text(
        HEAD + "ex:doc-x ex:topic ex:rivers ~ ex:fact-topic {| ex:from ex:s1 |} .\n",
        encoding="utf-8",
    )
    project = Project.discover(root)
    exact = set(turtle_triples(doc))
    store = load_store(project)
    stored = {pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store}
    assert exact <= stored
    assert not any(q.predicate == rdf("reifies") for q in store)
    graph = parse_turtle_rdflib(doc)
    assert len(graph) == len(exact)
    assert {(str(s), str(p), str(o)) for s, p, o in graph} == {
        (t.subject.value, t.predicate.value, t.object.value)  # type: ignore[union-attr]
        for t in exact
    }


def test_cli_reports_a_located_error(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    doc = root / "data" / "documents" / "x.ttl"
    doc.write_text(HEAD + "ex:a ex:says <<( ex:b ex:p ex:c )>> .\n", encoding="utf-8")
    result = run_scokg("--data", str(root), "validate")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{doc}:4:14" in result.stderr or "x.ttl:4:14" in result.stderr
    assert "rdf:reifies" in result.stderr


def test_to_rdf12_is_the_inverse_of_compiling(tmp_path: Path) -> None:
    from scokg.reification import compile_quads, to_rdf12

    path = write(
        tmp_path,
        'ex:a ex:p "07"^^xsd:byte ~ ex:f1 {| ex:from ex:s1 |} .\n'
        "ex:b ex:q ex:c ~ {| ex:from ex:s2 |} .\n"
        # two objects: not one triple, so it stays RDF 1.1 reification
        "ex:odd a rdf:Statement ; rdf:subject ex:a ; rdf:predicate ex:p ;\n"
        "    rdf:object ex:x , ex:y .\n",
    )
    graph = pyoxigraph.NamedNode(EX + "g")
    compiled = [
        pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in turtle_triples(path)
    ]
    rdf12 = to_rdf12(compiled)
    reifiers = {q.subject for q in rdf12 if q.predicate == rdf("reifies")}
    assert nn("f1") in reifiers and len(reifiers) == 2
    assert nn("odd") not in reifiers
    assert pyoxigraph.Quad(nn("odd"), rdf("object"), nn("y"), graph) in rdf12
    assert set(compile_quads(rdf12)) == set(compiled)
    literal = next(
        q.object for q in rdf12 if q.subject == nn("f1") and q.predicate == rdf("reifies")
    )
    assert isinstance(literal, pyoxigraph.Triple) and literal.object.value == "07"  # type: ignore[union-attr]


def test_a_problem_with_a_concise_fact_points_at_its_line(tmp_path: Path) -> None:
    import shutil

    repo = Path(__file__).resolve().parents[2]
    for part in ("data", "ontology"):
        shutil.copytree(repo / part, tmp_path / part)
    doc = tmp_path / "data" / "documents" / "sectsco-20200303-639652.ttl"
    text = doc.read_text(encoding="utf-8")
    old = " ~ fact:meeting-label {| prov:wasDerivedFrom sentence:3 |}"
    assert text.count(old) == 1
    doc.write_text(text.replace(old, old.replace("sentence:3", "sentence:99")), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    result = run_scokg("--data", str(tmp_path), "validate")
    assert result.returncode != 0
    assert "fact/meeting-label" in result.stdout
    assert f"sectsco-20200303-639652.ttl:{line}" in result.stdout


_OBJECTS = st.one_of(
    st.sampled_from(["ex:vell", "ex:lowmoor", "_:b1", "_:b2"]),
    st.sampled_from(
        ['"0042"^^xsd:integer', '"2.50"^^xsd:decimal', '"1"^^xsd:boolean', '"Tarn"@en-GB']
    ),
    st.text(alphabet="abc ~{|}<>#", max_size=6).map(lambda t: f'"{t}"'),
)
_FACTS = st.lists(
    st.tuples(
        st.sampled_from(["ex:tarn", "ex:guild", "_:b1"]),
        st.sampled_from(["ex:seat", "ex:member", "rdf:type"]),
        _OBJECTS,
        st.lists(st.sampled_from(["ex:s1", "ex:s2", "ex:s3"]), min_size=1, max_size=2),
        st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=100)
@given(facts=_FACTS)
def test_concise_text_compiles_to_its_rdf11_spelling(tmp_path_factory, facts) -> None:  # type: ignore[no-untyped-def]
    """Each fact written both ways gives one graph; and the RDF 1.2 dump compiles back."""
    from scokg.reification import compile_quads, to_rdf12

    concise, old = [HEAD], [HEAD]
    for n, (s, p, o, sources, asserted) in enumerate(facts):
        cites = " , ".join(sources)
        if asserted:
            concise.append(f"{s} {p} {o} ~ ex:f{n} {{| ex:from {cites} |}} .\n")
            old.append(f"{s} {p} {o} .\n")
        else:
            concise.append(f"<< {s} {p} {o} ~ ex:f{n} >> ex:from {cites} .\n")
        old.append(
            f"ex:f{n} a rdf:Statement ; rdf:subject {s} ; rdf:predicate {p} ; "
            f"rdf:object {o} ; ex:from {cites} .\n"
        )
    folder = tmp_path_factory.mktemp("prop")
    (folder / "concise.ttl").write_text("".join(concise), encoding="utf-8")
    (folder / "old.ttl").write_text("".join(old), encoding="utf-8")
    compiled = turtle_triples(folder / "concise.ttl")
    expected = turtle_triples(folder / "old.ttl")
    assert _canonical(compiled) == _canonical(expected)
    graph = pyoxigraph.NamedNode(EX + "g")
    quads = [pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in compiled]
    for fmt in (pyoxigraph.RdfFormat.N_QUADS, pyoxigraph.RdfFormat.TRIG):
        written = pyoxigraph.serialize(to_rdf12(quads), format=fmt)
        back = compile_quads(pyoxigraph.parse(written, format=fmt))
        assert _canonical(back) == _canonical(quads)


def _canonical(items: list) -> set:  # type: ignore[type-arg]
    dataset = pyoxigraph.Dataset(
        pyoxigraph.Quad(i.subject, i.predicate, i.object, getattr(i, "graph_name", None))
        if getattr(i, "graph_name", None) is not None
        else pyoxigraph.Quad(i.subject, i.predicate, i.object)
        for i in items
    )
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)
