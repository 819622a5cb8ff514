"""Standard test suites from PyPI source distributions, downloaded once into a cache folder.

``suite_dir("pyshacl", "0.40.1")`` is the unpacked sdist root of that release, fetched with
``pip download --no-deps --no-binary :all: NAME==VERSION`` into ``$SCOKG_TEST_CACHE`` (default
``~/.cache/scokg-tests``). The download runs once, under a file lock, so parallel test processes
wait for each other; a failed download fails the test (it is never skipped).
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest


def cache_root() -> Path:
    """The cache folder: ``$SCOKG_TEST_CACHE`` or ``~/.cache/scokg-tests``."""
    root = Path(os.environ.get("SCOKG_TEST_CACHE") or Path.home() / ".cache" / "scokg-tests")
    root.mkdir(parents=True, exist_ok=True)
    return root


def suite_dir(dist: str, version: str) -> Path:
    """The unpacked source distribution of ``dist==version`` (downloaded on first use)."""
    root = cache_root()
    target = root / f"{dist}-{version}"
    done = target / ".unpacked"
    if done.exists():
        return _sdist_root(target)
    with open(root / f".{dist}-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            _download(dist, version, target)
            done.touch()
    return _sdist_root(target)


def _download(dist: str, version: str, target: Path) -> None:
    downloads = target / "download"
    downloads.mkdir(parents=True, exist_ok=True)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "--disable-pip-version-check",
            "-d",
            str(downloads),
            f"{dist}=={version}",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    archives = [p for p in downloads.iterdir() if p.name.endswith((".tar.gz", ".zip"))]
    if run.returncode != 0 or not archives:
        pytest.fail(
            f"could not download the sdist of {dist}=={version} into {downloads} "
            f"(needs network access to PyPI, or a filled $SCOKG_TEST_CACHE):\n{run.stderr[-2000:]}"
        )
    unpack = target / "src"
    unpack.mkdir(exist_ok=True)
    archive = archives[0]
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as z:
            z.extractall(unpack)
    else:
        with tarfile.open(archive) as t:
            t.extractall(unpack, filter="data")


def _sdist_root(target: Path) -> Path:
    entries = [p for p in (target / "src").iterdir() if p.is_dir()]
    if len(entries) != 1:
        pytest.fail(f"unexpected layout of the unpacked sdist in {target / 'src'}: {entries}")
    return entries[0]
