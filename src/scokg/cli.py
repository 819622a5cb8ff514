"""Command-line entry point: parse arguments, dispatch, and turn errors into exit codes.

The CLI only parses and prints; the work happens in library functions that raise
:class:`~scokg.errors.ScokgError`, which is reported here without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scokg import __version__
from scokg.commands import COMMANDS, register_all
from scokg.errors import ExitCode, ScokgError, format_error

DEBUG_ENV = "SCOKG_DEBUG"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The full argument parser, with every registered subcommand; with ``only`` (a module
    of :data:`scokg.commands.COMMANDS`), with that subcommand alone (see :func:`main`)."""
    parser = argparse.ArgumentParser(
        prog="scokg", description="Build, validate and query the scokg knowledge graph."
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help="print the package and bundled dataset versions and exit",
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="use the project in DIR (a folder containing data/); without it, the nearest "
        "folder at or above the current one holding scokg.toml or ontology/ + data/, else "
        "the bundled dataset",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="say on stderr which project is used and how it was found",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if only is not None:
        importlib.import_module(f"scokg.commands.{only}").register(subparsers)
    else:
        register_all(subparsers)
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The command module ``argv`` names, when it is spelt out after nothing but
    ``--data DIR``/``--data=DIR``/``--verbose``; else None (help, version, abbreviations,
    typos: the full parser answers those, naming every command).

    A valid command gets the same parse and the same messages from a parser holding that
    subcommand alone (the top-level usage names ``COMMAND``, never the list), without
    importing the other nine command modules (about a fifth of a warm ``query``).
    """
    i = 0
    while i < len(argv):
        if argv[i] == "--data":
            i += 2
        elif argv[i].startswith("--data=") or argv[i] == "--verbose":
            i += 1
        else:
            break
    if i >= len(argv) or "_" in argv[i]:
        return None
    module = argv[i].replace("-", "_")
    return module if module in COMMANDS else None


def version_line() -> str:
    """``scokg 0.1.0 (dataset 0.1.0)``: the package version and the bundled ontology's
    ``owl:versionInfo``."""
    from scokg.project import dataset_version

    return f"scokg {__version__} (dataset {dataset_version() or 'unknown'})"


class _VersionAction(argparse.Action):
    """``--version``: the version line on stdout, exit 0 (computed only when asked)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(version_line(), flush=True)
        parser.exit(0)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit code.

    One of :class:`~scokg.errors.ExitCode`: 0 ok, 1 invalid data, 2 usage, 3 endpoint,
    70 internal error (a bug), 130 interrupted, 141 output pipe closed (``| head``).
    Whatever happens, the user sees short ``scokg: ...`` lines, never a Python traceback
    (unless ``SCOKG_DEBUG=1`` asks for one).
    """
    try:
        parser = build_parser(_named_command(sys.argv[1:] if argv is None else list(argv)))
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version and usage errors
            if isinstance(exc.code, int):
                return exc.code
            return ExitCode.OK if exc.code is None else ExitCode.USAGE
        check_text_arguments(parser, args)
        try:
            return int(args.func(args) or ExitCode.OK)
        except SystemExit as exc:
            # rich ends the process with exit 1 when the pipe it writes to closes; that is
            # not invalid data, so it gets the same code as any other closed pipe.
            if _raised_by_rich_on_broken_pipe(exc):
                return ExitCode.BROKEN_PIPE
            raise
    except ScokgError as err:
        print(_printable(format_error(err)), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("scokg: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # Output piped into e.g. `head` that exited; silence the flush at interpreter exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.BROKEN_PIPE
    except Exception as exc:  # noqa: BLE001 - the last line of defence, see report_internal_error
        return report_internal_error(exc)


# Arguments that name a file (bytes that are not UTF-8 are a file name's own business) and
# -p NAME=VALUE (checked with the parameter's name by scokg.queries.binding).
_NOT_TEXT_ARGUMENTS = frozenset({"data", "source", "dir", "file", "param"})


def check_text_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a command-line argument that must be text but holds a byte that is not UTF-8.

    Python hands such a byte over as a lone surrogate (PEP 383), which a query text, a
    name, an IRI or a label cannot hold: it would fail later as an internal error. Every
    string argument is checked here but the file names (``type=Path``, and ``SOURCE``)
    and ``-p`` (checked by its binder, which names the parameter). Raises
    :class:`~scokg.errors.UsageError` naming the argument, with the byte shown as ``\xff``.
    """
    from scokg.errors import UsageError, not_text, quoted

    names = _argument_names(parser, getattr(args, "command", None))
    for dest, value in vars(args).items():
        if dest in _NOT_TEXT_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            what = not_text(item)
            if what is not None:
                name = names.get(dest, dest)
                raise UsageError(
                    f"{name} {quoted(item)} has {what}",
                    hint=f"give {name} as UTF-8 text",
                )


def _argument_names(parser: argparse.ArgumentParser, command: str | None) -> dict[str, str]:
    """dest -> how the user wrote the argument (``-e/--expression``, ``NAME``), for the
    top-level parser and the subcommand ``command``."""
    names: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if command is None or name == command:
                    names.update(_argument_names(sub, None))
        elif action.option_strings:
            names.setdefault(action.dest, "/".join(action.option_strings))
        elif isinstance(action.metavar, str):
            names.setdefault(action.dest, action.metavar)
    return names


def _printable(message: str) -> str:
    """An error block with no credential and no terminal control character in it (a message
    may quote a label, a file's text or a server's answer)."""
    from scokg.output.terminal import safe
    from scokg.remote.http import redact

    return "\n".join(safe(redact(line)) for line in message.split("\n"))


def run() -> None:
    """The process entry point (console script and ``python -m scokg``): :func:`main`, then
    exit with its code.

    Once the work is done, Ctrl-C is ignored: a SIGINT landing while the interpreter shuts
    down would otherwise print a "KeyboardInterrupt ... Exception ignored" traceback after a
    run that had finished (and, for `build` or `load`, had already swapped its result in).
    """
    import signal

    sys.unraisablehook = unraisable_hook(sys.unraisablehook)
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


def unraisable_hook(default: Callable[[Any], object]) -> Callable[[Any], None]:
    """A :data:`sys.unraisablehook` that hands a Ctrl-C back to the main thread.

    A SIGINT that lands while Python runs a finaliser or a weakref callback (garbage
    collection, at any point of a run) raises KeyboardInterrupt where it cannot propagate:
    Python prints "Exception ignored in ... KeyboardInterrupt" with a traceback and goes on
    as if nothing happened. The hook re-sends it with :func:`_thread.interrupt_main`, so
    the run stops the way Ctrl-C stops it everywhere else (exit 130, outputs left whole);
    once :func:`run` ignores SIGINT, the re-sent one is ignored too. Everything else goes to
    ``default``.
    """

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            import _thread

            _thread.interrupt_main()
            return
        default(unraisable)

    return hook


def _raised_by_rich_on_broken_pipe(exc: SystemExit) -> bool:
    """True when ``exc`` comes from rich's ``Console.on_broken_pipe``."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "on_broken_pipe":
            return True
        tb = tb.tb_next
    return False


def report_internal_error(exc: BaseException) -> int:
    """Report an unexpected exception (a bug in scokg) in two lines, or in full when debugging.

    A traceback scares users and hides the message; developers get it with SCOKG_DEBUG=1.
    """
    if os.environ.get(DEBUG_ENV, "").strip() not in ("", "0"):
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = _printable(type(exc).__name__ + (f": {detail}" if detail else ""))
    print(
        f"scokg: internal error: {what}\n"
        "  hint: this is a bug in scokg: please report it on the project's issue tracker "
        f"with the command you ran; run again with {DEBUG_ENV}=1 to see the traceback",
        file=sys.stderr,
    )
    return ExitCode.INTERNAL
