"""`benchmarks/curating.py` runs end to end (no timing asserted): the fictional text has
the sentences asked for, and the report holds both steps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_curating_benchmark_writes_its_report(tmp_path: Path) -> None:
    import importlib.util

    from scokg.curating.sentences import split_sentences

    # loaded from its path: the name `curating` is also the tests/curating folder
    spec = importlib.util.spec_from_file_location("bench_curating", ROOT / "benchmarks/curating.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert len(split_sentences(bench.fictional_text(100))) == 100
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/curating.py"), "--runs", "1", "--sentences",
         "12", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=1200,  # a hang guard only
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    (data,) = tmp_path.glob("*-curating.json")
    record = json.loads(data.read_text())
    assert record["sentences"] == 12 and set(record["median_s"]) == {
        "new-document",
        "validate",
        "total",
    }
    assert all(v > 0 for v in record["median_s"].values())
    (table,) = tmp_path.glob("*-curating.md")
    assert "| new-document |" in table.read_text()
