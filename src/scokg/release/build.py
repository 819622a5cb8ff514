"""``scokg build``: write every release artefact into a temporary folder, check it, then
swap it in place of the output folder, so a failed build leaves the previous one intact."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph

from scokg import vocab
from scokg.atomic import write_beside
from scokg.errors import DataError, ValidationFailed

if TYPE_CHECKING:
    import rdflib

    from scokg.project import Project
    from scokg.release.graphs import ReleaseGraphs

CHECKSUMS = "SHA256SUMS"
# Whole-dataset files: parsed back after writing and compared with the merged graph.
TRIPLE_DUMPS = {
    "scokg.ttl": "turtle",
    "scokg.nt": "nt",
    "scokg.rdf": "xml",
}
QUAD_DUMPS = {"scokg.nq": "nquads", "scokg.trig": "trig"}
# The same named graphs in RDF 1.2: each rdf:Statement as a reifier of a triple term
# (scokg.reification.to_rdf12); read back, compiled, they must give the quads above.
RDF12_DUMPS = {"scokg-rdf12.nq": "nquads", "scokg-rdf12.trig": "trig"}
_OX_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
}

# A document slug as the project allows it (project.py): safe as a file name.
_SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@dataclass(frozen=True)
class BuildResult:
    """Where the release went and what it holds (every file, by relative path, with its size)."""

    out: Path
    files: dict[str, int]
    triples: int
    warnings: list[str] = field(default_factory=list)


Step = Callable[[str], None]


@contextmanager
def _progress(quiet: bool) -> Iterator[Step]:
    """A rich progress display on stderr (nothing with ``quiet``); yields ``step(text)``."""
    if quiet:
        yield lambda _text: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn

    steps = 13
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]scokg build[/bold] {task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        console=Console(stderr=True),
        transient=False,
    ) as progress:
        task = progress.add_task("starting", total=steps)

        def step(text: str) -> None:
            progress.update(task, description=text, advance=1)

        yield step
        progress.update(task, description="done", completed=steps)


def build_release(
    project: Project, out: Path, *, quiet: bool = True, site_url: str | None = None
) -> BuildResult:
    """Validate ``project``, write the release to ``out`` atomically, return what was written.

    ``site_url`` is where ``site/`` will be hosted, for the w3id.org rules in
    ``w3id/.htaccess`` (default :data:`scokg.site.static.DEFAULT_SITE_URL`).

    Raises :class:`ValidationFailed` (with the report) when the data does not conform.
    """
    from scokg.release.outguard import check_out_folder
    from scokg.validation import validate

    out = check_out_folder(project, out)
    with _progress(quiet) as step:
        step("validating (SHACL, provenance)")
        report = validate(project)
        if not report.conforms:
            raise ValidationFailed(
                f"refusing to build: the data does not validate ({len(report.problems)} "
                "problem(s))",
                report=report,
                hint="run `scokg validate`, fix the problems, then build again; "
                f"{out} was left as it was",
            )
        if out.exists() and not out.is_dir():
            raise DataError(f"{out} exists and is not a folder", hint="choose another --out")
        # A release folder is for everyone to read: 0o755, not mkdtemp's private 0o700.
        with write_beside(out, mode=0o755) as tmp:
            graphs, files = _write_all(project, tmp, step)
            step("writing the linked-data site (a page and 4 RDF files per resource)")
            site_warnings = _write_site(graphs, tmp, site_url)
            step("writing SHA256SUMS and swapping into place")
            write_checksums(tmp)
    del files  # top-level sizes, used by void.ttl; report every file written instead
    written = {
        p.relative_to(out).as_posix(): p.stat().st_size
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }
    return BuildResult(out=out, files=written, triples=len(graphs.merged), warnings=site_warnings)


def _write_all(project: Project, tmp: Path, step: Step) -> tuple[ReleaseGraphs, dict[str, int]]:
    from scokg.release import diagram, docs, formats, framing, jsonld, void
    from scokg.release.graphs import load_release_graphs

    step("loading sources")
    graphs = load_release_graphs(project)
    write = formats.write_text

    step("writing Turtle, N-Triples, RDF/XML")
    triples = graphs.triples()
    write(tmp / "scokg.ttl", formats.turtle(triples, graphs.prefixes))
    write(tmp / "scokg.nt", formats.ntriples(triples))
    write(tmp / "scokg.rdf", formats.rdfxml(graphs.merged, graphs.locate, graphs.prefixes))
    step("writing N-Quads and TriG (one graph per source; RDF 1.1 and RDF 1.2)")
    write(tmp / "scokg.nq", formats.nquads(graphs))
    write(tmp / "scokg.trig", formats.trig(graphs))
    write(tmp / "scokg-rdf12.nq", formats.nquads_rdf12(graphs))
    write(tmp / "scokg-rdf12.trig", formats.trig_rdf12(graphs))
    _copy_ontology(project, tmp)

    step("writing JSON-LD, its context, frames and framed examples")
    try:
        write(tmp / "scokg.jsonld", jsonld.dumps(jsonld.compact(graphs.merged)))
    except formats.CannotCarry as exc:
        raise formats.cannot_carry(exc, "JSON-LD", graphs.locate) from None
    write(tmp / "context.jsonld", jsonld.dumps(jsonld.context_document()))
    for name in framing.frame_names():
        write(tmp / "frames" / f"{name}.jsonld", jsonld.dumps(framing.load_frame(name)))
    expanded = framing.expanded_input(triples)
    instances = _instances(graphs.merged, set(framing.FRAME_CLASSES.values()))
    for stem, name, preferred in framing.EXAMPLES:
        focus = framing.example_focus(instances, name, preferred)
        if focus is not None:
            doc = framing.frame(expanded, name, focus)
            write(tmp / "examples" / f"{stem}.jsonld", jsonld.dumps(doc))

    step("drawing diagram.svg, diagram.png and one diagrams/<document>.svg each (Graphviz)")
    diagram.render(diagram.to_dot(graphs.merged), tmp / "diagram.svg", tmp / "diagram.png")
    for _, slug, _ in diagram.source_documents(graphs.merged):
        if not _SLUG.fullmatch(slug):  # a document IRI no file of the project could have given
            continue
        view = diagram.document_view(graphs.dataset, graphs.merged, slug)
        (tmp / "diagrams").mkdir(exist_ok=True)
        diagram.render(diagram.to_dot(view), tmp / "diagrams" / f"{slug}.svg")

    step("checking every format against the merged graph")
    check_formats(tmp, graphs)

    step("writing HTML documentation")
    listed = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
    docs.write_docs(
        graphs.merged,
        tmp / "docs",
        # the linked-data site is written after the docs: its entry page and the w3id rules
        [*listed, "void.ttl", CHECKSUMS, "site/index.html", "w3id/.htaccess"],
        tmp / "ontology.ttl",
    )

    step("describing the dataset (VoID, DCAT)")
    sizes = {
        p.relative_to(tmp).as_posix(): p.stat().st_size
        for p in sorted(tmp.rglob("*"))
        if p.is_file() and p.parent == tmp
    }
    links = None
    if vocab.LINKS_GRAPH in graphs.graph_names():
        import rdflib

        links = graphs.dataset.graph(rdflib.URIRef(vocab.LINKS_GRAPH))
    description = void.describe(graphs.merged, sizes, links)
    write(tmp / "void.ttl", formats.turtle(formats.ox_triples(description)))
    return graphs, sizes


def _write_site(graphs: ReleaseGraphs, tmp: Path, site_url: str | None) -> list[str]:
    """Write the site; the warnings for what it leaves out (resources without a page)."""
    from scokg.site.index import SiteIndex, unpublished_warning
    from scokg.site.static import DEFAULT_SITE_URL, write_site

    # A term a format cannot carry was refused above, for the whole dataset, with its line.
    index = SiteIndex(graphs.triples())
    write_site(index, tmp / "site", tmp / "w3id", site_url or DEFAULT_SITE_URL)
    warning = unpublished_warning(index.unpublished())
    return [warning] if warning else []


def _copy_ontology(project: Project, tmp: Path) -> None:
    """The base ontology and shapes as ``ontology.ttl`` and ``shapes.ttl``; a project's own
    ontology and shapes files byte for byte under ``extensions/`` with their own names."""
    shutil.copyfile(project.ontology_file, tmp / "ontology.ttl")
    shutil.copyfile(project.shapes_file, tmp / "shapes.ttl")
    base = {project.ontology_file, project.shapes_file}
    for path in (*project.ontology_files, *project.shapes_files):
        if path not in base:
            (tmp / "extensions").mkdir(exist_ok=True)
            shutil.copyfile(path, tmp / "extensions" / path.name)


def _instances(graph: rdflib.Graph, classes: set[str]) -> dict[str, list[str]]:
    """IRIs of the instances of each scokg class (local names) in ``graph``."""
    import rdflib

    return {
        cls: [
            str(s)
            for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(vocab.SCOKG + cls))
            if isinstance(s, rdflib.URIRef)
        ]
        for cls in classes
    }


def check_formats(folder: Path, graphs: ReleaseGraphs) -> None:
    """Parse every dump back with pyoxigraph and compare it, term for term, with the data.

    Blank-node labels are written as they are in :class:`ReleaseGraphs` and every parser
    keeps them, so comparing sets of quads is exact and linear in the data (no graph
    canonicalisation, which is super-linear on long lists and deep nesting). Language
    tags compare in lower case, the form pyoxigraph reads them in (RDF 1.1 §3.3).
    """
    import pyoxigraph

    def fail(name: str, missing: set[str], extra: set[str]) -> DataError:
        sample = sorted(missing)[:1] or sorted(extra)[:1]
        which = "missing" if missing else "unexpected"
        return DataError(
            f"{name} does not read back as the graph it was written from "
            f"({len(missing)} missing, {len(extra)} unexpected; {which}: {sample[0][:200]})",
            file=folder / name,
            hint="this is a bug in the serialiser; please report it with the sources",
        )

    def compare(name: str, got: set[str], want: set[str]) -> None:
        if got != want:
            raise fail(name, want - got, got - want)

    def read(name: str, fmt: pyoxigraph.RdfFormat) -> list[pyoxigraph.Quad]:
        return list(pyoxigraph.parse(path=folder / name, format=fmt))

    triples = {_triple_text(t) for t in graphs.quads}
    quads = {str(q) for q in graphs.quads}
    for name, fmt in TRIPLE_DUMPS.items():
        compare(name, {_triple_text(q) for q in read(name, _OX_FORMATS[fmt])}, triples)
    compare(
        "scokg.jsonld",
        {_triple_text(q) for q in read("scokg.jsonld", pyoxigraph.RdfFormat.JSON_LD)},
        triples,
    )
    for name, fmt in QUAD_DUMPS.items():
        compare(name, {str(q) for q in read(name, _OX_FORMATS[fmt])}, quads)
    from scokg.reification import compile_quads

    for name, fmt in RDF12_DUMPS.items():
        compiled = compile_quads(read(name, _OX_FORMATS[fmt]), path=folder / name)
        compare(name, {str(q) for q in compiled}, quads)


def _triple_text(quad: pyoxigraph.Quad) -> str:
    return str(pyoxigraph.Triple(quad.subject, quad.predicate, quad.object))


def write_checksums(folder: Path) -> Path:
    """``SHA256SUMS`` for every file below ``folder``, in the format ``sha256sum -c`` reads."""
    lines = []
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        if path.is_file() and path.name != CHECKSUMS:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(folder).as_posix()}\n")
    target = folder / CHECKSUMS
    target.write_text("".join(lines), encoding="utf-8")
    return target
