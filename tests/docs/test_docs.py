"""The documentation matches the code: every CLI option in docs/cli.md, every top-level folder
in the README's layout, every module in docs/architecture.md, generated pages current, and
no relative link pointing at nothing."""

from __future__ import annotations

import argparse
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import report
from scokg.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 150
# A Markdown link or image target: [text](target) or ![alt](target).
LINK_RE = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every (sub)command of the parser, nested ones included, with its path of names."""
    yield path, parser
    for name, sub in _subparsers(parser).items():
        yield from _commands(sub, (*path, name))


def _options(parser: argparse.ArgumentParser) -> list[str]:
    """Option strings (``--format``, ``-p``) and positional metavars (``NAME``) of a parser."""
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        if action.option_strings:
            found += action.option_strings
        else:
            found.append(action.metavar if isinstance(action.metavar, str) else action.dest)
    return found


def _sections(text: str) -> dict[str, str]:
    """Text under each Markdown heading of docs/cli.md, keyed by the heading without ``#``/`."""
    sections: dict[str, str] = {}
    current = ""
    in_fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and re.match(r"#{1,6} ", line):
            current = line.lstrip("#").strip().replace("`", "")
            sections[current] = ""
        else:
            sections[current] = sections.get(current, "") + line + "\n"
    return sections


def _section_for(sections: dict[str, str], path: tuple[str, ...]) -> str | None:
    """The text documenting one command: its ``scokg ...`` heading and the subsections below."""
    title = " ".join(("scokg", *path))
    names = list(sections)
    for i, name in enumerate(names):
        if name == title or name.startswith(title + " ("):
            body = sections[name]
            for sub in names[i + 1 :]:
                if sub.startswith("scokg "):
                    break  # the next command's section
                body += sections[sub]
            return body
    return None


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


CLI_MD = DOCS / "cli.md"
COMMANDS = list(_commands(build_parser()))


@pytest.mark.parametrize(
    ("path", "parser"), COMMANDS, ids=[" ".join(("scokg", *p)) for p, _ in COMMANDS]
)
def test_cli_md_documents_every_option(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    sections = _sections(CLI_MD.read_text(encoding="utf-8"))
    body = _section_for(sections, path)
    title = " ".join(("scokg", *path))
    assert body is not None, f"docs/cli.md has no section headed `{title}`"
    if len(path) > 1:
        # Options shared by the actions of a command are documented once, in its section.
        body += _section_for(sections, path[:-1]) or ""
    missing = [o for o in _options(parser) if o not in ("-h", "--help") and not _mentions(body, o)]
    assert not missing, f"docs/cli.md, section `{title}`: options not documented: {missing}"


def test_cli_md_lists_every_subcommand() -> None:
    text = CLI_MD.read_text(encoding="utf-8")
    for path, _ in COMMANDS:
        if path:
            assert f"`scokg {' '.join(path)}`" in text, f"docs/cli.md does not name {path}"


def _top_level_folders() -> set[str]:
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return {f.split("/", 1)[0] for f in files if "/" in f}


def _layout_block() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Layout\n(?:.*\n)*?```\n((?:.*\n)*?)```", text, re.MULTILINE)
    assert match, "README.md has no code block under `## Layout`"
    return match.group(1)


def test_readme_layout_names_every_top_level_folder() -> None:
    folders = _top_level_folders()
    assert {"src", "tests", "data"} <= folders  # git ls-files worked
    listed = {line.split("/", 1)[0] for line in _layout_block().splitlines() if "/" in line}
    missing = sorted(folders - listed)
    assert not missing, f"README.md's layout block does not list {missing}"


def test_readme_is_short_and_shows_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_MAX_LINES
    assert re.search(r"^make demo\b", text, re.MULTILINE)
    assert re.search(r"^make test\b", text, re.MULTILINE)


def _markdown_files() -> list[Path]:
    top = [README, ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", ROOT / "scripts" / "README.md"]
    return [*top, *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("doc", _markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_at_files(doc: Path) -> None:
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.DOTALL)
    broken = []
    for target in LINK_RE.findall(text):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # an absolute URL (http:, mailto:) or an anchor in the same page
        path = target.split("#", 1)[0]
        if not (doc.parent / path).exists():
            broken.append(target)
    assert not broken, f"{doc.name}: links to missing files: {broken}"


def _modules_in_tree() -> set[str]:
    src = ROOT / "src"
    return {p.relative_to(src).as_posix() for p in (src / "scokg").rglob("*.py")}


def _modules_in_doc() -> set[str]:
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    return set(re.findall(r"`(scokg/[\w/]+\.py)`", text))


def test_architecture_md_names_every_module() -> None:
    missing = sorted(_modules_in_tree() - _modules_in_doc())
    assert not missing, f"docs/architecture.md does not describe {missing}"


def test_architecture_md_names_only_existing_modules() -> None:
    stale = sorted(_modules_in_doc() - _modules_in_tree())
    assert not stale, f"docs/architecture.md names modules that do not exist: {stale}"


def test_performance_md_is_current() -> None:
    assert report.current_block(report.DOC) == report.block(), (
        "run `python benchmarks/report.py` to regenerate docs/performance.md"
    )


def test_cli_md_lists_every_bundled_query() -> None:
    """The table of bundled queries in docs/cli.md has a row for each queries/*.rq."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text.split("### Bundled queries", 1)[1].split("\n\n", 2)[1]
    rows = {line.split("`")[1] for line in table.splitlines() if line.startswith("| `")}
    bundled = {path.stem for path in (ROOT / "queries").glob("*.rq")}
    assert rows == bundled
