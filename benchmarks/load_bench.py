"""`scokg load` into a fresh Oxigraph server against the native `oxigraph load`, alone.

The same two measurements as the load rows of ``run.py`` (same corpora, same helpers),
without the rest of the bench, alternating the two processes so that both see the same
machine load. Prints one JSON line per size: seconds, peak MB, triples and the throughput
ratio (native seconds / scokg seconds; 1.0 means native speed).

    python benchmarks/load_bench.py --sizes 100k,1M --reps 1 [--method bulk|gsp]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

import run


def measure(label: str, reps: int, method: str) -> dict:
    """Alternating native / scokg load runs on the ``label`` corpus; medians."""
    corpus = run.corpus_for(label)
    native, scokg = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for rep in range(reps):
            native.append(run._native_load(corpus, Path(tmp)))
            scokg.append(run._scokg_load(corpus, Path(tmp), rep, method=method))
    n = statistics.median(r["seconds"] for r in native)
    s = statistics.median(r["seconds"] for r in scokg)
    return {
        "size": label,
        "method": method,
        "triples": scokg[-1].get("triples"),
        "native_s": round(n, 3),
        "native_mb": max(r["rss_mb"] for r in native),
        "scokg_s": round(s, 3),
        "scokg_mb": max(r["rss_mb"] for r in scokg),
        "throughput_ratio": round(n / s, 3),
        "reps": reps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100k")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--method", default="auto", choices=("auto", "bulk", "gsp", "update"))
    args = parser.parse_args(argv)
    for label in args.sizes.split(","):
        print(json.dumps(measure(label, args.reps, args.method)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
