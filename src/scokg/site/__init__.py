"""Linked data that resolves: a page and four RDF representations per resource.

One renderer serves both ``scokg serve`` (content negotiation, :mod:`scokg.site.negotiate`)
and ``scokg build`` (the static ``dist/site/``, :mod:`scokg.site.static`):
:mod:`scokg.site.index` finds the resources and their descriptions, :mod:`scokg.site.formats`
writes the RDF, :mod:`scokg.site.page` the HTML.
"""
