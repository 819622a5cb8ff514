"""The wheel built from the repository holds the product: the ``scokg`` package with its
``py.typed`` and licences, and no test or benchmark code."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Modules that are test or benchmark code and must never ship.
NOT_SHIPPED = {"synth", "error_catalogue", "virtuoso", "federation", "failing_store"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Names of the files in a wheel freshly built from the working tree."""
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")  # the backend is here: no download needed
    proc = subprocess.run(
        [*command, str(ROOT)], capture_output=True, text=True, timeout=300, cwd=out
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    (built,) = out.glob("scokg-*.whl")
    with zipfile.ZipFile(built) as archive:
        return archive.namelist()


@pytest.mark.slow
def test_wheel_holds_only_the_package(wheel: list[str]) -> None:
    outside = [n for n in wheel if not n.startswith(("scokg/", "scokg-"))]
    assert not outside, f"files outside the package: {outside}"
    assert not [n for n in wheel if n.startswith(("tests/", "benchmarks/"))]
    modules = {Path(n).stem for n in wheel if n.endswith(".py")}
    assert not modules & NOT_SHIPPED, f"test/bench modules in the wheel: {modules & NOT_SHIPPED}"


@pytest.mark.slow
def test_wheel_holds_every_module_and_py_typed(wheel: list[str]) -> None:
    src = ROOT / "src"
    expected = {p.relative_to(src).as_posix() for p in (src / "scokg").rglob("*.py")}
    assert expected <= set(wheel), f"missing from the wheel: {sorted(expected - set(wheel))}"
    assert "scokg/py.typed" in wheel


@pytest.mark.slow
def test_wheel_carries_the_licences(wheel: list[str]) -> None:
    licences = {Path(n).name for n in wheel if "/licenses/" in n and ".dist-info/" in n}
    assert {"LICENSE", "LICENSE-DATA"} <= licences
