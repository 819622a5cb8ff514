#!/usr/bin/env python3
"""`make bench` (curating part): time `scokg new-document` and `scokg validate` on a
100-sentence fictional text added to a copy of the bundled project.

The text is generated (fixed seed) from a few fictional phrase templates: headings, dates,
abbreviations ("Mr.", "Dr.", "No. 4") and no-break spaces, so the sentence splitter does
real work. Each run is a fresh child process (imports count) on a fresh copy of the project,
timed with ``time.perf_counter``; the figures are medians of ``--runs`` runs. Writes
``<out>/<date>-curating.md`` and ``.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SUBJECTS = [
    "The Harbour Council",
    "Mr. K. Arden",
    "Dr. Lina Moss",
    "The River Guild",
    "Ms Ora Vale",
]
VERBS = ["met", "thanked", "noted the progress of", "expressed interest in", "praised"]
OBJECTS = [
    "the Lowmere\u00a0Dock Board",
    "the working group No. 4",
    "the ferry programme",
    "the tide survey of 2031",
    "the Guild's archive",
]


def fictional_text(sentences: int, seed: int = 0) -> str:
    """A press release of ``sentences`` sentences: a title, a heading, paragraphs of 4."""
    rng = random.Random(seed)
    parts = ["Harbour Council and River Guild meet in Lowmere", "Meeting of 4 May"]
    body: list[str] = []
    while len(parts) + len(body) < sentences:
        body.append(
            f"On {rng.randint(1, 28)} May, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
            f"{rng.choice(OBJECTS)}."
        )
    paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    return "\n\n".join(parts + paragraphs) + "\n"


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{done.stdout}\n{done.stderr}")
    return elapsed


def one_run(text: Path, work: Path) -> dict[str, float]:
    project = work / "project"
    shutil.copytree(ROOT / "ontology", project / "ontology")
    shutil.copytree(ROOT / "data", project / "data")
    scokg = [sys.executable, "-m", "scokg", "--data", str(project)]
    new = timed(
        [
            *scokg,
            "new-document",
            str(text),
            "--id",
            "bench-100",
            "--url",
            "https://example.org/bench",
            "--issued",
            "2031-05-04",
            "--publisher",
            "organisation:sco-secretariat",
        ]
    )
    validate = timed([*scokg, "validate"])
    return {"new-document": new, "validate": validate, "total": new + validate}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--sentences", type=int, default=100)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scokg-bench-curating-") as tmp:
        text = Path(tmp) / "text.txt"
        text.write_text(fictional_text(args.sentences), encoding="utf-8")
        runs = []
        for n in range(args.runs):
            work = Path(tmp) / f"run{n}"
            work.mkdir()
            runs.append(one_run(text, work))
    medians = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    day = datetime.date.today().isoformat()
    args.out.mkdir(parents=True, exist_ok=True)
    record = {"sentences": args.sentences, "runs": args.runs, "median_s": medians, "all": runs}
    (args.out / f"{day}-curating.json").write_text(json.dumps(record, indent=2) + "\n")
    lines = [
        f"# Curating benchmark, {day}",
        "",
        f"`new-document` then `validate` on a {args.sentences}-sentence fictional text added to",
        f"the bundled project; each a fresh process; median of {args.runs} runs.",
        "",
        "| step | median |",
        "|---|---|",
        *(f"| {k} | {v:.2f} s |" for k, v in medians.items()),
        "",
    ]
    (args.out / f"{day}-curating.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
