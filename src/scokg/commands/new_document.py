"""``scokg new-document``: start a document from its source text (text, metadata, sentences)."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from scokg.commands import project_from_args
from scokg.project import Project


def _day(text: str) -> date:
    """``--issued``: a real day written exactly YYYY-MM-DD (four ASCII digits of year, no
    sign, no white space: :func:`date.fromisoformat` alone also takes ``20310501``)."""
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) is None:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: give YYYY-MM-DD") from None


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "new-document",
        help="start a document: copy its text, write its metadata and its sentences",
        description="Copy SOURCE byte for byte into data/sources/ID.txt, write "
        "data/sources/ID.meta.ttl (SHA-256, title, language, issue date, address, publisher) "
        "and data/documents/ID.ttl (the NIF context, one nif:Sentence per sentence with "
        "code-point offsets, and a commented skeleton of the facts). Never overwrites; "
        "writes all three files or none.",
    )
    parser.add_argument("source", metavar="SOURCE", help="the text file (UTF-8), or - for stdin")
    parser.add_argument(
        "--id",
        dest="doc_id",
        required=True,
        metavar="ID",
        help="the document id: letters, digits, '-', '_', '.' (e.g. publisher-date-number)",
    )
    parser.add_argument("--url", metavar="URL", help="where it was published (dcterms:source)")
    parser.add_argument(
        "--issued", type=_day, metavar="YYYY-MM-DD", help="issue date (dcterms:issued)"
    )
    parser.add_argument(
        "--publisher",
        metavar="IRI",
        help="the publishing organisation: an IRI or a prefixed name such as "
        "organisation:sco-secretariat (dcterms:publisher)",
    )
    parser.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="ISO 639-1 code of the text's language (default en)",
    )
    parser.add_argument(
        "--title", metavar="TEXT", help="the document's title (default: its first sentence)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.curating.scaffold import (
        LANGUAGE_RE,
        DocumentInfo,
        check_id,
        expand_iri,
        relative_paths,
        scaffold,
    )
    from scokg.errors import DataError, UsageError
    from scokg.project import PACKAGED_DATASET

    why = check_id(args.doc_id)
    if why is not None:
        raise UsageError(why, hint="e.g. --id sectsco-20200303-639652")
    if LANGUAGE_RE.fullmatch(args.language) is None:
        raise UsageError(
            f"--language {args.language!r} is not an ISO 639-1 code", hint="e.g. --language en"
        )
    from scokg.curating.sentences import languages

    if args.language not in languages():
        raise UsageError(
            f"--language {args.language!r}: the sentence splitter (pysbd) has no rules for it",
            hint="use one of " + ", ".join(languages()),
        )
    if args.title is not None:
        check_title(args.title)
    if args.url is not None and expand_iri(args.url) != args.url:
        raise UsageError(f"--url {args.url!r} is not an http(s) IRI", hint="e.g. https://...")

    project = project_from_args(args)
    if project.root.is_relative_to(PACKAGED_DATASET.resolve()):
        raise UsageError(
            "the bundled dataset of an installed scokg cannot be changed",
            hint="run this inside your project folder, or pass --data DIR",
        )
    # After the project: its own prefixes (scokg.toml [prefixes]) name publishers too.
    publisher = None
    if args.publisher is not None:
        publisher = expand_iri(args.publisher, project.prefixes)
        if publisher is None:
            raise UsageError(
                f"--publisher {args.publisher!r} is neither an http(s) IRI nor a known "
                "prefixed name",
                hint="e.g. --publisher organisation:sco-secretariat, or a prefix of your "
                "scokg.toml [prefixes]",
            )
    targets = [project.root / p for p in relative_paths(args.doc_id)]
    for target in targets:
        if target.exists() or target.is_symlink():
            raise UsageError(
                f"{target.relative_to(project.root)} exists already; new-document never overwrites",
                file=target,
                hint="choose another --id, or remove the document's files first",
            )

    raw = _read_source(args.source)
    info = DocumentInfo(
        doc_id=args.doc_id,
        language=args.language,
        url=args.url,
        issued=args.issued,
        publisher=publisher,
        title=args.title,
    )
    try:
        result = scaffold(raw, info)
    except ValueError as exc:
        raise DataError(
            str(exc),
            file=None if args.source == "-" else Path(args.source),
            hint=_input_hint(raw),
        ) from None

    from scokg.curating.selfcheck import scaffold_problems

    problems = scaffold_problems(result, args.doc_id)
    if problems:
        # a bug of scokg, not of the input: the CLI reports it as an internal error
        raise RuntimeError(
            "new-document made wrong files (nothing written): " + "; ".join(problems)
        )
    _place(project.root, result.files)

    for rel in result.files:
        print(f"wrote {rel}")
    print(f"{len(result.sentences)} sentences, {result.length} code points, sha256 {result.sha256}")
    for note in result.notes:
        print(f"scokg: warning: {note}", file=sys.stderr)
    for missing in result.todo:
        print(f"scokg: warning: fill in {missing}: a TODO line marks it", file=sys.stderr)
    _validate_new(project, [project.root / rel for rel in result.files])
    print("next: declare entities, write the facts, then run `scokg validate`")
    return 0


def _validate_new(project: Project, files: list[Path]) -> None:
    """Validate the project with the new files in it; print the problems located in them
    (a TODO left by a missing option shows up here) as warnings."""
    from scokg.validation import validate

    report = validate(project)
    names = {str(f) for f in files}
    own = [p for p in report.problems if p.file is not None and str(p.file) in names]
    for problem in own:
        where = f"{problem.file}:{problem.line}" if problem.line else str(problem.file)
        print(f"scokg: warning: {where}: {problem.message}", file=sys.stderr)
    if not own:
        print("validated: the new files raise no problem")


def check_title(title: str) -> None:
    """Raise :class:`~scokg.errors.UsageError` (exit 2) for a ``--title`` that is blank or
    holds a line break or another control character (C0, DEL, C1, U+2028, U+2029)."""
    from scokg.errors import UsageError

    if not title.strip():
        raise UsageError("--title is empty or only white space", hint="give the title's text")
    bad = next(
        (ch for ch in title if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in "\u2028\u2029"),
        None,
    )
    if bad is not None:
        raise UsageError(
            f"--title holds the control character U+{ord(bad):04X}: a title is one line of text",
            hint="remove line breaks, tabs and other control characters from --title",
        )


def _input_hint(raw: bytes) -> str:
    """What to do about a source text ``scaffold`` refused (by its first bytes)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return (
            "the file looks like UTF-16 (it starts with a UTF-16 byte-order mark): convert "
            "it, e.g. `iconv -f UTF-16 -t UTF-8 FILE`"
        )
    if not raw.decode("utf-8", errors="replace").removeprefix("\ufeff").strip():
        return "give a text with at least one sentence"
    return "give the text as UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8 FILE`)"


def _read_source(source: str) -> bytes:
    from scokg.errors import UsageError
    from scokg.project import unreadable

    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if not path.is_file():
        raise UsageError(
            f"source text {source} does not exist or is not a file",
            hint="give a text file, or - to read stdin",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None


def _place(root: Path, files: dict[str, bytes]) -> None:
    from scokg.curating.files import place_new_files
    from scokg.errors import UsageError

    try:
        place_new_files({root / rel: content for rel, content in files.items()})
    except FileExistsError as exc:
        raise UsageError(
            f"{exc.args[0]} appeared meanwhile; nothing was written",
            hint="choose another --id",
        ) from None
    except OSError as exc:
        raise UsageError(
            f"cannot write the new document: {exc.strerror or exc}; nothing was written",
            file=Path(exc.filename) if exc.filename else None,
        ) from None
