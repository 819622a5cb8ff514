"""HTML documentation: the ontology's terms, and a page per class listing its instances.

Written with a small template so that the pages also show the data (an example per term,
every instance's facts with the sentences they come from) and stay byte-identical between
builds; pyLODE's page of the ontology (:mod:`scokg.release.ontodoc`) sits beside them.
Every text is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from scokg import vocab
from scokg.release.diagram import diagram_title, source_documents
from scokg.vocab import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, compact

if TYPE_CHECKING:
    import rdflib

CORE_CLASSES = ("Organisation", "Person", "Meeting", "Agreement", "Topic")

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #212529; }
h1, h2, h3 { line-height: 1.2; } h2 { border-bottom: 1px solid #dee2e6; padding-bottom: .2rem; }
code { background: #f1f3f5; padding: 0 .2rem; border-radius: 3px; font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
         border-bottom: 1px solid #e9ecef; }
th { width: 11rem; color: #495057; font-weight: 600; }
.term, .instance { margin-bottom: 2rem; }
blockquote { margin: .2rem 0; padding: .2rem .6rem; border-left: 3px solid #74c0fc;
             background: #f8f9fa; font-size: .92em; }
.note { color: #6c757d; font-size: .9em; }
nav a { margin-right: .8rem; }
"""


# Characters an HTML page cannot show as themselves: C0/C1 controls (but tab and LF; CR
# would be read as LF), noncharacters, the line/paragraph separators a browser shows
# as spaces, the bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E,
# U+2066-U+2069: they make text read other than it is) and the invisible zero-width space,
# word joiner and BOM (U+200B, U+2060, U+FEFF; ZWNJ and ZWJ shape real scripts and stay).
# Each is shown as a visible escape, so a literal's text is never changed silently.
_HTML_INVISIBLE_RE = re.compile(
    "[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u200b\\u200e\\u200f\\u2028-\\u202e"
    "\\u2060\\u2066-\\u2069\\ufdd0-\\ufdef\\ufeff\\ufffe\\uffff]"
)


def visible_text(text: str) -> str:
    """``text`` with each invisible character (see :func:`literal_html`) written as the
    plain text ``\\uXXXX``, HTML-escaped: for places that hold text only (``<title>``,
    attribute values), where markup would show literally."""
    return escape(_HTML_INVISIBLE_RE.sub(lambda m: f"\\u{ord(m.group()):04X}", text))


def json_safe(text: str) -> str:
    """JSON text with each invisible character written as a JSON ``\\uXXXX`` escape (the
    same string), for JSON embedded in HTML."""
    return _HTML_INVISIBLE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def literal_html(text: str) -> str:
    """A literal's lexical form as HTML: escaped, with invisible characters shown as
    ``<code class=esc>\\uXXXX</code>`` (the N-Triples escape of that character)."""
    parts = []
    last = 0
    for found in _HTML_INVISIBLE_RE.finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(f"<code class=esc>\\u{ord(found.group()):04X}</code>")
        last = found.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


@dataclass
class Term:
    """One local class or property of the ontology with everything its entry shows."""

    iri: str
    kind: str
    label: str
    definition: str
    facts: dict[str, list[str]] = field(default_factory=dict)


def anchor(iri: str) -> str:
    """An HTML id for a resource: its IRI path below the id space or the ontology."""
    tail = iri.removeprefix(vocab.ID).removeprefix(vocab.SCOKG)
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in tail)


class Site:
    """Builds the pages from the merged graph; links resolve to the page of each resource."""

    def __init__(self, graph: rdflib.Graph) -> None:
        import rdflib

        self.g = graph
        self.rdflib = rdflib
        self.local_classes = sorted(
            str(c)
            for c in graph.subjects(rdflib.RDF.type, rdflib.OWL.Class)
            if str(c).startswith(vocab.SCOKG)
        )
        self.local_properties = sorted(
            {
                str(p)
                for kind in (rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty)
                for p in graph.subjects(rdflib.RDF.type, kind)
                if str(p).startswith(vocab.SCOKG)
            }
        )
        self.extra_pages: list[tuple[str, str]] = []  # (file, title) linked from the index
        self.instances: dict[str, list[str]] = defaultdict(list)
        self.page_of: dict[str, str] = {}
        for cls in self.local_classes:
            for inst in sorted(graph.subjects(rdflib.RDF.type, rdflib.URIRef(cls)), key=str):
                self.instances[cls].append(str(inst))
        # A resource's page is its most specific class (Meeting before Event).
        for cls in sorted(self.instances, key=lambda c: len(self._superclasses(c)), reverse=True):
            for member in self.instances[cls]:
                self.page_of.setdefault(member, self.class_page(cls))
        for iri in [*self.local_classes, *self.local_properties]:
            self.page_of.setdefault(iri, "ontology.html")
        # Every instance of a class, its subclasses' (transitively) included.
        self.all_instances: dict[str, list[str]] = {
            cls: sorted({m for sub in self._subclasses(cls) for m in self.instances.get(sub, [])})
            for cls in self.local_classes
        }

    # -- small helpers -------------------------------------------------------------------
    def objects(self, s: str, p: str) -> list[rdflib.term.Node]:
        u = self.rdflib.URIRef
        return sorted(self.g.objects(u(s), u(p)), key=str)

    def text(self, s: str, p: str) -> str:
        values = self.objects(s, p)
        return str(values[0]) if values else ""

    def name(self, iri: str) -> str:
        for p in (SKOS + "prefLabel", RDFS + "label"):
            value = self.text(iri, p)
            if value:
                return value
        return compact(iri)

    def _superclasses(self, cls: str) -> list[str]:
        return [str(c) for c in self.objects(cls, RDFS + "subClassOf")]

    def _subclasses(self, cls: str) -> list[str]:
        """``cls`` and every local class below it (``rdfs:subClassOf``, transitively)."""
        found, todo = [cls], [cls]
        u = self.rdflib.URIRef
        while todo:
            for sub in self.g.subjects(u(RDFS + "subClassOf"), u(todo.pop())):
                if str(sub) not in found and str(sub).startswith(vocab.SCOKG):
                    found.append(str(sub))
                    todo.append(str(sub))
        return found

    def _outside_supers(self, iri: str, align: str) -> list[rdflib.term.Node]:
        """Standard terms above ``iri`` by ``align`` (subClassOf/subPropertyOf), transitively."""
        found: list[rdflib.term.Node] = []
        seen, todo = {iri}, [iri]
        while todo:
            for parent in self.objects(todo.pop(), align):
                if str(parent).startswith(vocab.SCOKG):
                    if str(parent) not in seen:
                        seen.add(str(parent))
                        todo.append(str(parent))
                elif parent not in found:
                    found.append(parent)
        return found

    def count(self, cls: str) -> str:
        """ "3 instances (1 direct)": subclass instances included, the direct count beside."""
        total, direct = len(self.all_instances.get(cls, [])), len(self.instances.get(cls, []))
        text = f"{total} instance{'' if total == 1 else 's'}"
        return text if total == direct else f"{text} ({direct} direct)"

    def term_link(self, node: rdflib.term.Node, here: str = "") -> str:
        """A vocabulary term by its prefixed name (``schema:Event``), linked to its entry or IRI."""
        iri = str(node)
        page = self.page_of.get(iri)
        href = (("" if page == here else page) + "#" + anchor(iri)) if page else iri
        return f'<a href="{escape(href)}"><code>{escape(compact(iri))}</code></a>'

    def reverse_reading(self, p: rdflib.term.Node, here: str) -> str:
        """How a row reads from the object's side: the named inverse's label, linked, when
        the ontology has one (``owl:inverseOf`` either way), else :func:`reverse_phrase`."""
        u = self.rdflib.URIRef
        inverses = [*self.objects(str(p), OWL + "inverseOf")]
        inverses += sorted(self.g.subjects(u(OWL + "inverseOf"), p), key=str)
        for inverse in inverses:
            if self.text(str(inverse), RDFS + "label"):
                return self.link(inverse, here)
        page = self.page_of.get(str(p), "ontology.html")
        href = ("" if page == here else page) + "#" + anchor(str(p))
        return f'<a href="{escape(href)}">{escape(reverse_phrase(self.name(str(p))))}</a>'

    @staticmethod
    def class_page(cls: str) -> str:
        return cls.removeprefix(vocab.SCOKG).lower() + ".html"

    def link(self, node: rdflib.term.Node, here: str = "") -> str:
        """HTML for a term: a link to its entry when we document it, else the literal/IRI."""
        if isinstance(node, self.rdflib.Literal):
            suffix = f" <span class=note>@{escape(node.language)}</span>" if node.language else ""
            if node.datatype is not None:
                suffix = f" <span class=note>{escape(compact(str(node.datatype)))}</span>"
            return literal_html(str(node)) + suffix
        iri = str(node)
        if isinstance(node, self.rdflib.BNode):
            return "<span class=note>(anonymous)</span>"
        page = self.page_of.get(iri)
        if page:
            href = ("" if page == here else page) + "#" + anchor(iri)
            return f'<a href="{escape(href)}">{escape(self.name(iri))}</a>'
        return f'<a href="{escape(iri)}"><code>{escape(compact(iri))}</code></a>'

    def links(self, nodes: list[rdflib.term.Node], here: str = "") -> str:
        return ", ".join(self.link(n, here) for n in nodes) or "—"

    # -- pages -------------------------------------------------------------------------------
    def page(self, title: str, body: str) -> str:
        nav = " ".join(
            f'<a href="{escape(self.class_page(vocab.SCOKG + c))}">{escape(c)}</a>'
            for c in CORE_CLASSES
        )
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f'<nav><a href="index.html">Home</a><a href="ontology.html">Ontology</a>{nav}</nav>\n'
            f"<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
        )

    def index(self, files: list[str]) -> str:
        onto = "https://w3id.org/scokg/ontology"
        parts = [
            f"<p>{escape(self.text(onto, DCTERMS + 'description'))}</p>",
            f"<p>Ontology version <code>{escape(self.text(onto, OWL + 'versionInfo'))}</code>, "
            f"licence {self.link(self.rdflib.URIRef(self.text(onto, DCTERMS + 'license')))}.</p>",
            '<p><a href="../diagram.svg"><img src="../diagram.svg" alt="'
            f'{escape(diagram_title(self.g))}" style="max-width:100%"></a></p>',
            *self.documents(files),
            "<h2>Documentation</h2><ul>",
            '<li><a href="ontology.html">Ontology: every class and property</a></li>',
        ]
        for page, title in self.extra_pages:
            parts.append(f'<li><a href="{escape(page)}">{escape(title)}</a></li>')
        for cls in self.local_classes:
            if self.all_instances.get(cls):
                local = cls.removeprefix(vocab.SCOKG)
                core = " (core)" if local in CORE_CLASSES else ""
                parts.append(
                    f'<li><a href="{escape(self.class_page(cls))}">{escape(local)}</a>{core}: '
                    f"{self.count(cls)}</li>"
                )
        parts.append("</ul><h2>Downloads</h2><ul>")
        for name in files:
            parts.append(f'<li><a href="../{escape(name)}">{escape(name)}</a></li>')
        parts.append("</ul>")
        return self.page(self.text(onto, DCTERMS + "title") or "scokg", "\n".join(parts))

    def documents(self, files: list[str]) -> list[str]:
        """The "Source documents" section: every document, oldest first, with its issue
        date, title (linked to its entry), address and diagram (when the release has one)."""
        docs = source_documents(self.g)
        if not docs:
            return []
        parts = [f"<h2>Source documents ({len(docs)})</h2><ul>"]
        for issued, slug, name in docs:
            iri = f"{vocab.ID}document/{slug}"
            item = f"{escape(issued)} " if issued else ""
            page = self.page_of.get(iri, self.class_page(vocab.SCOKG + "SourceDocument"))
            item += f'<a href="{escape(page)}#{escape(anchor(iri))}">{escape(name or slug)}</a>'
            source = self.text(iri, DCTERMS + "source")
            if source:
                item += f' (<a href="{escape(source)}">source</a>)'
            picture = f"diagrams/{slug}.svg"
            if picture in files:
                item += f' · <a href="../{escape(picture)}">diagram</a>'
            parts.append(f"<li>{item}</li>")
        parts.append("</ul>")
        return parts

    def ontology(self) -> str:
        here = "ontology.html"
        parts = ["<h2>Classes</h2>"]
        parts.append(
            "<p>"
            + " · ".join(self.link(self.rdflib.URIRef(c), here) for c in self.local_classes)
            + "</p>"
        )
        for cls in self.local_classes:
            parts.append(self._term(cls, "Class", here))
        parts.append("<h2>Properties</h2>")
        parts.append(
            "<p>"
            + " · ".join(self.link(self.rdflib.URIRef(p), here) for p in self.local_properties)
            + "</p>"
        )
        for prop in self.local_properties:
            parts.append(self._term(prop, "Property", here))
        return self.page("scokg ontology: classes and properties", "\n".join(parts))

    def _term(self, iri: str, kind: str, here: str) -> str:
        u = self.rdflib.URIRef
        rows: list[tuple[str, str]] = [("IRI", f"<code>{escape(iri)}</code>")]
        types = [compact(str(t)) for t in self.objects(iri, RDF + "type")]
        rows.append(("Kind", escape(", ".join(types))))
        rows.append(("Definition", escape(self.text(iri, SKOS + "definition"))))
        align = RDFS + ("subClassOf" if kind == "Class" else "subPropertyOf")
        supers = self.objects(iri, align)
        local = [t for t in supers if str(t).startswith(vocab.SCOKG)]
        outside = [t for t in supers if not str(t).startswith(vocab.SCOKG)]
        if local:
            head = "Subclass of" if kind == "Class" else "Subproperty of"
            rows.append((head, ", ".join(self.term_link(t, here) for t in local)))
        aligned = [self.term_link(t, here) for t in outside]
        for parent in local:  # what a local superterm is aligned to holds here too
            for t in self._outside_supers(str(parent), align):
                via = self.term_link(parent, here)
                aligned.append(f"{self.term_link(t, here)} <span class=note>(through {via})</span>")
        rows.append(("Aligned to", ", ".join(aligned) or "—"))
        if kind == "Class":
            subs = sorted(self.g.subjects(u(RDFS + "subClassOf"), u(iri)), key=str)
            if subs:
                rows.append(("Subclasses", self.links(subs, here)))
        else:
            rows.append(("Domain", self.links(self.objects(iri, RDFS + "domain"), here)))
            rows.append(("Range", self.links(self.objects(iri, RDFS + "range"), here)))
            inverse = [*self.objects(iri, OWL + "inverseOf")]
            inverse += sorted(self.g.subjects(u(OWL + "inverseOf"), u(iri)), key=str)
            if inverse:
                rows.append(("Inverse", self.links(inverse, here)))
        if self.text(iri, SKOS + "example"):
            rows.append(("Note", escape(self.text(iri, SKOS + "example"))))
        rows.append(("Example", self._example(iri, kind, here)))
        table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
        label = self.name(iri)
        return (
            f'<section class=term id="{anchor(iri)}"><h3>{escape(label)} '
            f"<code>{escape(compact(iri))}</code></h3><table>{table}</table></section>"
        )

    def _example(self, iri: str, kind: str, here: str) -> str:
        u = self.rdflib.URIRef
        if kind == "Class":
            members = self.instances.get(iri, [])
            if not members:
                return "<span class=note>no instance in the data yet</span>"
            more = (
                f" <span class=note>and {len(members) - 1} more</span>" if len(members) > 1 else ""
            )
            return self.link(u(members[0]), here) + more
        triples = sorted(
            (
                (s, o)
                for s, o in self.g.subject_objects(u(iri))
                if not str(s).startswith(vocab.SCOKG)
            ),
            key=lambda so: (str(so[0]), str(so[1])),
        )
        if not triples:
            return "<span class=note>not used in the data yet</span>"
        s, o = triples[0]
        return f"{self.link(s, here)} → <em>{escape(self.name(iri))}</em> → {self.link(o, here)}"

    def class_page_html(self, cls: str) -> str:
        here = self.class_page(cls)
        local = cls.removeprefix(vocab.SCOKG)
        parts = [
            f"<p>{escape(self.text(cls, SKOS + 'definition'))} "
            f'(<a href="ontology.html#{anchor(cls)}">class '
            f"<code>{escape(compact(cls))}</code></a>)</p>"
        ]
        members = sorted(self.all_instances[cls], key=lambda i: self.name(i).lower())
        parts.append(
            "<ul>"
            + "".join(f"<li>{self.link(u, here)}</li>" for u in map(self.rdflib.URIRef, members))
            + "</ul>"
        )
        for inst in members:
            if self.page_of.get(inst) == here:  # described here; the others on their own page
                parts.append(self._instance(inst, here))
        return self.page(f"{local}: {self.count(cls)}", "\n".join(parts))

    def _instance(self, inst: str, here: str) -> str:
        u = self.rdflib.URIRef
        rows = []
        for p, o in sorted(
            self.g.predicate_objects(u(inst)), key=lambda po: (str(po[0]), str(po[1]))
        ):
            if str(p) == PROV + "wasDerivedFrom":
                continue
            sources = self._fact_sources(inst, p, o)
            rows.append(
                f"<tr><th>{self.link(p, here)}</th><td>{self.link(o, here)}{sources}</td></tr>"
            )
        for s, p in sorted(
            self.g.subject_predicates(u(inst)), key=lambda sp: (str(sp[1]), str(sp[0]))
        ):
            if str(p).startswith(vocab.SCOKG) and str(s) in self.page_of:
                rows.append(
                    f"<tr><th>{self.reverse_reading(p, here)}</th>"
                    f"<td>{self.link(s, here)}</td></tr>"
                )
        mentions = self._quotes(self.objects(inst, PROV + "wasDerivedFrom"))
        if mentions:
            rows.append(f"<tr><th>Mentioned in</th><td>{mentions}</td></tr>")
        return (
            f'<section class=instance id="{anchor(inst)}"><h2>{escape(self.name(inst))}</h2>'
            f"<p><code>{escape(inst)}</code></p><table>{''.join(rows)}</table></section>"
        )

    def _fact_sources(self, s: str, p: rdflib.term.Node, o: rdflib.term.Node) -> str:
        """Quotes of the sentences a fact is derived from, found through its rdf:Statement."""
        u = self.rdflib.URIRef
        g = self.g
        statements = [
            st
            for st in g.subjects(u(RDF + "subject"), u(s))
            if (st, u(RDF + "predicate"), p) in g and (st, u(RDF + "object"), o) in g
        ]
        out = []
        for st in sorted(statements, key=str):
            out.append(self._quotes(self.objects(str(st), PROV + "wasDerivedFrom")))
            note = self.text(str(st), vocab.SCOKG + "derivationNote")
            if note:
                out.append(f"<div class=note>Derived: {escape(note)}</div>")
        return "".join(out)

    def _quotes(self, sentences: list[rdflib.term.Node]) -> str:
        quotes = []
        for sentence in sentences:
            text = self.text(str(sentence), vocab.NIF + "anchorOf")
            if text:
                iri = str(sentence)
                doc, number = iri.rsplit("/", 3)[-3], iri.rsplit("/", 1)[-1]
                quotes.append(
                    f'<blockquote>{escape(text)} <a class=note href="{escape(iri)}">'
                    f"[{escape(doc)} §{escape(number)}]</a></blockquote>"
                )
            else:
                quotes.append(f"<div class=note>source: {self.link(sentence)}</div>")
        return "".join(quotes)


_PREPOSITIONS = frozenset(
    ("about", "at", "by", "for", "from", "in", "into", "of", "on", "through", "to", "under")
    + ("with", "within")
)


def reverse_phrase(label: str) -> str:
    """A property's label read from the object's side, for a property with no named inverse.

    "has topic" reads "is topic of", "head of" reads "has head", a noun such as "participant"
    reads "is participant of"; a label that is a verb or hangs on a preposition ("implements",
    "post in") has no safe rewording and reads "inverse of “…”". Never "is has topic of" or
    "is head of of".
    """
    words = label.split()
    if not words:
        return "inverse"
    if words[0] == "has" and len(words) > 1:
        return "is " + " ".join(words[1:]) + " of"
    if words[-1] == "of" and len(words) > 1:
        return "has " + " ".join(words[:-1])
    if (
        words[0] in _PREPOSITIONS
        or words[-1] in _PREPOSITIONS
        or words[0] in ("is", "was")
        or words[0].endswith(("ed", "s"))
    ):
        return f"inverse of “{label}”"
    return f"is {label} of"


def write_docs(
    graph: rdflib.Graph, folder: Path, files: list[str], ontology_file: Path | None = None
) -> list[Path]:
    """Write ``index.html``, ``ontology.html``, one page per class with instances and,
    given ``ontology_file`` with an ``owl:Ontology`` header (pyLODE documents nothing
    without one), pyLODE's page of it (``pylode.html``, linked from the index)."""
    site = Site(graph)
    folder.mkdir(parents=True, exist_ok=True)
    pages = {"ontology.html": site.ontology()}
    import rdflib

    if ontology_file is not None and (None, rdflib.RDF.type, rdflib.OWL.Ontology) in graph:
        from scokg.release.ontodoc import PAGE, pylode_html

        pages[PAGE] = pylode_html(ontology_file)
        site.extra_pages.append((PAGE, "Ontology as generated by pyLODE (OntPub profile)"))
    pages["index.html"] = site.index(files)
    for cls in site.local_classes:
        if site.all_instances.get(cls):
            pages[site.class_page(cls)] = site.class_page_html(cls)
    written = []
    for name, html in sorted(pages.items()):
        path = folder / name
        path.write_bytes(html.encode("utf-8"))
        written.append(path)
    return written
