from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scokg.errors import ProjectLayoutError, UsageError
from scokg.project import Project, Source

G = "https://w3id.org/scokg/graph/"


def test_sources_map_each_file_to_its_graph(tmp_project: Path) -> None:
    project = Project.discover(tmp_project)

    got = [(s.path.relative_to(tmp_project).as_posix(), s.graph, s.kind) for s in project.sources()]

    assert got == [
        ("ontology/scokg.ttl", G + "ontology", "ontology"),
        ("data/entities.ttl", G + "entities", "reference"),
        ("data/documents/x.ttl", G + "document/x", "document"),
        ("data/sources/x.meta.ttl", G + "document/x", "document-metadata"),
    ]
    assert all(isinstance(s, Source) for s in project.sources())


def test_reference_files_sorted_and_shapes_excluded(tmp_project: Path) -> None:
    (tmp_project / "data" / "topics.ttl").write_text("")
    (tmp_project / "data" / "act-kinds.ttl").write_text("")
    (tmp_project / "ontology" / "shapes.ttl").write_text("")
    project = Project.discover(tmp_project)

    refs = [s.path.name for s in project.sources() if s.kind == "reference"]

    assert refs == ["act-kinds.ttl", "entities.ttl", "topics.ttl"]
    assert project.shapes_file == tmp_project / "ontology" / "shapes.ttl"
    assert project.shapes_file not in [s.path for s in project.sources()]


def test_graph_names_are_distinct_and_sorted(tmp_project: Path) -> None:
    project = Project.discover(tmp_project)

    assert project.graph_names() == [G + "document/x", G + "entities", G + "ontology"]


def test_source_texts(tmp_project: Path) -> None:
    project = Project.discover(tmp_project)

    assert project.source_texts() == {"x": tmp_project / "data" / "sources" / "x.txt"}


def test_paths_and_layout(tmp_project: Path) -> None:
    project = Project.discover(tmp_project)

    assert project.root == tmp_project.resolve()
    assert project.data_dir == tmp_project / "data"
    assert project.ontology_file == tmp_project / "ontology" / "scokg.ttl"


def test_missing_data_root_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"

    with pytest.raises(ProjectLayoutError) as info:
        Project.discover(missing)

    assert info.value.message == f"data folder {missing} does not exist"
    assert info.value.hint is not None and "--data" in info.value.hint
    assert isinstance(info.value, UsageError)
    assert info.value.exit_code == 2


def test_data_root_without_data_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectLayoutError, match="has no data/ subfolder"):
        Project.discover(tmp_path)


def test_pointing_at_data_folder_itself_suggests_parent(tmp_project: Path) -> None:
    with pytest.raises(ProjectLayoutError) as info:
        Project.discover(tmp_project / "data")

    assert info.value.hint == f"this looks like a data/ folder; try --data {tmp_project}"


def test_data_root_without_ontology_uses_bundled_one(
    tmp_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCOKG_ROOT", str(tmp_project))
    other = tmp_path / "other"
    (other / "data").mkdir(parents=True)

    project = Project.discover(other)

    assert project.root == other.resolve()
    assert project.ontology_dir == tmp_project.resolve() / "ontology"
    assert [s.kind for s in project.sources()] == ["ontology"]


def test_scokg_root_env_selects_default_project(
    tmp_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCOKG_ROOT", str(tmp_project))

    assert Project.discover().root == tmp_project.resolve()


def test_invalid_scokg_root_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOKG_ROOT", str(tmp_path))

    with pytest.raises(ProjectLayoutError, match="is not a scokg project"):
        Project.discover()


def test_reserved_reference_name_is_rejected(tmp_project: Path) -> None:
    (tmp_project / "data" / "ontology.ttl").write_text("")

    with pytest.raises(ProjectLayoutError, match="clash"):
        Project.discover(tmp_project).sources()


def test_file_name_unusable_in_iri_is_rejected(tmp_project: Path) -> None:
    bad = tmp_project / "data" / "documents" / "my doc.ttl"
    bad.write_text("")

    with pytest.raises(ProjectLayoutError) as info:
        Project.discover(tmp_project).sources()

    assert info.value.file == bad


def _key(root: Path) -> str:
    """The store cache's key of the project in ``root`` (its content-hash index kept apart)."""
    from scokg.stores.cache import sources_fingerprint

    return sources_fingerprint(Project.discover(root), root.parent / "fingerprint-index").key


def test_fingerprint_is_stable_and_location_independent(tmp_project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tmp_project, copy)

    first = _key(tmp_project)

    assert len(first) == 64
    assert _key(tmp_project) == first
    assert _key(copy) == first


@pytest.mark.parametrize(
    "rel",
    ["data/entities.ttl", "data/sources/x.txt", "data/sources/x.meta.ttl", "ontology/scokg.ttl"],
)
def test_fingerprint_changes_when_a_file_changes(tmp_project: Path, rel: str) -> None:
    before = _key(tmp_project)
    with (tmp_project / rel).open("a", encoding="utf-8") as fh:
        fh.write("\n# edited\n")

    assert _key(tmp_project) != before


def test_fingerprint_covers_shapes_and_renames(tmp_project: Path) -> None:
    before = _key(tmp_project)
    (tmp_project / "ontology" / "shapes.ttl").write_text("# shapes\n")
    with_shapes = _key(tmp_project)
    (tmp_project / "data" / "entities.ttl").rename(tmp_project / "data" / "people.ttl")
    renamed = _key(tmp_project)

    assert len({before, with_shapes, renamed}) == 3
