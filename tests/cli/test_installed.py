"""The wheel is a working tool on its own: built from the working tree, installed into a
fresh venv in a temporary folder (outside any checkout), every main command runs there on
the dataset the wheel carries, and nothing is written inside site-packages."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from scokg.project import find_project_root

ROOT = Path(__file__).resolve().parents[2]
TIME_LIMIT = 600


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    sdist: Path
    work: Path  # an empty folder outside any project: the commands run here
    cache: Path  # $XDG_CACHE_HOME of the runs

    @property
    def scokg(self) -> Path:
        return self.venv / "bin" / "scokg"

    def env(self) -> dict[str, str]:
        """The user's environment, minus everything that points at this checkout."""
        drop = ("PYTHONPATH", "SCOKG_ROOT", "SCOKG_CACHE_DIR", "VIRTUAL_ENV", "PYTHONHOME")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env["XDG_CACHE_HOME"] = str(self.cache)
        env["COLUMNS"] = "200"
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.scokg), *args],
            cwd=self.work,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT,
        )


def _checked(command: list[str], cwd: Path) -> None:
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=TIME_LIMIT)
    output = proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.returncode == 0, " ".join(command) + "\n" + output


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Make a fresh venv, build the sdist and the wheel as CI does (``python -m build``: the
    wheel is built from the sdist), install the wheel and its dependencies into the venv."""
    base = tmp_path_factory.mktemp("installed")
    venv = base / "venv"
    _checked([sys.executable, "-m", "venv", str(venv)], cwd=base)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    _checked([*pip, "install", "--quiet", "build"], cwd=base)
    dist = base / "dist"
    _checked([python, "-m", "build", "--outdir", str(dist), str(ROOT)], cwd=base)
    (wheel,) = dist.glob("scokg-*.whl")
    (sdist,) = dist.glob("scokg-*.tar.gz")
    # The wheel alone first (so its own files are what is tested), then its dependencies
    # from the package index (pip's shared cache makes the second run fast).
    _checked([*pip, "install", "--quiet", "--no-deps", str(wheel)], cwd=base)
    _checked([*pip, "install", "--quiet", str(wheel)], cwd=base)
    work = base / "work"
    work.mkdir()
    if find_project_root(work) is not None:
        pytest.fail(f"{work} lies inside a scokg project: the test needs a folder outside one")
    return Installed(venv=venv, wheel=wheel, sdist=sdist, work=work, cache=base / "xdg-cache")


def _site_packages(installed: Installed) -> Path:
    (found,) = (installed.venv / "lib").glob("python3*/site-packages")
    return found


@pytest.mark.slow
def test_the_wheel_carries_the_dataset_as_in_the_repository(installed: Installed) -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "ontology", "data", "queries"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    with zipfile.ZipFile(installed.wheel) as archive:
        names = set(archive.namelist())
        for rel in tracked:
            packaged = f"scokg/_dataset/{rel}"
            assert packaged in names, f"{rel} is not in the wheel"
            assert archive.read(packaged) == (ROOT / rel).read_bytes(), rel


@pytest.mark.slow
def test_the_sdist_holds_the_sources_of_the_wheel(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for needed in (
        "pyproject.toml",
        "hatch_build.py",
        "src/scokg/cli.py",
        "ontology/scokg.ttl",
        "ontology/shapes.ttl",
        "data/entities.ttl",
        "queries/agreements-between.rq",
        "LICENSE",
        "LICENSE-DATA",
        "CITATION.cff",
        "CHANGELOG.md",
    ):
        assert needed in names, f"{needed} is not in the sdist"
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", ".scokg/"))]


@pytest.mark.slow
def test_installed_version_names_package_and_dataset(installed: Installed) -> None:
    run = installed.run("--version")
    assert run.returncode == 0, run.stderr
    assert re.fullmatch(r"scokg \S+ \(dataset \S+\)\n", run.stdout), run.stdout


@pytest.mark.slow
def test_installed_query_describe_validate_build(installed: Installed) -> None:
    site = _site_packages(installed)
    query = installed.run("query", "agreements-between", "--format", "json")
    assert query.returncode == 0, query.stderr
    rows = json.loads(query.stdout)["results"]["bindings"]
    assert rows, "agreements-between found no agreement in the installed dataset"
    assert "no scokg project here or above; using the bundled dataset" in query.stderr
    assert str(site / "scokg" / "_dataset") in query.stderr

    describe = installed.run("describe", "unodc")
    assert describe.returncode == 0, describe.stderr
    assert "UN Office on Drugs and Crime" in describe.stdout

    # validate does not fall back to the bundled dataset: it refuses, and --bundled asks for it
    refused = installed.run("validate")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "no scokg project here or above" in refused.stderr and "--bundled" in refused.stderr
    validate = installed.run("validate", "--bundled")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "conforms" in validate.stdout

    out = installed.work / "release"
    build = installed.run("build", "--out", str(out), "--quiet")
    assert build.returncode == 0, build.stderr
    for name in ("scokg.nq", "context.jsonld", "SHA256SUMS", "ontology.ttl"):
        assert (out / name).is_file(), name

    # the store cache went to the user cache folder, never into site-packages
    assert not list(site.rglob(".scokg")), "a store cache was written inside site-packages"
    assert (installed.cache / "scokg").is_dir()


@pytest.mark.slow
def test_installed_serve_answers_and_stops(installed: Installed) -> None:
    process = subprocess.Popen(
        [str(installed.scokg), "serve", "--port", "0"],
        cwd=installed.work,
        env=installed.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # printed and flushed at once, though piped
        match = re.match(r"SPARQL endpoint (http://127\.0\.0\.1:(\d+))/query", first)
        assert match, first + (process.stderr.read() if process.poll() is not None else "")
        assert int(match.group(2)) != 0
        query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        request = urllib.request.Request(
            f"{match.group(1)}/query?query={query}",
            headers={"Accept": "application/sparql-results+json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            count = int(json.load(answer)["results"]["bindings"][0]["n"]["value"])
        assert count > 1000
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
        assert process.returncode == 0
    finally:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
