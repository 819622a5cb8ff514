"""Every kind of wrong answer issue 12 found, on a user's own shapes and data, both engines.

Each case is a small project folder (ontology, shapes, one data file) validated with the
compiled engine and with pyshacl: both must give the expected SHACL results, and the same ones.
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
"""


def _project(root: Path, shapes: str, data: str) -> Project:
    return write_shacl_project(root, PREFIXES, shapes, data)


def _shacl(project: Project, engine: str) -> tuple[set[tuple], list[str]]:
    report = validate(project, engine=engine)
    found = {(p.focus, p.path, p.value, p.component) for p in report.problems if p.check == "shacl"}
    return found, report.notes


EX = "http://example.org/ns#"
CASES = {
    "targetSubjectsOf": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:knows ;"
        " sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        "ex:a ex:knows ex:b .",
        {(EX + "a", "ex:name", None, "MinCountConstraintComponent")},
    ),
    "targetObjectsOf": (
        "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:knows ;"
        " sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        "ex:a ex:knows ex:b .",
        {(EX + "b", "ex:name", None, "MinCountConstraintComponent")},
    ),
    "targetNode": (
        "ex:S a sh:NodeShape ; sh:targetNode ex:c ; sh:property [ sh:path ex:name ; "
        "sh:minCount 1 ] .",
        "ex:a ex:knows ex:b .",
        {(EX + "c", "ex:name", None, "MinCountConstraintComponent")},
    ),
    "deactivated false is active": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:knows ; sh:deactivated false ;"
        " sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        "ex:a ex:knows ex:b .",
        {(EX + "a", "ex:name", None, "MinCountConstraintComponent")},
    ),
    "deactivated true is off": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:knows ; sh:deactivated true ;"
        " sh:property [ sh:path ex:name ; sh:minCount 1 ] .",
        "ex:a ex:knows ex:b .",
        set(),
    ),
    "sh:in compares terms, not values": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:in "
        "(1 2 3) ] .",
        "ex:a ex:n 2.0 . ex:b ex:n 2 .",
        {(EX + "a", "ex:n", '"2.0"^^xsd:decimal', "InConstraintComponent")},
    ),
    "sh:in with an unknown datatype": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:g ; sh:property [ sh:path ex:g ; sh:in "
        '("A"^^ex:grade "B"^^ex:grade) ] .',
        'ex:a ex:g "C"^^ex:grade . ex:b ex:g "A"^^ex:grade .',
        {(EX + "a", "ex:g", '"C"^^ex:grade', "InConstraintComponent")},
    ),
    "ill-typed literals fail sh:datatype": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:i ;"
        " sh:property [ sh:path ex:i ; sh:datatype xsd:integer ] ;"
        " sh:property [ sh:path ex:b ; sh:datatype xsd:byte ] ;"
        " sh:property [ sh:path ex:t ; sh:datatype xsd:dateTime ] ;"
        " sh:property [ sh:path ex:d ; sh:datatype xsd:double ] .",
        'ex:a ex:i "three"^^xsd:integer ; ex:b "300"^^xsd:byte ;'
        ' ex:t "yesterday"^^xsd:dateTime ; ex:d "abc"^^xsd:double .'
        ' ex:ok ex:i "+7"^^xsd:integer ; ex:b "07"^^xsd:byte ; ex:t '
        '"2020-01-01T00:00:00Z"^^xsd:dateTime ; ex:d "INF"^^xsd:double .',
        {
            (EX + "a", "ex:i", '"three"^^xsd:integer', "DatatypeConstraintComponent"),
            (EX + "a", "ex:b", '"300"^^xsd:byte', "DatatypeConstraintComponent"),
            (EX + "a", "ex:t", '"yesterday"^^xsd:dateTime', "DatatypeConstraintComponent"),
            (EX + "a", "ex:d", '"abc"^^xsd:double', "DatatypeConstraintComponent"),
        },
    ),
    "dates with a time zone are valid": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:on ; sh:property [ sh:path ex:on ; "
        "sh:datatype xsd:date ] .",
        'ex:a ex:on "2020-03-03Z"^^xsd:date . ex:b ex:on "2020-03-03+03:00"^^xsd:date .',
        set(),
    ),
    "sh:hasValue is term-exact": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:v ; sh:property [ sh:path ex:v ; "
        'sh:hasValue "7"^^xsd:integer ] .',
        'ex:a ex:v "07"^^xsd:byte . ex:b ex:v 7 .',
        {(EX + "a", "ex:v", None, "HasValueConstraintComponent")},
    ),
    "several sh:class values are several constraints": (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; "
        "sh:class ex:A, ex:B ] .",
        "ex:a ex:p ex:x . ex:x a ex:A . ex:b ex:p ex:y . ex:y a ex:A, ex:B .",
        {(EX + "a", "ex:p", "ex:x", "ClassConstraintComponent")},
    ),
    "complex paths": (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ;"
        " sh:property [ sh:path ( ex:p [ sh:zeroOrMorePath ex:q ] ) ; sh:maxCount 1 ] .",
        "ex:a ex:p ex:b . ex:b ex:q ex:c .",
        {(EX + "a", "ex:p/ex:q*", None, "MaxCountConstraintComponent")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_engines_give_the_spec_answer(tmp_path: Path, name: str) -> None:
    shapes, data, expected = CASES[name]
    project = _project(tmp_path / "p", shapes, data)
    fast, fast_notes = _shacl(project, "fast")
    reference, _ = _shacl(project, "pyshacl")
    assert not fast_notes, fast_notes
    # values are written with the project's prefixes, paths with the shapes file's own
    assert fast == {(_full(f), path, _full(v), c) for f, path, v, c in expected}
    assert fast == reference


def _full(text: str | None) -> str | None:
    """``ex:x`` and ``xsd:x`` written out as ``<IRI>``, as reports write IRIs without a prefix."""
    if text is None or text.startswith("http"):
        return text
    text = re.sub(r"\bex:(\w+)", rf"<{EX}\1>", text)
    return re.sub(r"\bxsd:(\w+)", r"<http://www.w3.org/2001/XMLSchema#\1>", text)


def test_ill_typed_literals_are_reported_everywhere_with_file_and_line(tmp_path: Path) -> None:
    """No shape looks at ex:d, yet both engines report its ill-typed date, at its line."""
    project = _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetNode ex:nobody ; sh:property [ sh:path ex:n ; "
        "sh:maxCount 5 ] .",
        'ex:b ex:n 1 .\nex:b ex:d "2020-13-01"^^xsd:date .\nex:c ex:d "2020-12-01Z"^^xsd:date .\n',
    )
    for engine in ("fast", "pyshacl"):
        report = validate(project, engine=engine)
        found = [(p.check, p.focus, p.value, p.line) for p in report.problems]
        assert found == [
            ("syntax", EX + "b", '"2020-13-01"^^<http://www.w3.org/2001/XMLSchema#date>', 5)
        ], engine
        assert "not a valid xsd:date" in report.problems[0].message
        assert report.problems[0].file == str(tmp_path / "p" / "data" / "entities.ttl")


def test_no_traceback_on_stderr_from_either_engine(tmp_path: Path, run_cli) -> None:
    """rdflib logs a traceback for each ill-typed literal it parses; the user never sees it."""
    _project(
        tmp_path / "p",
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:i ;"
        " sh:property [ sh:path ( ex:i [ sh:inversePath ex:j ] ) ; sh:minCount 1 ;"
        ' sh:message "needs a j" ] ; sh:property [ sh:path ex:i ; sh:datatype xsd:integer ] .',
        'ex:a ex:i "three"^^xsd:integer .\n',
    )
    for engine in ("fast", "pyshacl"):
        result = run_cli("--data", str(tmp_path / "p"), "validate", "--engine", engine)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and "Failed to convert" not in result.stderr
        # the constraint in words, the path in SPARQL syntax, the shape's sh:message, the line
        assert "value is not a valid xsd:integer" in result.stdout
        assert "ex:i/^ex:j: needs a j (needs at least 1 value(s))" in result.stdout
        assert "at data/entities.ttl:4" in result.stdout


@pytest.mark.parametrize("zone", ["Z", "+03:00"])
def test_bundled_shapes_accept_dates_with_a_time_zone(tmp_path: Path, zone: str) -> None:
    """The bundled project with every date of a document written with a time zone conforms."""
    from helpers.kg import copy_project

    root = copy_project(tmp_path / "project")
    doc = next((root / "data" / "documents").glob("*.ttl"))
    text = doc.read_text(encoding="utf-8")
    # every occurrence, so the statements still name the asserted triples
    zoned, count = re.subn(r'"(\d{4}-\d{2}-\d{2})"\^\^xsd:date', rf'"\1{zone}"^^xsd:date', text)
    assert count >= 2, "the bundled document has dated facts"
    doc.write_text(zoned, encoding="utf-8")
    for engine in ("fast", "pyshacl"):
        report = validate(Project.discover(root), engine=engine)
        assert report.conforms, report.to_text()


def test_several_values_of_one_parameter_are_named_as_each_required() -> None:
    """sh:class/sh:hasValue with several values are several constraints; a result does not
    say which one failed, so the words must not read as if all were missing or one of them
    were enough."""
    from collections.abc import Callable

    import pyoxigraph as ox

    from scokg.validation.messages import constraint_words

    person, agent = (
        ox.NamedNode("https://example.org/Person"),
        ox.NamedNode("https://example.org/Agent"),
    )

    def params(values: dict[str, list[object]]) -> Callable[[str], list[object]]:
        return lambda name: values.get(name, [])

    one = constraint_words("ClassConstraintComponent", None, params({"class": [person]}), list)
    two = constraint_words(
        "ClassConstraintComponent", None, params({"class": [person, agent]}), list
    )
    assert "instance of" in one and "each of" not in one
    assert "each of" in two and "one or more missing" in two
    values = params({"hasValue": [ox.Literal("ABB"), ox.Literal("AXB")]})
    assert "each of the values" in constraint_words(
        "HasValueConstraintComponent", None, values, list
    )
