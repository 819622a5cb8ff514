"""scokg: a toolkit for the scokg RDF knowledge graph."""

__version__ = "0.1.0"
