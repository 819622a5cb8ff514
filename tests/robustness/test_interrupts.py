"""Nothing lost: Ctrl-C (SIGINT to the process group) at seeded random moments of a
writing command leaves the previous state intact, exits non-zero, prints no traceback.

Covered: ``load``, ``serve``'s store build, ``build`` into an existing dist/, and the query
store cache. To add a command, write a case like the ones below: prepare a previous state,
run ``interrupt_cli`` for each delay of ``seeded_delays(seed, count, low, high)``, and check
the invariant after every run.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from helpers.cli import PASSWORD_MARKER, interrupt_cli, seeded_delays
from helpers.stores import graph_counts
from scokg.stores.oxigraph_server import OxigraphServer
from scokg.stores.upload import temp_graph

ERRORS = Path(__file__).resolve().parents[1] / "data" / "errors"
G = "https://w3id.org/scokg/graph/"
SEED = 20200303
ORGS = 6_000  # version 2 of entities: enough triples for many update requests


def check_output(run_stdout: str, run_stderr: str) -> None:
    assert "Traceback" not in run_stdout + run_stderr, run_stderr
    assert PASSWORD_MARKER not in run_stdout + run_stderr


def project_with_extra_names(tmp_path: Path, prefix: str, count: int) -> Path:
    """A copy of the valid fixture project whose entities file names ``count`` more
    organisations (``organisation/<prefix><i>``): enough triples to interrupt mid-work."""
    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    entities = project / "data" / "entities.ttl"
    entities.write_text(entities.read_text() + extra_names(prefix, count))
    return project


def extra_names(prefix: str, count: int) -> str:
    """``count`` more names (one triple each) for the store tests, which do not validate."""
    return "".join(
        f'<https://w3id.org/scokg/id/organisation/{prefix}{i}> skos:prefLabel "{prefix} {i}"@en .\n'
        for i in range(count)
    )


def declared_names(prefix: str, count: int) -> str:
    """``count`` more organisations, each declared (typed), cited and with an outside source
    for its name, so the project still validates and builds (an untyped IRI of the id space
    is "not declared"; a name in no cited sentence needs a statement with dcterms:source)."""
    return "".join(
        f"<https://w3id.org/scokg/id/organisation/{prefix}{i}> a scokg:Organisation ; "
        f'prov:wasDerivedFrom sentence:1 ; skos:prefLabel "{prefix} {i}"@en .\n'
        f"[] a rdf:Statement ; rdf:subject <https://w3id.org/scokg/id/organisation/{prefix}{i}> ; "
        f'rdf:predicate skos:prefLabel ; rdf:object "{prefix} {i}"@en ; '
        f"dcterms:source <https://example.org/registry/{prefix}{i}> .\n"
        for i in range(count)
    )


@pytest.mark.server
def test_load_interrupted_keeps_every_graph_whole(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    data = ("--data", str(project))
    with OxigraphServer(location=tmp_path / "store") as server:
        # --accept-store-changes: Oxigraph stores the xsd:nonNegativeInteger offsets as integers.
        load = [*data, "load", "--accept-store-changes", "--endpoint", server.base_url]
        first = interrupt_cli(load, 30.0)
        assert first.returncode == 0 and not first.signalled
        old = graph_counts(server)
        entities = project / "data" / "entities.ttl"
        entities.write_text(entities.read_text() + extra_names("x", ORGS))
        new_entities = old[G + "entities"] + ORGS
        outcomes = []
        for delay in seeded_delays(SEED, 5, 0.3, 2.5):
            args = [*load, "--method", "update"]
            run = interrupt_cli([*args, "--batch-size", "200"], delay)
            check_output(run.stdout, run.stderr)
            counts = graph_counts(server)
            # Each graph is either its previous version or the new one, never a mixture.
            for graph, count in counts.items():
                if graph.startswith("urn:scokg:upload:"):
                    continue  # a leftover temporary graph, overwritten by the next run
                expected = {old.get(graph), new_entities if graph == G + "entities" else None}
                assert count in expected, (delay, graph, count)
            if run.signalled:
                assert run.returncode == 130, run.stderr
                assert run.stderr.strip().endswith("scokg: interrupted")
            else:
                assert run.returncode == 0
            outcomes.append((delay, run.returncode, counts[G + "entities"]))
        print("load interrupts (delay, exit, entities triples):", outcomes)
        assert any(code == 130 for _, code, _ in outcomes), outcomes

        final = interrupt_cli(load, 60.0)
        assert final.returncode == 0
        counts = graph_counts(server)
        assert counts[G + "entities"] == new_entities
        assert temp_graph(G + "entities") not in counts


def test_serve_store_build_interrupted_leaves_no_partial_store(tmp_path: Path) -> None:
    """``scokg serve`` builds its store in .scokg/ before serving: a SIGINT during the
    build leaves either no store or a complete one, and never a half-built folder."""
    project = project_with_extra_names(tmp_path, "y", 20_000)
    cache = project / ".scokg" / "serve"
    for delay in seeded_delays(SEED + 1, 4, 0.2, 2.0):
        shutil.rmtree(cache, ignore_errors=True)
        run = interrupt_cli(["--data", str(project), "serve", "--port", "0"], delay)
        check_output(run.stdout, run.stderr)
        assert run.returncode in (0, 130), run.stderr
        leftovers = [p.name for p in cache.iterdir()] if cache.is_dir() else []
        print("serve interrupt", delay, run.returncode, run.signalled, leftovers)
        assert not [n for n in leftovers if ".build-" in n], (delay, leftovers)
        for name in leftovers:
            if not name.startswith("."):
                # A store that exists is complete: the oxigraph server opens it.
                with OxigraphServer(location=cache / name, read_only=True) as server:
                    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
                    request = urllib.request.Request(
                        server.query_url + "?" + urllib.parse.urlencode({"query": query}),
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    with urllib.request.urlopen(request, timeout=10) as response:
                        n = json.load(response)["results"]["bindings"][0]["n"]["value"]
                    assert int(n) > 20_000


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _complete_release(tree: dict[str, bytes]) -> bool:
    """Every file is listed in SHA256SUMS with its checksum, and nothing is missing."""
    import hashlib

    sums = tree.get("SHA256SUMS")
    if sums is None:
        return False
    listed = dict(reversed(line.split("  ", 1)) for line in sums.decode().splitlines())
    return set(listed) == set(tree) - {"SHA256SUMS"} and all(
        hashlib.sha256(tree[name]).hexdigest() == digest for name, digest in listed.items()
    )


def test_build_interrupted_keeps_a_whole_release(tmp_path: Path) -> None:
    """Ctrl-C during ``scokg build`` into an existing dist/: dist/ is afterwards the previous
    release or the new one, each complete by its SHA256SUMS, and no temporary folder is left."""
    project = tmp_path / "project"
    shutil.copytree(ERRORS / "valid", project)
    dist = tmp_path / "dist"
    args = ["--data", str(project), "build", "--out", str(dist), "--quiet"]
    first = interrupt_cli(args, 120.0)
    assert first.returncode == 0 and not first.signalled, first.stderr
    previous = _tree(dist)
    assert _complete_release(previous)

    entities = project / "data" / "entities.ttl"
    # 1,000 declared organisations (8 triples each, with the statements that source their
    # names): a build of some seconds, long enough to be interrupted in the middle.
    entities.write_text(entities.read_text() + declared_names("z", 1_000))
    # The moments are spread over the time a whole build of this project takes here (a
    # faster build must still be interrupted in the middle, not only after it finished).
    timing = tmp_path / "timing"
    started = time.monotonic()
    timed = interrupt_cli(["--data", str(project), "build", "--out", str(timing), "--quiet"], 120.0)
    took = time.monotonic() - started
    assert timed.returncode == 0 and not timed.signalled, timed.stderr
    shutil.rmtree(timing)
    outcomes = []
    for delay in seeded_delays(SEED + 2, 4, 0.3, max(0.6, 0.9 * took)):
        run = interrupt_cli(args, delay)
        check_output(run.stdout, run.stderr)
        now = _tree(dist)
        leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist.")]
        assert not leftovers, (delay, leftovers)
        if now != previous:
            assert _complete_release(now), delay
            assert b"organisation/z999>" in now["scokg.nt"], "a changed dist/ is the new build"
            previous = now
        if run.signalled and run.returncode == -signal.SIGINT:
            # The signal came after the work, while Python was shutting down (its handler
            # is gone by then): the build had finished, so dist/ is the new release.
            assert not run.stderr and b"organisation/z999>" in now["scokg.nt"], run.stderr
        elif run.signalled:
            assert run.returncode == 130, run.stderr
        else:
            assert run.returncode == 0, run.stderr
        outcomes.append((delay, run.returncode, now is previous))
    print("build interrupts (delay, exit, dist changed):", outcomes)
    assert any(code == 130 for _, code, _ in outcomes), outcomes


def test_query_cache_interrupted_leaves_no_partial_store(tmp_path: Path) -> None:
    """Ctrl-C while ``scokg query`` builds its on-disk store: afterwards the cache holds a
    complete store or none, and the next query answers in full."""
    extra = 20_000
    project = project_with_extra_names(tmp_path, "w", extra)
    cache = tmp_path / "cache"
    env = {"SCOKG_CACHE_DIR": str(cache)}
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    args = ["--data", str(project), "query", "-e", count, "--format", "csv"]
    outcomes = []
    stores = cache / "store"

    def building() -> bool:
        """The store build has begun: its temporary folder exists (delays count from here)."""
        return stores.is_dir() and any(".build-" in p.name for p in stores.iterdir())

    for delay in seeded_delays(SEED + 3, 5, 0.0, 0.1):
        shutil.rmtree(cache, ignore_errors=True)
        run = interrupt_cli(args, delay, env=env, ready=building)
        check_output(run.stdout, run.stderr)
        assert run.returncode in (0, 130, -signal.SIGINT), run.stderr
        names = sorted(p.name for p in stores.iterdir()) if stores.is_dir() else []
        assert not [n for n in names if ".build-" in n], (delay, names)
        after = interrupt_cli(args, 120.0, env=env)
        assert after.returncode == 0 and not after.signalled, after.stderr
        total = int(after.stdout.splitlines()[1])
        assert total > extra
        outcomes.append((delay, run.returncode, names, total))
    print("query cache interrupts (delay, exit, stores, triples after):", outcomes)
    assert len({total for *_, total in outcomes}) == 1, outcomes
    assert any(code == 130 for _, code, _, _ in outcomes), outcomes


def test_ctrl_c_inside_a_finaliser_stops_the_run_instead_of_a_traceback() -> None:
    """A SIGINT that lands in a weakref callback or finaliser is "unraisable": Python would
    print "Exception ignored ... KeyboardInterrupt" and go on (seen in CI during `load`).
    scokg's hook hands it back to the main thread, where it stops the run as Ctrl-C does."""
    import time
    import types

    from scokg.cli import unraisable_hook

    passed_on: list[object] = []
    hook = unraisable_hook(passed_on.append)
    other = types.SimpleNamespace(exc_type=ValueError, exc_value=ValueError("x"))
    hook(other)
    assert passed_on == [other]  # anything else goes to Python's own hook
    with pytest.raises(KeyboardInterrupt):
        hook(types.SimpleNamespace(exc_type=KeyboardInterrupt, exc_value=KeyboardInterrupt()))
        for _ in range(1000):  # the interrupt arrives at the next check of the main thread
            time.sleep(0.001)
    assert passed_on == [other]
