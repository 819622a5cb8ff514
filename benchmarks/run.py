#!/usr/bin/env python3
"""`make bench`: load, query, validate and serve synthetic corpora of 10k / 100k / 1M triples.

Side by side, per corpus size:

- loading the sources: scokg ``load_store`` vs raw pyoxigraph ``Store.bulk_load`` vs rdflib;
- every bundled query (``queries/*.rq``, except those that need the network) with parameters
  picked from the corpus: scokg (``EmbeddedEngine`` over its cached store) vs raw pyoxigraph
  (bulk-loaded store, union default graph) vs rdflib (``RdflibEngine``, up to 100k triples),
  with the row count of each engine (a difference is flagged in the report);
- ``scokg validate`` vs a plain rdflib + pyshacl script, with the violations each finds;
- ``scokg load`` into a local ``oxigraph serve`` vs the native ``oxigraph load``;
- the whole ``scokg query`` CLI process, cold (store cache removed) and warm.

Then the ``scokg query`` process on the bundled data against ``python -c 'import rdflib'``.

Every measurement runs in a child process (so imports count, and peak RSS is that process's
own ``ru_maxrss``); times are medians of repeated runs. Writes benchmarks/results/<date>.md,
.json and a log-log .png (time vs corpus size).
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
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))
from report import ratio_lines, target_lines  # noqa: E402

CACHE = HERE / ".cache"
TRIPLES_PER_DOC = 109  # measured on synth output, seed 0
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
RDFLIB_MAX = 100_000  # rdflib query and load rows above this size are not run
PY = sys.executable
ENGINES = ("scokg", "pyoxigraph", "pyoxigraph-disk", "rdflib")
CHART_QUERY = "topic-events"  # a skos:broader* path query, drawn in the chart

PREAMBLE = """
import json, resource, statistics, sys, time
from pathlib import Path
sys.path.insert(0, {src!r})
DIR = Path({dir!r})
SOURCES = json.loads(Path({sources!r}).read_text())  # [[path, graph IRI], ...]
FILES = [path for path, _ in SOURCES]
ONTOLOGY = {ontology!r}
def done(**kw):
    kw['rss_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(kw))
"""

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
for path, graph in SOURCES:
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
done(seconds=time.perf_counter() - t, triples=len(store))
"""
LOAD_RDFLIB = """
t = time.perf_counter()
import rdflib
ds = rdflib.Dataset()
for path, graph in SOURCES:
    ds.graph(rdflib.URIRef(graph)).parse(path, format='turtle')
done(seconds=time.perf_counter() - t, triples=len(ds))
"""

# Parameter values taken from the corpus (the bundled defaults, sco / unodc / norov-...,
# are not in a synthetic corpus), then every local bundled query prepared the scokg way:
# policy and syntax checked, parameters bound as terms in a VALUES clause.
PREPARE = """
from scokg.project import Project
from scokg.engines.embedded import EmbeddedEngine
from scokg.queries.catalog import list_queries
from scokg.queries.resolve import Resolver
from scokg.queries.run import prepare_query
project = Project.discover(DIR)
engine = EmbeddedEngine(project, timeout=None)  # the bench times, it sets no deadline
P = ('PREFIX scokg: <https://w3id.org/scokg/ontology#> '
     'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ')
def first(query):
    rows = list(engine.store.query(P + query, use_default_graph_as_union=True))
    return [[term.value for term in row] for row in rows]
agreement = first('SELECT ?a WHERE {{ ?a a scokg:Agreement }} ORDER BY STR(?a) LIMIT 1')[0][0]
parties = [r[0] for r in first(
    'SELECT DISTINCT ?o WHERE {{ <%s> scokg:party ?o }} ORDER BY STR(?o)' % agreement)]
meeting = (first('SELECT ?m WHERE {{ ?m a scokg:Meeting . ?act scokg:partOf ?m }} '
                 'ORDER BY STR(?m) LIMIT 1')
           or first('SELECT ?m WHERE {{ ?m a scokg:Meeting }} ORDER BY STR(?m) LIMIT 1'))[0][0]
post, date = first('SELECT ?p ?d WHERE {{ ?h a scokg:PostHolding ; scokg:post ?p ; '
                   'scokg:attestedOn ?d }} ORDER BY STR(?h) LIMIT 1')[0]
topic = first('SELECT ?t WHERE {{ ?n skos:broader ?t }} GROUP BY ?t '
              'ORDER BY DESC(COUNT(?n)) STR(?t) LIMIT 1')[0][0]
label = first('SELECT ?l WHERE {{ <%s> skos:altLabel|skos:prefLabel ?l }} ORDER BY STR(?l) LIMIT 1'
              % parties[0])[0][0]
values = dict(agreement=agreement, org1=parties[0], org2=parties[1], org=parties[0],
              resource=parties[0], event=meeting, meeting=meeting, post=post, date=date,
              topic=topic, text=label)
resolver = Resolver(engine)
queries, params, skipped = {{}}, {{}}, {{}}
for q in list_queries(project):
    if '# requires: network' in q.text:
        skipped[q.name] = 'requires network (federated, SERVICE to Wikidata)'
        continue
    chosen = {{p.name: values[p.name] for p in q.params}}
    queries[q.name] = prepare_query(project, q, chosen, resolver).text
    params[q.name] = chosen
done(queries=queries, params=params, skipped=skipped)
"""

# Each engine in one process: load once, then each query `reps` times (median).
# Running and counting through a scokg engine (embedded or rdflib).
ENGINE_RUN = """
def count(r):
    if isinstance(r, SelectResult):
        return len(r.rows)
    return len(r.triples) if isinstance(r, GraphResult) else 1
run = engine.execute
"""
# Running and counting on a raw pyoxigraph store, shared by the memory and disk variants.
RAW_RUN = """
def run(text):
    answer = store.query(text, use_default_graph_as_union=True)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    return list(answer)
def count(r):  # a CONSTRUCT answer may repeat triples; scokg and rdflib count them once
    if isinstance(r, bool):
        return 1
    return len(set(r)) if r and isinstance(r[0], ox.Triple) else len(r)
"""
QUERIES_SCOKG = (
    """
spec = json.loads(Path({spec!r}).read_text())
t = time.perf_counter()
from scokg.project import Project
from scokg.engines.embedded import EmbeddedEngine
from scokg.engines.results import AskResult, GraphResult, SelectResult
engine = EmbeddedEngine(Project.discover(DIR), timeout=None)
engine.store  # the cached on-disk store, opened read-only
setup = time.perf_counter() - t
"""
    + ENGINE_RUN
)
QUERIES_PYOXIGRAPH = (
    """
spec = json.loads(Path({spec!r}).read_text())
t = time.perf_counter()
import pyoxigraph as ox
store = ox.Store()
for path, graph in SOURCES:
    store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
setup = time.perf_counter() - t
"""
    + RAW_RUN
)
# The same on-disk store scokg queries, opened read-only by raw pyoxigraph: separates what
# the embedded engine adds (result conversion) from what the disk store costs vs memory.
QUERIES_PYOXIGRAPH_DISK = (
    """
spec = json.loads(Path({spec!r}).read_text())
t = time.perf_counter()
import pyoxigraph as ox
store = ox.Store.read_only({store!r})
setup = time.perf_counter() - t
"""
    + RAW_RUN
)
QUERIES_RDFLIB = (
    """
spec = json.loads(Path({spec!r}).read_text())
t = time.perf_counter()
from scokg.project import Project
from scokg.engines.rdflib_engine import RdflibEngine
from scokg.engines.results import AskResult, GraphResult, SelectResult
engine = RdflibEngine(Project.discover(DIR))
setup = time.perf_counter() - t
"""
    + ENGINE_RUN
)
QUERIES_LOOP = """
out = {{}}
for name, text in spec['queries'].items():
    times = []
    for _ in range(spec['reps']):
        t = time.perf_counter()
        r = run(text)
        times.append(time.perf_counter() - t)
    out[name] = {{'seconds': statistics.median(times), 'rows': count(r)}}
done(seconds=setup, queries=out)
"""
# The two queries issue 17 asks to index, the way `scokg query` runs them (warm store):
# `lookup` narrowed by the full-text index (`PreparedQuery.sent`), `facts-without-provenance`
# answered from the answers stored with the cache. Each answer is compared, term by term,
# with the plain query text run raw on the same store (the full scan the index replaces).
CLI_PATH = """
spec = json.loads(Path({spec!r}).read_text())
from scokg.project import Project
from scokg.engines.embedded import EmbeddedEngine
from scokg.queries.resolve import Resolver
from scokg.queries.run import prepare_query
project = Project.discover(DIR)
engine = EmbeddedEngine(project, timeout=None)  # the bench times, it sets no deadline
engine.store
resolver = Resolver(engine)
out = {{}}
for name in ('lookup', 'facts-without-provenance'):
    chosen = spec['params'].get(name)
    if chosen is None:
        continue
    times = []
    for _ in range(spec['reps']):
        t = time.perf_counter()
        prepared = prepare_query(project, name, chosen, resolver)
        rows = engine.execute(prepared.sent).rows
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    scan = list(engine.store.query(prepared.text, use_default_graph_as_union=True))
    scan_seconds = time.perf_counter() - t
    got = sorted(tuple(str(x) for x in r) for r in rows)
    want = sorted(tuple(str(x) for x in r) for r in scan)
    out[name] = {{'seconds': statistics.median(times), 'rows': len(rows),
                 'scan_seconds': scan_seconds, 'same_as_scan': got == want}}
done(queries=out)
"""
QUERY_CHILDREN = {
    "scokg": QUERIES_SCOKG,
    "pyoxigraph": QUERIES_PYOXIGRAPH,
    "pyoxigraph-disk": QUERIES_PYOXIGRAPH_DISK,
    "rdflib": QUERIES_RDFLIB,
}

PYSHACL_PLAIN = """
t = time.perf_counter()
import rdflib, pyshacl
data, ont = rdflib.Graph(), rdflib.Graph()
for f in FILES:
    if f != ONTOLOGY:
        data.parse(f, format='turtle')
# the ontology's class and property hierarchy only, as scokg's own pyshacl run gets it:
# rdfs:domain/range typing would make every sh:class check on a ranged property pass
for triple in rdflib.Graph().parse(ONTOLOGY, format='turtle'):
    if triple[1] in (rdflib.RDFS.subClassOf, rdflib.RDFS.subPropertyOf):
        ont.add(triple)
shapes = rdflib.Graph().parse({shapes!r}, format='turtle')
conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ont, inference='rdfs',
                                        allow_warnings=True)
SH = rdflib.Namespace('http://www.w3.org/ns/shacl#')
n = len(set(results.subjects(rdflib.RDF.type, SH.ValidationResult)))
done(seconds=time.perf_counter() - t, violations=n)
"""


class Corpus:
    """A project folder and the list of its sources (path, named graph), as scokg reads it."""

    def __init__(self, path: Path, work: Path) -> None:
        from scokg.project import Project
        from scokg.stores.cache import store_path

        self.path = path
        self.work = work
        project = Project.discover(path)
        sources = [(str(s.path), s.graph) for s in project.sources()]
        self.store_path = store_path(project)  # the embedded engine's cached store
        self.sources = work / "sources.json"
        self.sources.write_text(json.dumps(sources), encoding="utf-8")

    def child(self, code: str, timeout: float | None = None, **fmt: str) -> dict:
        pre = PREAMBLE.format(
            src=str(ROOT / "src"),
            dir=str(self.path),
            sources=str(self.sources),
            ontology=str(ROOT / "ontology" / "scokg.ttl"),
        )
        proc = subprocess.run(
            [PY, "-c", pre + code.format(**fmt)], capture_output=True, text=True, timeout=timeout
        )
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-3000:])
        return json.loads(proc.stdout.strip().splitlines()[-1])


def timed_process(argv: list[str], timeout: float | None = None) -> dict:
    """Wall time and peak RSS of a whole process (its own rusage, via a wrapper)."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "out = {'seconds': dt, 'rss_mb': r, 'rc': p.returncode, 'out': p.stdout,\n"
        "       'err': p.stderr[-2000:]}\n"
        "print(json.dumps(out))\n"
    )
    proc = subprocess.run(
        [PY, "-c", wrapper, *argv], capture_output=True, text=True, timeout=timeout
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def checked(run: dict, ok: tuple[int, ...] = (0,)) -> dict:
    """The run, minus its output, or an error when the process failed."""
    if run["rc"] not in ok:
        raise RuntimeError(f"exit {run['rc']}: {run['err']}")
    return {k: v for k, v in run.items() if k not in ("out", "err")}


def median_of(runs: list[dict]) -> dict:
    out = dict(runs[-1])
    out["seconds"] = statistics.median(r["seconds"] for r in runs)
    out["rss_mb"] = max(r["rss_mb"] for r in runs)
    out["reps"] = len(runs)
    return out


def corpus_for(label: str) -> Path:
    from synth import generate

    docs = max(10, round(SIZES[label] / TRIPLES_PER_DOC))
    path = CACHE / f"synth-{label}-seed0"
    if not (path / "data").is_dir():
        generate(path, docs=docs, seed=0, inject=1)
    return path


def bench_queries(corpus: Corpus, label: str, reps: int) -> tuple[dict, dict]:
    """Rows ``query NAME: ENGINE`` and the parameters used, prepared once by scokg."""
    prepared = corpus.child(PREPARE)
    spec = corpus.work / "queries.json"
    spec.write_text(json.dumps({"queries": prepared["queries"], "reps": reps}), encoding="utf-8")
    rows: dict = {}
    engines = [e for e in ENGINES if e != "rdflib" or SIZES[label] <= RDFLIB_MAX]
    for engine in engines:
        t = time.perf_counter()
        code = QUERY_CHILDREN[engine] + QUERIES_LOOP
        answer = corpus.child(code, spec=str(spec), store=str(corpus.store_path))
        print(f"  queries on {engine}: {time.perf_counter() - t:.1f}s", flush=True)
        rows[f"queries: {engine} process (load + all queries)"] = {
            "seconds": answer["seconds"],
            "rss_mb": answer["rss_mb"],
            "note_kind": "setup",
        }
        for name, r in answer["queries"].items():
            rows[f"query {name}: {engine}"] = {**r, "rss_mb": answer["rss_mb"]}
    mismatches = {}
    for name in prepared["queries"]:
        counts = {e: rows[f"query {name}: {e}"]["rows"] for e in engines}
        if len(set(counts.values())) > 1:
            mismatches[name] = counts
            for e in engines:
                rows[f"query {name}: {e}"]["mismatch"] = True
    info = {
        "params": prepared["params"],
        "skipped": prepared["skipped"],
        "mismatches": mismatches,
    }
    return rows, info


def bench(
    labels: list[str], reps: int, pyshacl_max: int, on_size: Callable[[dict, dict], None]
) -> tuple[dict, dict]:
    results: dict = {}
    info: dict = {}
    scokg = [PY, "-m", "scokg"]
    for label in labels:
        path = corpus_for(label)
        row: dict = {}
        print(f"[{label}] corpus {path}", flush=True)
        # The store cache of `scokg query` and EmbeddedEngine: owned by the benchmark.
        cache = CACHE / f"scokg-cache-{label}"
        os.environ["SCOKG_CACHE_DIR"] = str(cache)
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Corpus(path, Path(tmp))
            row["load scokg (load_store)"] = median_of(
                [corpus.child(LOAD_SCOKG) for _ in range(reps)]
            )
            row["load pyoxigraph bulk_load"] = median_of(
                [corpus.child(LOAD_BULK) for _ in range(reps)]
            )
            # rdflib needs a minute and ~1.7 GB at 1M triples: one run there.
            rdflib_reps = reps if SIZES[label] <= RDFLIB_MAX else 1
            row["load rdflib parse"] = median_of(
                [corpus.child(LOAD_RDFLIB) for _ in range(rdflib_reps)]
            )
            row["_triples"] = row["load pyoxigraph bulk_load"]["triples"]
            print(f"  loads done, {row['_triples']} triples", flush=True)

            query_rows, info[label] = bench_queries(corpus, label, reps)
            row.update(query_rows)
            spec = corpus.work / "cli-path.json"
            spec.write_text(
                json.dumps({"params": info[label]["params"], "reps": reps}), encoding="utf-8"
            )
            answer = corpus.child(CLI_PATH, spec=str(spec))
            for qname, r in answer["queries"].items():
                how = "full-text index" if qname == "lookup" else "stored answer"
                row[f"cli path {qname} ({how}), warm store"] = {**r, "rss_mb": answer["rss_mb"]}
                print(f"  {qname} ({how}): {r['seconds'] * 1000:.1f} ms", flush=True)

            fast = [
                timed_process([*scokg, "--data", str(path), "validate", "--format", "json"])
                for _ in range(reps)
            ]
            report = json.loads(fast[-1]["out"])
            fast_m = median_of([checked(r, ok=(0, 1)) for r in fast])
            fast_m["violations"] = report["checks"]["shacl"]["problems"]
            row["validate: scokg validate (fast, whole process)"] = fast_m
            print(f"  scokg validate {fast_m['seconds']:.1f}s", flush=True)
            if SIZES[label] <= pyshacl_max:
                t = time.perf_counter()
                row["validate: rdflib + pyshacl script (whole process)"] = corpus.child(
                    PYSHACL_PLAIN, shapes=str(ROOT / "ontology" / "shapes.ttl")
                )
                print(f"  pyshacl {time.perf_counter() - t:.1f}s", flush=True)

            row["load: native oxigraph load"] = median_of(
                [_native_load(path, Path(tmp)) for _ in range(reps)]
            )
            row["load: scokg load (oxigraph server)"] = median_of(
                [_scokg_load(path, Path(tmp), i) for i in range(reps)]
            )
            print(
                f"  scokg load {row['load: scokg load (oxigraph server)']['seconds']:.1f}s",
                flush=True,
            )

        params = info[label]["params"]["agreements-between"]
        argv = [*scokg, "--data", str(path), "query", "agreements-between"]
        argv += [f"--param=org1={params['org1']}", f"--param=org2={params['org2']}"]
        argv += ["--format", "csv"]
        cold = []
        for _ in range(reps):
            shutil.rmtree(cache, ignore_errors=True)
            cold.append(_csv_rows(timed_process(argv)))
        warm = [_csv_rows(timed_process(argv)) for _ in range(max(reps, 2))]
        row["cli: scokg query agreements-between --format csv, cold"] = median_of(cold)
        row["cli: scokg query agreements-between --format csv, warm"] = median_of(warm)
        row["cli: scokg --help"] = median_of(
            [checked(timed_process([*scokg, "--help"])) for _ in range(max(reps, 2))]
        )
        results[label] = row
        on_size(results, info)  # a partial report, should a larger size fail
    return results, info


def _csv_rows(run: dict) -> dict:
    rows = len(run["out"].splitlines()) - 1  # minus the header
    out = checked(run)
    out["rows"] = rows
    return out


RAW_REFERENCE = "reference: benchmarks/raw_agreements.py (raw pyoxigraph, in memory), alternating"


def bench_bundled(reps: int) -> dict:
    """The ``scokg query`` process on the bundled data (what `scokg query` feels like)."""
    from scokg.project import Project

    rows: dict = {}
    triples = None
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SCOKG_CACHE_DIR"] = str(Path(tmp) / "cache")
        argv = [PY, "-m", "scokg", "query", "agreements-between", "--format", "csv"]
        cold = []
        for _ in range(max(reps, 2)):
            shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
            cold.append(_csv_rows(timed_process(argv)))
        # Warm runs alternate with the reference, the raw pyoxigraph script of issue 17.
        raw_argv = [PY, str(HERE / "raw_agreements.py"), str(ROOT)]
        warm, raw = [], []
        for _ in range(max(reps, 5)):
            warm.append(_csv_rows(timed_process(argv)))
            raw.append(_csv_rows(timed_process(raw_argv)))
        from scokg.parsing import load_store

        triples = len(load_store(Project.discover()))
    os.environ.pop("SCOKG_CACHE_DIR", None)
    rows["scokg query agreements-between --format csv, cold"] = median_of(cold)
    rows["scokg query agreements-between --format csv, warm"] = median_of(warm)
    rows[RAW_REFERENCE] = median_of(raw)
    ratio = (
        rows["scokg query agreements-between --format csv, warm"]["seconds"]
        / rows[RAW_REFERENCE]["seconds"]
    )
    rows["_warm_ratio"] = round(ratio, 2)
    rows["_rows_match"] = warm[0]["rows"] == raw[0]["rows"]
    print(f"  warm query vs raw pyoxigraph script: {ratio:.2f}x (target <= 1.5x)", flush=True)
    rows["python -c 'import rdflib'"] = median_of(
        [checked(timed_process([PY, "-c", "import rdflib"])) for _ in range(max(reps, 5))]
    )
    rows["python -c 'import pyoxigraph'"] = median_of(
        [checked(timed_process([PY, "-c", "import pyoxigraph"])) for _ in range(max(reps, 5))]
    )
    rows["_triples"] = triples
    return rows


_BUILD_HEAD = (
    "@prefix dc: <http://purl.org/dc/elements/1.1/> .\n"
    "@prefix id: <https://w3id.org/scokg/id/> .\n"
    "@prefix scokg: <https://w3id.org/scokg/ontology#> .\n"
)


def _structure(kind: str, size: int) -> str:
    """Turtle for one RDF list of ``size`` items, or blank nodes nested ``size`` deep."""
    if kind == "list":
        items = " ".join(f'"item {i}"' for i in range(size))
        return _BUILD_HEAD + f"id:org-a a scokg:Organisation ; dc:p ( {items} ) .\n"
    body = "[ dc:q " * size + '"bottom"' + " ]" * size
    return _BUILD_HEAD + f"id:org-a a scokg:Organisation ; dc:p {body} .\n"


def bench_build_structures(reps: int, sizes: tuple[int, ...] = (1_000, 10_000)) -> dict:
    """``scokg build`` (whole process) on a long RDF list and on deep blank-node nesting."""
    rows: dict = {}
    for kind in ("list", "nesting"):
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp) / "project"
                files = {
                    "ontology/scokg.ttl": _BUILD_HEAD + "scokg:Organisation a "
                    "<http://www.w3.org/2002/07/owl#Class> .\n",
                    "ontology/shapes.ttl": "",
                    "data/structure.ttl": _structure(kind, size),
                }
                for rel, text in files.items():
                    (root / rel).parent.mkdir(parents=True, exist_ok=True)
                    (root / rel).write_text(text, encoding="utf-8")
                argv = [PY, "-m", "scokg", "--data", str(root), "build", "--out"]
                runs = [
                    checked(timed_process([*argv, str(Path(tmp) / f"dist{i}")]))
                    for i in range(reps)
                ]
            what = f"{size:,}-item list" if kind == "list" else f"{size:,}-deep nesting"
            rows[f"scokg build, {what}"] = median_of(runs)
    return rows


def _native_load(corpus: Path, tmp: Path) -> dict:
    """`oxigraph load` of the corpus, concatenated into one Turtle file first.

    One ``--file`` per source makes the native loader commit file by file (tens of
    thousands of files at 1M triples); one concatenated file is how a user would bulk load.
    """
    from scokg.stores.oxigraph_server import oxigraph_binary

    files = sorted((corpus / "data").rglob("*.ttl"))
    merged = tmp / "all.ttl"
    if not merged.exists():
        with merged.open("wb") as out:
            for f in [ROOT / "ontology" / "scokg.ttl", *files]:
                out.write(f.read_bytes())
                out.write(b"\n")
    db = tmp / "native-db"
    shutil.rmtree(db, ignore_errors=True)
    run = timed_process([oxigraph_binary(), "load", "--location", str(db), "--file", str(merged)])
    shutil.rmtree(db, ignore_errors=True)
    return checked(run)


def _scokg_load(corpus: Path, tmp: Path, rep: int, method: str = "auto") -> dict:
    """The whole ``scokg load`` process into a fresh, empty ``oxigraph serve`` store.

    The server starts before the clock and is stopped after it; each repetition gets a new
    store folder, so every run uploads into an empty store (as the native load does).
    """
    from scokg.stores.oxigraph_server import OxigraphServer

    location = tmp / f"server-{rep}"
    with OxigraphServer(location=location, host="127.0.0.1") as server:
        argv = [PY, "-m", "scokg", "--data", str(corpus), "load"]
        argv += ["--endpoint", server.query_url, "--quiet", "--accept-store-changes"]
        argv += ["--method", method]
        run = timed_process(argv)
    shutil.rmtree(location, ignore_errors=True)
    last = run["out"].strip().splitlines()[-1] if run["out"].strip() else ""
    out = checked(run)
    out["triples"] = int(last.split(", ")[1].split()[0]) if last.startswith("loaded") else None
    return out


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


def _cell(r: dict | None) -> str:
    if r is None:
        return "—"
    if "note" in r:
        return r["note"]
    if r.get("note_kind") == "setup":
        return f"{r['seconds']:.3f} s to load, {r['rss_mb']:.0f} MB peak"
    if "rows" in r and "reps" not in r:  # a query inside an engine process
        seconds = r["seconds"]
        time_s = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        flag = " **(rows differ)**" if r.get("mismatch") else ""
        return f"{time_s}, {r['rows']} rows{flag}"
    extra = ""
    if "violations" in r:
        extra = f", {r['violations']} violations"
    if "rows" in r:
        extra = f", {r['rows']} rows"
    if r.get("triples") and "load:" in r.get("_name", ""):
        extra = f", {r['triples']:,} triples"
    return f"{r['seconds']:.3f} s, {r['rss_mb']:.0f} MB{extra}"


def write(
    results: dict,
    info: dict,
    bundled: dict | None,
    out_dir: Path,
    quick: bool,
    reps: int,
    builds: dict | None = None,
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.date.today().isoformat() + ("-quick" if quick else "")
    md = out_dir / f"{stamp}.md"
    labels = list(results)
    names: list[str] = []
    for row in results.values():
        names += [n for n in row if not n.startswith("_") and n not in names]
    lines = [
        f"# scokg benchmark {stamp}",
        "",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in machine().items()),
        "",
        f"Times are medians of {reps} runs (seconds, or ms for queries; `--help` and warm CLI",
        "runs at least 2; rdflib load above 100k triples one run); MB is the peak RSS",
        "of the process measured. Corpora: `scripts/synth --docs N --seed 0 --inject 1`",
        "(with injected violations). `query NAME: ENGINE` is the query alone, inside one",
        "process per engine that loaded the corpus once (its load time and peak RSS are the",
        "`queries: ENGINE process` row): scokg = `EmbeddedEngine` over its cached on-disk",
        "store; pyoxigraph = an in-memory `Store` bulk-loaded with one named graph per file,",
        "queried with `use_default_graph_as_union=True`; pyoxigraph-disk = scokg's cached",
        "on-disk store opened with `Store.read_only` and queried the same raw way (so",
        "scokg vs pyoxigraph-disk is the engine's own overhead, pyoxigraph-disk vs",
        "pyoxigraph is disk vs memory); rdflib = `RdflibEngine` (a `Dataset`",
        f"with the union as default graph), only up to {RDFLIB_MAX:,} triples. The queries are",
        "the bundled `queries/*.rq`, prepared by `scokg.queries.run.prepare_query` (parameters",
        "bound in a VALUES clause); their parameters are listed below the table.",
        "`scokg load` uploads into a fresh empty `oxigraph serve` store on 127.0.0.1 each run",
        "(server start not timed); `native oxigraph load` loads the concatenated sources into a",
        "fresh store folder. `cli ... cold` removes the embedded store cache (`$SCOKG_CACHE_DIR`,",
        "default `.scokg/` in the project) before each run; `warm` reuses it.",
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
            cells.append(_cell({**r, "_name": name} if r else None))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Row counts across engines", ""]
    for lb in labels:
        bad = info[lb]["mismatches"]
        if bad:
            for qname, counts in bad.items():
                lines.append(f"- {lb}: **{qname} differs**: {counts}")
        else:
            n = len(info[lb]["params"])
            lines.append(
                f"- {lb}: all {n} local bundled queries give the same row count on every engine."
            )
    lines += ["", "## Query parameters (picked from each corpus)", ""]
    for lb in labels:
        lines.append(f"- {lb}:")
        for qname, params in info[lb]["params"].items():
            shown = ", ".join(f"{k}=`{v}`" for k, v in params.items()) or "(none)"
            lines.append(f"  - {qname}: {shown}")
        for qname, why in info[lb]["skipped"].items():
            lines.append(f"  - {qname}: not run, {why}")
    lines += ["", "## Ratios: each figure beside its reference, same run", ""]
    lines += ratio_lines(results)
    lines += ["", "## Targets (issue 17), same run", ""]
    lines += target_lines({"results": results, "bundled": bundled or {}})
    if bundled:
        lines += [
            "",
            f"## The `scokg query` process on the bundled data ({bundled['_triples']:,} triples)",
            "",
            "| measurement | time, peak RSS |",
            "|---|---|",
        ]
        for name, r in bundled.items():
            if not name.startswith("_"):
                lines.append(f"| {name} | {_cell(r)} |")
        if "_warm_ratio" in bundled:
            match = "same rows" if bundled["_rows_match"] else "ROW COUNTS DIFFER"
            lines += [
                "",
                f"Warm `scokg query` / raw pyoxigraph script: **{bundled['_warm_ratio']}x**"
                f" (target <= 1.5x; {match}).",
            ]
    if builds:
        lines += [
            "",
            "## `scokg build` on long lists and deep nesting (minimal project, whole process)",
            "",
            "| measurement | time, peak RSS |",
            "|---|---|",
        ]
        lines += [f"| {name} | {_cell(r)} |" for name, r in builds.items()]
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")
    payload = {
        "results": results,
        "queries": info,
        "bundled": bundled,
        "builds": builds,
        "machine": machine(),
    }
    (out_dir / f"{stamp}.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
    _chart(results, out_dir / f"{stamp}.png")
    return md


def _chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = [
        ("load scokg (load_store)", "load: scokg load_store", "C0", "-"),
        ("load pyoxigraph bulk_load", "load: pyoxigraph bulk_load", "C1", "-"),
        ("load rdflib parse", "load: rdflib parse", "C2", "-"),
        ("validate: scokg validate (fast, whole process)", "validate: scokg", "C0", "--"),
        ("validate: rdflib + pyshacl script (whole process)", "validate: pyshacl", "C2", "--"),
        (f"query {CHART_QUERY}: scokg", f"query {CHART_QUERY} (broader*): scokg", "C0", ":"),
        (f"query {CHART_QUERY}: pyoxigraph", f"query {CHART_QUERY}: pyoxigraph", "C1", ":"),
        (
            f"query {CHART_QUERY}: pyoxigraph-disk",
            f"query {CHART_QUERY}: pyoxigraph-disk",
            "C1",
            "-.",
        ),
        (f"query {CHART_QUERY}: rdflib", f"query {CHART_QUERY}: rdflib", "C2", ":"),
        ("load: scokg load (oxigraph server)", "scokg load to server", "C3", "-"),
        ("load: native oxigraph load", "native oxigraph load", "C4", "-"),
        (
            "cli: scokg query agreements-between --format csv, cold",
            "scokg query CLI cold",
            "C5",
            "-.",
        ),
        (
            "cli: scokg query agreements-between --format csv, warm",
            "scokg query CLI warm",
            "C6",
            "-.",
        ),
    ]
    fig, ax = plt.subplots(figsize=(11, 6))
    for name, legend, color, style in series:
        xs, ys = [], []
        for row in results.values():
            if name in row and "seconds" in row[name]:
                xs.append(row["_triples"])
                ys.append(max(row[name]["seconds"], 1e-5))
        if xs:
            ax.plot(xs, ys, marker="o", label=legend, color=color, linestyle=style)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("triples")
    ax.set_ylabel("seconds (median)")
    ax.set_title("scokg: time vs corpus size")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
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
    results, info = bench(
        labels,
        reps,
        args.pyshacl_max,
        lambda res, inf: write(res, inf, None, args.out, args.quick, reps),
    )
    print("[ratios: figure / reference, same run]", flush=True)
    print("\n".join(ratio_lines(results)), flush=True)
    print("[bundled data]", flush=True)
    bundled = bench_bundled(reps)
    print("[build: lists and nesting]", flush=True)
    builds = bench_build_structures(reps)
    md = write(results, info, bundled, args.out, args.quick, reps, builds)
    print(md.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
