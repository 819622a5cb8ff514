"""``scokg build``: write the release artefacts (all formats, VoID, docs, diagram)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scokg.commands import project_from_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "build",
        help="build the release: every RDF format, JSON-LD, VoID, HTML docs, a diagram",
        description="Validate the data, then write every release artefact into a temporary "
        "folder next to --out and swap it in place of --out. A failed build leaves the "
        "previous folder intact. Output is byte-identical for identical sources.",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("dist"), help="output folder (default dist/)"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress display (for CI)")
    parser.add_argument(
        "--site-url",
        metavar="URL",
        help="where site/ will be hosted: the target of the w3id.org redirect rules written "
        "to w3id/.htaccess (default https://scokg-site.invalid/, a name that never resolves)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from scokg.errors import ValidationFailed
    from scokg.release import build_release

    project = project_from_args(args)
    try:
        result = build_release(project, args.out, quiet=args.quiet, site_url=args.site_url)
    except ValidationFailed as err:
        print(err.report.to_text(root=str(project.root)), file=sys.stderr)
        raise
    from scokg.output.terminal import safe

    for warning in result.warnings:  # printed even with --quiet: something was left out
        print(f"scokg: warning: {safe(warning)}", file=sys.stderr)
    if not args.quiet:
        print(f"wrote {len(result.files)} files ({result.triples} triples) to {result.out}")
    return 0
