"""Value-level tests of SHACL Core on exact RDF terms: datatype, order, language, pattern.

Follows SHACL §4.1-§4.4: a literal matches ``sh:datatype`` when it has that datatype IRI and,
for the XSD datatypes of :data:`scokg.xsd.KNOWN`, a valid lexical form; order comparisons
(§4.3) follow SPARQL's ``<`` on numbers, strings, booleans and date/time values, and a pair
that SPARQL cannot compare (or an ill-typed literal) is a violation.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from scokg.xsd import INTEGER_RANGES, XSD, lexical_error

RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_NUMERIC = frozenset({*INTEGER_RANGES, XSD + "decimal", XSD + "float", XSD + "double"})
_TEMPORAL = frozenset({XSD + "dateTime", XSD + "date", XSD + "time", XSD + "dateTimeStamp"})


def datatype_ok(term: object, datatype: str) -> bool:
    """Does ``term`` match ``sh:datatype datatype`` (§4.1.2)?"""
    if not isinstance(term, ox.Literal):
        return False
    actual = RDF_LANGSTRING if term.language else term.datatype.value
    return actual == datatype and lexical_error(term.value, datatype) is None


def node_kind_ok(term: object, kind: str) -> bool:
    """Does ``term`` match ``sh:nodeKind kind`` (§4.1.3; ``kind`` is the local name)?"""
    is_iri = isinstance(term, ox.NamedNode)
    is_blank = isinstance(term, ox.BlankNode)
    is_literal = isinstance(term, ox.Literal)
    return {
        "IRI": is_iri,
        "BlankNode": is_blank,
        "Literal": is_literal,
        "BlankNodeOrIRI": is_blank or is_iri,
        "BlankNodeOrLiteral": is_blank or is_literal,
        "IRIOrLiteral": is_iri or is_literal,
    }.get(kind, False)


def _temporal(text: str, datatype: str) -> tuple[object, bool] | None:
    """(value, has time zone) of a date/time literal, None when it is not one we compare."""
    zone = (
        re.search(r"(Z|[+-]\d\d:\d\d)$", text)
        if datatype != XSD + "date" or len(text) > 10
        else None
    )
    body = text[: zone.start()] if zone else text
    tz = None
    if zone:
        tz = (
            dt.UTC
            if zone.group(1) == "Z"
            else dt.timezone(
                (1 if zone.group(1)[0] == "+" else -1)
                * dt.timedelta(hours=int(zone.group(1)[1:3]), minutes=int(zone.group(1)[4:6]))
            )
        )
    try:
        if datatype == XSD + "date":
            return dt.datetime.fromisoformat(body).replace(tzinfo=tz), tz is not None
        if datatype == XSD + "time":
            if body.startswith("24:"):
                return None
            return dt.datetime.combine(
                dt.date(2000, 1, 1), dt.time.fromisoformat(body[:15]), tz
            ), tz is not None
        if "T24:" in body or body.startswith("-"):
            return None
        return dt.datetime.fromisoformat(body[:26]).replace(tzinfo=tz), tz is not None
    except ValueError:
        return None


def sort_value(term: object) -> tuple[str, object] | None:
    """(kind, value) that SPARQL orders by ``<``; None for terms it cannot compare."""
    if not isinstance(term, ox.Literal):
        return None
    datatype = RDF_LANGSTRING if term.language else term.datatype.value
    if datatype != RDF_LANGSTRING and lexical_error(term.value, datatype) is not None:
        return None
    if datatype in _NUMERIC:
        try:
            if datatype in (XSD + "float", XSD + "double"):
                number = float(term.value.replace("INF", "inf"))
                return None if number != number else ("number", number)
            return "number", Decimal(term.value)
        except (ValueError, InvalidOperation):
            return None
    if datatype == XSD + "string":
        return "string", term.value
    if datatype == XSD + "boolean":
        return "boolean", term.value in ("true", "1")
    if datatype in _TEMPORAL:
        parsed = _temporal(term.value, datatype)
        if parsed is None:
            return None
        kind = (
            "date"
            if datatype == XSD + "date"
            else "time"
            if datatype == XSD + "time"
            else "dateTime"
        )
        return f"{kind}{'Z' if parsed[1] else ''}", parsed[0]
    return None


def less(a: object, b: object, or_equal: bool) -> bool:
    """``a < b`` (or ``<=``) as SPARQL decides; False when the two cannot be compared."""
    va, vb = sort_value(a), sort_value(b)
    if va is None or vb is None or va[0] != vb[0]:
        return False
    x, y = va[1], vb[1]
    try:
        if isinstance(x, Decimal) and isinstance(y, float):
            x = float(x)
        elif isinstance(x, float) and isinstance(y, Decimal):
            y = float(y)
        return bool(x <= y if or_equal else x < y)  # type: ignore[operator]  # same kind, checked above
    except TypeError:
        return False


def lang_matches(tag: str, ranges: list[str]) -> bool:
    """SPARQL ``langMatches`` (RFC 4647 basic filtering) of ``tag`` against any of ``ranges``."""
    tag = tag.lower()
    for r in ranges:
        r = r.lower()
        if (r == "*" and tag) or tag == r or tag.startswith(r + "-"):
            return True
    return False


def pattern_ok(term: object, pattern: str, flags: str) -> bool:
    """``sh:pattern`` (§4.4.3): XPath ``fn:matches`` on the string form; blank nodes fail."""
    if isinstance(term, ox.BlankNode) or not isinstance(term, ox.NamedNode | ox.Literal):
        return False
    options = 0
    for flag in flags:
        options |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(
            flag, 0
        )
    if "q" in flags:
        pattern = re.escape(pattern)
    try:
        return re.search(pattern, term.value, options) is not None
    except re.error:
        return False
