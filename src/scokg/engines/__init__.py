"""Engines that run SPARQL over the scokg dataset and answer with :mod:`scokg.results`."""
