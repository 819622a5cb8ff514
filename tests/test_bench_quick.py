"""`benchmarks/run.py --quick` runs end to end, so `make bench` cannot rot (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_writes_table_and_chart(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--quick",
            "--pyshacl-max",
            "0",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    tables = list(tmp_path.glob("*.md"))
    charts = list(tmp_path.glob("*.png"))
    assert len(tables) == 1 and len(charts) == 1 and charts[0].stat().st_size > 1000
    text = tables[0].read_text()
    assert "validate: scokg validate (fast, whole process)" in text
    assert "load pyoxigraph bulk_load" in text
