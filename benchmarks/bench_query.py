"""Query speed: the whole ``scokg query agreements-between`` process against
``python -c 'import rdflib'``, and the query alone on pyoxigraph against rdflib, on the
bundled data and on a synthetic corpus of about 100k triples. Medians of repeated runs.

Run with ``make bench`` (or ``python benchmarks/bench_query.py [--runs N]``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scokg.engines.embedded import EmbeddedEngine
from scokg.engines.rdflib_engine import RdflibEngine
from scokg.project import Project, bundled_root
from scokg.queries.resolve import Resolver
from scokg.queries.run import prepare_query

PREFIXES = """\
@prefix scokg: <https://w3id.org/scokg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix o: <https://w3id.org/scokg/id/organisation/> .
@prefix a: <https://w3id.org/scokg/id/agreement/> .
@prefix e: <https://w3id.org/scokg/id/event/> .
@prefix m: <https://w3id.org/scokg/id/meeting/> .
@prefix p: <https://w3id.org/scokg/id/person/> .
@prefix pl: <https://w3id.org/scokg/id/place/> .
"""


def synthetic_project(
    root: Path,
    *,
    orgs: int = 1500,
    agreements: int = 6000,
    meetings: int = 7000,
    people: int = 2500,
    seed: int = 7,
) -> Path:
    """A project folder whose data has the shape of ours, at scale (made-up names)."""
    rng = random.Random(seed)
    shutil.copytree(bundled_root() / "ontology", root / "ontology")
    (root / "data").mkdir(parents=True)
    slugs = ["sco", "unodc"] + [f"org-{i}" for i in range(orgs)]
    lines = [PREFIXES]
    for i, slug in enumerate(slugs):
        lines.append(f'o:{slug} a scokg:Organisation ; skos:prefLabel "Organisation {i}"@en ;')
        lines.append(f'  skos:altLabel "O{i}"@en .')
        if i >= 2 and rng.random() < 0.3:
            lines.append(f"o:{slug} scokg:subOrganisationOf o:{rng.choice(slugs[: max(i, 3)])} .")
    for i in range(50):
        lines.append(f'pl:place-{i} a scokg:Place ; skos:prefLabel "Place {i}"@en .')
    for i in range(people):
        lines.append(f'p:person-{i} a scokg:Person ; skos:prefLabel "Person {i}"@en .')
    for i in range(agreements):
        x, y = rng.sample(slugs, 2)
        day = f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines.append(
            f"a:ag-{i} a scokg:Agreement ; scokg:party o:{x} , o:{y} ; "
            f'skos:prefLabel "Agreement {i}"@en .\n'
            f"e:ag-{i}-signing a scokg:Signing ; scokg:signedAgreement a:ag-{i} ; "
            f'scokg:date "{day}"^^xsd:date ; scokg:location pl:place-{rng.randrange(50)} ; '
            f'skos:prefLabel "Signing of agreement {i}"@en .'
        )
    for i in range(meetings):
        x, y = rng.sample(range(people), 2)
        day = f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines.append(
            f'm:meeting-{i} a scokg:Meeting ; scokg:date "{day}"^^xsd:date ; '
            f"scokg:participant p:person-{x} , p:person-{y} ; "
            f'skos:prefLabel "Meeting {i}"@en .'
        )
    (root / "data" / "entities.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process(argv: list[str]) -> Callable[[], object]:
    def run() -> None:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    return run


def bench(project: Project, name: str, runs: int, data: list[str]) -> None:
    scokg = [sys.executable, "-m", "scokg", *data, "query", "agreements-between"]
    process(scokg)()  # warm the store cache
    triples = len(EmbeddedEngine(project).store)
    cli = median_time(process(scokg), runs)
    cli_csv = median_time(process([*scokg, "--format", "csv"]), runs)
    rdflib_import = median_time(process([sys.executable, "-c", "import rdflib"]), runs)

    embedded = EmbeddedEngine(project)
    text = prepare_query(project, "agreements-between", {}, Resolver(embedded)).text
    ox_time = median_time(lambda: embedded.execute(text), runs)
    start = time.perf_counter()
    rdflib_engine = RdflibEngine(project)
    rdflib_load = time.perf_counter() - start
    rdf_time = median_time(lambda: rdflib_engine.execute(text), max(3, runs // 3))
    same = embedded.execute(text) == rdflib_engine.execute(text)

    print(f"\n## {name} ({triples} triples), median of {runs} runs")
    print(f"  scokg query agreements-between (whole process, table) {cli:8.3f} s")
    print(f"  scokg query agreements-between (whole process, csv)   {cli_csv:8.3f} s")
    print(f"  python -c 'import rdflib'                             {rdflib_import:8.3f} s")
    print(f"  query in process: pyoxigraph                         {ox_time * 1000:8.2f} ms")
    print(f"  query in process: rdflib                             {rdf_time * 1000:8.2f} ms")
    print(f"  rdflib / pyoxigraph                                  {rdf_time / ox_time:8.0f} x")
    print(f"  (rdflib load of the same files                       {rdflib_load:8.3f} s)")
    print(f"  same answer on both engines: {'yes' if same else 'NO'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    bench(Project.discover(), "bundled data", args.runs, [])
    with tempfile.TemporaryDirectory() as tmp:
        root = synthetic_project(Path(tmp) / "synthetic")
        bench(Project.discover(root), "synthetic corpus", args.runs, ["--data", str(root)])


if __name__ == "__main__":
    main()
