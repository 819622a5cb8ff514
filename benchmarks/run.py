"""``make bench``: run every ``benchmarks/bench_*.py`` in turn and print their reports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    status = 0
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        print(f"# {script.stem}", flush=True)
        status |= subprocess.run([sys.executable, str(script), *sys.argv[1:]]).returncode
    return status


if __name__ == "__main__":
    raise SystemExit(main())
