"""Headless Chromium (Debian's ``chromium``): the DOM a page renders to, and screenshots.

Each call runs one browser in its own process group with a fresh profile folder and no
network beyond the page (no QUIC, no background, sync or component updates), and kills the
whole group when it is done, so no renderer or GPU helper outlives it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def chromium_binary() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(extra: list[str], url: str, timeout: float = 90) -> bytes:
    binary = chromium_binary()
    assert binary is not None, "chromium is not installed: run scripts/ci-install"
    with tempfile.TemporaryDirectory(prefix="scokg-chromium-") as profile:
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", *extra, url],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            out, _ = process.communicate(timeout=timeout)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # helpers that outlived the browser
            if process.poll() is None:
                process.wait()
        assert process.returncode == 0, f"chromium exited with {process.returncode} on {url}"
        return out


def dump_dom(url: str) -> str:
    """The serialised DOM of ``url`` after it loaded (``--dump-dom``)."""
    return _run(["--dump-dom"], url).decode("utf-8")


def screenshot(url: str, target: Path, width: int = 1200, height: int = 1600) -> Path:
    """A PNG of ``url`` at ``width`` × ``height`` CSS pixels, written to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _run([f"--screenshot={target}", f"--window-size={width},{height}", "--hide-scrollbars"], url)
    return target
