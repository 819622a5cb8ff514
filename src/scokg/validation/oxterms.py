"""Report text for pyoxigraph terms, written exactly as ``labels.short`` writes rdflib terms.

Both SHACL engines must print the same ``value`` and ``path`` for the same node, so this
mirrors rdflib's ``Literal.n3()`` (triple quotes when the text has a newline) without
importing rdflib.
"""

from __future__ import annotations

import pyoxigraph as ox

from scokg.validation.labels import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def short(term: object) -> str:
    """A CURIE for IRIs in known namespaces, N-Triples-like text for everything else."""
    if isinstance(term, ox.NamedNode):
        text = term.value
        for prefix, namespace in PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text.removeprefix(namespace)}"
        return f"<{text}>"
    if isinstance(term, ox.Literal):
        return literal_n3(term)
    if isinstance(term, ox.BlankNode):
        return term.value
    return str(term)


def literal_n3(literal: ox.Literal) -> str:
    """rdflib's ``Literal.n3()`` for the same literal."""
    value = literal.value
    if "\n" in value:
        encoded = value.replace("\\", "\\\\")
        if '"""' in value:
            encoded = encoded.replace('"""', '\\"\\"\\"')
        if encoded[-1] == '"' and encoded[-2] != "\\":
            encoded = encoded[:-1] + '\\"'
        quoted = '"""{}"""'.format(encoded.replace("\r", "\\r"))
    else:
        quoted = '"{}"'.format(value.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r"))
    if literal.language:
        return f"{quoted}@{literal.language}"
    if literal.datatype.value != XSD_STRING:
        return f"{quoted}^^<{literal.datatype.value}>"
    return quoted
