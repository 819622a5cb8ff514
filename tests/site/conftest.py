"""Fixtures of the linked-data tests: the repository's dataset as a site index, and a real
``scokg serve`` over it (port 0, its own cache folder), stopped with Ctrl-C at the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.serving import serving
from scokg.project import Project
from scokg.release.graphs import load_release_graphs
from scokg.site.index import SiteIndex

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def site_index() -> SiteIndex:
    return SiteIndex(load_release_graphs(Project.discover(ROOT)).triples())


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a real ``scokg serve --port 0`` over the repository's dataset."""
    cache = tmp_path_factory.mktemp("serve-cache")
    with serving(ROOT, env={"SCOKG_CACHE_DIR": str(cache)}) as base:
        yield base


@pytest.fixture(scope="session")
def apache_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """``scokg build`` of the repository's dataset, its ``site/`` at ``/site/`` and its
    ``w3id/.htaccess`` at ``/scokg/`` (as w3id.org would hold it) of a real Apache on
    127.0.0.1; yields the server's base URL and the release folder."""
    import shutil

    from helpers.apache import apache_binary, running_apache
    from scokg.release.build import build_release
    from scokg.stores.oxigraph_server import free_port

    if apache_binary() is None:
        pytest.fail("apache2 is not installed: run scripts/ci-install", pytrace=False)
    root = tmp_path_factory.mktemp("apache")
    port = free_port()
    dist = build_release(
        Project.discover(ROOT), root / "dist", site_url=f"http://127.0.0.1:{port}/site/"
    ).out
    www = root / "www"
    shutil.copytree(dist / "site", www / "site")
    shutil.copytree(dist / "w3id", www / "scokg")
    with running_apache(root, www, port) as base:
        yield base, dist
