#!/usr/bin/env python3
"""Warm ``scokg query agreements-between --format csv`` on the bundled data against the raw
pyoxigraph script (benchmarks/raw_agreements.py), alternating, whole processes.

Prints the median wall time of each (seconds) over ``--runs`` pairs and the ratio. The
scokg cache and the bytecode are warmed once first (one untimed run each). ``--src``
picks the scokg source tree (this checkout's ``src`` by default), so two trees can be
compared on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--src", default=str(ROOT / "src"))
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=args.src)
    # An installed package has its bytecode compiled; without this every run would compile
    # scokg's sources again (the raw script is one file, so this would favour it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    scokg = [sys.executable, "-m", "scokg", "query", "agreements-between", "--format", "csv"]
    raw = [sys.executable, str(HERE / "raw_agreements.py"), str(ROOT)]
    _time(scokg, env)  # warm the store cache
    _time(raw, env)
    ours, ref = [], []
    for _ in range(args.runs):
        ours.append(_time(scokg, env))
        ref.append(_time(raw, env))
    a, b = statistics.median(ours), statistics.median(ref)
    print(json.dumps({"scokg_s": round(a, 4), "raw_s": round(b, 4), "ratio": round(a / b, 2)}))


if __name__ == "__main__":
    main()
