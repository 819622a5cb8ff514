#!/usr/bin/env python3
"""Warm ``scokg query agreements-between --format csv`` against the raw pyoxigraph script
(benchmarks/raw_agreements.py), alternating, whole processes.

Prints, as one JSON line, the median wall time (seconds) and the median CPU time
(user + system seconds of the child process, from ``os.wait4``) of each over ``--runs``
pairs, and both ratios. CPU time is the figure to compare on a shared, loaded machine:
waiting for a core counts in the wall time, not in the CPU time. The scokg cache and the
bytecode are warmed once first (one untimed run each). ``--src`` picks the scokg source
tree (this checkout's ``src`` by default), so two trees can be compared on the same
machine. ``--data DIR`` runs the same query on another project (e.g. a synthetic 1M
corpus, ``benchmarks/synth.py``, with ``--param org1=... --param org2=...`` naming two of
its organisations); ``--no-raw`` times scokg alone (the raw script parses the whole
project on every call, which is no reference at 1M). ``--floor`` also times
benchmarks/warm_floor.py on the same store and query (checked to print the same bytes):
the warm path's work with nothing of scokg imported, so ``scokg_cpu_s - floor_cpu_s`` is
what the CLI itself costs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _time(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{cmd} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _median(runs: list[tuple[float, float]], i: int) -> float:
    return statistics.median(r[i] for r in runs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--src", default=str(ROOT / "src"))
    ap.add_argument("--data", type=Path, default=None, help="project folder (default bundled)")
    ap.add_argument("--no-raw", action="store_true", help="time scokg alone")
    ap.add_argument("--param", action="append", default=[], help="NAME=VALUE passed to scokg query")
    ap.add_argument("--floor", action="store_true", help="time benchmarks/warm_floor.py too")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=args.src)
    # An installed package has its bytecode compiled; without this every run would compile
    # scokg's sources again (the raw script is one file, so this would favour it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    scokg = [sys.executable, "-m", "scokg"]
    if args.data is not None:
        scokg += ["--data", str(args.data)]
    scokg += ["query", "agreements-between", "--format", "csv"]
    for param in args.param:
        scokg += ["--param", param]
    raw = [sys.executable, str(HERE / "raw_agreements.py"), str(args.data or ROOT)]
    _time(scokg, env)  # warm the store cache
    if not args.no_raw:
        _time(raw, env)
    floor = _floor_command(args, scokg, env) if args.floor else None
    ours: list[tuple[float, float]] = []
    ref: list[tuple[float, float]] = []
    low: list[tuple[float, float]] = []
    for _ in range(args.runs):
        ours.append(_time(scokg, env))
        if not args.no_raw:
            ref.append(_time(raw, env))
        if floor is not None:
            low.append(_time(floor, env))
    out: dict[str, float] = {"scokg_s": round(_median(ours, 0), 4)}
    out["scokg_cpu_s"] = round(_median(ours, 1), 4)
    if ref:
        out["raw_s"] = round(_median(ref, 0), 4)
        out["raw_cpu_s"] = round(_median(ref, 1), 4)
        out["ratio"] = round(out["scokg_s"] / out["raw_s"], 2)
        out["cpu_ratio"] = round(out["scokg_cpu_s"] / out["raw_cpu_s"], 2)
    if floor is not None:
        os.unlink(floor[-1])  # the query file written by _floor_command
    if low:
        out["floor_s"] = round(_median(low, 0), 4)
        out["floor_cpu_s"] = round(_median(low, 1), 4)
    print(json.dumps(out))


def _floor_command(args: argparse.Namespace, scokg: list[str], env: dict[str, str]) -> list[str]:
    """benchmarks/warm_floor.py's command line for the project and query ``scokg`` runs;
    exits if it does not print what scokg prints."""
    root = (args.data or ROOT).resolve()
    cache = Path(env["SCOKG_CACHE_DIR"]) if env.get("SCOKG_CACHE_DIR") else root / ".scokg"
    own = root / "ontology"
    bundled = Path(args.src).resolve().parent / "ontology"
    ontology = own if (own / "scokg.ttl").is_file() else bundled
    shown = subprocess.run(
        [*scokg[: scokg.index("--format")], *scokg[scokg.index("--format") + 2 :], "--show-query"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with tempfile.NamedTemporaryFile("w", suffix=".rq", delete=False, encoding="utf-8") as f:
        f.write(shown)
    floor = [sys.executable, str(HERE / "warm_floor.py"), str(root), str(cache), str(ontology)]
    floor.append(f.name)
    run = [subprocess.run(c, env=env, capture_output=True, check=True) for c in (scokg, floor)]
    if run[0].stdout != run[1].stdout:
        raise SystemExit("warm_floor.py does not print what scokg prints")
    return floor


if __name__ == "__main__":
    main()
