"""Resources whose IRI is not a plain path get no page, and build and serve say so.

The site writes a resource's path below ``id/`` as a file name only when it is made of
RFC 3986 unreserved characters and ``/``. IRIs with a non-ASCII letter, ``%20``, ``'`` or
``:`` get no page; ``scokg build`` and ``scokg serve`` name them in a warning (never
silently), and the build still succeeds with every other page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.project import FILES
from helpers.release import make_project
from helpers.serving import start_serve, stop_serve

ODD = [
    "https://w3id.org/scokg/id/organisation/caf\u00e9",
    "https://w3id.org/scokg/id/organisation/a%20b",
    "https://w3id.org/scokg/id/organisation/x'y",
    "https://w3id.org/scokg/id/organisation/javascript:alert(5)",
]
PLAIN = "https://w3id.org/scokg/id/organisation/plain-office"


def odd_project(root: Path) -> Path:
    lines = ["@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"]
    for number, iri in enumerate([*ODD, PLAIN]):
        escaped = iri.replace("\u00e9", "\\u00E9")
        lines.append(
            f"<{escaped}> a <https://w3id.org/scokg/ontology#Organisation> ;\n"
            f'    rdfs:label "Odd office {number}" .\n'
        )
    entities = FILES["data/entities.ttl"] + "\n" + "".join(lines)
    return make_project(root, {"data/entities.ttl": entities})


def warned(stderr: str) -> None:
    (line,) = [line for line in stderr.splitlines() if line.startswith("scokg: warning:")]
    assert "4 resource(s) get no page" in line
    for iri in ODD:
        assert f"<{iri}>" in line
    assert PLAIN not in line


@pytest.mark.slow
def test_build_names_what_gets_no_page(run_cli, tmp_path: Path) -> None:
    root = odd_project(tmp_path / "project")
    out = tmp_path / "dist"
    env = {"SCOKG_CACHE_DIR": str(tmp_path / "cache")}
    result = run_cli("--data", str(root), "build", "--quiet", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    warned(result.stderr)
    assert (out / "site" / "doc" / "organisation" / "plain-office.html").is_file()


@pytest.mark.server
def test_serve_names_what_gets_no_page(tmp_path: Path) -> None:
    root = odd_project(tmp_path / "project")
    process, _base = start_serve(root, env={"SCOKG_CACHE_DIR": str(tmp_path / "cache")})
    stderr = stop_serve(process)
    warned(stderr)
