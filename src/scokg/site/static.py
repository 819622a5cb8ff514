"""The static site: every page and representation as files, and the redirect rules for Apache.

``scokg build`` writes, below its output folder:

- ``site/doc/<kind>/<slug>.{html,ttl,jsonld,nt,rdf}``: the representations, the same bytes
  ``scokg serve`` answers (:mod:`scokg.site.negotiate`);
- ``site/doc/<kind>/<slug>.var``: an Apache type map (mod_negotiation) listing them with
  the server's quality ``qs``, so ``/doc/<kind>/<slug>`` is negotiated by ``Accept`` with
  q-values, ``Content-Location`` and ``Vary``, and 406 when nothing fits;
- ``site/.htaccess``: ``/id/<kind>/<slug>`` and ``/ontology`` answer ``303`` to the generic
  document, which is mapped to its type map (mod_rewrite); the media types of the files
  (mod_mime);
- ``site/index.html``: every resource, by kind;
- ``w3id/.htaccess``: the rules for the w3id.org registration (its ``scokg/`` folder):
  ``https://w3id.org/scokg/id/...`` and ``/scokg/ontology`` answer ``303`` to the generic
  document on the site, which negotiates. w3id.org only redirects, so negotiating once, on
  the site, keeps q-values exact (a ``RewriteCond %{HTTP_ACCEPT}`` can only match text).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from pathlib import Path

from scokg.release.docs import literal_html
from scokg.site.formats import REPRESENTATIONS, rdf_text
from scokg.site.index import SiteIndex, local_path
from scokg.site.page import CSS, Renderer

DEFAULT_SITE_URL = "https://scokg-site.invalid/"
"""Where the site is hosted when ``--site-url`` is not given: a reserved name (RFC 2606) that
never resolves, so an unconfigured w3id rule fails loudly instead of pointing elsewhere."""


def site_htaccess() -> str:
    """The ``.htaccess`` of the site's root folder (needs ``AllowOverride FileInfo Options``
    and mod_rewrite, mod_negotiation, mod_mime)."""
    types = "\n".join(f"AddType {r.media_type} .{r.ext}" for r in REPRESENTATIONS)
    charsets = " ".join(f".{r.ext}" for r in REPRESENTATIONS)
    return f"""# scokg linked data: written by `scokg build`; see docs/publishing.md.
# A thing's IRI (/id/...) answers 303 See Other to the document about it (/doc/...), which
# Apache negotiates by Accept from its type map (doc/....var): q-values, Vary, 406.
Options -MultiViews +FollowSymLinks
DirectoryIndex index.html
# doc/document/<doc> is both a document and the folder of its sentences: no slash redirect.
DirectorySlash Off
{types}
AddCharset utf-8 {charsets}
AddHandler type-map .var

RewriteEngine On
# Redirects name the target by URL path, taken from the request: the rules work in any folder
# without a RewriteBase. The ontology and its terms (ontology#Term: the fragment stays in
# the browser):
RewriteCond %{{REQUEST_URI}} ^(.*)/ontology/?$
RewriteRule ^ontology/?$ %1/doc/ontology [R=303,L]
# A resource the site holds: 303 to its generic document; anything else under id/ is a 404.
# (id/ does not exist on disk, so Apache splits the path into REQUEST_FILENAME .../id and
# PATH_INFO /<kind>/<slug>.)
RewriteCond %{{REQUEST_FILENAME}} ^(.*)/id$
RewriteCond %1/doc%{{PATH_INFO}}.var -f
RewriteCond %{{REQUEST_URI}} ^(.*)/id/.+$
RewriteRule ^id/(.+)$ %1/doc/$1 [R=303,L]
# The generic document: its type map negotiates.
RewriteCond %{{REQUEST_FILENAME}}.var -f
RewriteRule ^doc/(.+)$ doc/$1.var [L]
"""


def w3id_htaccess(site_url: str) -> str:
    """The ``.htaccess`` for ``https://w3id.org/scokg/`` (the w3id.org repository's
    ``scokg/`` folder): every IRI answers ``303`` to its document on ``site_url``."""
    base = site_url.rstrip("/") + "/"
    return f"""# w3id.org/scokg -> the scokg site ({base}); written by `scokg build`.
# Copy to the perma-id/w3id.org repository as scokg/.htaccess (see docs/publishing.md).
# Each IRI answers 303 See Other to the document about it; the site negotiates by Accept.
Options +FollowSymLinks
RewriteEngine on
RewriteRule ^id/(.+)$ {base}doc/$1 [R=303,L]
RewriteRule ^ontology/?$ {base}doc/ontology [R=303,L]
RewriteRule ^$ {base} [R=302,L]
"""


def type_map(stem: str) -> str:
    """The type map of one generic document (variants in the file's own folder)."""
    parts = [f"URI: {stem}\n"]
    for r in REPRESENTATIONS:
        parts.append(
            f"URI: {stem}.{r.ext}\nContent-Type: {r.media_type}; charset=utf-8; qs={r.quality}\n"
        )
    return "\n".join(parts)


def index_page(index: SiteIndex, renderer: Renderer) -> str:
    """The landing page: every resource, grouped by kind, linked to its page."""
    kinds: dict[str, list[str]] = defaultdict(list)
    for iri in index.resources():
        path = local_path(iri)
        assert path is not None
        kinds[path.split("/", 1)[0] if "/" in path else path].append(iri)
    parts = []
    for kind in sorted(kinds):
        items = "\n".join(
            f'<li><a href="doc/{escape(local_path(i) or "")}.html">'
            f"{literal_html(renderer.label(i))}</a></li>"
            for i in kinds[kind]
        )
        parts.append(f"<h2>{escape(kind)}</h2>\n<ul>\n{items}\n</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>scokg: every resource</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>scokg: every resource</h1>\n"
        + "\n".join(parts)
        + "\n</main>\n</body>\n</html>\n"
    )


def write_site(index: SiteIndex, site: Path, w3id: Path, site_url: str) -> int:
    """Write the site into ``site`` and the w3id rules into ``w3id``; return the resources.

    Raises what :func:`scokg.site.formats.rdf_text` raises for a term a format cannot carry.
    """
    renderer = Renderer(index)
    resources = index.resources()
    for iri in resources:
        path = local_path(iri)
        assert path is not None
        stem = site / "doc" / path
        stem.parent.mkdir(parents=True, exist_ok=True)
        description = index.description(iri)
        for r in REPRESENTATIONS:
            text = renderer.page(iri) if r.ext == "html" else rdf_text(description, r.ext)
            stem.with_name(f"{stem.name}.{r.ext}").write_bytes(text.encode("utf-8"))
        stem.with_name(f"{stem.name}.var").write_text(type_map(stem.name), encoding="utf-8")
    (site / ".htaccess").write_text(site_htaccess(), encoding="utf-8")
    (site / "index.html").write_text(index_page(index, renderer), encoding="utf-8")
    w3id.mkdir(parents=True, exist_ok=True)
    (w3id / ".htaccess").write_text(w3id_htaccess(site_url), encoding="utf-8")
    return len(resources)
