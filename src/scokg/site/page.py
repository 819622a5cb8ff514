"""The HTML page of one resource (HTML5, no JavaScript needed, every text escaped).

A page shows the resource's label, types and facts grouped by property — forward ("what it
says") and reverse ("what points here") — each fact with the sentence that states it, in
its paragraph, the sentence highlighted with ``<mark>``, a link to the sentence in the
document page, and the statement's derivation note. A source document's page shows its text
with every sentence anchored (``id="sentence-N"``). Identity and mapping links to outside
datasets (Wikidata, GeoNames, UNBIS, EuroVoc) are out-links. The ontology page lists every
``ontology#`` term under an ``id`` of its local name.

Each page embeds its description as schema.org JSON-LD (``<script
type="application/ld+json">``) and lists its RDF representations with ``<link
rel="alternate">``. Links between pages are relative, so the same HTML works from
``scokg serve`` (``/doc/...``) and from any folder the static site is copied to.
"""

from __future__ import annotations

import json
from collections import defaultdict
from html import escape

import pyoxigraph

from scokg import vocab
from scokg.release.docs import json_safe, literal_html, visible_text
from scokg.site.formats import RDF_REPRESENTATIONS
from scokg.site.index import DERIVED, ONTOLOGY, RDF_TYPE, SiteIndex, Triple, local_path

Term = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | pyoxigraph.Triple

LABELS = (
    vocab.SKOS + "prefLabel",
    vocab.RDFS + "label",
    vocab.SCHEMA + "name",
    vocab.FOAF + "name",
    vocab.DCTERMS + "title",
)
NIF_STRING = vocab.NIF + "isString"
NIF_BEGIN = vocab.NIF + "beginIndex"
NIF_END = vocab.NIF + "endIndex"
NIF_CONTEXT = vocab.NIF + "referenceContext"
NIF_ANCHOR = vocab.NIF + "anchorOf"
NOTE = vocab.SCOKG + "derivationNote"
OUT_LINKS = (
    vocab.OWL + "sameAs",
    vocab.SKOS + "exactMatch",
    vocab.SKOS + "closeMatch",
    vocab.SKOS + "broadMatch",
    vocab.SKOS + "narrowMatch",
    vocab.SKOS + "relatedMatch",
)
CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #212529; }
h2 { border-bottom: 1px solid #dee2e6; padding-bottom: .2rem; }
code { background: #f1f3f5; padding: 0 .2rem; border-radius: 3px; font-size: .9em; }
blockquote { margin: .3rem 0 .6rem; padding: .2rem .6rem; border-left: 3px solid #74c0fc;
             background: #f8f9fa; font-size: .92em; }
mark { background: #fff3bf; }
.note, .iri { color: #6c757d; font-size: .9em; }
.text { white-space: pre-wrap; }
.sentence:target { outline: 2px solid #fab005; }
nav a { margin-right: .8rem; }
"""


class Renderer:
    """Renders pages from one :class:`SiteIndex`; labels are looked up once."""

    def __init__(self, index: SiteIndex) -> None:
        self.index = index
        self.pages = set(index.resources())

    # -- terms ----------------------------------------------------------------------------
    def values(self, subject: str, predicate: str) -> list[Term]:
        return [
            t.object
            for t in self.index.by_subject.get(f"<{subject}>", [])
            if t.predicate.value == predicate
        ]

    def text(self, subject: str, predicate: str) -> str:
        found = [v for v in self.values(subject, predicate) if not isinstance(v, pyoxigraph.Triple)]
        literals = sorted(
            found, key=lambda o: (getattr(o, "language", None) not in ("en", None), str(o))
        )
        return literals[0].value if literals else ""

    def label(self, iri: str) -> str:
        for p in LABELS:
            value = self.text(iri, p)
            if value:
                return value
        if iri.startswith(vocab.SCOKG):
            return iri[len(vocab.SCOKG) :]
        return vocab.compact(iri)

    def href(self, iri: str, here: str) -> str | None:
        """A relative link from the page of ``here`` to the page of ``iri``, if it has one."""
        if iri in self.pages or iri.startswith(vocab.SCOKG):
            target = local_path(iri)
            if target is None:
                return None
            up = "../" * local_path(here).count("/")  # type: ignore[union-attr]  # here has a page
            fragment = "#" + iri[len(vocab.SCOKG) :] if iri.startswith(vocab.SCOKG) else ""
            return f"{up}{target}.html{fragment}"
        return None

    def term(self, node: Term, here: str) -> str:
        """HTML for one term: a link to its page, an out-link, or the escaped literal."""
        if isinstance(node, pyoxigraph.Literal):
            suffix = ""
            if node.language:
                suffix = f' <span class="note">@{escape(node.language)}</span>'
            elif node.datatype.value != vocab.XSD + "string":
                suffix = f' <span class="note">{escape(vocab.compact(node.datatype.value))}</span>'
            return literal_html(node.value) + suffix
        if isinstance(node, pyoxigraph.BlankNode):
            return '<span class="note">(anonymous)</span>'
        if not isinstance(node, pyoxigraph.NamedNode):
            return escape(str(node))
        iri = node.value
        link = self.href(iri, here)
        if link is not None:
            return f'<a href="{escape(link)}">{literal_html(self.label(iri))}</a>'
        shown = f"<code>{literal_html(vocab.compact(iri))}</code>"
        if iri.startswith(("http://", "https://")):
            return f'<a href="{escape(iri)}" rel="external">{shown}</a>'
        return shown

    # -- the parts of a page ----------------------------------------------------------------
    def sentence_html(self, sentence: str, here: str) -> str:
        """The paragraph of ``sentence`` with the sentence in ``<mark>`` and a link to it."""
        begin, end = self._offsets(sentence)
        doc = _first_iri(self.values(sentence, NIF_CONTEXT))
        source = self.text(doc, NIF_STRING) if doc else ""
        if begin is None or end is None or not source or end > len(source) or begin > end:
            quote = self.text(sentence, NIF_ANCHOR)
            body = f"<mark>{literal_html(quote)}</mark>"
        else:
            start = source.rfind("\n\n", 0, begin)
            start = 0 if start < 0 else start + 2
            stop = source.find("\n\n", end)
            stop = len(source) if stop < 0 else stop
            body = (
                literal_html(source[start:begin])
                + f"<mark>{literal_html(source[begin:end])}</mark>"
                + literal_html(source[end:stop])
            )
        link = self._sentence_link(sentence, doc, here)
        return f'<blockquote>{body} <a href="{escape(link)}">(source)</a></blockquote>'

    def _sentence_link(self, sentence: str, doc: str | None, here: str) -> str:
        number = sentence.rsplit("/", 1)[-1]
        if doc and self.href(doc, here):
            return f"{self.href(doc, here)}#sentence-{number}"
        return self.href(sentence, here) or sentence

    def _offsets(self, sentence: str) -> tuple[int | None, int | None]:
        def number(p: str) -> int | None:
            value = self.text(sentence, p)
            return int(value) if value.strip().isdigit() else None

        return number(NIF_BEGIN), number(NIF_END)

    def evidence(self, t: Triple, here: str) -> str:
        """Sentences and derivation notes of the statements that reify ``t``."""
        parts = []
        key = (str(t.subject), str(t.predicate), str(t.object))
        for stmt in self.index.statements.get(key, []):
            iri = stmt.strip("<>")
            for sentence in sorted(_iris(self.values(iri, DERIVED))):
                if self.values(sentence, NIF_ANCHOR):
                    parts.append(self.sentence_html(sentence, here))
            for note in self.values(iri, NOTE):
                if isinstance(note, pyoxigraph.Literal):
                    parts.append(f'<p class="note">Derivation: {literal_html(note.value)}</p>')
            for source in _iris(self.values(iri, vocab.DCTERMS + "source")):
                parts.append(
                    f'<p class="note">Source: {self.term(pyoxigraph.NamedNode(source), here)}</p>'
                )
        return "".join(parts)

    def facts(self, triples: list[Triple], here: str, *, reverse: bool) -> str:
        grouped: dict[str, list[Triple]] = defaultdict(list)
        for t in triples:
            grouped[t.predicate.value].append(t)
        out = []
        for predicate in sorted(grouped, key=lambda p: (self.label(p).lower(), p)):
            name = self.term(pyoxigraph.NamedNode(predicate), here)
            heading = f"{name} (of)" if reverse else name
            items = []
            for t in sorted(grouped[predicate], key=lambda t: str(t)):
                other = t.subject if reverse else t.object
                quote = ""
                if (
                    not reverse
                    and isinstance(other, pyoxigraph.NamedNode)
                    and self.values(other.value, NIF_ANCHOR)
                ):
                    quote = self.sentence_html(other.value, here)  # a sentence: show it
                evidence = self.evidence(t, here)
                items.append(f"<li>{self.term(other, here)}{quote}{evidence}</li>")
            out.append(f"<h3>{heading}</h3>\n<ul>\n" + "\n".join(items) + "\n</ul>")
        return "\n".join(out)

    def document_text(self, iri: str, here: str) -> str:
        """The source text with every sentence in a ``<span id="sentence-N">``."""
        text = self.text(iri, NIF_STRING)
        spans = []
        for t in self.index.by_object.get(f"<{iri}>", []):
            if t.predicate.value == NIF_CONTEXT and isinstance(t.subject, pyoxigraph.NamedNode):
                begin, end = self._offsets(t.subject.value)
                if begin is not None and end is not None and begin <= end <= len(text):
                    spans.append((begin, end, t.subject.value))
        out, last = [], 0
        for begin, end, sentence in sorted(spans):
            if begin < last:
                continue  # overlapping spans: the first wins the anchor
            number = sentence.rsplit("/", 1)[-1]
            out.append(literal_html(text[last:begin]))
            out.append(
                f'<span class="sentence" id="sentence-{escape(number)}">'
                f"{literal_html(text[begin:end])}</span>"
            )
            last = end
        out.append(literal_html(text[last:]))
        return f'<h2>Text</h2>\n<p class="text">{"".join(out)}</p>'

    def json_ld(self, iri: str, triples: list[Triple]) -> str:
        """A schema.org description of ``iri`` for search engines (``<script>``-safe JSON)."""
        types = sorted(
            t.object.value.removeprefix(vocab.SCHEMA)
            for t in triples
            if t.predicate.value == RDF_TYPE
            and isinstance(t.object, pyoxigraph.NamedNode)
            and t.object.value.startswith(vocab.SCHEMA)
        )
        types = types or sorted(self._schema_types(iri)) or ["Thing"]
        data: dict[str, object] = {
            "@context": "https://schema.org/",
            "@id": iri,
            "@type": types if len(types) > 1 else types[0],
            "name": self.label(iri),
        }
        same = sorted(_iris(self.values(iri, vocab.OWL + "sameAs")))
        if same:
            data["sameAs"] = same
        about = self.text(iri, vocab.SKOS + "definition") or self.text(iri, vocab.RDFS + "comment")
        if about:
            data["description"] = about
        text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True)
        # Inside <script>, "</" and "<!--" must not appear: \u003c is the same JSON string.
        for char in "<>&\u2028\u2029":
            text = text.replace(char, f"\\u{ord(char):04x}")
        return json_safe(text)  # controls and bidi overrides as JSON escapes, never raw

    def _schema_types(self, iri: str) -> set[str]:
        """schema.org classes the resource's own classes are aligned to (subClassOf/equivalent)."""
        found = set()
        for cls in _iris(self.values(iri, RDF_TYPE)):
            for p in (vocab.RDFS + "subClassOf", vocab.OWL + "equivalentClass"):
                for sup in _iris(self.values(cls, p)):
                    if sup.startswith(vocab.SCHEMA):
                        found.add(sup.removeprefix(vocab.SCHEMA))
        return found

    # -- whole pages --------------------------------------------------------------------------
    def page(self, iri: str) -> str:
        """The page of a resource of the index (``iri`` must be in ``index.resources()``)."""
        path = local_path(iri)
        assert path is not None, iri
        body = self._ontology_body(iri) if iri == ONTOLOGY else self._resource_body(iri)
        return self._wrap(iri, path, body)

    def _wrap(self, iri: str, path: str, body: str) -> str:
        stem = path.rsplit("/", 1)[-1]
        up = "../" * path.count("/")
        alternates = "\n".join(
            f'<link rel="alternate" type="{r.media_type}" href="{escape(stem)}.{r.ext}">'
            for r in RDF_REPRESENTATIONS
        )
        downloads = " · ".join(
            f'<a href="{escape(stem)}.{r.ext}" type="{r.media_type}">{r.ext}</a>'
            for r in RDF_REPRESENTATIONS
        )
        title = self.label(iri)
        description = self.index.description(iri)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{visible_text(title)} · scokg</title>\n"
            f'<link rel="canonical" href="{escape(iri)}">\n{alternates}\n'
            f"<style>{CSS}</style>\n"
            f'<script type="application/ld+json">\n{self.json_ld(iri, description)}\n</script>\n'
            "</head>\n<body>\n"
            f'<nav><a href="{up}ontology.html">Ontology</a></nav>\n<main>\n'
            f"<h1>{literal_html(title)}</h1>\n"
            f'<p class="iri">IRI <code>{literal_html(iri)}</code> · as data: {downloads}</p>\n'
            f"{body}\n</main>\n</body>\n</html>\n"
        )

    def _resource_body(self, iri: str) -> str:
        own = self.index.subject_triples(iri)
        types = [t.object for t in own if t.predicate.value == RDF_TYPE]
        rest = [
            t
            for t in own
            if not (t.predicate.value in OUT_LINKS and _outside(t.object))
            and t.predicate.value != NIF_STRING
        ]
        parts = []
        if types:
            shown = ", ".join(self.term(t, iri) for t in sorted(types, key=str))
            parts.append(f"<p>Type: {shown}</p>")
        if self.values(iri, NIF_STRING):
            parts.append(self.document_text(iri, iri))  # a source document: its text first
        parts.append("<h2>Facts</h2>")
        parts.append(self.facts(rest, iri, reverse=False) or "<p>None stated.</p>")
        incoming = [
            t
            for t in self.index.by_object.get(f"<{iri}>", [])
            if isinstance(t.subject, pyoxigraph.NamedNode)
            and t.predicate.value not in (vocab.RDF + "subject", vocab.RDF + "object", NIF_CONTEXT)
        ]
        if incoming:
            parts.append("<h2>Referenced by</h2>")
            parts.append(self.facts(incoming, iri, reverse=True))
        outside = [t for t in own if t.predicate.value in OUT_LINKS and _outside(t.object)]
        if outside:
            parts.append("<h2>Elsewhere</h2>\n<ul>")
            for t in sorted(outside, key=str):
                parts.append(
                    f"<li>{self.term(t.predicate, iri)}: {self.term(t.object, iri)}"
                    f"{self.evidence(t, iri)}</li>"
                )
            parts.append("</ul>")
        return "\n".join(parts)

    def _ontology_body(self, iri: str) -> str:
        parts = ["<h2>About</h2>", self.facts(self.index.subject_triples(iri), iri, reverse=False)]
        terms = sorted(
            {
                t.subject.value
                for t in self.index.triples
                if isinstance(t.subject, pyoxigraph.NamedNode)
                and t.subject.value.startswith(vocab.SCOKG)
            }
        )
        parts.append("<h2>Terms</h2>")
        for term in terms:
            local = term[len(vocab.SCOKG) :]
            rows = []
            for t in sorted(self.index.subject_triples(term), key=str):
                rows.append(f"<li>{self.term(t.predicate, iri)}: {self.term(t.object, iri)}</li>")
            parts.append(
                f'<section id="{escape(local)}">\n<h3>{escape(local)}</h3>\n'
                f'<p class="iri"><code>{escape(term)}</code></p>\n<ul>\n'
                + "\n".join(rows)
                + "\n</ul>\n</section>"
            )
        return "\n".join(parts)

    def not_found(self, path: str, search: str) -> str:
        """The 404 page: what was asked, and a link to search the labels."""
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Not found · scokg</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>Not found</h1>\n"
            f"<p>The graph has no resource <code>{literal_html(path)}</code>.</p>\n"
            f'<p><a href="{escape(search)}">Search the labels</a> or start from the '
            '<a href="/doc/ontology.html">ontology</a>.</p>\n</main>\n</body>\n</html>\n'
        )


def _iris(terms: list[Term]) -> list[str]:
    return [t.value for t in terms if isinstance(t, pyoxigraph.NamedNode)]


def _first_iri(terms: list[Term]) -> str | None:
    found = _iris(terms)
    return found[0] if found else None


def _outside(term: Term) -> bool:
    return isinstance(term, pyoxigraph.NamedNode) and not term.value.startswith(
        (vocab.ID, vocab.SCOKG)
    )
