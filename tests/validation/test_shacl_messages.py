"""Report lines a person understands, the same from both SHACL engines (issue 12 item 6).

* ``sh:message`` of a SPARQL-based constraint is a template (SHACL §5.3.2): ``{$this}``,
  ``{?value}``, ``{?path}`` and every other variable of the solution are filled in; the
  message of a core constraint is shown as written, as pyshacl shows it (the spec defines
  templates for SPARQL-based constraints only);
* a blank node is written ``_:label``, never as a bare id;
* ``sh:path`` is written in SPARQL property-path syntax with the shapes file's own prefixes;
* ill-typed literals leave nothing but scokg's own lines on stderr;
* several ``sh:pattern`` values are several constraints: as many results from both engines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers.project import write_shacl_project
from scokg.project import Project
from scokg.validation import validate

PREFIXES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/ns#> .
@prefix my: <http://example.org/my-vocab/> .
"""
ENGINES = ("fast", "pyshacl")


def _project(root: Path, shapes: str, data: str) -> Project:
    return write_shacl_project(root, PREFIXES, shapes, data)


def _shacl(project: Project, engine: str) -> list[tuple[str | None, str | None, str]]:
    report = validate(project, engine=engine)
    assert not report.notes, report.notes  # no fallback: the compiled engine ran itself
    found = [(p.path, p.value, p.message) for p in report.problems if p.check == "shacl"]
    return sorted(found, key=lambda x: tuple(str(i) for i in x))


def test_fill_template_replaces_bound_variables_only() -> None:
    from scokg.validation.messages import fill_template, template_values

    text = "{$this} knows {?other} ({?unbound}) {?other}"
    assert fill_template(text, {"this": "http://x/a", "other": "b"}) == (
        "http://x/a knows b ({?unbound}) b"
    )
    assert template_values(text, "A knows B (C) B") == {
        "this": "A",
        "other": "B",
        "unbound": "C",
    }
    assert template_values(text, "something else") is None


def test_sparql_constraint_message_is_filled_in_by_both_engines(tmp_path: Path) -> None:
    project = _project(
        tmp_path / "p",
        """ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:knows ;
  sh:sparql [ a sh:SPARQLConstraint ;
    sh:message "{$this} knows {?value} through {?path}, who is {?age} years old" ;
    sh:prefixes ex: ;
    sh:select '''SELECT $this ?value ?path ?age WHERE {
      $this ex:knows ?value . ?value ex:age ?age . FILTER (?age < 18) BIND (ex:knows AS ?path)
    }''' ] .
ex: sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/ns#"^^xsd:anyURI ] .
""",
        "ex:a ex:knows ex:b . ex:b ex:age 12 .\n",
    )
    want = "http://example.org/ns#a knows http://example.org/ns#b through "
    want += "http://example.org/ns#knows, who is 12 years old"
    for engine in ENGINES:
        (found,) = _shacl(project, engine)
        assert found[2] == want, engine


def test_sparql_message_with_a_complex_path_and_a_blank_node(tmp_path: Path) -> None:
    project = _project(
        tmp_path / "p",
        """ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
  sh:property [ sh:path ( ex:p ex:q ) ;
    sh:sparql [ a sh:SPARQLConstraint ;
      sh:message "{$this}: {?value} at {?path}" ;
      sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER (isBlank(?value)) }" ] ] .
""",
        "ex:a ex:p ex:b . ex:b ex:q [ ex:r 1 ] .\n",
    )
    for engine in ENGINES:
        ((path, value, message),) = _shacl(project, engine)
        assert path == "ex:p/ex:q", engine
        assert value is not None and value.startswith("_:"), (engine, value)
        assert message == (
            "http://example.org/ns#a: "
            + value
            + " at <http://example.org/ns#p>/<http://example.org/ns#q>"
        ), engine


def test_core_constraint_message_is_shown_as_written(tmp_path: Path) -> None:
    project = _project(
        tmp_path / "p",
        """ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:knows ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "{$this} needs a name" ] .
""",
        "ex:a ex:knows ex:b .\n",
    )
    for engine in ENGINES:
        assert _shacl(project, engine) == [
            ("ex:name", None, "{$this} needs a name (needs at least 1 value(s))")
        ], engine


def test_blank_node_values_are_written_with_their_label_mark(tmp_path: Path) -> None:
    project = _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;"
        " sh:property [ sh:path ex:p ; sh:nodeKind sh:IRI ] .\n",
        "ex:a ex:p [ ex:q 1 ] .\n",
    )
    for engine in ENGINES:
        ((_path, value, _message),) = _shacl(project, engine)
        assert value is not None and value.startswith("_:") and len(value) > 2, (engine, value)


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("( my:knows my:name )", "my:knows/my:name"),
        ("[ sh:inversePath my:p ]", "^my:p"),
        ("[ sh:zeroOrMorePath my:p ]", "my:p*"),
        ("[ sh:alternativePath ( my:p [ sh:oneOrMorePath my:q ] ) ]", "my:p|my:q+"),
        ("my:p", "my:p"),
    ],
)
def test_paths_use_the_shapes_prefixes(tmp_path: Path, path: str, shown: str) -> None:
    project = _project(
        tmp_path / "p",
        f"ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path {path} ;"
        " sh:maxCount 0 ] .\n",
        'ex:a my:p ex:b ; my:knows ex:c . ex:c my:name "n" . ex:z my:p ex:a .\n',
    )
    for engine in ENGINES:
        assert [p for p, _v, _m in _shacl(project, engine)] == [shown], engine


def test_ill_typed_double_leaves_stderr_to_scokg(tmp_path: Path, run_cli) -> None:
    _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:d ;"
        " sh:property [ sh:path ex:d ; sh:datatype xsd:double ] .\n",
        'ex:a ex:d "abc"^^xsd:double , "1e999x"^^xsd:double ; ex:f "x"^^xsd:float .\n',
    )
    for engine in ENGINES:
        result = run_cli("--data", str(tmp_path / "p"), "validate", "--engine", engine)
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert lines[0].startswith("scokg: error: the data does not validate"), result.stderr
        assert len(lines) == 2 and lines[1].startswith("  hint:"), result.stderr
        assert "value is not a valid xsd:double" in result.stdout


def test_several_patterns_are_several_results_in_both_engines(tmp_path: Path) -> None:
    project = _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:s ;"
        ' sh:property [ sh:path ex:s ; sh:pattern "^a" , "b$" ] .\n',
        'ex:a ex:s "xyz" , "ab" , "ax" .\n',
    )
    fast, reference = (_shacl(project, engine) for engine in ENGINES)
    # "xyz" fails both patterns, "ax" fails "b$", "ab" none: three results (SHACL §4.4.3).
    assert [v for _p, v, _m in fast] == ['"ax"', '"xyz"', '"xyz"']
    assert fast == reference


def test_blank_node_focus_is_written_with_its_label_mark(tmp_path: Path, run_cli) -> None:
    """Both engines show a blank focus node as ``_:label``, in the report, in text and JSON."""
    import json

    project = _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:q ;"
        " sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n",
        "ex:a ex:p [ ex:q 1 ] .\n",
    )
    for engine in ENGINES:
        report = validate(project, engine=engine)
        (problem,) = [p for p in report.problems if p.check == "shacl"]
        assert problem.focus is not None and problem.focus.startswith("_:"), (engine, problem)
        assert len(problem.focus) > 2, (engine, problem)
        text = run_cli("--data", str(tmp_path / "p"), "validate", "--engine", engine).stdout
        # a new process, new blank-node labels: the title line is ``_:label`` alone
        assert re.search(r"^_:\w+$", text, flags=re.M), (engine, text)
        assert "<_:" not in text, (engine, text)
        out = run_cli(
            "--data", str(tmp_path / "p"), "validate", "--engine", engine, "--format", "json"
        ).stdout
        foci = [r["focus"] for r in json.loads(out)["resources"]]
        assert any(f.startswith("_:") and len(f) > 2 for f in foci), (engine, foci)


def test_each_pattern_result_names_the_pattern_it_failed(tmp_path: Path) -> None:
    """Several ``sh:pattern`` values: each result names the one pattern its value failed,
    never the whole list (pyshacl's own message lists them all; scokg's does not)."""
    project = _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:s ;"
        ' sh:property [ sh:path ex:s ; sh:pattern "^a" , "b$" , "^A" ; sh:flags "i" ] .\n',
        'ex:a ex:s "xyz" , "ab" , "ax" , "Zb" .\n',
    )
    want = [
        ("ex:s", '"Zb"', "value does not match the pattern ^A"),
        ("ex:s", '"Zb"', "value does not match the pattern ^a"),
        ("ex:s", '"ax"', "value does not match the pattern b$"),
        ("ex:s", '"xyz"', "value does not match the pattern ^A"),
        ("ex:s", '"xyz"', "value does not match the pattern ^a"),
        ("ex:s", '"xyz"', "value does not match the pattern b$"),
    ]
    for engine in ENGINES:
        assert _shacl(project, engine) == want, engine


def test_literal_focus_is_written_as_a_literal_by_both_engines(tmp_path: Path, run_cli) -> None:
    """A literal focus node (sh:targetObjectsOf) reads as N3 on both engines, never as an IRI
    (it was ``<"2019"^^<...>>`` on one engine and ``<2019>`` on the other)."""
    import json

    project = _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:year ; sh:nodeKind sh:IRI .\n",
        'ex:a ex:year "2019"^^xsd:gYear .\n',
    )
    shown = '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>'
    for engine in ENGINES:
        report = validate(project, engine=engine)
        (problem,) = [p for p in report.problems if p.check == "shacl"]
        assert problem.focus == shown, (engine, problem)
        text = run_cli("--data", str(tmp_path / "p"), "validate", "--engine", engine).stdout
        assert re.search("^" + re.escape(shown) + "$", text, flags=re.M), (engine, text)
        out = run_cli(
            "--data", str(tmp_path / "p"), "validate", "--engine", engine, "--format", "json"
        ).stdout
        assert [r["focus"] for r in json.loads(out)["resources"]] == [shown], (engine, out)
