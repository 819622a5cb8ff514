"""``scokg spans [--fix] [ID ...]``: spans out of date with their source texts; re-anchor them."""

from __future__ import annotations

import argparse

from scokg.commands import project_from_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "spans",
        help="list spans out of date with their source text; --fix re-anchors them",
        description="Compare each document's recorded text (nif:isString) with its source file "
        "and list the spans (sentences and other NIF strings) whose offsets or quotes no longer "
        "fit, and a stale checksum or length. With --fix, re-anchor them by diffing the old and "
        "new text, editing the Turtle in place (comments and layout kept). Exit 0 when all is "
        "up to date (or fixed), 1 when something is out of date or could not be mapped.",
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="only these documents (default all)")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="write the re-anchored offsets, quotes, nif:isString, length and checksum",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg import vocab
    from scokg.curating.spanfix import check, fix
    from scokg.errors import DataError
    from scokg.output.terminal import safe

    project = project_from_args(args)
    docs = check(project, args.ids or None)
    stale = 0
    unmapped = 0
    for doc in docs:
        if doc.up_to_date:
            print(f"{doc.doc_id}: up to date")
            continue
        rel = doc.document.relative_to(project.root)
        verb = "fixed" if args.fix else "out of date"
        if args.fix:
            fix(doc)  # first: "(fixed)" is printed only once the files are really written
        if doc.old_text != doc.text:
            print(f"{rel}: the source text changed since nif:isString was written ({verb})")
        if doc.length is not None:
            print(f"{rel}: nif:endIndex {doc.length[0]} should be {doc.length[1]} ({verb})")
        if doc.checksum is not None and doc.meta is not None:
            print(
                f"{doc.meta.relative_to(project.root)}: scokg:sha256 should be "
                f"{doc.checksum[1]} ({verb})"
            )
        for c in doc.changes:
            span = c.span.removeprefix(f"{vocab.ID}document/{doc.doc_id}/").replace("/", ":", 1)
            where = f"{rel}:{c.line}" if c.line else str(rel)
            if c.new is None:
                print(f"{where}: {span} [{c.begin}, {c.end}) cannot be mapped: place it by hand")
                print(f"    quote: {safe(repr(c.quote))}")
            else:
                b, e, quote = c.new
                print(f"{where}: {span} [{c.begin}, {c.end}) -> [{b}, {e}) ({verb})")
                if quote != c.quote:
                    print(f"    quote: {safe(repr(c.quote))} -> {safe(repr(quote))}")
        stale += 1
        unmapped += len(doc.unmapped)
    if unmapped:
        raise DataError(
            f"{unmapped} span(s) could not be mapped to the new text"
            + (" (the others were fixed)" if args.fix else ""),
            hint="set their nif:beginIndex/nif:endIndex/nif:anchorOf by hand, then run "
            "`scokg spans` again",
        )
    if stale and not args.fix:
        raise DataError(
            f"{stale} document(s) out of date with their source text",
            hint="run `scokg spans --fix` to re-anchor them",
        )
    return 0
