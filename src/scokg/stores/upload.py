"""Upload every named graph of a project into a SPARQL store, one graph at a time, safely.

Each graph is first written to a temporary graph (Graph Store Protocol PUT/POST, or
SPARQL Update ``INSERT DATA`` batches when the store has no Graph Store endpoint), its
triple count is checked, and only then one update ``MOVE <tmp> TO <graph>`` replaces the
old version. Stores run one update request as one transaction, so a failure at any point
leaves the previous version of the graph intact, and loading twice replaces rather than
appends. The count of the final graph is read back and compared to what was sent.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Protocol

import pyoxigraph

from scokg.errors import EndpointError, UsageError
from scokg.oxquery import solutions
from scokg.parsing import load_store
from scokg.remote.endpoints import Endpoints, resolve_endpoints
from scokg.remote.http import (
    Credentials,
    EndpointStatusError,
    HttpClient,
    find_credentials,
    redact_url,
)
from scokg.remote.sparql import SparqlClient

if TYPE_CHECKING:
    from scokg.project import Project

METHODS = ("auto", "gsp", "update")
# Triples per request: GSP bodies are parsed as a stream by stores, update bodies are held
# in memory and parsed as one query, so those are kept smaller.
DEFAULT_BATCH = {"gsp": 100_000, "update": 5_000}
TEMP_GRAPH_PREFIX = "urn:scokg:upload:"
GSP_CONTENT_TYPE = "text/turtle"  # N-Triples is Turtle; every GSP store reads Turtle
# A Graph Store endpoint answering these to a PUT does not exist or does not allow writes.
_NO_GSP_STATUS = frozenset({404, 405, 501})


def _ntriples(triples: Sequence[pyoxigraph.Triple]) -> bytes:
    """The triples as N-Triples bytes."""
    body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    if body is None:  # only when an output file is given
        raise TypeError("pyoxigraph.serialize wrote to a file")
    return body


def temp_graph(graph: str) -> str:
    """Fixed temporary graph of ``graph``: a later run overwrites a crashed run's leftover."""
    return TEMP_GRAPH_PREFIX + graph


@dataclass
class Batch:
    """N-Triples for one request; ``blank`` when it mentions blank nodes."""

    body: bytes
    triples: int
    blank: bool


@dataclass
class GraphPlan:
    """One graph's triples, cut into N-Triples batches that never split a blank node."""

    graph: str
    triples: int
    batches: list[Batch]


@dataclass
class GraphLoad:
    """What happened to one graph: triples sent, triples found afterwards, requests used."""

    graph: str
    triples: int
    found: int | None
    method: str
    requests: int


@dataclass
class LoadReport:
    endpoint: str
    method: str
    dry_run: bool = False
    graphs: list[GraphLoad] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)

    @property
    def total_triples(self) -> int:
        return sum(g.triples for g in self.graphs)

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``endpoint``, ``method``, ``dry_run``, ``total_triples``, ``graphs``
        (one dict per :class:`GraphLoad`) and ``planned`` (dry run request lines)."""
        return {
            "endpoint": self.endpoint,
            "method": self.method,
            "dry_run": self.dry_run,
            "total_triples": self.total_triples,
            "graphs": [asdict(g) for g in self.graphs],
            "planned": list(self.planned),
        }


class LoadProgress(Protocol):
    """Receives progress so a CLI can draw bars (and tests can act mid-upload)."""

    def start_graph(self, graph: str, triples: int) -> None: ...

    def sent(self, graph: str, triples: int) -> None: ...

    def finished(self, result: GraphLoad) -> None: ...


class _NoProgress:
    def start_graph(self, graph: str, triples: int) -> None:
        pass

    def sent(self, graph: str, triples: int) -> None:
        pass

    def finished(self, result: GraphLoad) -> None:
        pass


def plan_project(project: Project, batch_size: int) -> list[GraphPlan]:
    """Parse the project (shapes excluded) and cut each named graph into batches."""
    if batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
    store = load_store(project)
    plans = []
    for graph in project.graph_names():
        node = pyoxigraph.NamedNode(graph)
        triples = [
            pyoxigraph.Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, node)
        ]
        batches = [
            Batch(
                _ntriples(batch),
                len(batch),
                any(_blanks(t) for t in batch),
            )
            for batch in batch_triples(triples, batch_size)
        ]
        plans.append(GraphPlan(graph, len(triples), batches))
    return plans


def batch_triples(triples: Sequence[pyoxigraph.Triple], size: int) -> list[list[pyoxigraph.Triple]]:
    """Cut into batches of about ``size``, keeping triples that share blank nodes together.

    Blank node labels are scoped to one request, so two batches mentioning ``_:b1`` would
    create two different nodes; a group larger than ``size`` becomes a batch of its own.
    """
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    def blanks(triple: pyoxigraph.Triple) -> list[str]:
        return [
            t.value for t in (triple.subject, triple.object) if isinstance(t, pyoxigraph.BlankNode)
        ]

    for triple in triples:
        labels = _blanks(triple)
        for other in labels[1:]:
            parent[find(other)] = find(labels[0])
        if labels:
            find(labels[0])

    groups: dict[str, list[pyoxigraph.Triple]] = {}
    singles: list[list[pyoxigraph.Triple]] = []
    for triple in triples:
        labels = _blanks(triple)
        if labels:
            groups.setdefault(find(labels[0]), []).append(triple)
        else:
            singles.append([triple])

    batches: list[list[pyoxigraph.Triple]] = []
    current: list[pyoxigraph.Triple] = []
    for group in [*groups.values(), *singles]:
        if current and len(current) + len(group) > size:
            batches.append(current)
            current = []
        current.extend(group)
    if current:
        batches.append(current)
    return batches


def _blanks(triple: pyoxigraph.Triple) -> list[str]:
    return [t.value for t in (triple.subject, triple.object) if isinstance(t, pyoxigraph.BlankNode)]


def insert_update(tmp: str, batch: Batch) -> str:
    """The update adding one batch to ``tmp``.

    ``INSERT DATA`` when the batch has no blank node; otherwise the equivalent
    ``INSERT { ... } WHERE {}``, because some stores (Virtuoso) refuse blank nodes in
    ``INSERT DATA``. Either way the blank nodes of one request are fresh and shared
    within it.
    """
    text = batch.body.decode("utf-8")
    if batch.blank:
        return f"INSERT {{ GRAPH <{tmp}> {{\n{text}}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{tmp}> {{\n{text}}} }}"


def load_project(
    project: Project,
    endpoint: str,
    *,
    gsp: str | None = None,
    update: str | None = None,
    method: str = "auto",
    batch_size: int | None = None,
    timeout: float = 60.0,
    credentials: Credentials | None = None,
    dry_run: bool = False,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """Replace each of the project's named graphs in the store at ``endpoint``.

    ``method`` "auto" uses the Graph Store Protocol when a GSP URL is known (given or derived
    from a known store's layout) and falls back to SPARQL Update when there is none or it
    answers 404/405/501. ``credentials=None`` looks in $SCOKG_USER/$SCOKG_PASSWORD and netrc.
    Raises EndpointError (exit 3) on any failure; graphs not yet replaced keep their old
    version.
    """
    if method not in METHODS:
        raise UsageError(f"unknown --method {method!r}", hint="use gsp or update")
    urls = resolve_endpoints(endpoint, gsp=gsp, update=update)
    if method == "gsp" and urls.gsp is None:
        raise UsageError(
            f"no Graph Store endpoint is known for {redact_url(endpoint)}",
            hint="give it with --gsp URL, or use --method update",
        )
    chosen = "update" if method == "update" or urls.gsp is None else "gsp"
    size = batch_size or DEFAULT_BATCH[chosen]
    plans = plan_project(project, size)
    report = LoadReport(redact_url(urls.query), chosen, dry_run=dry_run)
    creds = credentials or find_credentials(urls.query)

    if dry_run:
        report.planned = describe_plan(plans, urls, chosen, creds)
        report.graphs = [GraphLoad(p.graph, p.triples, None, chosen, 0) for p in plans]
        return report

    http = HttpClient(creds, timeout=timeout)
    loader = _Loader(urls, http, progress or _NoProgress(), allow_fallback=method == "auto")
    for plan in plans:
        result = loader.load(plan, chosen)
        chosen = result.method  # a GSP fallback sticks for the remaining graphs
        report.graphs.append(result)
    report.method = chosen
    return report


class _Loader:
    def __init__(
        self, urls: Endpoints, http: HttpClient, progress: LoadProgress, *, allow_fallback: bool
    ) -> None:
        self.urls = urls
        self.http = http
        self.sparql = SparqlClient(urls.query, urls.update, http=http)
        self.progress = progress
        self.allow_fallback = allow_fallback

    def load(self, plan: GraphPlan, method: str) -> GraphLoad:
        self.progress.start_graph(plan.graph, plan.triples)
        tmp = temp_graph(plan.graph)
        requests = 0
        if plan.triples == 0:
            self.sparql.update(f"DROP SILENT GRAPH <{plan.graph}>")
            requests += 1
        else:
            if method == "gsp":
                try:
                    requests += self._send_gsp(plan, tmp)
                except EndpointStatusError as exc:
                    if not (self.allow_fallback and exc.status in _NO_GSP_STATUS):
                        raise
                    method = "update"
            if method == "update":
                requests += self._send_update(plan, tmp)
            self._expect_count(tmp, plan.triples, f"the upload of {plan.graph}")
            self.sparql.update(f"MOVE <{tmp}> TO <{plan.graph}>")
            requests += 2
        found = self._expect_count(plan.graph, plan.triples, plan.graph)
        result = GraphLoad(plan.graph, plan.triples, found, method, requests + 1)
        self.progress.finished(result)
        return result

    def _send_gsp(self, plan: GraphPlan, tmp: str) -> int:
        assert self.urls.gsp is not None
        url = gsp_url(self.urls.gsp, tmp)
        headers = {"Content-Type": GSP_CONTENT_TYPE}
        for number, batch in enumerate(plan.batches):
            # PUT replaces whatever a crashed earlier run left in the temporary graph.
            self.http.send("PUT" if number == 0 else "POST", url, batch.body, headers)
            self.progress.sent(plan.graph, batch.triples)
        return len(plan.batches)

    def _send_update(self, plan: GraphPlan, tmp: str) -> int:
        self.sparql.update(f"DROP SILENT GRAPH <{tmp}>")
        for batch in plan.batches:
            self.sparql.update(insert_update(tmp, batch))
            self.progress.sent(plan.graph, batch.triples)
        return len(plan.batches) + 1

    def _expect_count(self, graph: str, expected: int, what: str) -> int:
        found = count_triples(self.sparql, graph)
        if found != expected:
            raise EndpointError(
                f"{what}: the store holds {found} triples, {expected} were sent",
                hint="the store may have rejected or rewritten some triples; "
                "the graph's previous version was kept"
                if what.startswith("the upload")
                else None,
            )
        return found


def count_triples(sparql: SparqlClient, graph: str) -> int:
    """Number of triples in one named graph of the store, read back over SPARQL."""
    response = sparql.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    fmt = pyoxigraph.QueryResultsFormat.from_media_type(response.content_type)
    if fmt is None:
        raise EndpointError(f"cannot read the count of {graph}: answer is {response.content_type}")
    try:
        rows = list(solutions(pyoxigraph.parse_query_results(response.body, format=fmt)))
        value = rows[0]["n"]
        return int(value.value)
    except (SyntaxError, ValueError, IndexError, KeyError, AttributeError, TypeError) as exc:
        raise EndpointError(f"cannot read the count of {graph}: {exc}") from None


def gsp_url(base: str, graph: str) -> str:
    """Graph Store Protocol URL addressing ``graph`` indirectly (``?graph=``)."""
    separator = "&" if "?" in base else "?"
    return base + separator + urllib.parse.urlencode({"graph": graph})


def describe_plan(
    plans: Iterable[GraphPlan], urls: Endpoints, method: str, creds: Credentials | None
) -> list[str]:
    """Human-readable list of the requests a load would send (no credential in it)."""
    lines = [
        f"query endpoint:  {redact_url(urls.query)}",
        f"update endpoint: {redact_url(urls.update)}",
        f"graph store:     {redact_url(urls.gsp) if urls.gsp else '(none)'}",
        f"method:          {method}",
        f"credentials:     {'yes, ' + creds.origin if creds else 'none'}",
    ]
    for plan in plans:
        tmp = temp_graph(plan.graph)
        lines.append(f"graph <{plan.graph}>: {plan.triples} triples")
        if plan.triples == 0:
            lines.append(f"  update: DROP SILENT GRAPH <{plan.graph}>")
            continue
        if method == "gsp":
            assert urls.gsp is not None
            url = redact_url(gsp_url(urls.gsp, tmp))
            for number, batch in enumerate(plan.batches):
                verb = "PUT " if number == 0 else "POST"
                lines.append(
                    f"  {verb} {url} ({GSP_CONTENT_TYPE}, {batch.triples} triples, "
                    f"{len(batch.body)} bytes)"
                )
        else:
            lines.append(f"  update: DROP SILENT GRAPH <{tmp}>")
            for batch in plan.batches:
                verb = "INSERT" if batch.blank else "INSERT DATA"
                lines.append(f"  update: {verb} {{ GRAPH <{tmp}> {{ {batch.triples} triples }} }}")
        lines.append(f"  query:  count the triples of <{tmp}>, expect {plan.triples}")
        lines.append(f"  update: MOVE <{tmp}> TO <{plan.graph}>")
        lines.append(f"  query:  count the triples of <{plan.graph}>, expect {plan.triples}")
    return lines
