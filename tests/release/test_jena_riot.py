"""Issue 13, "Done when": the TriG of a project with its own vocabulary parses in a third,
independent parser, Apache Jena's ``riot`` (rdflib and pyoxigraph read it in
test_term_exact.py). ``riot --validate`` exits 1 and prints ``ERROR`` for a syntax error,
which the negative test shows on a TriG file that uses an undeclared prefix.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers.jena import riot_command
from helpers.release import build_project, make_project

PROJECT_FILE = """\
@prefix dc: <http://purl.org/dc/elements/1.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/scokg/id/> .
@prefix my: <http://example.org/my-vocab#> .

id:org-a my:rating "5"^^my:stars ; my:related <http://example.org/other/thing> ;
  <http://example.org/a%20b/é> "x" ; dc:title "T" , "first\u2028second" ;
  dc:p "INF"^^xsd:double , "01"^^xsd:byte , [ dc:q ( 1 "two" ) ] .
"""


def _riot(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*riot_command(), "--validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_riot_validates_the_trig_of_an_own_vocabulary_project(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"data/own.ttl": PROJECT_FILE})
    dist = build_project(root, tmp_path / "dist")
    trig = dist / "scokg.trig"
    assert "my-vocab#rating" in trig.read_text("utf-8")
    run = _riot(trig)
    assert run.returncode == 0, run.stderr
    assert "ERROR" not in run.stderr and "WARN" not in run.stderr, run.stderr


def test_riot_refuses_an_undeclared_prefix(tmp_path: Path) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://example.org/g> { <http://example.org/a> ns1:title 't' . }\n")
    run = _riot(bad)
    assert run.returncode == 1
    assert "Undefined prefix: ns1" in run.stderr
