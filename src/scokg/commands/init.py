"""``scokg init DIR``: scaffold a new project (:mod:`scokg.scaffold`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create a new project (scokg.toml, ontology, example data, query)",
        description="Write a new scokg project into DIR (new or empty): scokg.toml, an "
        "extension ontology that imports scokg's, an empty shapes file that adds to scokg's "
        "shapes, one fictional example document with its facts, a query and a README. The "
        "project validates, queries, builds and loads as it is.",
    )
    parser.add_argument("dir", metavar="DIR", type=Path, help="the new project's folder")
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="project name and prefix of its vocabulary: lower-case letters, digits and '-', "
        "starting with a letter (default: from DIR's name)",
    )
    parser.add_argument(
        "--base-iri",
        metavar="IRI",
        help="absolute http(s) IRI your terms live under, ending in '/' or '#' "
        "(default: https://example.org/NAME/, to be replaced before publishing)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.scaffold import create, default_name

    folder: Path = args.dir
    name = args.name if args.name is not None else default_name(folder.expanduser().absolute())
    base = args.base_iri if args.base_iri is not None else f"https://example.org/{name}/"
    files = create(folder, name, base)
    print(f"created the scokg project {name!r} in {folder} ({len(files)} files):")
    for rel in files:
        print(f"  {rel}")
    print(f"next: cd {folder} && scokg validate")
    return 0
