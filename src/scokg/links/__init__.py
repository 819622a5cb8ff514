"""Links to open datasets: the SSSOM mapping set, its RDF form, VoID linksets, checks.

A wrong link silently merges two things, so links are curated data with a justification
(``data/links.sssom.tsv``), turned into RDF with their own source, and checked against the
target dataset's SPARQL endpoint. Names below are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scokg.exports import lazy_exports

if TYPE_CHECKING:
    from scokg.links.check import CheckReport, check_links
    from scokg.links.sssom import MappingSet, read_sssom
    from scokg.links.suggest import candidates_tsv, suggest_links

_EXPORTS = {
    "CheckReport": "check",
    "check_links": "check",
    "MappingSet": "sssom",
    "read_sssom": "sssom",
    "candidates_tsv": "suggest",
    "suggest_links": "suggest",
}
__all__ = [
    "candidates_tsv",
    "check_links",
    "CheckReport",
    "MappingSet",
    "read_sssom",
    "suggest_links",
]
__getattr__ = lazy_exports(__name__, _EXPORTS)
