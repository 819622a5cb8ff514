"""scokg: a toolkit for the scokg RDF knowledge graph."""

# The package version: the one place it is written (pyproject.toml reads it from here).
# The dataset's own version is the ontology's owl:versionInfo (scokg.project.dataset_version).
__version__ = "0.1.0"
