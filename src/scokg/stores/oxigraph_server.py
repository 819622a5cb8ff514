"""Run the ``oxigraph`` SPARQL server (from PyPI) as a child process we fully control.

Used by ``scokg serve``, by the test suite and by ``scripts/oxigraph-server``: one place
knows how to pick a free port on 127.0.0.1, wait until the server answers, and stop it by
PID even when the caller fails.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from scokg.errors import EndpointError, UsageError
from scokg.remote.http import HttpClient


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable installed beside this Python, or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise UsageError(
            "the oxigraph server is not installed",
            hint="pip install oxigraph (it is a dependency of scokg: reinstall with `make`)",
        )
    return found


def die_with_parent() -> None:
    """(Linux, in the child between fork and exec) Ask the kernel to SIGKILL this process when
    its parent dies: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``, see prctl(2).

    A ``scokg serve`` killed outright must not leave its server bound to a port, nor
    ``oxigraph load`` writing into a work folder the next run removes. If the parent died
    before the call, the child kills itself at once.
    """
    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
    if os.getppid() == 1:
        os.kill(os.getpid(), signal.SIGKILL)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class OxigraphServer:
    """An ``oxigraph serve`` process; use as a context manager or call start()/stop().

    ``location=None`` gives an in-memory store. ``read_only`` runs ``serve-read-only``
    (which needs an existing ``location``).
    """

    location: Path | None = None
    host: str = "127.0.0.1"
    port: int | None = None
    read_only: bool = False
    union_default_graph: bool = False
    timeout_s: int | None = None
    startup_timeout: float = 20.0
    log_file: Path | None = None
    # Linux: the kernel kills the server when the process that started it dies (even by
    # SIGKILL). For servers that must not outlive their owner (`scokg serve`); scripts that
    # start a server for later use leave it False.
    die_with_parent: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        """Graph Store HTTP Protocol endpoint."""
        return self.base_url + "/store"

    def command(self) -> list[str]:
        if self.port is None:
            self.port = free_port(self.host)
        cmd = [oxigraph_binary(), "serve-read-only" if self.read_only else "serve"]
        if self.location is not None:
            cmd += ["--location", str(self.location)]
        elif self.read_only:
            raise UsageError("a read-only oxigraph server needs a store location")
        cmd += ["--bind", f"{self.host}:{self.port}"]
        if self.union_default_graph:
            cmd.append("--union-default-graph")
        if self.timeout_s is not None:
            cmd += ["--timeout-s", str(self.timeout_s)]
        return cmd

    def start(self) -> OxigraphServer:
        """Start the process and wait until it answers a query (bounded in time)."""
        cmd = self.command()
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        # Its own session (and process group): a terminal's Ctrl-C reaches us, not it, and
        # stop() ends the whole group.
        watch = self.die_with_parent and sys.platform == "linux"
        self.process = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=out,
            start_new_session=True,
            preexec_fn=die_with_parent if watch else None,
        )
        deadline = time.monotonic() + self.startup_timeout
        try:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise EndpointError(
                        f"the oxigraph server exited at start (code {self.process.returncode})",
                        hint=f"is port {self.port} already taken? command: {' '.join(cmd)}",
                    )
                if self.is_up():
                    return self
                time.sleep(0.05)
        except BaseException:
            # Ctrl-C while waiting: the server is in its own session, so it did not get the
            # SIGINT; stop it here or it outlives us.
            self.stop()
            raise
        self.stop()
        raise EndpointError(
            f"the oxigraph server did not answer within {self.startup_timeout:.0f} s",
            hint=f"command: {' '.join(cmd)}",
        )

    def is_up(self) -> bool:
        """True when the server answers a trivial ASK query."""
        probe = HttpClient(timeout=1)
        try:
            answer = probe.send(
                "GET",
                self.query_url + "?query=ASK%7B%7D",
                headers={"Accept": "application/sparql-results+json"},
            )
        except EndpointError:
            return False
        return answer.status == 200

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the process (its whole session), killing it if it does not exit."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=timeout)

    def kill(self) -> None:
        """Kill at once (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
