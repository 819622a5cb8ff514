"""Typed query parameters are checked before anything runs: a ``date`` is a valid xsd:date
in the form YYYY-MM-DD, a ``text`` (and any value) Unicode text (no byte that is not
UTF-8, which crashed the binding before); a bad value is a
``scokg: error:`` naming the parameter, the value and the expected form, exit 2.

Every typed parameter of the bundled queries is tried (``scokg query --list --format json``
gives their kinds), so a new query with a date or text parameter is covered too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from scokg.errors import UsageError
from scokg.queries.binding import term_for
from scokg.queries.catalog import Param

DATE = Param("date", "date (YYYY-MM-DD) to look around")
TEXT = Param("text", "text to look for")
BAD_DATES = [
    "20310501",  # ISO 8601 basic form: Python's fromisoformat takes it, xsd:date does not
    "2031-5-1",
    "2031-02-30",
    "2031-13-01",
    "2031-W18-4",
    "2031-05-01T00:00:00",
    "2031-05-01Z",  # a valid xsd:date, but a zone is not what YYYY-MM-DD asks for
    "tomorrow",
    "",
    # Valid xsd:date (1.1) values, but not YYYY-MM-DD as documented (breaker5 finding 11):
    "-2020-03-03",
    "10000-01-01",
    "12031-05-01",
    "0000-01-01",
    # White space is not trimmed: what is bound is what was typed.
    " 2024-02-29 ",
    " 2020-03-03",
    "2020-03-03\n",
    "2020-03-03\t",
    "\uff12\uff10\uff12\uff10-03-03",  # full-width digits
]


@pytest.mark.parametrize("value", BAD_DATES)
def test_a_date_that_is_not_yyyy_mm_dd_is_refused(value: str) -> None:
    with pytest.raises(UsageError) as caught:
        term_for(DATE, value, None)
    assert str(caught.value).startswith(f"parameter date: {value!r} is not a valid xsd:date")
    assert "YYYY-MM-DD" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "lexical"),
    [
        ("2031-05-01", "2031-05-01"),
        ("2024-02-29", "2024-02-29"),
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
    ],
)
def test_a_valid_date_is_bound_as_an_xsd_date(value: str, lexical: str) -> None:
    term = term_for(DATE, value, None)
    assert str(term) == f'"{lexical}"^^<http://www.w3.org/2001/XMLSchema#date>'


def test_a_date_with_a_byte_that_is_not_utf8_shows_the_byte() -> None:
    with pytest.raises(UsageError) as caught:
        term_for(DATE, "2020-03-0\udcff", None)
    message = str(caught.value)
    assert message.startswith("parameter date: '2020-03-0\\xff' has a byte that is not UTF-8")
    assert "(\\xff)" in message and "udcff" not in message


@pytest.mark.parametrize("value", ["\udcff", "ok\udc80", "\ud800"])
def test_text_that_rdf_cannot_hold_is_refused(value: str) -> None:
    with pytest.raises(UsageError, match="^parameter text: "):
        term_for(TEXT, value, None)


def _bundled_typed_params(run_cli) -> list[tuple[str, str, str]]:
    listed = run_cli("query", "--list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    found = [
        (query["name"], param["name"], param["kind"])
        for query in json.loads(listed.stdout)
        for param in query["params"]
        if param["kind"] != "resource"
    ]
    assert ("post-holders", "date", "date") in found and ("lookup", "text", "text") in found
    return found


def test_every_typed_parameter_of_the_bundled_queries_is_checked(run_cli) -> None:
    for query, name, kind in _bundled_typed_params(run_cli):
        if kind == "text":  # a byte that is not UTF-8 cannot pass through run_cli's str
            result = _run_bytes("query", query, "-p", f"{name}=".encode() + b"\xff")
            assert result.returncode == 2, (query, name, result.stderr)
            assert f"scokg: error: parameter {name}: ".encode() in result.stderr
            continue
        bad = "20310501"
        result = run_cli("query", query, "-p", f"{name}={bad}", "--show-query")
        assert result.returncode == 2, (query, name, result.stdout, result.stderr)
        first = result.stderr.splitlines()[-2 if "hint:" in result.stderr else -1]
        assert first.startswith(f"scokg: error: parameter {name}: {bad!r}"), result.stderr
        if kind == "date":
            assert "is not a valid xsd:date; expected YYYY-MM-DD" in first
        assert "Traceback" not in result.stderr


def _run_bytes(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "scokg", *args, "--show-query"],
        capture_output=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_text_with_a_byte_that_is_not_utf8_is_an_error_not_a_crash() -> None:
    result = _run_bytes("query", "lookup", "-p", b"text=\xff")
    assert result.returncode == 2, result.stderr
    assert b"scokg: error: parameter text: " in result.stderr
    assert b"parameter text: '\\xff' has a byte that is not UTF-8 (\\xff)" in result.stderr
    assert b"udcff" not in result.stderr
    assert b"internal error" not in result.stderr
