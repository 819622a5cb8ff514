"""Apache Jena's ``riot`` (RDF I/O) from Debian's ``libapache-jena-java`` package, a third
parser beside rdflib and pyoxigraph.

The package (4.5.0 in Debian 12) ships the jars but no ``riot`` script, so the command is
``java -cp JARS riotcmd.riot``. Its build moved jena-core's bundled Xerces classes to the
package ``xerces`` but left their message files under ``org/apache/jena/ext/xerces``: the
XSD datatype tables then fail in a static initialiser ("applyFacets1: internal error") before
anything is read. :func:`riot_command` copies those message files to where the classes
look for them, in a folder of the test cache, and puts it on the class path.
``scripts/ci-install`` installs the package (and Java) on a CI machine.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from helpers.suites import cache_root

JARS = Path("/usr/share/java")
JENA_VERSION = "4.5.0"  # Debian 12; another release's jars are found by their names
JENA_MODULES = ("base", "core", "arq", "cmds", "iri")
# What riot needs besides Jena at start-up (Debian jar names, without ".jar").
DEPENDENCIES = (
    "commons-cli",
    "commons-codec",
    "commons-compress",
    "commons-csv",
    "commons-io",
    "commons-lang3",
    "dexx.collection",
    "gson",
    "guava",
    "httpclient",
    "httpcore",
    "jackson-annotations",
    "jackson-core",
    "jackson-databind",
    "jsonld-java",
    "protobuf",
    "slf4j-api",
    "slf4j-simple",
    "thrift",
    "titanium-json-ld",
)
_BUNDLED = "org/apache/jena/ext/xerces/"


def riot_command() -> list[str]:
    """``java -cp ... riotcmd.riot``; fails the test (never skips) when Java or the Jena
    package is missing, naming the packages to install."""
    java = shutil.which("java")
    jars = [_versioned(f"jena-{m}") for m in JENA_MODULES]
    jars += [JARS / f"{d}.jar" for d in DEPENDENCIES]
    missing = [str(j) for j in jars if not j.is_file()]
    if java is None or missing:
        pytest.fail(
            "Jena riot needs Java and Debian's libapache-jena-java "
            f"(run scripts/ci-install); missing: {'java' if java is None else missing}"
        )
    classpath = ":".join([*map(str, jars), str(_messages())])
    return [java, "-cp", classpath, "riotcmd.riot"]


def _versioned(name: str) -> Path:
    """``/usr/share/java/NAME-VERSION.jar``: this release's, else the one installed."""
    wanted = JARS / f"{name}-{JENA_VERSION}.jar"
    if wanted.is_file():
        return wanted
    found = sorted(JARS.glob(f"{name}-[0-9]*.jar"))
    return found[-1] if found else wanted


def _messages() -> Path:
    """A class-path folder with jena-core's Xerces message files where its classes look."""
    core = _versioned("jena-core")
    folder = cache_root() / f"{core.stem}-xerces-messages"
    done = folder / ".done"
    if not done.exists():
        with zipfile.ZipFile(core) as jar:
            for name in jar.namelist():
                if name.startswith(_BUNDLED) and name.endswith(".properties"):
                    target = folder / "xerces" / name.removeprefix(_BUNDLED)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
        done.touch()
    return folder
