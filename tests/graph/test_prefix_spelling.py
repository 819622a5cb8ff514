"""Every visible prefix is spelled one way: the name :mod:`scokg.vocab` gives its namespace.

Checked where a user meets prefixes: the declarations in the data, ontology, queries, docs
and code; what ``scokg query`` and ``scokg describe`` print; the built release (Turtle and
TriG prefix lines, JSON-LD context keys, HTML docs); and the reviewed query answers.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers.cli import run_scokg
from scokg import vocab

ROOT = Path(__file__).resolve().parents[2]

# `@prefix name: <ns> .` (Turtle), `PREFIX name: <ns>` (SPARQL), `#  name: ns` (SSSOM curie_map).
_DECLARATION_RES = (
    re.compile(r"(?:@prefix|PREFIX)\s+([A-Za-z][\w-]*)?:\s*<(https?://[^>{}\s]*)>", re.IGNORECASE),
    re.compile(r"^#\s+([A-Za-z][\w-]*):\s+(https?://\S+)\s*$", re.MULTILINE),
)
# A prefixed name in printed text: `act-kind:praise`, not `https://...` or `a:b:c` tails.
_PREFIXED_RE = re.compile(r"(?<![\w/#.:-])([a-z][a-z0-9-]*):(?=[A-Za-z0-9_])")
# Names of the prefixes the project uses in output; URL schemes are not prefixes.
_SHOWN_NAMES = {*vocab.PREFIXES, *vocab.DOCUMENT_PREFIXES}
_SCHEMES = {"http", "https", "urn", "mailto"}

_DECLARING_FILES = sorted(
    {
        *ROOT.glob("data/**/*.ttl"),
        *ROOT.glob("data/*.sssom.tsv"),
        *ROOT.glob("ontology/*.ttl"),
        *ROOT.glob("queries/*.rq"),
        *ROOT.glob("docs/*.md"),
        ROOT / "README.md",
        *ROOT.glob("src/scokg/**/*.py"),
        *ROOT.glob("tests/**/*.py"),
        *ROOT.glob("tests/data/**/*.ttl"),
        *ROOT.glob("benchmarks/*.py"),
    }
)


def declarations(text: str) -> list[tuple[str, str]]:
    """Every (prefix name, namespace) a text declares."""
    return [(m.group(1) or "", m.group(2)) for rx in _DECLARATION_RES for m in rx.finditer(text)]


def misdeclared(pairs: list[tuple[str, str]]) -> list[str]:
    """Declarations that give a namespace a name other than its one name, or take one
    of our names for another namespace."""
    wrong = []
    for name, namespace in pairs:
        canonical = vocab.prefix_for(namespace)
        if canonical is not None and canonical != name:
            wrong.append(f"{name}: <{namespace}> should be {canonical}:")
        elif canonical is None and name in _SHOWN_NAMES:
            wrong.append(f"{name}: is the name of another namespace, not <{namespace}>")
    return wrong


def unknown_prefixes(text: str) -> set[str]:
    """Prefixed names in printed text whose prefix is not one of the project's names."""
    return {m.group(1) for m in _PREFIXED_RE.finditer(text)} - _SHOWN_NAMES - _SCHEMES


def test_the_rule_itself() -> None:
    assert vocab.prefix_for(vocab.ID + "post-holding/") == "post-holding"
    assert vocab.prefix_for(vocab.ID + "a-new-kind/") == "a-new-kind"
    assert vocab.prefix_for(vocab.DOCUMENT + "some-doc/sentence/") == "sentence"
    assert vocab.prefix_for(vocab.SKOS) == "skos"
    assert vocab.compact(vocab.ID + "act-kind/praise") == "act-kind:praise"
    assert vocab.expand("post-holding:x") == vocab.ID + "post-holding/x"
    assert misdeclared([("actkind", vocab.ID + "act-kind/")])
    assert misdeclared([("skos", "http://example.org/")])
    assert unknown_prefixes("actkind:praise and act-kind:praise, https://x/y") == {"actkind"}


def test_declarations_use_the_one_name() -> None:
    assert len(_DECLARING_FILES) > 20
    wrong = {
        str(path.relative_to(ROOT)): misdeclared(declarations(path.read_text("utf-8", "replace")))
        for path in _DECLARING_FILES
    }
    assert {name: found for name, found in wrong.items() if found} == {}


def test_reviewed_answers_use_the_one_name() -> None:
    for path in sorted((ROOT / "tests" / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cells = [c for row in data.get("rows", data.get("triples", [])) for c in row if c]
        shown = {m for c in cells for m in unknown_prefixes(c.split("^^")[-1])}
        assert shown == set(), path.name


def _scokg(*args: str, cache: Path) -> str:
    result: subprocess.CompletedProcess[str] = run_scokg(
        "--data", str(ROOT), *args, env={"SCOKG_CACHE_DIR": str(cache)}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("query", "meeting-acts"),
        ("query", "post-holders", "--format", "csv"),
        ("query", "resource-subgraph", "-p", "resource=ghada-fathi-waly-unodc-executive-director"),
        ("describe", "unodc"),
        ("describe", "post-holding:vladimir-norov-sco-secretary-general"),
    ],
    ids=" ".join,
)
def test_cli_output_uses_the_one_name(args: tuple[str, ...], tmp_path: Path) -> None:
    out = _scokg(*args, cache=tmp_path / "cache")
    assert unknown_prefixes(out) == set()
    assert misdeclared(declarations(out)) == []


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release") / "dist"
    _scokg("build", "--quiet", "--out", str(out), cache=out.parent / "cache")
    return out


def test_release_prefix_lines_use_the_one_name(release: Path) -> None:
    files = sorted([*release.glob("*.ttl"), *release.glob("*.trig")])
    assert files
    for path in files:
        pairs = declarations(path.read_text(encoding="utf-8"))
        assert pairs, path.name
        assert misdeclared(pairs) == [], path.name


def test_release_jsonld_context_uses_the_one_name(release: Path) -> None:
    for name in ("context.jsonld", "scokg.jsonld"):
        context = json.loads((release / name).read_text(encoding="utf-8"))["@context"]
        pairs = [
            (key, value)
            for key, value in context.items()
            if isinstance(value, str) and value.startswith("http") and value[-1] in "#/"
        ]
        assert pairs, name
        assert misdeclared(pairs) == [], name


def test_release_html_docs_use_the_one_name(release: Path) -> None:
    pages = sorted((release / "docs").glob("*.html"))
    assert pages
    for page in pages:
        # Style sheets are not text a reader sees ("a:hover", "color:red" are not prefixes).
        html = re.sub(r"<style[^>]*>.*?</style>", " ", page.read_text("utf-8"), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", html)
        assert unknown_prefixes(text) == set(), page.name
