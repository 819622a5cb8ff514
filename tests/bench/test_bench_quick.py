"""`benchmarks/run.py --quick` runs end to end, so `make bench` cannot rot (no timing asserted).

It also checks what the report must hold: every local bundled query on every engine with
the same row count, `scokg load` timed against a real oxigraph server, the CLI cold and warm.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from scokg.queries.catalog import list_queries

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("scokg", "pyoxigraph", "pyoxigraph-disk", "rdflib")
TIME = r"\d+\.\d+ (?:ms|s)"


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
        timeout=1200,  # a hang guard, not a timing: ~1.5 min alone, far more on a busy machine
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    tables = list(tmp_path.glob("*.md"))
    charts = list(tmp_path.glob("*.png"))
    data = list(tmp_path.glob("*.json"))
    assert len(tables) == 1 and len(charts) == 1 and charts[0].stat().st_size > 1000
    assert len(data) == 1
    text = tables[0].read_text()
    assert "| validate: scokg validate (fast, whole process) | " in text
    assert "load pyoxigraph bulk_load" in text
    assert "pyshacl script" not in text  # --pyshacl-max 0

    local = [q.name for q in list_queries() if "# requires: network" not in q.text]
    federated = [q.name for q in list_queries() if "# requires: network" in q.text]
    assert len(local) >= 10 and federated
    for name in local:
        for engine in ENGINES:
            row = rf"\| query {re.escape(name)}: {engine} \| {TIME}, \d+ rows \|"
            assert re.search(row, text), f"no row for {name} on {engine}"
    assert "rows differ" not in text
    assert f"all {len(local)} local bundled queries give the same row count" in text
    for name in federated:
        assert f"{name}: not run, requires network" in text

    results = json.loads(data[0].read_text())
    ten_k = results["results"]["10k"]
    for name in local:
        counts = {ten_k[f"query {name}: {e}"]["rows"] for e in ENGINES}
        assert len(counts) == 1, (name, counts)
    assert results["queries"]["10k"]["mismatches"] == {}
    # Parameters come from the corpus, so the entity-centred queries find something.
    for name in ("agreements-between", "agreement-details", "topic-events", "post-holders"):
        assert ten_k[f"query {name}: scokg"]["rows"] > 0, name

    scokg_load = ten_k["load: scokg load (oxigraph server)"]
    assert scokg_load["seconds"] > 0 and scokg_load["rc"] == 0
    assert scokg_load["triples"] == ten_k["_triples"]  # counts verified by scokg load
    assert re.search(r"\| load: scokg load \(oxigraph server\) \| \d+\.\d+ s, ", text)
    assert re.search(r"\| load: native oxigraph load \| \d+\.\d+ s, ", text)
    for kind in ("cold", "warm"):
        cli = ten_k[f"cli: scokg query agreements-between --format csv, {kind}"]
        assert cli["rc"] == 0
        assert cli["rows"] == ten_k["query agreements-between: scokg"]["rows"]
    assert "## The `scokg query` process on the bundled data" in text

    # Ratios: each figure beside its reference, in the results file and on the terminal.
    assert "## Ratios: each figure beside its reference, same run" in text
    ratio = r" s / [\d.e+-]+ s = [\d.e+-]+x"
    assert re.search(
        r"\| load: scokg load \(oxigraph server\) \| load: native oxigraph load \| [\d.e+-]+"
        + ratio,
        text,
    )
    for name in local:
        for ref in ("pyoxigraph-disk", "pyoxigraph"):
            row = rf"\| query {re.escape(name)}: scokg \| query {re.escape(name)}: {ref} \| "
            assert re.search(row + r"[\d.e+-]+" + ratio, text), (name, ref)
    assert "[ratios: figure / reference, same run]" in proc.stdout
    bundled = results["bundled"]
    assert bundled["_rows_match"] is True
    assert re.search(r"Warm `scokg query` / raw pyoxigraph script: \*\*\d+(\.\d+)?x\*\*", text)
