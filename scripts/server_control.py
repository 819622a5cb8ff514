"""Start, stop and check the SPARQL servers CI and developers use (Oxigraph, Virtuoso).

Called through ``scripts/oxigraph-server`` and ``scripts/virtuoso-server``. ``start``
picks a free port on 127.0.0.1 (unless given), waits until the server answers, records
its PID and URL in a pidfile and prints the URL; ``stop`` stops that PID (even after a
failed test run) and checks it really is our server before signalling it.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from pathlib import Path

# The Virtuoso runner is test code (tests/helpers/virtuoso.py), not part of the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from helpers.virtuoso import VirtuosoServer
from scokg.errors import ScokgError, format_error
from scokg.stores.oxigraph_server import OxigraphServer

PROGRAMS = {"oxigraph": "oxigraph", "virtuoso": "virtuoso-t"}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"scripts/{argv[0]}-server")
    parser.add_argument("action", choices=("start", "stop", "status"))
    parser.add_argument("--pidfile", type=Path, default=Path(f".scokg/{argv[0]}-server.json"))
    parser.add_argument("--port", type=int, help="HTTP port (default: a free one)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--location", type=Path, help="database folder (oxigraph: in memory if omitted)"
    )
    if argv[0] == "oxigraph":
        parser.add_argument("--union-default-graph", action="store_true")
        parser.add_argument("--read-only", action="store_true")
    args = parser.parse_args(argv[1:])
    try:
        if args.action == "start":
            return start(argv[0], args)
        if args.action == "stop":
            return stop(argv[0], args.pidfile)
        return status(argv[0], args.pidfile)
    except ScokgError as err:
        print(format_error(err), file=sys.stderr)
        return err.exit_code


def start(kind: str, args: argparse.Namespace) -> int:
    if _running(kind, args.pidfile) is not None:
        print(f"already running: {json.loads(args.pidfile.read_text())['url']}", file=sys.stderr)
        return 1
    if kind == "oxigraph":
        server = OxigraphServer(
            location=args.location,
            host=args.host,
            port=args.port,
            read_only=args.read_only,
            union_default_graph=args.union_default_graph,
        ).start()
        assert server.process is not None
        pid, url = server.process.pid, server.base_url
    else:
        location = (args.location or Path(".scokg/virtuoso")).resolve()
        password = os.environ.get("SCOKG_PASSWORD")
        virtuoso = VirtuosoServer(directory=location, host=args.host, http_port=args.port)
        if password:
            virtuoso.password = password
        virtuoso.start()
        assert virtuoso.process is not None
        secret = location / "dba-password"
        secret.touch(mode=0o600)
        secret.write_text(virtuoso.password + "\n")
        pid, url = virtuoso.process.pid, virtuoso.base_url
        print(f"dba password in {secret}", file=sys.stderr)
    args.pidfile.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.pidfile.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": pid, "url": url}))
    tmp.replace(args.pidfile)
    print(url)
    return 0


def _running(kind: str, pidfile: Path) -> int | None:
    """PID from the pidfile if that process is alive and is the expected program."""
    try:
        pid = int(json.loads(pidfile.read_text())["pid"])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
    except (OSError, ValueError, KeyError):
        return None
    return pid if os.path.basename(cmdline.decode()) == PROGRAMS[kind] else None


def stop(kind: str, pidfile: Path) -> int:
    pid = _running(kind, pidfile)
    if pid is not None:
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
        print(f"stopped {kind} (pid {pid})")
    else:
        print(f"{kind} is not running")
    pidfile.unlink(missing_ok=True)
    return 0


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def status(kind: str, pidfile: Path) -> int:
    if _running(kind, pidfile) is None:
        print(f"{kind} is not running")
        return 1
    print(json.loads(pidfile.read_text())["url"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
