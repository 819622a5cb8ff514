"""Refuse XML whose entities could blow up or reach out, before any XML parser sees it.

XML 1.0 (section 4.2) lets a document type declaration define entities. Internal entities
that refer to one another expand exponentially ("billion laughs": a few hundred bytes
become gigabytes, and pyoxigraph's RDF/XML parser expands them all); one large entity
referred to many times expands quadratically; external entities (``SYSTEM``/``PUBLIC``)
and parameter entities (``%name;``) read files or URLs. So:

- ``strict`` (for SPARQL endpoint answers, which are machine-written and never need a
  DTD): any entity declaration is refused;
- otherwise (RDF/XML files, where ``<!ENTITY rdf "http://...">`` abbreviations are an old
  idiom): only internal general entities whose text refers to no other entity are allowed,
  and only while their total expansion stays under :data:`MAX_EXPANSION` bytes.

The check reads the markup only (a few regular expressions over the document's text); it
does not parse the XML. Both UTF-8 and UTF-16 documents are checked.
"""

from __future__ import annotations

import re

MAX_EXPANSION = 10 * 2**20  # bytes of entity replacement text a document may expand to

_ENTITY = re.compile(r"<!ENTITY\s+(%\s*)?([^\s%\"'>]+)\s*((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>")
_VALUE = re.compile(r"^(\"([^\"]*)\"|'([^']*)')\s*$", re.DOTALL)
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")


class UnsafeXmlError(ValueError):
    """The document declares entities it is not allowed to (``reason`` says which)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        big = head.startswith(b"\xfe\xff") or head.startswith(b"\x00")
        return data.decode("utf-16-be" if big else "utf-16-le", errors="replace")
    return data.decode("latin-1")  # the markup is ASCII; other bytes do not matter here


def _has_doctype(text: str | bytes) -> bool:
    """Whether the prolog holds a ``<!DOCTYPE`` declaration.

    A DOCTYPE may only come before the root element, after white space, comments and
    processing instructions (XML 1.0 section 2.8), so the scan stops at the first other
    markup: a large answer without a DTD costs a few comparisons, not a pass over it all.
    ``text`` is a str, or bytes in an ASCII-compatible encoding.
    """

    def lit(value: str) -> str | bytes:
        return value.encode("ascii") if isinstance(text, bytes) else value

    spaces = tuple(lit(char) for char in " \t\r\n")
    position, length = 0, len(text)
    if isinstance(text, bytes) and text.startswith(b"\xef\xbb\xbf"):
        position = 3  # the UTF-8 byte-order mark
    elif isinstance(text, str) and text.startswith("\ufeff"):
        position = 1
    while position < length:
        if text[position : position + 1] in spaces:
            position += 1
        elif text[position : position + 2] == lit("<?"):
            end = text.find(lit("?>"), position + 2)  # type: ignore[arg-type]  # same type
            if end < 0:
                return False
            position = end + 2
        elif text[position : position + 4] == lit("<!--"):
            end = text.find(lit("-->"), position + 4)  # type: ignore[arg-type]  # same type
            if end < 0:
                return False
            position = end + 3
        else:
            return text[position : position + 9].upper() == lit("<!DOCTYPE")
    return False


def check_xml(data: bytes | str, *, strict: bool = False) -> None:
    """Raise :class:`UnsafeXmlError` if ``data`` declares entities that are not allowed.

    A document without a ``<!DOCTYPE`` in its prolog (JSON, Turtle, most XML) passes after
    a look at its first bytes.
    """
    utf16 = isinstance(data, bytes) and (
        data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]
    )
    if not _has_doctype(_text(data) if utf16 else data):
        return
    # The whole text: an internal subset's end cannot be found reliably without parsing
    # (a "]>" may sit in a quoted value), and "<!ENTITY" cannot appear as markup after it.
    text = _text(data)
    if "<!ENTITY" not in text.upper():
        return
    declarations = _ENTITY.findall(text)
    if not declarations:  # "<!ENTITY" written in a form the pattern does not read
        raise UnsafeXmlError("the document declares XML entities in a form scokg does not read")
    if strict:
        raise UnsafeXmlError(
            f"the answer declares XML entities ({declarations[0][1]}); "
            "entity declarations are refused in endpoint answers"
        )
    values: dict[str, str] = {}
    for percent, name, rest in declarations:
        if percent:
            raise UnsafeXmlError(f"the parameter entity %{name} is not read")
        found = _VALUE.match(rest.strip())
        if found is None:
            raise UnsafeXmlError(f"the external entity {name} (SYSTEM/PUBLIC) is not read")
        value = found.group(2) if found.group(2) is not None else found.group(3)
        if "&" in value or "%" in value:
            raise UnsafeXmlError(
                f"the entity {name} refers to other entities (nested entities are not expanded)"
            )
        values[name] = value
    expansion = 0
    for reference in _REFERENCE.finditer(text):
        expansion += len(values.get(reference.group(1), ""))
        if expansion > MAX_EXPANSION:
            raise UnsafeXmlError(
                f"its entities would expand to more than {MAX_EXPANSION // 2**20} MiB"
            )
