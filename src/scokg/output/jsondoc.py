"""The one JSON printer of the CLI: every ``--format json`` report goes through it."""

from __future__ import annotations

import json
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
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    buffer = getattr(stream, "buffer", None)
    if encoding in ("utf-8", "utf8") or buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
