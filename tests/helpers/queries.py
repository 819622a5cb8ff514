"""Fixtures shared by the query tests: engines over the bundled data, a copy of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scokg.engines.embedded import EmbeddedEngine
from scokg.engines.rdflib_engine import RdflibEngine
from scokg.project import Project, bundled_root

EXPECTED_DIR = Path(__file__).resolve().parents[1] / "expected"


@pytest.fixture(scope="session")
def bundled() -> Project:
    return Project.discover()


@pytest.fixture(scope="session")
def embedded(bundled: Project, tmp_path_factory: pytest.TempPathFactory) -> EmbeddedEngine:
    """The embedded engine with its cache in tmp, so tests never write into the checkout."""
    return EmbeddedEngine(bundled, cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def rdflib_engine(bundled: Project) -> RdflibEngine:
    return RdflibEngine(bundled)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled project (ontology, data, queries)."""
    root = tmp_path / "copy"
    for part in ("ontology", "data", "queries"):
        shutil.copytree(bundled_root() / part, root / part)
    return root
