"""IRI namespaces and graph names, kept in one place so no module hard-codes them."""

SCOKG = "https://w3id.org/scokg/ontology#"
ID = "https://w3id.org/scokg/id/"
GRAPH = "https://w3id.org/scokg/graph/"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"

ONTOLOGY_GRAPH = GRAPH + "ontology"


def reference_graph(stem: str) -> str:
    """Graph of a top-level reference file such as ``data/entities.ttl``."""
    return GRAPH + stem


def document_graph(slug: str) -> str:
    """Graph shared by a document's annotations and its source metadata."""
    return GRAPH + "document/" + slug


SHAPES = "https://w3id.org/scokg/shapes#"
LINKS_GRAPH = GRAPH + "links"
DOCUMENT = ID + "document/"

# Outside datasets we link to, keyed by a short name, with the IRI namespace of their
# resources. Link sets (SSSOM -> RDF, VoID linksets) are grouped by these.
LINK_TARGETS: dict[str, str] = {
    "wikidata": "http://www.wikidata.org/entity/",
    "dbpedia": "http://dbpedia.org/resource/",
    "geonames": "https://sws.geonames.org/",
    "unbis": "http://metadata.un.org/thesaurus/",
    "eurovoc": "http://eurovoc.europa.eu/",
}
