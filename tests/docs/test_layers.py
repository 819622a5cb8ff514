"""The package's layers, as docs/architecture.md draws them: no module imports from a layer
above its own, and no two modules import each other (directly or in a cycle).

Every import counts, also those inside functions (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# Lowest layer first. A module belongs to the first entry that is it or a package above it.
LAYERS: list[tuple[str, ...]] = [
    (
        "scokg.errors",
        "scokg.vocab",
        "scokg.atomic",
        "scokg.exports",
        "scokg.xmlsafe",
        "scokg.xsd",
        "scokg.project_config",
        "scokg.ontology_imports",
    ),
    ("scokg.project",),
    (
        "scokg.parsing",
        "scokg.reification",
        "scokg.oxquery",
        "scokg.queries.syntax",
        "scokg.queries.algebra",
        "scokg.queries.policy",
        "scokg.links.sssom",
        "scokg.links.rdf",
    ),
    ("scokg.remote", "scokg.stores", "scokg.engines", "scokg.output"),
    (
        "scokg.queries",
        "scokg.validation",
        "scokg.release",
        "scokg.links",
        "scokg.stats",
        "scokg.site",
        "scokg.curating",
    ),
    ("scokg.scaffold", "scokg.commands"),
    ("scokg.cli", "scokg.__main__", "scokg"),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((SRC / "scokg").rglob("*.py"))}


def _layer(module: str) -> int:
    best: tuple[int, int] | None = None  # (length of the matching name, layer)
    for rank, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                best is None or len(name) > best[0]
            ):
                best = (len(name), rank)
    assert best is not None, f"{module} is in no layer of LAYERS"
    return best[1]


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """scokg modules that ``module`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m in known and m != module}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {m: _imports(m, p, known) for m, p in modules.items()}


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        _layer(module)


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = sorted(
        f"{a} (layer {_layer(a)}) imports {b} (layer {_layer(b)})"
        for a, targets in _graph().items()
        for b in targets
        if _layer(b) > _layer(a) and not (a.startswith(b + ".") or b == "scokg")
    )
    assert upward == []


def test_no_import_cycle() -> None:
    graph = _graph()
    # A package's __init__ re-exports its submodules; the edge package -> submodule is not a
    # dependency of the submodule on the package, so only submodule -> elsewhere edges count.
    edges = {a: {b for b in bs if not b.startswith(a + ".")} for a, bs in graph.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []
