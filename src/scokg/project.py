"""Where a scokg project's files are and which named graph each one belongs to.

Every other module asks a :class:`Project` for its files instead of globbing itself, so the
file-to-graph mapping (and therefore every graph IRI) is defined exactly once.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scokg import vocab
from scokg.errors import DataError, ProjectLayoutError
from scokg.project_config import ProjectConfig, read_config

ROOT_ENV_VAR = "SCOKG_ROOT"
# The file `scokg init` writes at a project's root; its presence marks a project folder.
MARKER_FILE = "scokg.toml"
# Where the wheel puts the bundled dataset (pyproject.toml maps the repository's top-level
# ontology/, data/ and queries/ folders here; a checkout has no such folder).
PACKAGED_DATASET = Path(__file__).resolve().parent / "_dataset"
ONTOLOGY_FILE = "scokg.ttl"
SHAPES_FILE = "shapes.ttl"
META_SUFFIX = ".meta.ttl"

# Slugs become part of graph IRIs, so only characters that are safe in an IRI path segment.
_SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Reference graphs are named after the file stem; these stems are taken by other graphs.
_RESERVED_STEMS = frozenset({"ontology", "document"})

# Order in which kinds are listed by Project.sources(); the ontology comes first.
KINDS = ("ontology", "reference", "links", "document", "document-metadata")

# The curated links to open datasets (SSSOM/TSV, converted to RDF when loaded).
LINKS_FILE = "links.sssom.tsv"


@dataclass(frozen=True)
class Source:
    """One RDF file and the named graph it is loaded into."""

    path: Path
    graph: str
    kind: str
    # The file's ``os.stat`` taken when the folder was listed (one stat per file, shared with
    # the cache key: scokg.stores.fingerprint); None where it was not listed that way.
    stat: os.stat_result | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Project:
    """A project folder: ontology (with shapes) plus a ``data/`` folder.

    ``ontology_dir`` holds the base ontology (``scokg.ttl``) and shapes (``shapes.ttl``): the
    project's own ``ontology/`` when it has a ``scokg.ttl``, else the bundled one. The project's
    extension ontologies and extra shapes (:attr:`ontology_files`, :attr:`shapes_files`) are
    added to them; ``config`` is its ``scokg.toml`` (:mod:`scokg.project_config`).
    """

    root: Path
    ontology_dir: Path
    data_dir: Path
    config: ProjectConfig = field(default_factory=ProjectConfig, compare=False)

    @classmethod
    def discover(cls, data_root: Path | None = None) -> Project:
        """Find the bundled project, or the one at ``data_root`` (the ``--data`` option).

        A custom data folder without its own ``ontology/scokg.ttl`` borrows the bundled
        ontology, so users can validate their own data against the shipped model.
        """
        if data_root is None:
            root = bundled_root()
            return cls(
                root=root,
                ontology_dir=root / "ontology",
                data_dir=root / "data",
                config=read_config(root),
            )

        root = Path(data_root).expanduser().resolve()
        if not root.is_dir():
            raise ProjectLayoutError(
                f"data folder {data_root} does not exist",
                hint="--data expects an existing folder that contains data/ "
                "(and optionally ontology/)",
            )
        if not (root / "data").is_dir():
            hint = "--data expects the folder that contains data/, not data/ itself"
            if (root / "documents").is_dir() or (root / "sources").is_dir():
                hint = f"this looks like a data/ folder; try --data {root.parent}"
            raise ProjectLayoutError(f"data folder {data_root} has no data/ subfolder", hint=hint)

        own_ontology = root / "ontology"
        if (own_ontology / ONTOLOGY_FILE).is_file():
            ontology_dir = own_ontology
        else:
            ontology_dir = bundled_root() / "ontology"
        return cls(
            root=root, ontology_dir=ontology_dir, data_dir=root / "data", config=read_config(root)
        )

    @classmethod
    def locate(cls, data_root: Path | None = None, cwd: Path | None = None) -> Located:
        """The project a command works on, found the way git or ruff find theirs.

        In order: ``data_root`` (the ``--data`` option); else the nearest folder at or above
        ``cwd`` (default: the current directory) that holds ``scokg.toml`` or both
        ``ontology/`` and ``data/`` (:func:`find_project_root`); else the bundled dataset.
        Raises :class:`~scokg.errors.ProjectLayoutError` as :meth:`discover` does.
        """
        if data_root is not None:
            return Located(cls.discover(data_root), "option")
        found = find_project_root(Path.cwd() if cwd is None else cwd)
        if found is not None:
            if not (found / "data").is_dir():  # a scokg.toml without its data folder
                raise ProjectLayoutError(
                    f"the scokg project in {found} has no data/ folder",
                    file=found / MARKER_FILE,
                    hint="create data/ beside scokg.toml, or pass --data DIR for another project",
                )
            return Located(cls.discover(found), "found")
        return Located(cls.discover(None), "bundled")

    @property
    def is_bundled(self) -> bool:
        """True for the dataset shipped with scokg (the checkout's or the wheel's)."""
        try:
            return self.root == bundled_root()
        except ProjectLayoutError:
            return False

    @property
    def ontology_file(self) -> Path:
        """The base ontology (``scokg.ttl``); see :attr:`ontology_files` for all of them."""
        return self.ontology_dir / ONTOLOGY_FILE

    @property
    def shapes_file(self) -> Path:
        """The base shapes (``shapes.ttl``); see :attr:`shapes_files` for all of them."""
        return self.ontology_dir / SHAPES_FILE

    @property
    def ontology_files(self) -> tuple[Path, ...]:
        """Every ontology file, base first: ``scokg.ttl``, then the project's extensions
        (``[ontology] files`` of scokg.toml, else every ``ontology/*.ttl`` that is not the
        base and has no ``shapes`` in its name), sorted. All load into the ontology graph."""
        base = (self.ontology_file,) if self.ontology_file.is_file() else ()
        return base + self._extensions()[0]

    @property
    def shapes_files(self) -> tuple[Path, ...]:
        """Every shapes file, base first: ``shapes.ttl``, then the project's own
        (``[ontology] shapes`` of scokg.toml, else every ``ontology/*shapes*.ttl`` that is not
        the base), sorted. Their union is the shapes graph; they add to the bundled shapes."""
        base = (self.shapes_file,) if self.shapes_file.is_file() else ()
        return base + self._extensions()[1]

    @property
    def prefixes(self) -> dict[str, str]:
        """scokg's prefix table plus the project's own (``[prefixes]`` of scokg.toml), sorted."""
        return dict(sorted({**vocab.PREFIXES, **self.config.prefixes}.items()))

    def _extensions(self) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
        """The project's own (ontology files, shapes files) beside the base ones."""
        own = self.root / "ontology"
        base = {self.ontology_file, self.shapes_file}
        found = [p for p, _ in scan_files(own, ".ttl") if p not in base]
        ontology = self.config.ontology
        shapes = self.config.shapes
        if ontology is None:
            ontology = tuple(p for p in found if "shapes" not in p.name)
        if shapes is None:
            shapes = tuple(p for p in found if "shapes" in p.name)
        return ontology, shapes

    def sources(self) -> list[Source]:
        """Every RDF file of the graph (shapes excluded), in a stable order.

        Sources of kind ``links`` are SSSOM/TSV, not Turtle: load them with
        :func:`scokg.parsing.source_triples` (``load_store`` and ``parse_into_dataset`` do).
        """
        found = list(self._iter_sources())
        return sorted(found, key=lambda s: (KINDS.index(s.kind), str(s.path)))

    def _iter_sources(self) -> Iterator[Source]:
        from scokg.ontology_imports import check_imports

        ontology_files = self.ontology_files
        check_imports(ontology_files, base=self.ontology_file)
        for path in ontology_files:
            yield Source(path, vocab.ONTOLOGY_GRAPH, "ontology")
        data = self.data_dir
        for name, st in scan_names(data, ".ttl"):
            path = data / name
            stem = name[: -len(".ttl")]
            if stem in _RESERVED_STEMS:
                raise ProjectLayoutError(
                    f"data/{name} would clash with the {stem!r} graph",
                    file=path,
                    hint="rename the file; its stem becomes the graph name",
                )
            yield Source(path, vocab.reference_graph(_slug(path, stem)), "reference", st)
        links = data / LINKS_FILE
        if links.is_symlink() or links.exists():
            yield Source(_regular_file(links), vocab.LINKS_GRAPH, "links")
        documents = data / "documents"
        for name, st in scan_names(documents, ".ttl"):
            path = documents / name
            slug = _slug(path, name[: -len(".ttl")])
            yield Source(path, vocab.document_graph(slug), "document", st)
        sources = data / "sources"
        # every *.ttl is listed (and so checked to be a regular file); the .meta.ttl are used
        for name, st in scan_names(sources, ".ttl"):
            if name.endswith(META_SUFFIX):
                path = sources / name
                doc = _slug(path, name[: -len(META_SUFFIX)])
                yield Source(path, vocab.document_graph(doc), "document-metadata", st)

    def source_texts(self) -> dict[str, Path]:
        """Document slug -> plain-text source the document's annotations point into."""
        return {slug: path for slug, (path, _) in self.source_text_stats().items()}

    def source_text_stats(self) -> dict[str, tuple[Path, os.stat_result]]:
        """:meth:`source_texts` with each file's ``os.stat`` from the listing."""
        folder = self.data_dir / "sources"
        found: dict[str, tuple[Path, os.stat_result]] = {}
        for name, st in scan_names(folder, ".txt"):
            path = folder / name
            found[_slug(path, name[: -len(".txt")])] = (path, st)
        return found

    def graph_names(self) -> list[str]:
        """Distinct named graph IRIs the project's sources are loaded into."""
        return sorted({s.graph for s in self.sources()})

    def _relative_name(self, path: Path) -> str:
        """Stable name of a file: relative to the root, or ``ontology/...`` if bundled."""
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        return "ontology/" + path.relative_to(self.ontology_dir).as_posix()


@dataclass(frozen=True)
class Located:
    """A project and how it was chosen: ``option`` (``--data``), ``found`` (at or above the
    current directory) or ``bundled`` (no project there: the dataset shipped with scokg)."""

    project: Project
    how: str

    def describe(self, cwd: Path | None = None) -> str | None:
        """The line telling the user which project is used, or None when it is the folder
        they stand in (or the one they named with ``--data``)."""
        here = (Path.cwd() if cwd is None else cwd).resolve()
        if self.how == "bundled":
            return (
                f"no scokg project here or above; using the bundled dataset ({self.project.root})"
            )
        if self.how == "found" and self.project.root != here:
            return f"using the project in {self.project.root}"
        return None

    def describe_always(self) -> str:
        """The same line, also when the project is the current folder or ``--data``, saying
        how it was found: ``given with --data``, ``found at PATH`` (the marker: scokg.toml, or
        the folder holding ontology/ and data/) or the bundled dataset."""
        if self.how == "bundled":
            return self.describe() or f"using the bundled dataset ({self.project.root})"
        root = self.project.root
        if self.how == "option":
            how = "given with --data"
        elif (root / MARKER_FILE).is_file():
            how = f"found at {root / MARKER_FILE}"
        else:
            how = f"found at {root}: it holds ontology/ and data/"
        return f"using the project in {root} ({how})"


_VERSION_INFO_RE = re.compile(r'owl:versionInfo\s+"([^"\\]+)"')


def dataset_version(project: Project | None = None) -> str | None:
    """The ``owl:versionInfo`` of the project's ontology (the bundled one by default), read
    with a regular expression so that ``--version`` stays instant; None if it has none."""
    try:
        ontology = (project or Project.discover(None)).ontology_file
        text = ontology.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ProjectLayoutError):
        return None
    match = _VERSION_INFO_RE.search(text)
    return match.group(1) if match else None


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that is a project, or None.

    A project folder holds ``scokg.toml`` (written by ``scokg init``) or both ``ontology/``
    and ``data/``. The search stops at the file system root.
    """
    start = start.expanduser().resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER_FILE).is_file():
            return folder
        if (folder / "ontology").is_dir() and (folder / "data").is_dir():
            return folder
    return None


def bundled_root() -> Path:
    """The dataset shipped with scokg: ``$SCOKG_ROOT``, else the one inside the installed
    package (``scokg/_dataset`` in a wheel), else the checkout the package lives in."""
    env = os.environ.get(ROOT_ENV_VAR)
    if env:
        root = Path(env).expanduser().resolve()
        if not _is_project_root(root):
            raise ProjectLayoutError(
                f"{ROOT_ENV_VAR}={env} is not a scokg project",
                hint=f"it must contain ontology/{ONTOLOGY_FILE} and data/",
            )
        return root
    if _is_project_root(PACKAGED_DATASET):
        return PACKAGED_DATASET
    for candidate in Path(__file__).resolve().parents:
        if _is_project_root(candidate):
            return candidate
    raise ProjectLayoutError(
        "cannot find the bundled scokg project",
        hint=f"run from a checkout of the repository, set {ROOT_ENV_VAR}, or pass --data DIR",
    )


def _is_project_root(path: Path) -> bool:
    return (path / "ontology" / ONTOLOGY_FILE).is_file() and (path / "data").is_dir()


def scan_names(folder: Path, suffix: str) -> list[tuple[str, os.stat_result]]:
    """The names of :func:`scan_files`, sorted, each with its ``os.stat``: the listing
    without building a ``Path`` per file (callers that need only some names, or the names
    as text, build paths where needed).

    Raises the located errors of :func:`scan_files`.
    """
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise unreadable(folder, exc) from None
    found: list[tuple[str, os.stat_result]] = []
    with entries:
        for entry in entries:
            name = entry.name
            if not name.endswith(suffix):
                continue
            try:
                st = entry.stat()
            except OSError:
                st = None
            if st is None or not stat.S_ISREG(st.st_mode):
                _regular_file(Path(entry.path))  # raises the located error
                continue  # pragma: no cover - the file became regular meanwhile
            found.append((name, st))
    found.sort(key=_first)
    return found


def _first(item: tuple[str, os.stat_result]) -> str:
    return item[0]


def scan_files(folder: Path, suffix: str) -> list[tuple[Path, os.stat_result]]:
    """Every entry of ``folder`` whose name ends with ``suffix`` (case-sensitive; hidden
    names included, as ``glob("*" + suffix)`` does), sorted by name, with its ``os.stat``
    (symbolic links followed). Each must be a readable regular file (else the located
    error of :func:`_regular_file`); an absent folder has none.

    One ``os.scandir`` and one ``stat`` per file: at 30,000 files pathlib's ``glob`` plus a
    ``stat`` per file took about three times as long (benchmarks/warm_cli.py).
    """
    return [(folder / name, st) for name, st in scan_names(folder, suffix)]


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _regular_file(path: Path) -> Path:
    """``path`` if it is (or links to) a regular file, else a located
    :class:`~scokg.errors.DataError`: an entry of ``data/`` is never skipped silently."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ENOENT and path.is_symlink():
            target = os.readlink(path)
            raise DataError(
                f"{path.name} is a symbolic link to {target}, which does not exist",
                file=path,
                hint="restore the file it points to, or remove the link",
            ) from None
        raise unreadable(path, exc) from None
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise DataError(
            f"{path.name} is {kind}, not a file scokg can read",
            file=path,
            hint="data files must be regular files; rename or remove this entry",
        )
    return path


def unreadable(path: Path, exc: OSError) -> DataError:
    """A located error for a file the operating system refuses to read."""
    reason = exc.strerror or str(exc)
    return DataError(
        f"cannot read {path.name}: {reason}",
        file=path,
        hint="check the file's permissions and that it is a regular file",
    )


def _slug(path: Path, slug: str) -> str:
    if not _SLUG_RE.fullmatch(slug):
        raise ProjectLayoutError(
            f"file name {path.name!r} cannot be used in a graph IRI",
            file=path,
            hint="use only letters, digits, '.', '_' and '-' in data file names",
        )
    return slug
