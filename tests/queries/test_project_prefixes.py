"""A project's own prefixes (scokg.toml ``[prefixes]``, :attr:`Project.prefixes`) are
accepted wherever a prefixed name is: ``describe``, query entity parameters and
``new-document --publisher``, all expanded by :func:`scokg.vocab.expand` (breaker5
finding 4: the validate report names things with them)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scokg import vocab

Run = Callable[..., subprocess.CompletedProcess[str]]
IRI = "https://example.org/rivers/id/harbour-reading-circle"
NAME = "riv-id:harbour-reading-circle"


@pytest.fixture
def project(tmp_path: Path, run_cli: Run) -> Path:
    root = tmp_path / "rivers"
    done = run_cli("init", str(root), "--name", "riv", "--base-iri", "https://example.org/rivers/")
    assert done.returncode == 0, done.stderr
    assert 'riv-id = "https://example.org/rivers/id/"' in (root / "scokg.toml").read_text()
    return root


def test_expand_takes_the_table_it_is_given() -> None:
    table = {**vocab.PREFIXES, "riv-id": "https://example.org/rivers/id/"}
    assert vocab.expand(NAME, table) == IRI
    assert vocab.expand(NAME) is None  # scokg's table alone does not know it
    assert vocab.expand("skos:prefLabel", table) == vocab.expand("skos:prefLabel")


def test_describe_accepts_a_project_prefixed_name(project: Path, run_cli: Run) -> None:
    by_name = run_cli("--data", str(project), "describe", NAME, "--format", "json")
    by_iri = run_cli("--data", str(project), "describe", IRI, "--format", "json")

    assert by_name.returncode == 0, by_name.stderr
    assert IRI in by_name.stdout and by_name.stdout == by_iri.stdout


def test_a_query_entity_parameter_accepts_a_project_prefixed_name(
    project: Path, run_cli: Run
) -> None:
    args = ["--data", str(project), "query", "agreements-between", "--show-query"]
    done = run_cli(*args, "-p", f"org1={NAME}", "-p", f"org2={NAME}")

    assert done.returncode == 0, done.stderr
    assert f"VALUES ?org1 {{ <{IRI}> }}" in done.stdout


def test_new_document_accepts_a_project_prefixed_publisher(
    project: Path, tmp_path: Path, run_cli: Run
) -> None:
    source = tmp_path / "news.txt"
    source.write_text("The Lindvik circle met on the quay.\n", encoding="utf-8")

    done = run_cli(
        "--data", str(project), "new-document", str(source), "--id", "news-1", "--publisher", NAME
    )

    assert done.returncode == 0, done.stderr
    meta = (project / "data" / "sources" / "news-1.meta.ttl").read_text(encoding="utf-8")
    assert f"dcterms:publisher <{IRI}>" in meta


def test_an_unknown_prefix_is_still_refused(project: Path, tmp_path: Path, run_cli: Run) -> None:
    source = tmp_path / "news.txt"
    source.write_text("The Lindvik circle met on the quay.\n", encoding="utf-8")

    done = run_cli(
        "--data",
        str(project),
        "new-document",
        str(source),
        "--id",
        "news-2",
        "--publisher",
        "nowhere:harbour-reading-circle",
    )

    assert done.returncode == 2
    assert "is neither an http(s) IRI nor a known prefixed name" in done.stderr
    assert not (project / "data" / "sources" / "news-2.meta.ttl").exists()
