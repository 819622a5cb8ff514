"""Links to open datasets: the SSSOM mapping set, its RDF form, VoID linksets, checks.

A wrong link silently merges two things, so links are curated data with a justification
(``data/links.sssom.tsv``), turned into RDF with their own source, and checked against the
target dataset's SPARQL endpoint.
"""
