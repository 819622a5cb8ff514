"""Validation reports name a project's IRIs with its own prefixes (``[prefixes]`` of
scokg.toml, ``Project.prefixes``), in the focus, path and value of a problem and in the
curators' notes, from both SHACL engines; scokg's bundled prefixes still apply.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scokg.project import Project
from scokg.validation import validate
from scokg.validation.naming import display_prefixes, short_iri

ENGINES = ("fast", "pyshacl")
# The shapes file declares sh: only: every name of the user's IRIs comes from scokg.toml.
SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
<http://example.org/acme/shapes#S> a sh:NodeShape ;
  sh:targetClass <http://example.org/acme/vocab#Widget> ;
  sh:property [ sh:path <http://example.org/acme/vocab#part> ;
                sh:class <http://example.org/acme/vocab#Part> ] .
"""
DATA = """\
@prefix v: <http://example.org/acme/vocab#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/acme/id/w1> a v:Widget ; v:part <http://example.org/acme/id/w2> ;
  skos:prefLabel "Gear" .
<http://example.org/acme/id/w2> a v:Widget ; skos:prefLabel "Gear" .
"""


def _project(root: Path) -> Project:
    (root / "ontology").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "scokg.toml").write_text(
        'format = 1\n[prefixes]\nacme = "http://example.org/acme/id/"\n'
        'av = "http://example.org/acme/vocab#"\n'
    )
    (root / "ontology" / "scokg.ttl").write_text(
        "<http://example.org/acme/vocab#Widget> a <http://www.w3.org/2002/07/owl#Class> .\n"
    )
    (root / "ontology" / "shapes.ttl").write_text(SHAPES)
    (root / "data" / "entities.ttl").write_text(DATA)
    return Project.discover(root)


@pytest.mark.parametrize("engine", ENGINES)
def test_problems_use_the_projects_own_prefixes(tmp_path: Path, engine: str, run_cli) -> None:
    project = _project(tmp_path / "p")
    report = validate(project, engine=engine)
    (problem,) = [p for p in report.problems if p.check == "shacl"]
    assert problem.path == "av:part"
    assert problem.value == "acme:w2"
    assert problem.message == "value needs to be an instance of av:Part"
    assert problem.focus == "http://example.org/acme/id/w1"  # the JSON key: the full IRI
    assert any("acme:w1 and acme:w2 are both av:Widget" in n for n in report.notes), report.notes
    text = report.to_text()
    assert "\nGear  acme:w1\n" in "\n" + text, text
    assert "<http://example.org/acme" not in text, text
    # the same through the command line, text and JSON
    shown = run_cli("--data", str(tmp_path / "p"), "validate", "--engine", engine)
    assert "acme:w1" in shown.stdout and "av:part: value needs" in shown.stdout, shown.stdout
    out = run_cli("--data", str(tmp_path / "p"), "validate", "--engine", engine, "--format", "json")
    (resource,) = json.loads(out.stdout)["resources"]
    assert resource["focus"] == "http://example.org/acme/id/w1"
    assert [(p["path"], p["value"]) for p in resource["problems"]] == [("av:part", "acme:w2")]


def test_bundled_prefixes_still_apply_and_the_longest_namespace_wins() -> None:
    skos = "http://www.w3.org/2004/02/skos/core#prefLabel"
    with display_prefixes({"ex": "http://example.org/", "exa": "http://example.org/a/"}):
        assert short_iri(skos) == "skos:prefLabel"
        assert short_iri("http://example.org/a/b") == "exa:b"
        assert short_iri("http://example.org/b") == "ex:b"
    with display_prefixes({"skos": "http://example.org/s/"}):  # a bundled name given anew
        assert short_iri("http://example.org/s/x") == "skos:x"
        assert short_iri(skos) == f"<{skos}>"  # skos: no longer names the bundled namespace
    assert short_iri("http://example.org/b") == "<http://example.org/b>"  # outside the block
    assert short_iri(skos) == "skos:prefLabel"


def test_same_label_note_names_resources_describe_can_find(tmp_path: Path, run_cli) -> None:
    """The note shows the project's prefixes, but the `scokg describe` it suggests gets a
    name describe resolves (a bundled prefixed name or the full IRI), and that command works."""
    project = _project(tmp_path / "p")
    (note,) = [n for n in validate(project).notes if "labelled" in n]
    assert "`scokg describe http://example.org/acme/id/w1`" in note, note
    shown = run_cli("--data", str(tmp_path / "p"), "describe", "http://example.org/acme/id/w1")
    assert shown.returncode == 0 and "Gear" in shown.stdout, shown.stderr
