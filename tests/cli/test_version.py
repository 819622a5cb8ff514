"""Versions come from one place each: the package's from ``scokg.__version__`` (which
pyproject.toml reads), the dataset's from the ontology's ``owl:versionInfo``; CITATION.cff
repeats the dataset's and must agree."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from scokg import __version__
from scokg.project import Project, dataset_version

ROOT = Path(__file__).resolve().parents[2]


def test_pyproject_reads_the_version_from_the_package() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in meta["project"]
    assert "version" in meta["project"]["dynamic"]
    assert meta["tool"]["hatch"]["version"]["path"] == "src/scokg/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", __version__)


def test_dataset_version_is_the_ontology_version_info() -> None:
    from rdflib import OWL, Graph

    graph = Graph().parse(Project.discover().ontology_file)
    infos = {str(o) for o in graph.objects(None, OWL.versionInfo)}
    assert dataset_version() in infos


def test_citation_cff_names_the_dataset_version_and_licence() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert citation["type"] == "dataset"
    assert citation["version"] == dataset_version()
    assert citation["license"] == "CC-BY-4.0"
    assert citation["title"] and citation["authors"] and citation["message"]


def test_dataset_version_of_a_project_without_one(tmp_project: Path) -> None:
    assert dataset_version(Project.discover(tmp_project)) is None
