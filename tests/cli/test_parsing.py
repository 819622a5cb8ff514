from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers.project import PREFIXES, TOTAL_TRIPLES
from scokg.errors import DataError, TurtleSyntaxError
from scokg.parsing import (
    describe_syntax_error,
    load_store,
    parse_into_dataset,
    parse_turtle_check,
    parse_turtle_rdflib,
    position_from_message,
)
from scokg.project import Project

HEADER = "@prefix ex: <https://example.org/> .\n"  # line 1

BROKEN: dict[str, tuple[str, int, int, str]] = {
    # name: (text, expected line, expected column, words expected in the message)
    "missing_dot": (
        HEADER + "ex:a ex:p ex:b\nex:c ex:p ex:d .\n",
        2,
        15,
        "dot is expected",
    ),
    "missing_dot_with_comments": (
        HEADER + "ex:a ex:p ex:b   # trailing note\n\n# a comment\nex:c ex:p ex:d .\n",
        2,
        15,
        "dot is expected",
    ),
    "undeclared_prefix": (
        HEADER + "ex:a ex:p ex:b .\nex:c ex:p foo:d .\n",
        3,
        11,
        "prefix foo: has not been declared",
    ),
    "unterminated_string": (
        HEADER + 'ex:a ex:p "never closed .\nex:c ex:p ex:d .\n',
        2,
        11,
        "unexpected end of file",
    ),
    "extra_term_on_same_line": (
        HEADER + "ex:a ex:p ex:b ex:c .\n",
        2,
        16,
        "dot is expected",
    ),
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_syntax_errors_are_located(tmp_path: Path, name: str) -> None:
    text, line, column, words = BROKEN[name]
    path = write(tmp_path, name, text)

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_check(path)

    err = info.value
    assert (err.file, err.line, err.column) == (path, line, column)
    assert err.message.startswith("invalid Turtle: ")
    assert words in err.message
    assert "\n" not in err.message
    assert err.hint
    assert err.exit_code == 1


def test_missing_dot_hint_names_where_parser_noticed(tmp_path: Path) -> None:
    path = write(tmp_path, "m", BROKEN["missing_dot"][0])

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_check(path)

    assert info.value.hint is not None
    assert "line 3, column 1" in info.value.hint


def test_undeclared_prefix_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "u", BROKEN["undeclared_prefix"][0])

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_check(path)

    assert info.value.hint is not None and "@prefix" in info.value.hint


def test_rdflib_path_reports_the_same_location(tmp_path: Path) -> None:
    path = write(tmp_path, "u", BROKEN["undeclared_prefix"][0])

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_rdflib(path)

    assert (info.value.file, info.value.line, info.value.column) == (path, 3, 11)


def test_rdflib_unchecked_errors_still_become_turtle_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "u", BROKEN["undeclared_prefix"][0])

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_rdflib(path, check=False)

    assert info.value.file == path
    assert info.value.line == 3


def test_relative_iri_is_rejected_with_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "rel", "<a> <https://example.org/p> <https://example.org/o> .\n")

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_check(path)

    assert info.value.line == 1
    assert info.value.hint is not None and "relative IRI" in info.value.hint


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read missing.ttl"):
        parse_turtle_check(tmp_path / "missing.ttl")


def test_valid_file_counts_triples(tmp_path: Path) -> None:
    path = write(tmp_path, "ok", HEADER + "ex:a ex:p ex:b, ex:c ; ex:q [ ex:r 1 ] .\n")

    assert parse_turtle_check(path) == 4
    assert len(parse_turtle_rdflib(path)) == 4


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Parser error at line 3 between columns 1 and 5: A dot is expected", (3, 1)),
        ("Parser error at line 2 column 15: Unexpected end (f.ttl, line 2)", (2, 15)),
        ("Parser error between line 2 column 11 and line 4 column 1: Unexpected end", (2, 11)),
        ("something failed (line 7)", (7, None)),
        ("no position at all", (None, None)),
    ],
)
def test_position_from_message(message: str, expected: tuple[int | None, int | None]) -> None:
    assert position_from_message(message) == expected


def test_describe_strips_position_boilerplate() -> None:
    text = "Parser error at line 3 between columns 1 and 6: The prefix foo: has not been declared"

    assert describe_syntax_error(text) == "invalid Turtle: the prefix foo: has not been declared"
    assert describe_syntax_error(text + " (x.ttl, line 3)") == describe_syntax_error(text)


LITERAL_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\\n\r')


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(literal=st.text(LITERAL_CHARS, max_size=20))
def test_columns_count_code_points(tmp_path: Path, literal: str) -> None:
    """Columns must match Python string indexing, whatever characters precede the error."""
    before = f'ex:a ex:p "{literal}" '
    path = write(tmp_path, "cols", HEADER + before + "foo:b .\n")

    with pytest.raises(TurtleSyntaxError) as info:
        parse_turtle_check(path)

    assert (info.value.line, info.value.column) == (2, len(before) + 1)


def test_load_store_puts_files_in_their_graphs(tmp_project: Path) -> None:
    store = load_store(Project.discover(tmp_project))

    graphs = sorted(g.value for g in store.named_graphs())
    assert graphs == Project.discover(tmp_project).graph_names()
    assert len(store) == TOTAL_TRIPLES


def test_load_store_reports_syntax_errors(tmp_project: Path) -> None:
    broken = tmp_project / "data" / "documents" / "x.ttl"
    broken.write_text(BROKEN["undeclared_prefix"][0], encoding="utf-8")

    with pytest.raises(TurtleSyntaxError) as info:
        load_store(Project.discover(tmp_project))

    assert (info.value.file, info.value.line) == (broken, 3)


def test_parse_into_dataset_uses_named_graphs(tmp_project: Path) -> None:
    from rdflib import URIRef
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    dataset = parse_into_dataset(Project.discover(tmp_project))

    doc_graph = dataset.graph(URIRef("https://w3id.org/scokg/graph/document/x"))
    assert len(doc_graph) == 3  # document (2) + its metadata (1)
    assert len(dataset.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    assert sum(len(g) for g in dataset.graphs()) == TOTAL_TRIPLES


@pytest.mark.parametrize("loader", ["oxigraph", "rdflib"])
def test_document_and_metadata_blank_nodes_stay_apart(tmp_project: Path, loader: str) -> None:
    """Both files share one graph; equal ``_:b`` labels in them are still different nodes."""
    sources = tmp_project / "data" / "sources"
    docs = tmp_project / "data" / "documents"
    (docs / "x.ttl").write_text(PREFIXES + "id:doc-x scokg:part _:b .\n", encoding="utf-8")
    (sources / "x.meta.ttl").write_text(PREFIXES + "id:meta scokg:part _:b .\n", encoding="utf-8")
    project = Project.discover(tmp_project)
    part = "https://w3id.org/scokg/ontology#part"

    objects: set[object]
    if loader == "oxigraph":
        import pyoxigraph

        store = load_store(project)
        objects = {
            q.object for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(part), None)
        }
    else:
        from rdflib import URIRef

        dataset = parse_into_dataset(project)
        objects = {o for _, _, o, _ in dataset.quads((None, URIRef(part), None, None))}

    assert len(objects) == 2


def test_cli_on_broken_project_reports_location_without_traceback(
    tmp_project: Path, run_cli: Callable[..., object]
) -> None:
    broken = tmp_project / "data" / "entities.ttl"
    broken.write_text(BROKEN["undeclared_prefix"][0], encoding="utf-8")

    result = run_cli("--data", str(tmp_project), "stats")

    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("scokg: error: invalid Turtle: ")
    assert f"at {broken}:3" in result.stderr
    assert "hint: " in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
