"""Run read-only SPARQL queries on a remote store and return pyoxigraph terms.

The union-default-graph problem: our queries expect the default graph to be the union of
the project's named graphs, but stores disagree on what the default graph is (Oxigraph's
is empty unless started with ``--union-default-graph``; Virtuoso's is every graph it holds,
system graphs included). So :meth:`RemoteEngine.for_project` names the dataset in the
protocol request itself: one ``default-graph-uri`` per project graph (the default graph is
then their merge, per the SPARQL 1.1 Protocol) and one ``named-graph-uri`` per graph (so
``GRAPH ?g`` patterns see the same graphs as in the embedded store). That works on every
compliant store, whatever it was started with. Whether a triple stated in two graphs is
seen once or twice still varies between stores, so queries that count or list must use
DISTINCT, and the data keeps each triple in one graph only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyoxigraph

from scokg.engines.results import AskResult, GraphResult, Result, SelectResult, Term
from scokg.errors import EndpointError, UsageError
from scokg.remote.http import Credentials, HttpClient, find_credentials, redact, redact_url
from scokg.remote.sparql import GRAPH_ACCEPT, RESULTS_ACCEPT, SparqlClient

if TYPE_CHECKING:
    from scokg.project import Project

SELECT, ASK, GRAPH = "select", "ask", "graph"


def query_form(query: str) -> str:
    """``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE); refuses updates and bad syntax.

    The query is parsed locally by pyoxigraph against an empty store (nothing is evaluated),
    so an update is refused before anything is sent and a syntax error points at its
    position exactly as the embedded engine would. Whether a text that does not parse as a
    query is an update is read by :func:`scokg.queries.syntax.outline`.
    """
    try:
        parsed = pyoxigraph.Store().query(query)
    except SyntaxError as exc:
        if _is_update(query):
            raise UsageError(
                "refusing to send a SPARQL update through the query path",
                hint="queries are read-only; to change a store, load the graph with "
                "`scokg load` or use the store's own tools",
            ) from None
        raise UsageError(f"invalid SPARQL query: {exc}") from None
    if isinstance(parsed, pyoxigraph.QueryBoolean):
        return ASK
    if isinstance(parsed, pyoxigraph.QueryTriples):
        return GRAPH
    return SELECT


def _is_update(text: str) -> bool:
    from scokg.queries.syntax import outline

    try:
        return bool(outline(text).updates)
    except UsageError:  # an invalid codepoint escape: not an update, a bad query
        return False


class RemoteEngine:
    """A SPARQL 1.1 query endpoint as an :class:`~scokg.engines.results.Engine`.

    ``graphs`` is the dataset sent with every query (see the module docstring); ``None``
    sends none and relies on the store's own default graph being the union of the graphs
    (true of ``scokg serve``, which starts Oxigraph with ``--union-default-graph``).
    ``credentials=None`` looks them up in $SCOKG_USER/$SCOKG_PASSWORD or netrc.
    """

    def __init__(
        self,
        endpoint: str,
        graphs: Sequence[str] | None = None,
        *,
        credentials: Credentials | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.endpoint = endpoint
        self.graphs = list(graphs) if graphs is not None else None
        http = HttpClient(credentials or find_credentials(endpoint), timeout=timeout)
        self._client = SparqlClient(
            endpoint,
            http=http,
            default_graphs=self.graphs or (),
            named_graphs=self.graphs or (),
        )

    @classmethod
    def for_project(
        cls,
        project: Project,
        endpoint: str,
        *,
        credentials: Credentials | None = None,
        timeout: float = 60.0,
    ) -> RemoteEngine:
        """An engine whose default graph is the union of ``project``'s named graphs."""
        return cls(endpoint, project.graph_names(), credentials=credentials, timeout=timeout)

    def execute(self, query: str) -> Result:
        form = query_form(query)
        response = self._client.query(
            query, accept=GRAPH_ACCEPT if form == GRAPH else RESULTS_ACCEPT
        )
        try:
            if form == GRAPH:
                return GraphResult(list(_parse_graph(response.content_type, response.body)))
            parsed = pyoxigraph.parse_query_results(
                response.body, format=_results_format(response.content_type)
            )
            if not isinstance(parsed, pyoxigraph.QueryBoolean):
                # pyoxigraph reads the solutions lazily: a broken answer fails while they
                # are read, so they are read here, inside the error handling.
                variables = list(parsed.variables)
                rows = [tuple(_canonical(solution[v]) for v in variables) for solution in parsed]
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(
                f"{redact_url(self.endpoint)} sent results that cannot be read "
                f"({response.content_type}): {redact(str(exc))}",
                hint="is this URL a SPARQL query endpoint? A proxy or login page may have "
                "answered instead",
            ) from None
        if isinstance(parsed, pyoxigraph.QueryBoolean):
            if form != ASK:
                raise EndpointError(
                    f"{redact_url(self.endpoint)} answered a {form} query with a boolean"
                )
            return AskResult(bool(parsed))
        if form == ASK:
            return _ask_from_table(rows)
        return SelectResult([v.value for v in variables], rows)


_BOOLEAN = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}


def _canonical(term: Term | None) -> Term | None:
    """An ``xsd:boolean`` in its canonical lexical form ("true"/"false").

    Virtuoso 7 writes every xsd:boolean it computes as "1"/"0" (the same values, another
    lexical form), so the same query would otherwise print differently there.
    """
    if (
        isinstance(term, pyoxigraph.Literal)
        and term.datatype == _BOOLEAN
        and term.value in _CANONICAL_BOOLEAN
    ):
        return pyoxigraph.Literal(_CANONICAL_BOOLEAN[term.value], datatype=_BOOLEAN)
    return term


def _ask_from_table(
    rows: list[tuple[pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None, ...]],
) -> AskResult:
    """An ASK answered as a one-column table (Virtuoso 7 over POST: ``__ASK_RETVAL``).

    No row means false; a row holding 1/true means true.
    """
    for row in rows:
        value = row[0] if row else None
        if isinstance(value, pyoxigraph.Literal) and value.value not in ("0", "false"):
            return AskResult(True)
    return AskResult(False)


def _results_format(content_type: str) -> pyoxigraph.QueryResultsFormat:
    found = pyoxigraph.QueryResultsFormat.from_media_type(content_type)
    if found is None:
        raise ValueError(f"unsupported results format {content_type!r}")
    return found


def _parse_graph(content_type: str, body: bytes) -> list[pyoxigraph.Triple]:
    rdf_format = pyoxigraph.RdfFormat.from_media_type(content_type)
    if rdf_format is None:
        raise ValueError(f"unsupported RDF format {content_type!r}")
    triples = []
    for quad in pyoxigraph.parse(body, format=rdf_format):
        triples.append(pyoxigraph.Triple(quad.subject, quad.predicate, quad.object))
    return triples
