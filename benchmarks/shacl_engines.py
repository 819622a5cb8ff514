#!/usr/bin/env python3
"""`make bench` (SHACL part): `scokg validate` (compiled engine) against plain pyshacl, with
their result sets compared, on the synthetic corpora of ``run.py`` (100k and 1M triples).

Per size, each a whole child process (imports count):

- ``scokg --data CORPUS validate --format json``, ``--reps`` times (median wall time);
- a plain rdflib + pyshacl script (``run.PYSHACL_PLAIN``: the same sources, the ontology's
  class and property hierarchy, ``inference='rdfs'``), once: it writes its report graph.

Both the wall time and the CPU time (user + system, ``getrusage``) of each process are
recorded, so a ratio measured on a busy machine still means something, and the peak RSS.
The result sets are compared as multisets of (focus node, source shape, constraint
component, path, value): the compiled engine's JSON report against pyshacl's report graph,
its terms shown the way ``scokg validate`` shows them (``scokg.validation.naming.short``).
A blank-node shape counts as ``_:``; a path that is not one IRI counts as ``(complex)``.

Writes ``<out>/<date>-shacl.md`` and ``.json``; exits 1 when the result sets differ.
pyshacl needs hours and about 3 GB at 1M triples: ``--sizes 100k`` skips that.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
import run as bench_run  # noqa: E402
from report import shacl_table  # noqa: E402

SH = "http://www.w3.org/ns/shacl#"
Key = tuple[str, str, str, str, str]


WRAPPER = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
with open(sys.argv[1], 'wb') as out:
    p = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'seconds': wall, 'cpu_seconds': r.ru_utime + r.ru_stime,
                  'rss_mb': r.ru_maxrss / 1024, 'rc': p.returncode,
                  'err': p.stderr.decode('utf-8', 'replace')[-2000:]}))
"""


def whole_process(argv: list[str], stdout: Path) -> dict:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one child process,
    measured by a wrapper process whose only child it is; its stdout goes to ``stdout``."""
    proc = subprocess.run(
        [bench_run.PY, "-c", WRAPPER, str(stdout), *argv], capture_output=True, text=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compiled_results(report: dict) -> Counter[Key]:
    """The SHACL results of a ``scokg validate --format json`` report, as comparison keys."""
    out: Counter[Key] = Counter()
    for resource_ in report["resources"]:
        for p in resource_["problems"]:
            if p["check"] != "shacl":
                continue
            path = p.get("path") or ""
            if any(c in path for c in "/^|*+?()! "):
                path = "(complex)"
            elif path:
                path = _full(path)
            shape = p.get("shape") or "_:"
            value = p.get("value") or ""
            out[(resource_["focus"], shape, SH + p["component"], path, value)] += 1
    return out


def _full(name: str) -> str:
    """The IRI of a path as scokg prints it (``prefix:local`` or ``<iri>``)."""
    from scokg import vocab

    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    return vocab.expand(name) or name


def pyshacl_results(report_nt: Path) -> Counter[Key]:
    """The results of pyshacl's report graph (N-Triples), as comparison keys."""
    import pyoxigraph as ox
    import rdflib

    from scokg.validation.naming import short

    def value_text(term: rdflib.term.Node) -> str:
        if isinstance(term, rdflib.Literal):  # shown exactly as the compiled engine shows it
            if term.language:
                return short(ox.Literal(str(term), language=term.language))
            datatype = str(term.datatype or "http://www.w3.org/2001/XMLSchema#string")
            return short(ox.Literal(str(term), datatype=ox.NamedNode(datatype)))
        return short(term)

    g = rdflib.Graph().parse(report_nt, format="nt")
    ns = rdflib.Namespace(SH)
    out: Counter[Key] = Counter()
    for r in g.subjects(rdflib.RDF.type, ns.ValidationResult):
        shape = g.value(r, ns.sourceShape)
        path = g.value(r, ns.resultPath)
        value = g.value(r, ns.value)
        out[
            (
                str(g.value(r, ns.focusNode)),
                str(shape) if isinstance(shape, rdflib.URIRef) else "_:",
                str(g.value(r, ns.sourceConstraintComponent)),
                str(path)
                if isinstance(path, rdflib.URIRef)
                else ("(complex)" if path is not None else ""),
                value_text(value) if value is not None else "",
            )
        ] += 1
    return out


PYSHACL_CHILD = bench_run.PYSHACL_PLAIN.replace(
    "done(seconds=", "results.serialize({report!r}, format='nt', encoding='utf-8')\ndone(seconds="
)


def bench_size(label: str, reps: int, with_pyshacl: bool, work: Path) -> dict:
    path = bench_run.corpus_for(label)
    corpus = bench_run.Corpus(path, work)
    row: dict = {"corpus": str(path)}
    runs = []
    report_json = work / f"compiled-{label}.json"
    for i in range(reps):
        # a cold store cache each time: validate reads the sources, not a cache
        cache = work / f"cache-{label}-{i}"
        argv = [
            "env",
            f"SCOKG_CACHE_DIR={cache}",
            bench_run.PY,
            "-m",
            "scokg",
            "--data",
            str(path),
            "validate",
            "--format",
            "json",
        ]
        r = whole_process(argv, stdout=report_json)
        if r["rc"] not in (0, 1):
            raise RuntimeError(f"scokg validate exit {r['rc']}: {r['err']}")
        runs.append(r)
        print(f"  [{label}] compiled {r['seconds']:.1f}s cpu {r['cpu_seconds']:.1f}s", flush=True)
    row["compiled"] = {
        "seconds": sorted(r["seconds"] for r in runs)[len(runs) // 2],
        "cpu_seconds": sorted(r["cpu_seconds"] for r in runs)[len(runs) // 2],
        "rss_mb": max(r["rss_mb"] for r in runs),
        "reps": reps,
    }
    compiled = compiled_results(json.loads(report_json.read_text(encoding="utf-8")))
    row["compiled"]["results"] = sum(compiled.values())
    row["triples"] = _triples(corpus)
    if not with_pyshacl:
        return row
    report_nt = work / f"pyshacl-{label}.nt"
    code = bench_run.PREAMBLE.format(
        src=str(ROOT / "src"),
        dir=str(path),
        sources=str(corpus.sources),
        ontology=str(ROOT / "ontology" / "scokg.ttl"),
    ) + PYSHACL_CHILD.format(shapes=str(ROOT / "ontology" / "shapes.ttl"), report=str(report_nt))
    print(f"  [{label}] pyshacl started {datetime.datetime.now():%H:%M}", flush=True)
    r = whole_process([bench_run.PY, "-c", code], stdout=work / "pyshacl.out")
    if r["rc"] != 0:
        raise RuntimeError(f"pyshacl script exit {r['rc']}: {r['err']}")
    print(f"  [{label}] pyshacl {r['seconds']:.1f}s cpu {r['cpu_seconds']:.1f}s", flush=True)
    plain = pyshacl_results(report_nt)
    row["pyshacl"] = {k: r[k] for k in ("seconds", "cpu_seconds", "rss_mb")}
    row["pyshacl"]["results"] = sum(plain.values())
    row["identical"] = compiled == plain
    row["only_compiled"] = [list(k) for k in (compiled - plain).elements()]
    row["only_pyshacl"] = [list(k) for k in (plain - compiled).elements()]
    row["ratio_wall"] = r["seconds"] / row["compiled"]["seconds"]
    row["ratio_cpu"] = r["cpu_seconds"] / row["compiled"]["cpu_seconds"]
    return row


def _triples(corpus: bench_run.Corpus) -> int:
    return int(corpus.child(bench_run.LOAD_BULK)["triples"])


def write(rows: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.date.today().isoformat()
    md = out_dir / f"{stamp}-shacl.md"
    lines = [
        f"# SHACL: compiled engine vs plain pyshacl, {stamp}",
        "",
        "Generated by `benchmarks/shacl_engines.py` (`make bench`). Whole processes; wall time"
        " and CPU time (user + system); the compiled engine's figure is the median of its runs,"
        " pyshacl ran once per size.",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in bench_run.machine().items()),
        "",
        *shacl_table(rows),
    ]
    for label, row in rows.items():
        for side in ("only_compiled", "only_pyshacl"):
            if row.get(side):
                lines += ["", f"{label}, {side.replace('_', ' ')}:", ""]
                lines += [f"- `{k}`" for k in row[side]]
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out_dir / f"{stamp}-shacl.json").write_text(
        json.dumps({"rows": rows, "machine": bench_run.machine()}, indent=1), encoding="utf-8"
    )
    return md


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100k,1M", help="corpus sizes (10k, 100k, 1M)")
    parser.add_argument("--reps", type=int, default=3, help="runs of the compiled engine")
    parser.add_argument("--no-pyshacl", action="store_true", help="time the compiled engine only")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    rows: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label in args.sizes.split(","):
            work = Path(tmp) / label
            work.mkdir()
            rows[label] = bench_size(label, args.reps, not args.no_pyshacl, work)
            md = write(rows, args.out)
    print(md.read_text())
    return 0 if all(row.get("identical", True) for row in rows.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
