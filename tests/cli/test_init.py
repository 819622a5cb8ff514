"""``scokg init`` and projects with their own vocabulary: an extension ontology that imports
scokg's (resolved locally), extra shapes that add to scokg's, the project's own prefixes in
every release file, and the new project validating, querying, building and loading."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.cli import scokg_in as scokg
from helpers.stores import graph_counts
from scokg import vocab
from scokg.project import Project
from scokg.scaffold import DOCUMENT, TEXT, namespaces, plan
from scokg.stores.oxigraph_server import OxigraphServer


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """A project made by ``scokg init`` (name acme, the default base IRI)."""
    made = scokg(tmp_path, "init", "acme")
    assert made.returncode == 0, made.stderr
    return tmp_path / "acme"


def _prefixed_names(text: str) -> set[str]:
    """Prefixes used in prefixed names of a Turtle/TriG file written by pyoxigraph (one
    statement part per token; literals removed first)."""
    body = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    body = "\n".join(line for line in body.splitlines() if not line.startswith("@prefix"))
    body = re.sub(r"<[^>]*>", "<>", body)
    return set(re.findall(r"(?:^|[\s;,(\[])([A-Za-z][\w.-]*?):[\w-]", body))


@pytest.mark.parametrize("where", [".", "data/documents"], ids=["root", "subfolder"])
def test_new_project_validates_queries_builds_and_loads(acme: Path, where: str) -> None:
    cwd = acme / where
    checked = scokg(cwd, "validate", "--format", "json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["conforms"] is True
    for engine in ("fast", "pyshacl"):
        assert scokg(cwd, "validate", "--engine", engine).returncode == 0

    rows = scokg(cwd, "query", "members", "--format", "json")
    assert rows.returncode == 0, rows.stderr
    found = json.loads(rows.stdout)
    text = json.dumps(found)
    assert "https://example.org/acme/id/harbour-reading-circle" in text
    assert "Lindvik Harbour Reading Circle" in text and "12" in text

    out = acme.parent / f"release-{where.replace('/', '-')}"
    built = scokg(cwd, "build", "--out", str(out), "--quiet")
    assert built.returncode == 0, built.stderr
    for name in ("scokg.ttl", "scokg.trig"):
        written = (out / name).read_text(encoding="utf-8")
        declared = set(re.findall(r"^@prefix ([\w.-]*):", written, re.MULTILINE))
        assert {"acme", "acme-id", "scokg"} <= declared, name
        assert "acme:memberCount" in written and "acme-id:harbour-reading-circle" in written
        assert _prefixed_names(written) <= declared, name
    rdfxml = (out / "scokg.rdf").read_text(encoding="utf-8")
    assert 'xmlns:acme="https://example.org/acme/ontology#"' in rdfxml
    assert "<acme:memberCount" in rdfxml
    for rel in ("ontology/acme.ttl", "ontology/acme-shapes.ttl"):
        copied = out / "extensions" / Path(rel).name
        assert copied.read_bytes() == (acme / rel).read_bytes()
        assert f"extensions/{Path(rel).name}" in (out / "SHA256SUMS").read_text()

    with OxigraphServer(location=acme.parent / f"store-{where.replace('/', '-')}") as server:
        # Oxigraph canonicalises typed literals (the NIF offsets are nonNegativeInteger):
        # without --accept-store-changes such a load refuses, as for the bundled data.
        loaded = scokg(
            cwd, "load", "--endpoint", server.base_url, "--accept-store-changes", "--quiet"
        )
        assert loaded.returncode == 0, loaded.stderr
        counts = graph_counts(server)
    project = Project.discover(acme)
    assert set(counts) == set(project.graph_names())
    extension = len(list(_triples(acme / "ontology" / "acme.ttl")))
    bundled = len(list(_triples(project.ontology_file)))
    assert counts[vocab.ONTOLOGY_GRAPH] == bundled + extension


def _triples(path: Path) -> list[object]:
    import pyoxigraph

    return list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))


def test_init_writes_the_files_the_issue_lists(acme: Path) -> None:
    files = sorted(p.relative_to(acme).as_posix() for p in acme.rglob("*") if p.is_file())
    assert files == sorted(plan("acme", "https://example.org/acme/"))
    toml = (acme / "scokg.toml").read_text()
    assert 'name = "acme"' in toml and 'base-iri = "https://example.org/acme/"' in toml
    assert 'licence = "CC-BY-4.0"' in toml and "format = 1" in toml
    ontology = (acme / "ontology" / "acme.ttl").read_text()
    assert "owl:imports <https://w3id.org/scokg/ontology>" in ontology
    assert ontology.lstrip().startswith("#")
    assert (acme / "ontology" / "acme-shapes.ttl").read_text().lstrip().startswith("#")
    meta = (acme / "data" / "sources" / f"{DOCUMENT}.meta.ttl").read_text()
    import hashlib

    text = (acme / "data" / "sources" / f"{DOCUMENT}.txt").read_bytes()
    assert hashlib.sha256(text).hexdigest() in meta
    document = (acme / "data" / "documents" / f"{DOCUMENT}.ttl").read_text()
    assert f'nif:endIndex "{len(TEXT)}"' in document
    # facts in the concise RDF 1.2 annotation syntax of the bundled document, no old-style
    # rdf:Statement blocks; scokg compiles each annotation into its statement
    assert not re.search(r"^\s+a rdf:Statement", document, flags=re.M)
    assert len(re.findall(r" ~ fact:[\w-]+ \{\| prov:wasDerivedFrom sentence:\d", document)) == 2
    from scokg.parsing import parse_rdf_file

    statements = [
        q.subject.value.rsplit("/", 1)[-1]
        for q in parse_rdf_file(acme / "data" / "documents" / f"{DOCUMENT}.ttl", "turtle")
        if q.object.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"
    ]
    assert sorted(statements) == ["founded", "members"]
    assert (acme / "README.md").is_file() and (acme / "queries" / "members.rq").is_file()
    project = Project.discover(acme)
    assert project.ontology_files[1:] == (acme / "ontology" / "acme.ttl",)
    assert project.shapes_files[1:] == (acme / "ontology" / "acme-shapes.ttl",)
    assert project.prefixes["acme"] == "https://example.org/acme/ontology#"


def test_name_and_base_iri_options(tmp_path: Path) -> None:
    made = scokg(tmp_path, "init", "x", "--name", "river-watch", "--base-iri", "http://kg.test/rw#")
    assert made.returncode == 0, made.stderr
    project = Project.discover(tmp_path / "x")
    assert project.config.name == "river-watch"
    assert project.prefixes["river-watch"] == namespaces("http://kg.test/rw#")[0]
    assert (tmp_path / "x" / "ontology" / "river-watch.ttl").is_file()
    assert scokg(tmp_path / "x", "validate").returncode == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--base-iri", "example.org/acme/"), "not a valid base IRI"),
        (("--base-iri", "ftp://example.org/acme/"), "not a valid base IRI"),
        (("--base-iri", "https://example.org/acme"), "must end with '/' or '#'"),
        (("--base-iri", "https://w3id.org/scokg/mine/"), "inside scokg's own namespace"),
        (("--name", "Acme Corp"), "not a valid project name"),
        (("--name", "9lives"), "not a valid project name"),
        (("--name", "scokg"), "clash with scokg's prefix"),
        (("--name", "org"), "clash with scokg's prefix"),
    ],
)
def test_init_refuses_bad_arguments(tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    result = scokg(tmp_path, "init", "new", *args)
    assert result.returncode == 2
    assert result.stderr.startswith("scokg: error: ") and words in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary folder


def test_init_refuses_a_non_empty_folder_and_accepts_an_empty_one(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine\n")
    result = scokg(tmp_path, "init", "full")
    assert result.returncode == 2 and "is not empty" in result.stderr
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert scokg(tmp_path, "init", "empty").returncode == 0
    assert Project.discover(tmp_path / "empty").config.name == "empty"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "full"]


def _problems(report: str) -> list[dict[str, str]]:
    return [p for r in json.loads(report)["resources"] for p in r["problems"]]


def test_extra_shapes_add_to_the_bundled_ones(acme: Path) -> None:
    shapes = acme / "ontology" / "acme-shapes.ttl"
    shapes.write_text(
        shapes.read_text() + "\n<https://example.org/acme/shapes#MemberCount>\n"
        "    a sh:NodeShape ;\n"
        "    sh:targetSubjectsOf acme:memberCount ;\n"
        "    sh:property [ sh:path acme:memberCount ; sh:minInclusive 20 ] .\n"
    )
    (acme / "data" / "entities.ttl").write_text(
        (acme / "data" / "entities.ttl").read_text().replace(" ;\n    skos:prefLabel", " .\n#")
    )
    for engine in ("fast", "pyshacl"):
        result = scokg(acme, "validate", "--engine", engine, "--format", "json")
        assert result.returncode == 1, result.stderr
        problems = _problems(result.stdout)
        assert any(
            # the path in the shapes files' own prefixes
            p["path"] == "acme:memberCount" and p["component"] == "MinInclusiveConstraintComponent"
            for p in problems
        ), engine
        # the bundled shapes still apply: the organisation lost its name
        assert any("prefLabel" in str(p.get("path")) for p in problems), engine


def test_extension_ontology_hierarchy_is_loaded(acme: Path) -> None:
    ontology = acme / "ontology" / "acme.ttl"
    ontology.write_text(
        ontology.read_text()
        + "\nacme:ReadingCircle\n    a owl:Class ;\n    rdfs:subClassOf scokg:Organisation .\n"
    )
    entities = acme / "data" / "entities.ttl"
    text = entities.read_text()
    text = text.replace(
        "a scokg:Organisation ;", "a <https://example.org/acme/ontology#ReadingCircle> ;"
    )
    text = text.replace(' ;\n    skos:prefLabel "Lindvik Harbour Reading Circle"@en .', " .")
    entities.write_text(text)
    for engine in ("fast", "pyshacl"):
        result = scokg(acme, "validate", "--engine", engine, "--format", "json")
        assert result.returncode == 1, result.stdout + result.stderr
        problems = _problems(result.stdout)
        # scokg's Organisation shape reaches the instance only through the extension's
        # rdfs:subClassOf, so the missing name proves the extension ontology is loaded
        assert [(p["path"], p["component"]) for p in problems] == [
            ("skos:prefLabel", "MinCountConstraintComponent")
        ], engine


def test_an_import_that_is_not_local_is_an_error_at_its_line(acme: Path) -> None:
    ontology = acme / "ontology" / "acme.ttl"
    text = ontology.read_text().replace(
        "owl:imports <https://w3id.org/scokg/ontology> ;",
        "owl:imports <https://w3id.org/scokg/ontology> ;\n"
        "    owl:imports <http://purl.org/other/ontology> ;",
    )
    ontology.write_text(text)
    line = text.splitlines().index("    owl:imports <http://purl.org/other/ontology> ;") + 1
    for command in (("validate",), ("query", "members"), ("stats",)):
        result = scokg(acme, *command)
        assert result.returncode == 1, command
        assert result.stderr.startswith("scokg: error: acme.ttl imports"), result.stderr
        assert f"  at {ontology}:{line}:17\n" in result.stderr
        assert "<http://purl.org/other/ontology>" in result.stderr
        assert "never fetches" in result.stderr and "Traceback" not in result.stderr
    # importing an ontology whose file is in the project resolves locally
    (acme / "ontology" / "other.ttl").write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<http://purl.org/other/ontology> a owl:Ontology .\n"
    )
    assert scokg(acme, "validate").returncode == 0


def test_scokg_toml_lists_the_ontology_files(acme: Path) -> None:
    (acme / "ontology" / "acme.ttl").rename(acme / "vocab.ttl")
    (acme / "ontology" / "draft.ttl").write_text("this is not Turtle\n")
    toml = acme / "scokg.toml"
    toml.write_text(
        toml.read_text()
        + '\n[ontology]\nfiles = ["vocab.ttl"]\nshapes = ["ontology/acme-shapes.ttl"]\n'
    )
    project = Project.discover(acme)
    assert project.ontology_files[1:] == (acme / "vocab.ttl",)
    assert scokg(acme, "validate").returncode == 0  # draft.ttl is not listed, so not read


@pytest.mark.parametrize(
    ("text", "words", "position"),
    [
        ("format = 1\n[project\n", "not valid TOML", ":2:"),
        ("format = 7\n", "format = 7 is not supported", ""),
        ('[project]\nbase-iri = "http://x.test/a"\n', "not a valid base IRI", ""),
        ('[ontology]\nfiles = ["../elsewhere.ttl"]\n', "not a file inside the project", ""),
    ],
)
def test_a_bad_scokg_toml_is_a_located_usage_error(
    acme: Path, text: str, words: str, position: str
) -> None:
    (acme / "scokg.toml").write_text(text)
    result = scokg(acme, "validate")
    assert result.returncode == 2
    assert result.stderr.startswith("scokg: error: scokg.toml")
    assert f"  at {acme / 'scokg.toml'}{position}" in result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr


def test_the_bundled_project_has_one_ontology_and_one_shapes_file() -> None:
    project = Project.discover(None)
    assert project.ontology_files == (project.ontology_file,)
    assert project.shapes_files == (project.shapes_file,)
    assert project.prefixes == dict(sorted(vocab.PREFIXES.items()))


@pytest.mark.parametrize(
    ("folder", "name"),
    [("My KG 2026", "my-kg-2026"), ("2026-corpus", "kg-2026-corpus"), ("río", "r-o"), ("a", "a")],
)
def test_default_name_is_a_slug_of_the_folder(folder: str, name: str) -> None:
    from scokg.project_config import check_name
    from scokg.scaffold import default_name

    assert default_name(Path("/x") / folder) == name
    assert check_name(name) is None


@pytest.mark.parametrize(
    ("iri", "ok"),
    [
        ("https://example.org/kg/", True),
        ("http://example.org/kg#", True),
        ("https://example.org/", True),
        ("https://example.org", False),
        ("https://example.org/a#b#", False),
        ("https://exa mple.org/", False),
        ("urn:example:kg/", False),
        ("/relative/", False),
        ("https:///no-host/", False),
    ],
)
def test_base_iri_rules(iri: str, ok: bool) -> None:
    from scokg.project_config import check_base_iri

    assert (check_base_iri(iri) is None) is ok
