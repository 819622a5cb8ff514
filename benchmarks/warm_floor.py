#!/usr/bin/env python3
"""The floor of a warm ``scokg query ... --format csv`` process: what is left when nothing
of scokg is imported. Usage: ``python benchmarks/warm_floor.py ROOT CACHE ONTOLOGY QUERY``
(``QUERY``: a file with the query as ``scokg query ... --show-query`` prints it, its
parameters bound). ``benchmarks/warm_cli.py --floor`` runs it beside scokg.

It does the warm path's work and no more: the quick key (the listing of the five watched
folders, hashed the way :func:`scokg.stores.fingerprint.folder_digest` hashes it, compared
with ``CACHE/sources.quick.json``), ``Store.read_only`` of ``CACHE/store/<key>``, the query,
and CSV as ``scokg.output.sparql_results.write_csv`` writes it. It imports only os, sys,
json, hashlib, csv and pyoxigraph, and exits 1 if the quick key does not match (the format
of the listing is copied here: a change there shows up as that exit, never as a wrong time).
A measuring tool, not a second CLI: no argument checks, no errors worded for users.
"""

import csv
import hashlib
import json
import os
import sys

import pyoxigraph


def listing_digest(folders: list[str], skip: str) -> str:
    """The SHA-256 of the folders' entries (name, mode, size, mtime_ns, ino, ctime_ns)."""
    parts: list[str] = []
    for folder in sorted(set(folders)):
        parts.append(f"/{folder}\n")
        try:
            with os.scandir(folder) as entries:
                lines = []
                for entry in entries:
                    if entry.path == skip:
                        continue
                    st = entry.stat()
                    lines.append(
                        f"{entry.name}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}"
                        f"\0{st.st_ino}\0{st.st_ctime_ns}\n"
                    )
        except OSError as exc:
            parts.append(f"!{exc.errno}\n")
            continue
        lines.sort()
        parts.extend(lines)
    return hashlib.sha256("".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def main() -> int:
    root, cache, ontology, query_file = sys.argv[1:5]
    data = root + "/data"
    folders = [root, ontology, data, data + "/documents", data + "/sources"]
    with open(os.path.join(cache, "sources.quick.json"), encoding="utf-8") as handle:
        quick = json.load(handle)
    if quick.get("folders") != listing_digest(folders, cache):
        print("warm_floor: the quick key does not match (run scokg once)", file=sys.stderr)
        return 1
    store = pyoxigraph.Store.read_only(os.path.join(cache, "store", quick["key"]))
    with open(query_file, encoding="utf-8") as handle:
        text = handle.read()
    answer = store.query(text, use_default_graph_as_union=True)
    assert isinstance(answer, pyoxigraph.QuerySolutions)
    writer = csv.writer(sys.stdout, lineterminator="\r\n")
    writer.writerow([v.value for v in answer.variables])
    for row in answer:
        writer.writerow(
            [
                ""
                if term is None
                else ("_:" + term.value if isinstance(term, pyoxigraph.BlankNode) else term.value)
                for term in row
            ]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
