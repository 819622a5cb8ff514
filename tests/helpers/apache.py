"""A real Apache httpd (Debian's ``apache2``) on 127.0.0.1, with its own configuration,
run in the foreground as a child and stopped with its whole process group."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

MODULES = Path("/usr/lib/apache2/modules")
LOADED = {
    "mpm_prefork_module": "mod_mpm_prefork.so",
    "authz_core_module": "mod_authz_core.so",
    "mime_module": "mod_mime.so",
    "negotiation_module": "mod_negotiation.so",
    "rewrite_module": "mod_rewrite.so",
    "dir_module": "mod_dir.so",
}


def apache_binary() -> str | None:
    return shutil.which("apache2") or shutil.which("httpd")


def config(root: Path, docroot: Path, port: int) -> str:
    loads = "\n".join(f"LoadModule {name} {MODULES / so}" for name, so in LOADED.items())
    return f"""ServerRoot "{root}"
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
PidFile "{root}/httpd.pid"
ErrorLog "{root}/error.log"
DefaultRuntimeDir "{root}"
Mutex file:{root} default
LogLevel warn
{loads}
TypesConfig /dev/null
DocumentRoot "{docroot}"
<Directory "{docroot}">
    AllowOverride All
    Require all granted
</Directory>
"""


@contextlib.contextmanager
def running_apache(root: Path, docroot: Path, port: int) -> Iterator[str]:
    """Apache serving ``docroot`` on ``http://127.0.0.1:port`` until the block ends."""
    binary = apache_binary()
    assert binary is not None, "apache2 is not installed: run scripts/ci-install"
    conf = root / "httpd.conf"
    conf.write_text(config(root, docroot, port), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-X", "-f", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, stopped as one
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "error.log").read_text() if (root / "error.log").exists() else ""
                err = process.stderr.read().decode() if process.stderr else ""
                raise AssertionError(f"apache did not start: {err}\n{log}")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stderr:
            process.stderr.close()
