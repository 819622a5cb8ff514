"""The one JSON printer of the CLI: every ``--format json`` report goes through it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol, TextIO, runtime_checkable

INDENT = 2


@runtime_checkable
class JsonReady(Protocol):
    """A result that knows its JSON form: ``to_dict()`` returns plain JSON data."""

    def to_dict(self) -> dict[str, Any]: ...


def _plain(value: object) -> object:
    """``json.dump``'s fallback: a result becomes its ``to_dict()``."""
    if isinstance(value, JsonReady):
        return value.to_dict()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON (it has no to_dict())")


def write_json(obj: object, stream: TextIO) -> None:
    """Write ``obj`` as UTF-8 JSON text, indented by 2, ending with a newline.

    ``obj`` is plain JSON data (dict, list, str, number, bool, None) whose values may be
    results with a ``to_dict()`` method, at any depth; key order is kept as given.
    Non-ASCII characters are written as themselves, not as ``\\u`` escapes. When ``stream``
    is a text stream with another encoding (e.g. ``PYTHONIOENCODING=ascii``), the UTF-8
    bytes go to its underlying binary buffer. Raises ``TypeError`` for anything else.
    """
    text = json.dumps(obj, indent=INDENT, ensure_ascii=False, default=_plain) + "\n"
    _write_utf8(text, stream)


def _write_utf8(text: str, stream: TextIO) -> None:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if encoding in ("utf-8", "utf8") or buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


# Stands for the streamed list in the document; no JSON string of real data starts with NUL.
_ITEMS = "\x00scokg-streamed-items\x00"


def write_json_streaming(doc: dict[str, Any], items: Iterable[object], stream: TextIO) -> None:
    """Write ``doc`` as :func:`write_json` would, with the one value that is ``...``
    (``Ellipsis``, at any depth) replaced by the list of ``items``, each written as it comes.

    The text is the same as ``write_json`` of the document with the list in place; the
    items are never held together in memory (a streamed SPARQL answer's bindings).
    """
    text = json.dumps(doc, indent=INDENT, ensure_ascii=False, default=_stand_in) + "\n"
    marker = json.dumps(_ITEMS)
    before, found, after = text.partition(marker)
    if not found:
        raise ValueError("the document has no ... to stand for the streamed items")
    line = before.rsplit("\n", 1)[-1]  # the line of the list's key
    depth = (len(line) - len(line.lstrip(" "))) // INDENT
    _write_utf8(before, stream)
    pad = " " * (INDENT * (depth + 1))
    empty = True
    for item in items:
        value = json.dumps(item, indent=INDENT, ensure_ascii=False, default=_plain)
        _write_utf8(("[\n" if empty else ",\n") + pad + value.replace("\n", "\n" + pad), stream)
        empty = False
    _write_utf8(("[]" if empty else "\n" + " " * (INDENT * depth) + "]") + after, stream)


def _stand_in(value: object) -> object:
    return _ITEMS if value is Ellipsis else _plain(value)
