"""Engines that run SPARQL over the scokg dataset (embedded, rdflib, remote) and answer
with :mod:`scokg.engines.results`."""
