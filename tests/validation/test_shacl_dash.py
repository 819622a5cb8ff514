"""The SHACL Core and SHACL-SPARQL test suite (DASH format) on the compiled engine.

Every ``*.test.ttl`` of pyshacl 0.40.1's sdist under ``test/resources/dash_tests/core`` and
``.../sparql`` is one case: the file is both data graph and shapes graph; the compiled engine
(:func:`scokg.validation.shacl_fast.run_compiled`, what ``scokg validate`` runs) must give the
expected report: the conforms flag and the set of results (focus node, path, value, source
shape, constraint component, severity). When the compiler says Unsupported, the case is a
FALLBACK: the run goes to pyshacl, which must then give the expected report itself, and the
fallback is recorded (``test_fallbacks_are_the_documented_ones``).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers.suites import suite_dir
from scokg.validation.exact import exact_store
from scokg.validation.shacl_compiler import ShapesGraph, Unsupported, path_text
from scokg.validation.shacl_fast import run_compiled
from scokg.vocab import SH

PYSHACL_VERSION = "0.40.1"
DASH = "http://datashapes.org/dash#"
SUITES = ("core", "sparql")
# Files whose shapes the compiler hands to pyshacl, with the reason (docs/reliability.md).
_COMPONENTS = "SPARQL-based constraint components (SHACL §6) are not compiled"
EXPECTED_FALLBACKS: dict[str, str] = {
    "sparql/component/nodeValidator-001.test.ttl": _COMPONENTS,
    "sparql/component/optional-001.test.ttl": _COMPONENTS,
    "sparql/component/propertyValidator-select-001.test.ttl": _COMPONENTS,
    "sparql/component/validator-001.test.ttl": _COMPONENTS,
    "sparql/node/prefixes-001.test.ttl": "the query uses the prefix ex: that no sh:declare gives "
    "(pyshacl takes it from the Turtle file's @prefix)",
}


def _dash_root() -> Path:
    return suite_dir("pyshacl", PYSHACL_VERSION) / "test" / "resources" / "dash_tests"


def _cases() -> list[str]:
    # collected from the unpacked sdist; the list is built at collection time on purpose so
    # that each file is its own test case
    root = _dash_root()
    return sorted(
        str(p.relative_to(root)) for suite in SUITES for p in (root / suite).rglob("*.test.ttl")
    )


CASES = _cases()
fallbacks: dict[str, str] = {}


def _parse(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


Key = tuple[str, str | None, str | None, str, str, str]


def _expected(quads: list[ox.Quad]) -> tuple[bool, set[Key]]:
    graph = ShapesGraph(quads)
    reports = graph.get_all_predicate(DASH + "expectedResult")
    assert len(reports) == 1, "one dash:expectedResult per test file"
    report = reports[0]
    conforms = graph.objects(report, SH + "conforms")[0].value == "true"
    keys: set[Key] = set()
    for result in graph.objects(report, SH + "result"):

        def one(
            prop: str, result: object = result
        ) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
            values = graph.objects(result, SH + prop)  # type: ignore[arg-type]
            return values[0] if values else None

        path = one("resultPath")
        value = one("value")
        keys.add(
            (
                str(one("focusNode")),
                path_text(graph, path) if path is not None else None,
                str(value) if value is not None else None,
                str(one("sourceShape")),
                str(one("sourceConstraintComponent")),
                str(one("resultSeverity")),
            )
        )
    return conforms, keys


def test_the_suite_is_complete() -> None:
    assert len(CASES) >= 90, CASES


@pytest.mark.parametrize("case", CASES)
def test_dash_case(case: str) -> None:
    path = _dash_root() / case
    quads = _parse(path)
    conforms, expected = _expected(quads)
    data = exact_store(quads)
    try:
        plan, results = run_compiled(data, quads)
    except Unsupported as exc:
        fallbacks[case] = str(exc)
        _assert_pyshacl_passes(path)
        return
    got = {
        (
            str(r.focus),
            path_text(plan.shapes, r.path) if r.path is not None else None,
            str(r.value) if r.value is not None else None,
            str(r.shape),
            str(ox.NamedNode(r.component)),
            str(ox.NamedNode(r.severity)),
        )
        for r in results
    }
    assert (not results) == conforms
    assert got == expected


def _assert_pyshacl_passes(path: Path) -> None:
    """pyshacl's own DASH check of the same file (``check_dash_result``) must hold."""
    import pyshacl
    import rdflib

    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        ok, _graph, text = pyshacl.validate(
            str(path), shacl_graph=None, inference="none", check_dash_result=True, meta_shacl=False
        )
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    assert ok, text


def test_fallbacks_are_the_documented_ones() -> None:
    """Runs after the cases (file order): every fallback is one listed with its reason."""
    assert set(fallbacks) <= set(EXPECTED_FALLBACKS), fallbacks
