"""Which URLs to use for query, update and the Graph Store Protocol of a given store.

Users give one ``--endpoint`` URL; the update and Graph Store URLs of the stores we know
follow from it by each store's documented layout. Anything else needs ``--gsp`` (or falls
back to SPARQL Update, which only needs the update URL).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from scokg.errors import UsageError
from scokg.remote.http import redact_url


@dataclass(frozen=True)
class Endpoints:
    """Query, update and (if known) Graph Store URLs of one store."""

    query: str
    update: str
    gsp: str | None
    kind: str = "generic"


# (store, pattern of the query URL's path, update path, GSP path); group 1 is the prefix
# kept from the query path (a Fuseki dataset or GraphDB repository).
_KNOWN: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("oxigraph", re.compile(r"^()/query/?$"), r"\1/update", r"\1/store"),
    (
        "virtuoso",
        re.compile(r"^()/sparql-auth/?$"),
        r"\1/sparql-auth",
        r"\1/sparql-graph-crud-auth",
    ),
    ("virtuoso", re.compile(r"^()/sparql/?$"), r"\1/sparql", r"\1/sparql-graph-crud"),
    (
        "graphdb",
        re.compile(r"^(.*/repositories/[^/]+)/?$"),
        r"\1/statements",
        r"\1/rdf-graphs/service",
    ),
    ("fuseki", re.compile(r"^(/[^/]+)/(?:sparql|query)/?$"), r"\1/update", r"\1/data"),
)


def check_http_url(url: str) -> urllib.parse.SplitResult:
    """The parts of ``url``; raises :class:`UsageError` (exit 2) unless it is http(s)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(
            f"not an http(s) URL: {redact_url(url)!r}",
            hint="give the SPARQL query endpoint, e.g. http://127.0.0.1:7878/query",
        )
    return parts


def resolve_endpoints(
    endpoint: str, *, gsp: str | None = None, update: str | None = None
) -> Endpoints:
    """Derive the update and GSP URLs from the query URL unless they are given.

    A bare server address (``http://host:7878``, no path) is taken as an Oxigraph server,
    the store ``scokg serve`` and our scripts run.
    """
    parts = check_http_url(endpoint)
    origin = f"{parts.scheme}://{parts.netloc}"
    kind, derived_update, derived_gsp = "generic", endpoint, None
    if parts.path in ("", "/") and not parts.query:
        kind, endpoint = "oxigraph", origin + "/query"
        derived_update, derived_gsp = origin + "/update", origin + "/store"
    elif not parts.query:
        for name, pattern, update_path, gsp_path in _KNOWN:
            if pattern.match(parts.path):
                kind = name
                derived_update = origin + pattern.sub(update_path, parts.path)
                derived_gsp = origin + pattern.sub(gsp_path, parts.path)
                break
    return Endpoints(
        query=endpoint,
        update=update or derived_update,
        gsp=gsp or derived_gsp,
        kind=kind,
    )
