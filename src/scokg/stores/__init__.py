"""Local stores: the on-disk store cache, the oxigraph server runner, ``serve`` and
the upload of a project into a SPARQL store (``load``)."""
