"""XSD 1.1 lexical spaces: is this lexical form a valid literal of that datatype?

The one place the project decides whether a typed literal is ill-typed (RDF 1.1 Concepts §3.3:
a literal whose lexical form is not in the lexical space of its datatype). It follows XML Schema
1.1 Part 2 (Datatypes), section 3.3 (primitive) and 3.4 (derived types): the regular
expressions of each lexical space, the value ranges of the bounded integer types (§3.4.13 to
§3.4.25), the day-of-month rule of dates (§3.3.9 and D.2.1: 29 February only in leap years; the
year 0000 is allowed and is a leap year), time zones ``Z`` or ``±hh:mm`` up to 14:00, and
``24:00:00`` as a time of day. Language tags follow BCP 47 (RFC 5646 §2.1) well-formedness.

``lexical_error(lexical, datatype)`` returns ``None`` for a valid form and a short reason in
words otherwise; a datatype outside :data:`KNOWN` is never reported (its lexical space is not
ours to judge). Whitespace is not collapsed: a literal's lexical form is taken as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Value ranges of the integer family (XSD 1.1 Part 2, §3.4.13–§3.4.25); None is unbounded.
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + "integer": (None, None),
    XSD + "nonPositiveInteger": (None, 0),
    XSD + "negativeInteger": (None, -1),
    XSD + "nonNegativeInteger": (0, None),
    XSD + "positiveInteger": (1, None),
    XSD + "long": (-(2**63), 2**63 - 1),
    XSD + "int": (-(2**31), 2**31 - 1),
    XSD + "short": (-(2**15), 2**15 - 1),
    XSD + "byte": (-(2**7), 2**7 - 1),
    XSD + "unsignedLong": (0, 2**64 - 1),
    XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1),
    XSD + "unsignedByte": (0, 2**8 - 1),
}

_TZ = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
_YEAR = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
_DURATION_TIME = r"T(?=[0-9])(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:\.[0-9]+)?S)?"


def _full(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


_INTEGER = _full(r"[+-]?[0-9]+")
_DECIMAL = _full(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_FLOAT = _full(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN")
_BOOLEAN = _full(r"true|false|1|0")
_DATE = _full(rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY}){_TZ}?")
_TIME_RE = _full(rf"{_TIME}{_TZ}?")
_DATETIME = _full(rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})T{_TIME}{_TZ}?")
_DATETIMESTAMP = _full(rf"(?P<y>{_YEAR})-(?P<m>{_MONTH})-(?P<d>{_DAY})T{_TIME}{_TZ}")
_GYEAR = _full(rf"{_YEAR}{_TZ}?")
_GYEARMONTH = _full(rf"{_YEAR}-{_MONTH}{_TZ}?")
_GMONTH = _full(rf"--{_MONTH}{_TZ}?")
_GDAY = _full(rf"---{_DAY}{_TZ}?")
_GMONTHDAY = _full(rf"--(?P<m>{_MONTH})-(?P<d>{_DAY}){_TZ}?")
_DURATION = _full(r"-?P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+D)?(?:" + _DURATION_TIME + r")?")
_DAYTIME_DURATION = _full(r"-?P(?=[0-9T])(?:[0-9]+D)?(?:" + _DURATION_TIME + r")?")
_YEARMONTH_DURATION = _full(r"-?P(?=[0-9])(?:[0-9]+Y)?(?:[0-9]+M)?")
_HEX = _full(r"(?:[0-9a-fA-F]{2})*")
_BASE64 = _full(
    r"(?:(?:[A-Za-z0-9+/] ?){4})*"
    r"(?:(?:[A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]"
    r"|(?:[A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?="
    r"|[A-Za-z0-9+/] ?[AQgw] ?= ?=)?"
)
_LANGUAGE = _full(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*")

# RFC 5646 §2.1 (ABNF), case-insensitive.
_BCP47_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language (with extlang)
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
)
_BCP47 = re.compile(
    rf"{_BCP47_LANGTAG}|x(?:-[a-z0-9]{{1,8}})+"
    r"|en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo"
    r"|i-pwn|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de"
    r"|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang",
    re.ASCII | re.IGNORECASE,
)

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _day_fits(match: re.Match[str], with_year: bool) -> bool:
    month, day = int(match["m"]), int(match["d"])
    if day <= _DAYS_IN_MONTH[month - 1]:
        if month == 2 and day == 29 and with_year:
            return _leap(abs(int(match["y"])))
        return True
    return False


def _check_integer(lexical: str, datatype: str) -> bool:
    if not _INTEGER.fullmatch(lexical):
        return False
    low, high = INTEGER_RANGES[datatype]
    value = int(lexical)
    return (low is None or value >= low) and (high is None or value <= high)


def _dated(pattern: re.Pattern[str], with_year: bool = True) -> Callable[[str, str], bool]:
    def check(lexical: str, _datatype: str) -> bool:
        match = pattern.fullmatch(lexical)
        return match is not None and _day_fits(match, with_year)

    return check


def _plain(pattern: re.Pattern[str]) -> Callable[[str, str], bool]:
    return lambda lexical, _datatype: pattern.fullmatch(lexical) is not None


def _normalized(lexical: str, _datatype: str) -> bool:
    return not any(c in lexical for c in "\t\n\r")


def _token(lexical: str, datatype: str) -> bool:
    return _normalized(lexical, datatype) and lexical == lexical.strip(" ") and "  " not in lexical


_CHECKS: dict[str, Callable[[str, str], bool]] = {
    **dict.fromkeys(INTEGER_RANGES, _check_integer),
    XSD + "decimal": _plain(_DECIMAL),
    XSD + "float": _plain(_FLOAT),
    XSD + "double": _plain(_FLOAT),
    XSD + "boolean": _plain(_BOOLEAN),
    XSD + "date": _dated(_DATE),
    XSD + "dateTime": _dated(_DATETIME),
    XSD + "dateTimeStamp": _dated(_DATETIMESTAMP),
    XSD + "time": _plain(_TIME_RE),
    XSD + "gYear": _plain(_GYEAR),
    XSD + "gYearMonth": _plain(_GYEARMONTH),
    XSD + "gMonth": _plain(_GMONTH),
    XSD + "gDay": _plain(_GDAY),
    XSD + "gMonthDay": _dated(_GMONTHDAY, with_year=False),
    XSD + "duration": _plain(_DURATION),
    XSD + "dayTimeDuration": _plain(_DAYTIME_DURATION),
    XSD + "yearMonthDuration": _plain(_YEARMONTH_DURATION),
    XSD + "hexBinary": _plain(_HEX),
    XSD + "base64Binary": _plain(_BASE64),
    XSD + "language": _plain(_LANGUAGE),
    XSD + "normalizedString": _normalized,
    XSD + "token": _token,
}

KNOWN: frozenset[str] = frozenset(_CHECKS)
"""The datatype IRIs whose lexical space this module checks."""


def short_name(datatype: str) -> str:
    """``xsd:date`` for an XSD datatype IRI, the IRI in ``<>`` otherwise."""
    return "xsd:" + datatype[len(XSD) :] if datatype.startswith(XSD) else f"<{datatype}>"


def lexical_error(lexical: str, datatype: str) -> str | None:
    """None when ``lexical`` is in the lexical space of ``datatype``, else a reason in words.

    ``datatype`` is a full IRI. Datatypes outside :data:`KNOWN` are never reported. The reason
    reads like "not a valid xsd:date" or "out of the range of xsd:byte (-128 to 127)".
    """
    check = _CHECKS.get(datatype)
    if check is None or check(lexical, datatype):
        return None
    name = short_name(datatype)
    if datatype in INTEGER_RANGES and _INTEGER.fullmatch(lexical):
        low, high = INTEGER_RANGES[datatype]
        if low is None:
            bounds = f"at most {high}"
        elif high is None:
            bounds = f"at least {low}"
        else:
            bounds = f"{low} to {high}"
        return f"out of the range of {name} ({bounds})"
    return f"not a valid {name}"


def language_tag_error(tag: str) -> str | None:
    """None when ``tag`` is a well-formed BCP 47 language tag (RFC 5646 §2.1), else a reason."""
    if _BCP47.fullmatch(tag):
        return None
    return f"not a well-formed BCP 47 language tag: {tag!r}"
