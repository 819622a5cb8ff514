"""Run a named or ad hoc query with parameters: the library function behind ``scokg query``.

The engine is a parameter (anything implementing :class:`scokg.engines.results.Engine`), so the same
call answers from the embedded store, from rdflib, or from a remote SPARQL endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scokg.engines.results import Engine, Result, Term
from scokg.errors import UsageError
from scokg.queries.binding import bind, check_syntax, resolve_params
from scokg.queries.catalog import QueryFile, load_query, parse_header
from scokg.queries.policy import check_query
from scokg.queries.resolve import Resolver
from scokg.vocab import PREFIXES

if TYPE_CHECKING:
    from scokg.project import Project

EngineFactory = Callable[["Project"], Engine]
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class PreparedQuery:
    """A query ready to send: its source, the terms bound and the final text.

    ``sent`` is what to run: ``text`` itself, or for the bundled ``lookup`` on an engine
    with a full-text index, ``text`` restricted to the index's candidates (same answer,
    see :mod:`scokg.stores.fulltext`); ``--show-query`` shows ``text``.
    """

    query: QueryFile
    bindings: dict[str, Term]
    text: str
    sent: str = ""

    def __post_init__(self) -> None:
        if not self.sent:
            object.__setattr__(self, "sent", self.text)


def as_query(project: Project | None, name_or_text: str | QueryFile) -> QueryFile:
    """A bundled query by name, or ad hoc SPARQL text (anything that is not a bare name)."""
    if isinstance(name_or_text, QueryFile):
        return name_or_text
    if _NAME_RE.fullmatch(name_or_text.strip()):
        return load_query(name_or_text.strip(), project)
    return parse_header("query", name_or_text)


def prepare_query(
    project: Project | None,
    name_or_text: str | QueryFile,
    params: Mapping[str, str] | None,
    resolver: Resolver | None,
    *,
    allowed_service_hosts: Iterable[str] = (),
) -> PreparedQuery:
    """Check the policy and the syntax, resolve every parameter to a term and bind it.

    The project's prefixes (:data:`scokg.vocab.PREFIXES`) are predeclared: a prefix the
    text uses but does not declare gets its ``PREFIX`` line at the head of the text that is
    sent (so a remote endpoint reads the same query), one the text declares keeps its own.

    The policy (:func:`scokg.queries.policy.check_query`: no update, ``SERVICE`` only to
    ``allowed_service_hosts``) comes first, because even the syntax check runs the query
    on an empty store, and pyoxigraph calls a ``SERVICE`` endpoint as soon as it runs.
    """
    query = as_query(project, name_or_text)
    declared = predeclared(query.text)
    try:
        # one line of declarations: the lines of what follows stay those of the query
        check_query(
            prologue(declared, " ") + query.text, allowed_service_hosts=allowed_service_hosts
        )
    except UsageError as err:
        if err.line is not None:  # a syntax error: say it in words, at the query's place
            check_syntax(query.text, query, declared)
        if query.path is not None and err.file is None:
            err.file = query.path
        raise
    check_syntax(query.text, query, PREFIXES)
    terms = resolve_params(query, params or {}, resolver)
    text = bind(prologue(declared, "\n") + query.text, terms)
    sent = text if resolver is None else _indexed_lookup(query, terms, text, resolver.engine)
    return PreparedQuery(query, terms, text, sent)


def predeclared(text: str) -> dict[str, str]:
    """The project's prefixes (:data:`scokg.vocab.PREFIXES`) that ``text`` uses without
    declaring them: name -> namespace. A ``PREFIX`` in the text wins over the table."""
    from scokg.queries.syntax import undeclared_prefixes

    return {name: PREFIXES[name] for name in undeclared_prefixes(text) if name in PREFIXES}


def prologue(prefixes: Mapping[str, str], separator: str) -> str:
    """``PREFIX name: <namespace>`` for each entry, each followed by ``separator``."""
    return "".join(f"PREFIX {name}: <{iri}>{separator}" for name, iri in prefixes.items())


def _indexed_lookup(query: QueryFile, terms: Mapping[str, Term], text: str, engine: Engine) -> str:
    """The bundled ``lookup`` restricted to the candidates of the engine's full-text index
    (same answer, see :mod:`scokg.stores.fulltext`); any other query as it is."""
    lookup = getattr(engine, "lookup_candidates", None)
    value = terms.get("text")
    if query.name != "lookup" or lookup is None or value is None:
        return text  # before the imports: sqlite3 is for a lookup only
    import hashlib

    from scokg.queries.syntax import outline
    from scokg.stores import fulltext

    if (
        lookup is None
        or value is None
        or hashlib.sha256(query.text.encode()).hexdigest() != fulltext.LOOKUP_QUERY_SHA256
    ):
        return text
    pairs = lookup(value.value)
    where_open = outline(text).where_open
    if pairs is None or where_open is None:
        return text
    return fulltext.restrict(text, where_open, pairs)


def default_engine(project: Project) -> Engine:
    """The embedded pyoxigraph store (cached on disk)."""
    from scokg.engines.embedded import EmbeddedEngine

    return EmbeddedEngine(project)


def run_query(
    project: Project,
    name_or_text: str | QueryFile,
    params: Mapping[str, str] | None = None,
    engine: Engine | None = None,
    *,
    engine_factory: EngineFactory | None = None,
    allowed_service_hosts: Iterable[str] = (),
) -> Result:
    """Answer a bundled query (by name) or SPARQL text, with ``params`` bound safely.

    ``engine`` wins over ``engine_factory``; without either the embedded store is used.
    Entity parameters are resolved against the same engine that answers.
    """
    if engine is None:
        engine = (engine_factory or default_engine)(project)
    prepared = prepare_query(
        project,
        name_or_text,
        params,
        Resolver(engine, project.prefixes),
        allowed_service_hosts=allowed_service_hosts,
    )
    return engine.execute(prepared.sent)
