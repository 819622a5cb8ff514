#!/usr/bin/env python3
"""`make bench`: load, query and validate synthetic corpora of 10k / 100k / 1M triples.

Every measurement runs in its own child process (so imports count, and peak RSS is that
process's own ``ru_maxrss``); times are medians of repeated runs. Writes
benchmarks/results/<date>.md and benchmarks/results/<date>.png.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
CACHE = HERE / ".cache"
TRIPLES_PER_DOC = 109  # measured on scokg.synth output, seed 0
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
PY = sys.executable

PREAMBLE = """
import json, resource, sys, time, glob
from pathlib import Path
sys.path.insert(0, {src!r})
DIR = Path({dir!r})
FILES = sorted(glob.glob(str(DIR / 'data' / '**' / '*.ttl'), recursive=True))
ONTOLOGY = {ontology!r}
def done(**kw):
    kw['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(kw))
"""

# Representative queries while queries/*.rq are written on another branch.
INLINE_QUERIES = {
    "meetings-per-year": """
PREFIX scokg: <https://w3id.org/scokg/ontology#>
SELECT ?year (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m a scokg:Meeting ; scokg:date ?d . BIND (SUBSTR(STR(?d), 1, 4) AS ?year)
} GROUP BY ?year ORDER BY ?year""",
    "acts-under-topic (skos:broader*)": """
PREFIX scokg: <https://w3id.org/scokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT (COUNT(DISTINCT ?act) AS ?n) WHERE {
  ?act a scokg:Act ; scokg:hasTopic ?t .
  ?t skos:broader* <https://w3id.org/scokg/id/topic/international-cooperation> .
}""",
    "agreements-of-organisation": """
PREFIX scokg: <https://w3id.org/scokg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?org (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a scokg:Agreement ; scokg:party ?org . ?s scokg:signedAgreement ?a ; scokg:date ?d .
} GROUP BY ?org ORDER BY DESC(?n) LIMIT 10""",
}

LOAD_SCOKG = """
t = time.perf_counter()
from scokg.project import Project
from scokg.parsing import load_store
store = load_store(Project.discover(DIR))
done(seconds=time.perf_counter() - t, triples=len(store))
"""
LOAD_BULK = """
t = time.perf_counter()
import pyoxigraph as ox
store = ox.Store()
for f in [ONTOLOGY] + FILES:
    store.bulk_load(path=f, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode('urn:x:' + f))
done(seconds=time.perf_counter() - t, triples=len(store))
"""
LOAD_RDFLIB = """
t = time.perf_counter()
import rdflib
ds = rdflib.Dataset()
for f in [ONTOLOGY] + FILES:
    ds.graph(rdflib.URIRef('urn:x:' + f)).parse(f, format='turtle')
done(seconds=time.perf_counter() - t, triples=len(ds))
"""
QUERY_OX = """
import pyoxigraph as ox
store = ox.Store()
for f in [ONTOLOGY] + FILES:
    store.bulk_load(path=f, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode('urn:x:' + f))
t = time.perf_counter()
rows = list(store.query({query!r}, use_default_graph_as_union=True))
done(seconds=time.perf_counter() - t, rows=len(rows))
"""
QUERY_RDFLIB = """
import rdflib
g = rdflib.Graph()
for f in [ONTOLOGY] + FILES:
    g.parse(f, format='turtle')
t = time.perf_counter()
rows = list(g.query({query!r}))
done(seconds=time.perf_counter() - t, rows=len(rows))
"""
PYSHACL_PLAIN = """
t = time.perf_counter()
import rdflib, pyshacl
data, ont = rdflib.Graph(), rdflib.Graph()
for f in FILES:
    data.parse(f, format='turtle')
ont.parse(ONTOLOGY, format='turtle')
shapes = rdflib.Graph().parse({shapes!r}, format='turtle')
conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference='rdfs',
                                        allow_warnings=True)
SH = rdflib.Namespace('http://www.w3.org/ns/shacl#')
n = len(set(results.subjects(rdflib.RDF.type, SH.ValidationResult)))
done(seconds=time.perf_counter() - t, violations=n)
"""


def child(code: str, corpus: Path, timeout: float | None = None, **fmt: str) -> dict:
    pre = PREAMBLE.format(
        src=str(ROOT / "src"), dir=str(corpus), ontology=str(ROOT / "ontology" / "scokg.ttl")
    )
    proc = subprocess.run(
        [PY, "-c", pre + code.format(**fmt)], capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def timed_process(argv: list[str], timeout: float | None = None) -> dict:
    """Wall time and peak RSS of a whole process (its own rusage, via a wrapper)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "out = {'seconds': dt, 'rss_mb': r, 'rc': p.returncode, 'out': p.stdout[-400:]}\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [PY, "-c", wrapper, *argv], capture_output=True, text=True, timeout=timeout
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median_of(runs: list[dict]) -> dict:
    out = dict(runs[-1])
    out["seconds"] = statistics.median(r["seconds"] for r in runs)
    out["rss_mb"] = max(r["rss_mb"] for r in runs)
    return out


def corpus_for(label: str) -> Path:
    from scokg.synth import generate

    docs = max(10, round(SIZES[label] / TRIPLES_PER_DOC))
    path = CACHE / f"synth-{label}-seed0"
    if not (path / "data").is_dir():
        generate(path, docs=docs, seed=0, inject=1)
    return path


def bundled_queries() -> dict[str, str]:
    found = {}
    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = text  # default params: the header's defaults (no VALUES binding)
    return found


def bench(labels: list[str], reps: int, pyshacl_max: int) -> dict:
    results: dict = {}
    scokg = [PY, "-m", "scokg"]
    for label in labels:
        corpus = corpus_for(label)
        row: dict = {}
        print(f"[{label}] corpus {corpus}", flush=True)
        row["load scokg (load_store)"] = median_of([child(LOAD_SCOKG, corpus) for _ in range(reps)])
        row["load pyoxigraph bulk_load"] = median_of(
            [child(LOAD_BULK, corpus) for _ in range(reps)]
        )
        row["load rdflib parse"] = median_of([child(LOAD_RDFLIB, corpus) for _ in range(reps)])
        row["_triples"] = row["load pyoxigraph bulk_load"]["triples"]
        queries = {**INLINE_QUERIES, **bundled_queries()}
        for name, q in queries.items():
            row[f"query {name}: pyoxigraph"] = median_of(
                [child(QUERY_OX, corpus, query=q) for _ in range(reps)]
            )
            if SIZES[label] <= 100_000:
                row[f"query {name}: rdflib"] = median_of(
                    [child(QUERY_RDFLIB, corpus, query=q) for _ in range(reps)]
                )
        fast = [
            timed_process([*scokg, "--data", str(corpus), "validate", "--format", "json"])
            for _ in range(reps)
        ]
        report = json.loads(fast[-1]["out"] and _full_json(corpus))
        fast_m = median_of(fast)
        fast_m["violations"] = report["checks"]["shacl"]["problems"]
        row["validate: scokg validate (fast, whole process)"] = fast_m
        if SIZES[label] <= pyshacl_max:
            t = time.perf_counter()
            row["validate: rdflib + pyshacl script (whole process)"] = child(
                PYSHACL_PLAIN, corpus, shapes=str(ROOT / "ontology" / "shapes.ttl")
            )
            print(f"  pyshacl {time.perf_counter() - t:.1f}s", flush=True)
        row["load: native oxigraph load"] = median_of([_native_load(corpus) for _ in range(reps)])
        row["load: scokg load"] = {"note": "not available on this branch (integrator wires it)"}
        cold = timed_process([*scokg, "--data", str(corpus), "stats"])
        warm = median_of(
            [timed_process([*scokg, "--data", str(corpus), "stats"]) for _ in range(max(reps, 2))]
        )
        row["cli: scokg stats cold"] = cold
        row["cli: scokg stats warm"] = warm
        row["cli: scokg --help"] = median_of(
            [timed_process([*scokg, "--help"]) for _ in range(max(reps, 2))]
        )
        results[label] = row
    return results


def _full_json(corpus: Path) -> str:
    proc = subprocess.run(
        [PY, "-m", "scokg", "--data", str(corpus), "validate", "--format", "json"],
        capture_output=True,
        text=True,
    )
    return proc.stdout


def _native_load(corpus: Path) -> dict:
    """`oxigraph load` of the corpus, concatenated into one Turtle file first.

    One ``--file`` per source makes the native loader commit file by file (tens of
    thousands of files at 1M triples); one concatenated file is how a user would bulk load.
    """
    oxigraph = shutil.which("oxigraph") or str(Path(PY).parent / "oxigraph")
    files = sorted((corpus / "data").rglob("*.ttl"))
    with tempfile.TemporaryDirectory() as tmp:
        merged = Path(tmp) / "all.ttl"
        with merged.open("wb") as out:
            for f in [ROOT / "ontology" / "scokg.ttl", *files]:
                out.write(f.read_bytes())
                out.write(b"\n")
        db = Path(tmp) / "db"
        return timed_process([oxigraph, "load", "--location", str(db), "--file", str(merged)])


def machine() -> dict[str, str]:
    import importlib.metadata as md

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            line
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ).split()[1]
        ram = f"{int(mem) / 1024 / 1024:.1f} GiB"
    except OSError:
        ram = "?"
    versions = {p: md.version(p) for p in ("pyoxigraph", "oxigraph", "rdflib", "pyshacl", "owlrl")}
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": ram,
        "Python": platform.python_version(),
        "OS": platform.platform(),
        **versions,
    }


def write(results: dict, out_dir: Path, quick: bool) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.date.today().isoformat() + ("-quick" if quick else "")
    md = out_dir / f"{stamp}.md"
    labels = list(results)
    names = []
    for row in results.values():
        names += [n for n in row if not n.startswith("_") and n not in names]
    lines = [
        f"# scokg benchmark {stamp}",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items()),
        "",
        "Times are medians (seconds) of repeated runs; RSS is the peak of that process (MB).",
        "Corpora: `scripts/synth --docs N --seed 0 --inject 1` (with injected violations).",
        "",
        "| measurement | "
        + " | ".join(f"{lb} ({results[lb]['_triples']:,} triples)" for lb in labels)
        + " |",
        "|---|" + "---|" * len(labels),
    ]
    for name in names:
        cells = []
        for lb in labels:
            r = results[lb].get(name)
            if r is None:
                cells.append("—")
            elif "note" in r:
                cells.append(r["note"])
            else:
                extra = ""
                if "violations" in r:
                    extra = f", {r['violations']} violations"
                if "rows" in r:
                    extra = f", {r['rows']} rows"
                cells.append(f"{r['seconds']:.3f} s, {r['rss_mb']:.0f} MB{extra}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_dir / f"{stamp}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    _chart(results, out_dir / f"{stamp}.png")
    return md


def _chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = [
        "load scokg (load_store)",
        "load pyoxigraph bulk_load",
        "load rdflib parse",
        "validate: scokg validate (fast, whole process)",
        "validate: rdflib + pyshacl script (whole process)",
        "query acts-under-topic (skos:broader*): pyoxigraph",
        "query acts-under-topic (skos:broader*): rdflib",
    ]
    fig, ax = plt.subplots(figsize=(8, 5))
    for name in series:
        xs, ys = [], []
        for row in results.values():
            if name in row and "seconds" in row[name]:
                xs.append(row["_triples"])
                ys.append(max(row[name]["seconds"], 1e-4))
        if xs:
            ax.plot(xs, ys, marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples")
    ax.set_ylabel("seconds (median)")
    ax.set_title("scokg: time vs corpus size")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k only, one repetition")
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--pyshacl-max",
        type=int,
        default=100_000,
        help="largest size (triples) at which to run the pyshacl baseline",
    )
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    labels = ["10k"] if args.quick else args.sizes.split(",")
    reps = 1 if args.quick else args.reps
    results = bench(labels, reps, args.pyshacl_max)
    md = write(results, args.out, args.quick)
    print(md.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
