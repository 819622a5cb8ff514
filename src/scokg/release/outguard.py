"""Refuse an output folder whose replacement would destroy a project's inputs.

``scokg build`` swaps a new folder in place of ``--out`` (:func:`scokg.atomic.write_beside`),
so whatever ``--out`` held is gone afterwards. :func:`check_out_folder` refuses, with a
:class:`~scokg.errors.UsageError` (exit 2), every ``--out`` that:

- is the project root, or a folder that contains it (``--out .`` in a checkout, ``--out ..``);
- is, contains or lies inside ``data/``, ``ontology/`` or ``queries/`` (the project's or the
  bundled ones), or is, or contains, any other input file (extension ontologies and shapes,
  ``scokg.toml``);
- is a non-empty folder that is not an earlier scokg build (a build always has
  ``SHA256SUMS`` and ``void.ttl`` at its top; one of them is enough to recognise it).

Paths are compared after resolving symbolic links, so a link to the project is caught too.
"""

from __future__ import annotations

from pathlib import Path

from scokg.errors import ProjectLayoutError, UsageError
from scokg.project import MARKER_FILE, Project, bundled_root

# Files every build writes at the top of its folder (release.build.write_checksums, void.ttl).
BUILD_MARKERS = ("SHA256SUMS", "void.ttl")

_HINT = "choose another --out, e.g. --out dist (a new folder, or an earlier build's folder)"


def _protected_folders(project: Project) -> list[Path]:
    """Folders a build must never replace, contain or write into."""
    folders = [project.data_dir, project.ontology_dir, project.root / "queries"]
    try:
        bundled = bundled_root()
    except ProjectLayoutError:  # no bundled dataset (an odd install): nothing to guard there
        bundled = None
    if bundled is not None:
        folders += [bundled / "data", bundled / "ontology", bundled / "queries"]
    return [f.resolve() for f in folders]


def _protected_files(project: Project) -> list[Path]:
    """Input files outside the protected folders (extensions listed in scokg.toml may be)."""
    files = [*project.ontology_files, *project.shapes_files, project.root / MARKER_FILE]
    return [f.resolve() for f in files]


def is_earlier_build(folder: Path) -> bool:
    """True when ``folder`` holds a marker of a scokg build at its top."""
    return any((folder / name).is_file() for name in BUILD_MARKERS)


def check_out_folder(project: Project, out: Path) -> Path:
    """Return ``out`` resolved, or raise :class:`UsageError` if a build there would destroy
    project inputs or unrelated files (rules in the module docstring)."""
    target = Path(out).expanduser().resolve()
    root = project.root.resolve()
    if target == root or root.is_relative_to(target):
        what = "is the project folder" if target == root else f"contains the project {root}"
        raise UsageError(
            f"--out {out} {what}: a build replaces its --out folder, which would delete the "
            "project",
            hint=_HINT,
        )
    for folder in _protected_folders(project):
        if target == folder or folder.is_relative_to(target) or target.is_relative_to(folder):
            raise UsageError(
                f"--out {out} is, holds or lies inside the project input folder {folder}: "
                "a build replaces its --out folder, which would delete curated files",
                hint=_HINT,
            )
    for file in _protected_files(project):
        if file.is_relative_to(target):
            raise UsageError(
                f"--out {out} holds the project input file {file}: a build replaces its "
                "--out folder, which would delete it",
                hint=_HINT,
            )
    if target.is_dir() and any(target.iterdir()) and not is_earlier_build(target):
        raise UsageError(
            f"--out {out} is a folder with files in it that is not an earlier scokg build "
            f"(no {' or '.join(BUILD_MARKERS)}): a build replaces its --out folder, which "
            "would delete them",
            hint=_HINT + "; or empty that folder first if its files are not needed",
        )
    return target
