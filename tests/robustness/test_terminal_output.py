"""``scokg.output.terminal.safe`` and the places that use it, and the credential redaction
of ``scokg.remote.http``, in-process (the CLI runs are in test_hostile_endpoints.py)."""

from __future__ import annotations

import base64
import io

import pytest

from scokg.errors import UsageError
from scokg.output.terminal import TerminalStream, for_terminal, safe
from scokg.remote.http import Credentials, HttpClient, parse_size, redact, split_userinfo
from scokg.validation.report import Problem, Report

UNSAFE = {
    "\x1b": "\\x1b",  # ESC: cursor moves, colours, window title
    "\x07": "\\x07",  # BEL
    "\x00": "\\x00",
    "\r": "\\r",  # overwrites the line
    "\x7f": "\\x7f",  # DEL
    "\x9b": "\\x9b",  # C1 CSI: an ESC [ on some terminals
    "\x85": "\\x85",  # C1 NEL
    "\u202e": "\\u202e",  # right-to-left override
    "\u2066": "\\u2066",  # left-to-right isolate
    "\u200f": "\\u200f",  # right-to-left mark
    "\u061c": "\\u061c",  # Arabic letter mark
    "\u2028": "\\u2028",  # line separator
    "\u200b": "\\u200b",  # zero-width space: an invisible difference between two names
    "\u2060": "\\u2060",  # word joiner
    "\ufeff": "\\ufeff",  # BOM / zero-width no-break space
}


@pytest.mark.parametrize("char", sorted(UNSAFE))
def test_every_control_character_is_escaped(char: str) -> None:
    assert safe(f"a{char}b") == f"a{UNSAFE[char]}b"
    assert safe(f"a{char}b", keep_newlines=True) == f"a{UNSAFE[char]}b"


def test_text_itself_is_kept() -> None:
    text = "Управление ООН\tпо наркотикам — 上海合作组织 — مكتب 😀 \\x1b"
    assert safe(text) == text
    assert safe("two\nlines") == "two\\nlines"
    assert safe("two\nlines", keep_newlines=True) == "two\nlines"


def test_a_terminal_stream_escapes_but_keeps_line_ends() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Tty()
    stream = for_terminal(tty)
    assert isinstance(stream, TerminalStream)
    stream.write('a,"\x1b[31m\rx"\r\nb\n')
    assert tty.getvalue() == 'a,"\\x1b[31m\\rx"\r\nb\n'
    plain = io.StringIO()
    assert for_terminal(plain) is plain  # a file keeps the data exactly


def test_the_validation_text_report_escapes_labels_values_and_messages() -> None:
    report = Report(checks_run=["shacl"])
    report.add(
        [
            Problem(
                "shacl",
                "bad\x1b[2J message",
                focus="https://e/x",
                focus_label="evil\u202elabel",
                value="line\nfake line\r\ttab",
            )
        ]
    )
    text = report.to_text()
    assert "evil\\u202elabel" in text and "bad\\x1b[2J message" in text
    assert "value: line\\nfake line\\r\\ttab" in text
    assert not any(c in text for c in "\x1b\u202e\r\t")


def test_credentials_are_redacted_in_every_form() -> None:
    HttpClient(Credentials("redact-user", "redact-pass/é"))
    pair = base64.b64encode("redact-user:redact-pass/é".encode()).decode()
    echoed = f"got Basic {pair} and {pair.rstrip('=')} and redact-pass/é and redact-pass%2F%C3%A9"
    shown = redact(echoed)
    assert "redact-pass" not in shown and pair.rstrip("=") not in shown
    assert shown.count("***") == 4


def test_userinfo_is_split_from_the_url() -> None:
    url, credentials = split_userinfo("http://bob:p%40ss%3Aw@[::1]:7878/query?x=1")
    assert url == "http://[::1]:7878/query?x=1"
    assert credentials is not None
    assert (credentials.user, credentials.password) == ("bob", "p@ss:w")
    assert "p@ss" not in repr(credentials)
    assert split_userinfo("http://bob@host/q") == ("http://host/q", None)
    assert split_userinfo("http://host/q") == ("http://host/q", None)


@pytest.mark.parametrize(
    ("text", "size"), [("1000", 1000), ("64K", 65536), ("1.5M", 1572864), ("2GiB", 2 << 30)]
)
def test_sizes_are_read(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "-1M", "lots", "12X"])
def test_bad_sizes_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError, match="is not a size"):
        parse_size(text)
