"""RDF serialisations of the release, each written so that equal graphs give equal bytes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from scokg.errors import DataError
from scokg.release.graphs import named_graphs, new_graph, triple_key

if TYPE_CHECKING:
    import rdflib

    from scokg.release.graphs import ReleaseGraphs


def _sorted_lines(text: str) -> str:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def ntriples(graph: rdflib.Graph) -> str:
    """N-Triples, one line per triple, sorted (rdflib writes them in store order)."""
    return _sorted_lines(graph.serialize(format="nt11"))


def nquads(graphs: ReleaseGraphs) -> str:
    """N-Quads of every named graph, sorted."""
    import rdflib

    dataset = rdflib.Dataset()
    for graph in named_graphs(graphs.dataset):
        target = dataset.graph(graph.identifier)
        for triple in graph:
            target.add(triple)
    return _sorted_lines(dataset.serialize(format="nquads"))


def turtle(graph: rdflib.Graph) -> str:
    """Turtle; rdflib's serialiser sorts subjects and predicates, and bnodes are stable."""
    return graph.serialize(format="turtle")


def trig(graphs: ReleaseGraphs) -> str:
    """TriG written graph by graph in IRI order: prefixes once, then one Turtle block each."""
    # Every prefix we bind, once, so each graph body can use any of them.
    parts: list[str] = [_all_prefixes()]
    for graph in named_graphs(graphs.dataset):
        copy = new_graph()
        for triple in sorted(graph, key=triple_key):
            copy.add(triple)
        text = copy.serialize(format="turtle")
        body = [ln for ln in text.splitlines() if not ln.startswith("@prefix")]
        # Not indented: indenting would change the content of multi-line literals.
        content = "\n".join(body).strip("\n")
        parts.append(f"<{graph.identifier}> {{\n{content}\n}}\n")
    return "\n".join(parts)


def _all_prefixes() -> str:
    from scokg.vocab import PREFIXES

    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))


_XML_ILLEGAL_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 character data that reads back as exactly ``text``.

    A raw CR would come back as LF (XML parsers normalise line ends), so it is written as
    ``&#13;``; characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF)
    are refused rather than silently changed.
    """
    from xml.sax.saxutils import escape

    bad = _XML_ILLEGAL_RE.search(text)
    if bad:
        raise DataError(
            f"a literal holds U+{ord(bad.group()):04X}, which RDF/XML (XML 1.0) cannot carry",
            hint="remove the control character from the data; the other formats keep it",
        )
    return escape(text, {"\r": "&#13;"})


def rdfxml(graph: rdflib.Graph) -> str:
    """RDF/XML, one ``rdf:Description`` per subject in sorted order.

    Written here because rdflib's writers iterate subjects in hash order (and its 'pretty'
    writer drops some prefixes), which would make two builds differ.
    """
    from xml.sax.saxutils import quoteattr

    import rdflib

    from scokg.vocab import PREFIXES

    namespaces = {ns: prefix for prefix, ns in PREFIXES.items()}
    extra: dict[str, str] = {}

    def qname(iri: str) -> str:
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        ns, local = iri[:cut], iri[cut:]
        if not local or not (local[0].isalpha() or local[0] == "_"):
            raise ValueError(f"cannot write predicate {iri} as an XML element name")
        if ns not in namespaces:
            extra.setdefault(ns, f"ns{len(extra) + 1}")
        return f"{namespaces.get(ns) or extra[ns]}:{local}"

    def node_attr(term: rdflib.term.Node, attr: str) -> str:
        if isinstance(term, rdflib.BNode):
            return f"rdf:nodeID={quoteattr(str(term))}"
        return f"rdf:{attr}={quoteattr(str(term))}"

    body: list[str] = []
    current = None
    for s, p, o in sorted(graph, key=triple_key):
        if s != current:
            if current is not None:
                body.append("  </rdf:Description>")
            body.append(f"  <rdf:Description {node_attr(s, 'about')}>")
            current = s
        name = qname(str(p))
        if isinstance(o, rdflib.Literal):
            attrs = ""
            if o.language:
                attrs = f" xml:lang={quoteattr(o.language)}"
            elif o.datatype is not None:
                attrs = f" rdf:datatype={quoteattr(str(o.datatype))}"
            body.append(f"    <{name}{attrs}>{xml_text(str(o))}</{name}>")
        else:
            body.append(f"    <{name} {node_attr(o, 'resource')}/>")
    if current is not None:
        body.append("  </rdf:Description>")
    used = {line.split("<", 1)[1].split(":", 1)[0] for line in body if "<" in line}
    declared = sorted(
        [(prefix, ns) for ns, prefix in namespaces.items() if prefix in used | {"rdf"}]
        + [(prefix, ns) for ns, prefix in extra.items()]
    )
    head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    head += [f"  xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in declared]
    head[-1] += ">"
    return "\n".join([*head, *body, "</rdf:RDF>"]) + "\n"
