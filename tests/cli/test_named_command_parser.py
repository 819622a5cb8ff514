"""A spelt-out command is parsed by a parser holding that subcommand alone
(scokg.cli._named_command): the parse and every message must be the full parser's."""

from __future__ import annotations

import pytest

from scokg.cli import _named_command, build_parser
from scokg.commands import COMMANDS


def _outcome(only: str | None, argv: list[str], capsys: pytest.CaptureFixture[str]) -> object:
    parser = build_parser(only)
    try:
        parsed = vars(parser.parse_args(argv))
    except SystemExit as exc:
        out, err = capsys.readouterr()
        return ("exit", exc.code, out, err)
    parsed.pop("func", None)
    return ("ok", sorted(parsed.items(), key=str))


CASES = [
    [name.replace("_", "-"), *extra]
    for name in COMMANDS
    for extra in (["--help"], ["--no-such-option"], [])
] + [
    ["--data", "somewhere", "query", "agreements-between", "--format", "csv"],
    ["--data=x", "--verbose", "query", "-e", "ASK {}"],
    ["query", "lookup", "--param", "text=a", "extra", "words"],
    ["--verbose", "validate", "--format", "nope"],
]


@pytest.mark.parametrize("argv", CASES, ids=lambda a: " ".join(a))
def test_the_one_command_parser_parses_and_speaks_as_the_full_one(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    only = _named_command(argv)
    assert only is not None
    assert _outcome(only, argv, capsys) == _outcome(None, argv, capsys)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["--version"],
        ["quer"],
        ["new_document"],
        ["--dat", "x", "query"],
        ["--data"],
        ["-h", "query"],
        ["--verbose"],
    ],
)
def test_anything_else_gets_the_full_parser(argv: list[str]) -> None:
    assert _named_command(argv) is None
