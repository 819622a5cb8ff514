"""A Graphviz picture of the graph: who met whom, what was said, agreed and signed.

Nodes are coloured by class and grouped in clusters; post holdings are folded into a
"holds" edge and act kinds into the act's label so the picture stays readable. The title
says what the picture shows, read from the data (:func:`diagram_title`): one source document by its
title and issue date, several by their number and the span of their issue dates.
:func:`document_view` cuts the graph of one document (with the types and labels of what it
mentions), for one picture per document.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from scokg import vocab
from scokg.errors import ScokgError

if TYPE_CHECKING:
    import rdflib

SKOS_PREF = vocab.SKOS + "prefLabel"
SKOS_ALT = vocab.SKOS + "altLabel"

# class local name -> (cluster title, fill colour, shape)
STYLE: dict[str, tuple[str, str, str]] = {
    "Organisation": ("Organisations", "#cfe2ff", "box"),
    "Person": ("People and their posts", "#d1f0d6", "ellipse"),
    "Post": ("People and their posts", "#eef7e6", "note"),
    "Meeting": ("Meetings and what was said in them", "#ffd8a8", "doubleoctagon"),
    "Act": ("Meetings and what was said in them", "#fff1dc", "box"),
    "Agreement": ("Agreement, its signing and its action plan", "#ffc9c9", "component"),
    "Signing": ("Agreement, its signing and its action plan", "#ffe3e3", "octagon"),
    "Plan": ("Agreement, its signing and its action plan", "#fff0f0", "note"),
    "Event": ("Other events", "#ffe8cc", "octagon"),
    "Cooperation": ("Cooperation", "#e5dbff", "hexagon"),
    "Initiative": ("Cooperation", "#f3f0ff", "hexagon"),
    "Topic": ("Topics", "#fff3bf", "ellipse"),
    "Place": ("Places", "#e6fcf5", "house"),
}
ORDER = tuple(STYLE)
# Edges drawn (scokg local names); actor/addressee/partOf of acts go into labels instead.
SKIPPED_EDGES = frozenset({"actor", "addressee", "actKind", "inOrganisation"})


class GraphvizMissing(ScokgError):
    """The Graphviz ``dot`` program is not installed."""


def _local(iri: str) -> str:
    return iri.removeprefix(vocab.SCOKG)


def _quote(text: str) -> str:
    # Backslashes are kept: labels use Graphviz's "\\n" line breaks.
    return '"' + text.replace('"', '\\"') + '"'


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\\n".join(lines)


def _name(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    import rdflib

    alts = sorted(str(a) for a in graph.objects(node, rdflib.URIRef(SKOS_ALT)))
    prefs = sorted(str(p) for p in graph.objects(node, rdflib.URIRef(SKOS_PREF)))
    name = prefs[0] if prefs else str(node).rsplit("/", 1)[-1]
    short = [a for a in alts if a.isupper() and len(a) <= 6]
    return f"{name} ({short[0]})" if short else name


# English month names, fixed: ``calendar.month_name`` follows the process's LC_TIME locale
# (read again at each access), so a host program that calls ``locale.setlocale`` would change
# published titles silently. benchmarks/synth.py uses this table too.
MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
PROJECT_TITLE = "SCO–UNODC cooperation"


def long_date(value: str) -> str:
    """``2020-03-03`` -> ``3 March 2020``; a month or a year as it reads; else unchanged."""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        return value
    return value


def source_documents(graph: rdflib.Graph) -> list[tuple[str, str, str]]:
    """(issue date, slug, title) of every ``scokg:SourceDocument``, oldest first (the slug
    is the last segment of the document IRI, as in its graph and its files).

    A missing date or title is an empty string (they sort first).
    """
    import rdflib

    dct = rdflib.Namespace(vocab.DCTERMS)
    found = []
    for doc in graph.subjects(rdflib.RDF.type, rdflib.URIRef(vocab.SCOKG + "SourceDocument")):
        issued = min((str(d) for d in graph.objects(doc, dct.issued)), default="")
        ident = str(doc).rsplit("/", 1)[-1]
        title_ = min((str(t) for t in graph.objects(doc, dct.title)), default="")
        found.append((issued, ident, title_))
    return sorted(found)


def diagram_title(graph: rdflib.Graph) -> str:
    """What a picture of ``graph`` shows, from its source documents (never assumed).

    One document: its title and issue date; several: how many and the span of their issue
    dates; none: the project's name alone.
    """
    docs = source_documents(graph)
    if not docs:
        return f"{PROJECT_TITLE}: the graph"
    if len(docs) == 1:
        issued, ident, name = docs[0]
        when = f" ({long_date(issued)})" if issued else ""
        return f"{PROJECT_TITLE}: “{name or ident}”{when} as a graph"
    dates = sorted(d for d, _, _ in docs if d)
    span = f", {long_date(dates[0])} to {long_date(dates[-1])}" if dates else ""
    return f"{PROJECT_TITLE}: {len(docs)} source documents{span}, as one graph"


def document_view(dataset: rdflib.Dataset, merged: rdflib.Graph, slug: str) -> rdflib.Graph:
    """The graph of document ``slug`` plus the types and labels of every IRI it mentions.

    The labels and types come from ``merged`` (entities, topics and act kinds are declared
    outside the document's graph); nothing else of other documents is drawn.
    """
    import rdflib

    from scokg.release.graphs import new_graph

    own = dataset.graph(rdflib.URIRef(vocab.document_graph(slug)))
    view = new_graph()
    nodes: set[rdflib.term.Node] = set()
    for s, p, o in own:
        view.add((s, p, o))
        nodes.update(n for n in (s, o) if isinstance(n, rdflib.URIRef))
    shown = (rdflib.RDF.type, rdflib.URIRef(SKOS_PREF), rdflib.URIRef(SKOS_ALT))
    for node in nodes:
        for p in shown:
            for o in merged.objects(node, p):
                view.add((node, p, o))
    return view


def to_dot(graph: rdflib.Graph, heading: str | None = None) -> str:
    """DOT source for ``graph`` (no SourceDocument, sentences or statements), titled
    ``heading`` or else by :func:`diagram_title`."""
    import rdflib

    scokg = rdflib.Namespace(vocab.SCOKG)
    kind_of: dict[rdflib.term.Node, str] = {}
    for cls in ORDER:  # later (more specific) classes win: Meeting and Signing over Event
        for node in graph.subjects(rdflib.RDF.type, scokg[cls]):
            if kind_of.get(node) not in ("Meeting", "Signing"):
                kind_of[node] = cls
    ids = {node: f"n{i}" for i, node in enumerate(sorted(kind_of, key=str))}

    edges: set[tuple[str, str, str, str]] = set()
    for s, p, o in graph:
        if s not in ids or o not in ids or not str(p).startswith(vocab.SCOKG):
            continue
        prop = _local(str(p))
        if prop in SKIPPED_EDGES or prop in ("holder", "post"):
            continue
        style = "dotted" if prop in ("hasTopic", "mandateTopic") else "solid"
        edges.add((ids[s], ids[o], _edge_label(prop), style))
    # A post holding becomes one "holds" edge from the person to the post.
    for holding in graph.subjects(rdflib.RDF.type, scokg.PostHolding):
        for person in graph.objects(holding, scokg.holder):
            for post in graph.objects(holding, scokg.post):
                if person in ids and post in ids:
                    edges.add((ids[person], ids[post], "holds", "bold"))
    linked = {a for a, _, _, _ in edges} | {b for _, b, _, _ in edges}

    clusters: dict[str, list[str]] = {}
    for node in sorted(kind_of, key=str):
        cls = kind_of[node]
        if cls == "Topic" and ids[node] not in linked:
            continue  # broader topics no fact points at would only add clutter
        title, colour, shape = STYLE[cls]
        label = _node_label(graph, node, cls)
        clusters.setdefault(title, []).append(
            f"    {ids[node]} [label={_quote(label)}, fillcolor={_quote(colour)}, "
            f"shape={shape}, tooltip={_quote(str(node))}];"
        )

    lines = [
        "digraph scokg {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=16, labelloc=t, '
        f"label={_quote(heading or diagram_title(graph))}, "
        'nodesep=0.15, ranksep=0.6, bgcolor="white", pad=0.3, newrank=true];',
        '  node [style="filled,rounded", fontname="Helvetica", fontsize=10, color="#495057", '
        'margin="0.08,0.03"];',
        '  edge [fontname="Helvetica", fontsize=8, color="#868e96", fontcolor="#495057", '
        "arrowsize=0.6];",
    ]
    titles: list[str] = []
    for cls in ORDER:
        title = STYLE[cls][0]
        if title in titles or title not in clusters:
            continue
        titles.append(title)
        lines.append(f"  subgraph cluster_{len(titles)} {{")
        lines.append(
            f'    label={_quote(title)}; style="rounded,dashed"; color="#adb5bd"; '
            'fontname="Helvetica-Bold"; fontsize=12;'
        )
        lines.extend(clusters[title])
        lines.append("  }")
    for a, b, label, style in sorted(edges):
        lines.append(f"  {a} -> {b} [label={_quote(label)}, style={style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_label(prop: str) -> str:
    spaced = "".join(" " + c.lower() if c.isupper() else c for c in prop)
    return spaced.replace("has topic", "topic")


def _node_label(graph: rdflib.Graph, node: rdflib.term.Node, cls: str) -> str:
    import rdflib

    scokg = rdflib.Namespace(vocab.SCOKG)
    if cls == "Act":
        kinds = sorted(
            str(label)
            for kind in graph.objects(node, scokg.actKind)
            for label in graph.objects(kind, rdflib.URIRef(SKOS_PREF))
        )
        actors = sorted(_name(graph, a).split()[-1] for a in graph.objects(node, scokg.actor))
        head = f"{' & '.join(actors)}: {', '.join(kinds)}"
        return head
    label = _wrap(_name(graph, node))
    dates = sorted(str(d) for d in graph.objects(node, scokg.date))
    if not dates:
        dates = sorted(
            str(d) for p in (scokg.startDate, scokg.endDate) for d in graph.objects(node, p)
        )
        dates = sorted(set(dates))
        if len(dates) == 2:
            dates = [f"{dates[0]} – {dates[1]}"]
    if dates:
        label += "\\n" + ", ".join(dates)
    return label


def render(dot_source: str, svg_path: Path, png_path: Path | None = None) -> None:
    """Render with Graphviz ``dot`` to SVG (and PNG when ``png_path`` is given); a clear
    error if it is missing."""
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissing(
            "Graphviz `dot` is not installed, so diagram.svg cannot be drawn",
            hint="install Graphviz (Debian/Ubuntu: apt-get install -y graphviz; "
            "macOS: brew install graphviz), then run `scokg build` again",
        )
    targets = [("svg", svg_path)] + ([("png", png_path)] if png_path is not None else [])
    for fmt, path in targets:
        extra = ["-Gdpi=110"] if fmt == "png" else []
        done = subprocess.run(
            [dot, f"-T{fmt}", *extra, "-o", str(path)],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise ScokgError(
                f"Graphviz dot failed to draw {path.name}: "
                + done.stderr.decode("utf-8", "replace").strip()
            )
