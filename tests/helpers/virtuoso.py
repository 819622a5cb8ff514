"""Run OpenLink Virtuoso (Debian's ``virtuoso-opensource``) as a child process we control.

Used by the test suite and ``scripts/virtuoso-server``: the server gets its own database
folder and ini file, listens only on 127.0.0.1 (SQL and HTTP ports chosen free), and the
``dba`` password is changed from the factory default as soon as it starts. The password is
passed to ``isql`` on stdin, never on a command line.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from scokg.errors import EndpointError, UsageError
from scokg.stores.oxigraph_server import free_port

BINARY = "virtuoso-t"
ISQL = "isql-vt"

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
CheckpointInterval = 0

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}
MaxClientConnections = 4
ServerThreads = 4

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def virtuoso_installed() -> bool:
    return shutil.which(BINARY) is not None and shutil.which(ISQL) is not None


@dataclass
class VirtuosoServer:
    """A Virtuoso process on 127.0.0.1; use as a context manager or start()/stop()."""

    directory: Path | None = None
    host: str = "127.0.0.1"
    sql_port: int | None = None
    http_port: int | None = None
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16), repr=False)
    startup_timeout: float = 90.0
    process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _own_dir: tempfile.TemporaryDirectory[str] | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """Anonymous, read-only SPARQL endpoint."""
        return self.base_url + "/sparql"

    @property
    def sparql_auth_url(self) -> str:
        """SPARQL query and update endpoint behind digest auth."""
        return self.base_url + "/sparql-auth"

    @property
    def gsp_auth_url(self) -> str:
        """Graph Store Protocol endpoint behind digest auth."""
        return self.base_url + "/sparql-graph-crud-auth"

    def start(self, *, wait: bool = True) -> VirtuosoServer:
        if not virtuoso_installed():
            raise UsageError(
                "Virtuoso is not installed",
                hint="apt-get install virtuoso-opensource-7-bin (see scripts/ci-install)",
            )
        if self.directory is None:
            self._own_dir = tempfile.TemporaryDirectory(prefix="scokg-virtuoso-")
            self.directory = Path(self._own_dir.name)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.sql_port = self.sql_port or free_port(self.host)
        self.http_port = self.http_port or free_port(self.host)
        ini = self.directory / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                dir=self.directory,
                host=self.host,
                sql_port=self.sql_port,
                http_port=self.http_port,
            )
        )
        log = open(self.directory / "stdout.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [BINARY, "-f", "-c", str(ini)],
            cwd=self.directory,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        if wait:
            self.wait_until_up()
        return self

    def wait_until_up(self) -> None:
        """Wait for the HTTP listener, then replace the factory ``dba`` password."""
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise EndpointError(
                    f"Virtuoso exited at start (code {self.process.returncode})",
                    hint=f"see {self.directory}/virtuoso.log",
                )
            if self.is_up():
                self._set_password()
                return
            time.sleep(0.2)
        self.stop()
        raise EndpointError(f"Virtuoso did not answer within {self.startup_timeout:.0f} s")

    def _set_password(self) -> None:
        escaped = self.password.replace("'", "''")
        script = f"user_set_password('dba', '{escaped}');\nexit;\n"
        result = subprocess.run(
            [ISQL, f"{self.host}:{self.sql_port}", "dba", "dba"],
            input=script.encode(),
            capture_output=True,
            timeout=60,
        )
        if result.returncode != 0 or b"Error" in result.stdout + result.stderr:
            self.stop()
            raise EndpointError("could not set the Virtuoso dba password")

    def is_up(self) -> bool:
        request = urllib.request.Request(
            self.sparql_url + "?query=ASK%7B%7D",
            headers={"Accept": "application/sparql-results+json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (Virtuoso checkpoints and exits), SIGKILL if it takes too long."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout)
            except ProcessLookupError:
                pass
        if self._own_dir is not None:
            self._own_dir.cleanup()
            self._own_dir = None

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
