"""Every error the ``scokg`` CLI prints: its message, its cause and its exit code.

This table is the contract users and scripts rely on. ``docs/errors.md`` is generated
from it (``python -m helpers.error_catalogue --write``, run in ``tests/``), and
``tests/robustness/test_error_catalogue.py`` runs the real CLI once per entry (fixtures under
``tests/data/errors/``), checking the message, the exit code, and that no output ever
holds a Python traceback or a password.

To add an entry: append an :class:`ErrorEntry` below, add a scenario of the same ``id`` in
``tests/robustness/test_error_catalogue.py`` (and a fixture folder if it needs one), then
regenerate ``docs/errors.md`` with ``python -m helpers.error_catalogue --write``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from scokg.errors import ExitCode

EXIT_MEANINGS: dict[int, str] = {
    ExitCode.DATA: "invalid data",
    ExitCode.USAGE: "usage",
    ExitCode.ENDPOINT: "endpoint",
    ExitCode.INTERNAL: "internal error (a bug)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


@dataclass(frozen=True)
class ErrorEntry:
    """One error: ``message`` is a regular expression searched in stdout + stderr."""

    id: str
    commands: str
    message: str
    cause: str
    exit_code: ExitCode

    def matches(self, output: str) -> bool:
        return re.search(self.message, output, re.MULTILINE) is not None


CATALOGUE: tuple[ErrorEntry, ...] = (
    # --- invalid data (1) -------------------------------------------------------------
    ErrorEntry(
        "import-not-local",
        "every command that reads the data",
        r"^scokg: error: \S+ imports <[^>]+>, which is not part of this project",
        "a project ontology's owl:imports names an ontology that is neither scokg's nor "
        "declared by a file of the project (scokg never fetches one)",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "turtle-missing-dot",
        "every command that reads the data",
        r"^scokg: error: invalid Turtle: .*dot is expected",
        "a Turtle statement lacks its final '.'; 'at' points at the end of that statement",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "turtle-undeclared-prefix",
        "every command that reads the data",
        r"^scokg: error: invalid Turtle: the prefix \S+ has not been declared",
        "a prefixed name uses a prefix without an @prefix line",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "turtle-unclosed-string",
        "every command that reads the data",
        r"^scokg: error: invalid Turtle: .*(unexpected end of file|string)",
        "a string literal is not closed on its line",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "turtle-bad-utf8",
        "every command that reads the data",
        r"^scokg: error: invalid Turtle: .*(utf-8|UTF-8)",
        "the file is not UTF-8 (e.g. saved as Latin-1)",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "turtle-relative-iri",
        "every command that reads the data",
        r"^scokg: error: invalid Turtle: .*(no scheme|relative)",
        "an IRI such as <vienna> without a scheme and no @base",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "triple-term-misplaced",
        "every command that reads the data",
        r"^scokg: error: a triple term is the object of \S+, not of rdf:reifies\n  at \S+:\d+:\d+",
        "an RDF 1.2 triple term <<( s p o )>> used other than as the object of rdf:reifies "
        "(write the fact with a named reifier: s p o ~ fact:slug {| ... |})",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "reifier-unnamed",
        "validate, build",
        r"this annotation has no reifier name: write `~ fact:slug` before `\{\|`(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "an RDF 1.2 annotation or reified triple whose reifier is a blank node (s p o {| ... |} "
        "without ~ fact:slug, ~ _:b, an unnamed << s p o >>): every fact needs a name",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "shacl-violation",
        "validate, build",
        r"^\s+- \[shacl\] .*\n(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "the data breaks a SHACL shape (the report lists each problem with file and line)",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "span-wrong",
        "validate, build",
        r"the quoted text is not the source text at \[\d+, \d+\)(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "a sentence's nif:beginIndex/endIndex do not give its nif:anchorOf quote",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "statement-missing",
        "validate, build",
        r"this fact has no source: add an rdf:Statement(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "a triple of a document graph has no rdf:Statement naming its sentence",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "sha256-mismatch",
        "validate, build",
        r"does not match its recorded SHA-256 checksum(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "the source text changed since its scokg:sha256 was recorded",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "source-text-missing",
        "validate, build",
        r"the source text data/sources/\S+\.txt is missing(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "a document has no data/sources/<doc>.txt, so its spans cannot be checked",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "resource-not-declared",
        "validate, build",
        r"not declared: add it to data/\S+\.ttl(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "a person, organisation, place, post, topic or act kind is used but typed in no file; "
        "the report gives the file and line of its first use and the file to declare it in",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "unknown-term",
        "validate, build",
        r"unknown term \S+: no ontology file declares it — did you mean \S+\?(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "a class or property of scokg's namespace (or of a namespace the project's own "
        "ontology declares terms in) that no ontology file declares: usually a typo; the "
        "report gives file:line:col and the nearest declared term",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "source-text-unpaired",
        "validate, build",
        r"the source text has no (?:metadata|document file) \S+(?:.*\n)*"
        r"scokg: error: (?:refusing to build: )?the data does not validate",
        "data/sources/<doc>.txt without its <doc>.meta.ttl or data/documents/<doc>.ttl (or a "
        "meta file without its text)",
        ExitCode.DATA,
    ),
    ErrorEntry(
        "spans-out-of-date",
        "spans",
        r"^scokg: error: \d+ document\(s\) out of date with their source text",
        "a source text was edited after its spans were written; `scokg spans --fix` "
        "re-anchors them",
        ExitCode.DATA,
    ),
    # --- usage (2) --------------------------------------------------------------------
    ErrorEntry(
        "data-folder-missing",
        "any, with --data",
        r"^scokg: error: data folder \S+ does not exist",
        "--data names a folder that does not exist",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "new-document-exists",
        "new-document",
        r"^scokg: error: data/\S+ exists already; new-document never overwrites",
        "a file of the document id given with --id exists; nothing is written",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "data-folder-without-data",
        "any, with --data",
        r"^scokg: error: data folder \S+ has no data/ subfolder",
        "--data names a folder without data/ (often data/ itself)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "project-without-data",
        "any, run inside a project (no --data)",
        r"^scokg: error: the scokg project in \S+ has no data/ folder",
        "the nearest scokg.toml at or above the current folder has no data/ beside it",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "no-project-here",
        "scokg validate (without --data or --bundled)",
        r"^scokg: error: no scokg project here or above \S+",
        "validate found no project at or above the current folder; it does not fall back "
        "to the bundled dataset (use --data DIR, scokg init DIR, or --bundled)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "scokg-toml-invalid",
        "any, on a project with scokg.toml",
        r"^scokg: error: scokg\.toml(:| is not valid TOML)",
        "scokg.toml is not TOML, or a key has a bad value (format, name, base-iri, prefixes, "
        "ontology file lists); 'at' gives its line and column where TOML does",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "init-refused",
        "scokg init",
        r"^scokg: error: (\S+ is not empty|'.*' is not a valid (project name|base IRI)"
        r"|the name '.*' would clash)",
        "scokg init writes only into a new or empty folder, with a slug name and an absolute "
        "http(s) base IRI ending in '/' or '#'",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "data-file-name",
        "every command that reads the data",
        r"^scokg: error: file name '.*' cannot be used in a graph IRI",
        "a data file name has characters that cannot go into its graph IRI",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "unknown-subcommand",
        "scokg",
        r"^scokg: error: argument COMMAND: invalid choice: 'frobnicate'",
        "a command name that does not exist",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "unknown-option",
        "any",
        r"^scokg: error: unrecognized arguments: --frobnicate",
        "an option that the command does not have",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "invalid-option-value",
        "any",
        r"^scokg \w+: error: argument --format: invalid choice",
        "an option value outside its choices (or not a number where one is needed)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "missing-required-option",
        "load",
        r"^scokg load: error: the following arguments are required: --endpoint",
        "a required option is missing",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "endpoint-not-http",
        "load, query --endpoint",
        r"^scokg: error: not an http\(s\) URL: 'ftp://",
        "--endpoint is not an http(s) URL",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-unknown-name",
        "query",
        r"^scokg: error: unknown query '\S+'; did you mean \S+\?",
        "a bundled query name that does not exist (the nearest names are suggested)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-syntax-error",
        "query -e/--file",
        r"^scokg: error: SPARQL syntax error at line \d+, column \d+: ",
        "the SPARQL text does not parse",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-labels-on-graph",
        "query --labels",
        r"^scokg: error: --labels adds label columns to SELECT answers; this query answers "
        r"with a graph",
        "--labels asked of a CONSTRUCT or DESCRIBE query (its answer is a graph, not rows)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-width-not-table",
        "query --width",
        r"^scokg: error: --width sets the width of a table; this answer is written as \w+",
        "--width with a format that is not a table (csv, json, turtle ...)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-width-too-narrow",
        "query --width",
        r"^scokg: error: --width \d+ is too narrow for \d+ columns: this table needs at least "
        r"\d+",
        "--width leaves less than two characters per column (the cells would be empty)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-update-refused",
        "query",
        r"^scokg: error: SPARQL updates \(\w+\) are not allowed here: scokg query only reads",
        "the request would change the store (INSERT, DELETE, DROP, LOAD ...)",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-service-refused",
        "query",
        r"^scokg: error: SERVICE <\S+> \(line \d+\) would send a request to \S+, which is "
        r"not allowed",
        "a SERVICE clause names a host not given with --allow-service HOST",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-service-unreadable",
        "query",
        r"^scokg: error: SPARQL syntax error at line \d+, column \d+ \(as read by the parser "
        r"that checks SERVICE clauses\)",
        "a query that could name SERVICE is valid for pyoxigraph but not for the parser that "
        "checks SERVICE targets (rdflib's); it is refused rather than run unchecked",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-missing-parameter",
        "query",
        r"^scokg: error: query '\S+' needs parameter '\S+'",
        "a query parameter without default was not given",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "query-value-matches-nothing",
        "query, describe",
        r"^scokg: error: \w+='.*' matches nothing in the graph",
        "a parameter value (slug, label, IRI) that names nothing in the graph",
        ExitCode.USAGE,
    ),
    ErrorEntry(
        "build-out-unsafe",
        "build",
        r"^scokg: error: --out \S+ (?:is the project folder|contains the project|is, holds or "
        r"lies inside the project input folder|holds the project input file|is a folder with "
        r"files in it that is not an earlier scokg build)",
        "--out would replace the project, one of its inputs, or a non-empty folder that is "
        "not an earlier build (one with SHA256SUMS or void.ttl); nothing is read or written",
        ExitCode.USAGE,
    ),
    # --- endpoint (3) -----------------------------------------------------------------
    ErrorEntry(
        "endpoint-unreachable",
        "load, query --endpoint, links",
        r"^scokg: error: cannot reach http://\S+ \(connection refused\); is the server up\?$",
        "nothing listens at the endpoint's address",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "endpoint-http-error",
        "load, query --endpoint, links",
        r"^scokg: error: (PUT|POST) \S+: 500 Internal Server Error: .+",
        "the server answered with an error status; its own message follows the status",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "endpoint-timeout",
        "load, query --endpoint, links",
        r"^scokg: error: no answer from \S+ within [\d.]+ s \(raise --timeout",
        "the server accepted the connection but did not answer within --timeout",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "endpoint-answer-too-large",
        "load, query --endpoint, links",
        r"^scokg: error: the answer of \S+ is larger than [\d.]+ [KMG]iB, the limit on an "
        r"endpoint's answer\n  hint: raise the limit with SCOKG_MAX_ANSWER_SIZE",
        "the server's answer (its Content-Length, or the bytes it sent) is larger than "
        "$SCOKG_MAX_ANSWER_SIZE (default 256M)",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "endpoint-unsafe-xml",
        "load, query --endpoint, links",
        r"^scokg: error: \S+ sent an unsafe XML answer: the answer declares XML entities",
        "an XML answer declares entities (billion laughs, external entities); scokg never "
        "expands them",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "endpoint-unreadable-answer",
        "query --endpoint, links",
        r"^scokg: error: \S+ (sent results that cannot be read|did not answer with SPARQL "
        r"JSON results) \([^)]*\)(?:.*\n)*  hint: is this URL a SPARQL query endpoint\?",
        "the answer is not SPARQL results in a format scokg reads (truncated JSON, invalid "
        "XML, an HTML page, another content type)",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "endpoint-auth-failed",
        "load, query --endpoint, links",
        r"^scokg: error: (PUT|POST) \S+: 401 Unauthorized(?:.*\n)*  hint: set SCOKG_USER "
        r"and SCOKG_PASSWORD",
        "the store wants credentials that were not given or were refused",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "service-endpoint-failed",
        "query",
        r"^scokg: error: the SERVICE request to http\S+ failed: .+\n  hint: is that endpoint "
        r"up\?",
        "a SERVICE endpoint allowed with --allow-service is down or fails (SILENT ignores it)",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "serve-request-refused",
        "serve (seen by query/load/links --endpoint)",
        r"^scokg: error: \S+ http://\S+: (403 Forbidden|421 Misdirected Request): scokg serve: "
        r"error: ",
        "scokg serve refused the request: SERVICE to a host not given to serve with "
        "--allow-service, an update, a foreign Host or Origin; 504/507 for its time and size "
        "limits",
        ExitCode.ENDPOINT,
    ),
    ErrorEntry(
        "serve-port-taken",
        "serve",
        r"^scokg: error: port \d+ on \S+ is already in use\n  hint: choose another with --port",
        "another program already listens on --port (even another SPARQL server)",
        ExitCode.USAGE,
    ),
    # --- others -----------------------------------------------------------------------
    ErrorEntry(
        "interrupted",
        "any",
        r"^scokg: interrupted$",
        "Ctrl-C (SIGINT); whatever was being written is left in its previous state",
        ExitCode.INTERRUPTED,
    ),
    ErrorEntry(
        "internal-error",
        "any",
        r"^scokg: internal error: \w+(?::.*)?\n  hint: this is a bug in scokg: please report "
        r"it .*SCOKG_DEBUG=1",
        "an unexpected exception, i.e. a bug; SCOKG_DEBUG=1 shows the traceback",
        ExitCode.INTERNAL,
    ),
)

BY_ID: dict[str, ErrorEntry] = {entry.id: entry for entry in CATALOGUE}

ERRORS_DOC = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
GENERATOR = "python -m helpers.error_catalogue --write"  # run from tests/ (or with it on sys.path)

ERRORS_DOC_INTRO = f"""\
# Error catalogue

<!-- Generated from tests/helpers/error_catalogue.py by `{GENERATOR}`; do not edit. -->

Every error the `scokg` CLI prints, what causes it and its exit code: 1 invalid data,
2 usage, 3 endpoint, 70 internal error (a bug in scokg), 130 interrupted (Ctrl-C).

Errors are one `scokg: error: ...` line on stderr, then `  at file:line:col` and
`  hint: ...` where they help; a Python traceback is never printed. An unexpected exception
(a bug) prints `scokg: internal error: <type>: <message>` and a hint to report it, and exits
70; set `SCOKG_DEBUG=1` to see its traceback.

`tests/robustness/test_error_catalogue.py` runs the real CLI on one fixture per entry
(`tests/data/errors/`) and checks the message (a regular expression searched in stdout and
stderr), the exit code, and that no output holds a traceback or the password. To add an
entry, see [CONTRIBUTING.md](../CONTRIBUTING.md#an-error-catalogue-entry).
"""


def markdown_table() -> str:
    """The catalogue as a Markdown table: one row per entry, in catalogue order."""
    lines = [
        "| id | exit | commands | message (regular expression) | cause |",
        "|---|---|---|---|---|",
    ]
    for entry in CATALOGUE:
        message = entry.message.replace("|", "\\|").replace("\n", " ")
        lines.append(
            f"| `{entry.id}` | {entry.exit_code} ({EXIT_MEANINGS[entry.exit_code]}) | "
            f"{entry.commands} | `{message}` | {entry.cause} |"
        )
    return "\n".join(lines)


def errors_doc() -> str:
    """The whole text of ``docs/errors.md``: a fixed introduction, then the table."""
    return f"{ERRORS_DOC_INTRO}\n{markdown_table()}\n"


def write_errors_doc(path: Path = ERRORS_DOC) -> bool:
    """Write :func:`errors_doc` to ``path``; True if the file changed."""
    new = errors_doc()
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        print("updated" if write_errors_doc() else "unchanged", ERRORS_DOC)
    else:
        print(errors_doc(), end="")
