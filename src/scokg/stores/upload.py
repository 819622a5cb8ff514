"""Upload every named graph of a project into a SPARQL store, one graph at a time, safely.

The triples sent are the ones the source files hold, term for term: each Turtle file is
read by pyoxigraph's parser (never through a ``Store``, which would replace lexical forms by
canonical ones), the SSSOM links file is converted as everywhere else, and each file keeps
its own blank nodes.

Each graph is first written to a temporary graph (Graph Store Protocol PUT/POST, or
SPARQL Update ``INSERT DATA`` batches when the store has no Graph Store endpoint), read back
with a CONSTRUCT and compared term by term with what was sent (:mod:`scokg.stores.exact`);
only then one update ``MOVE <tmp> TO <graph>`` replaces the old version. A store that
rewrote terms (Oxigraph stores ``"07"^^xsd:byte`` as ``"7"^^xsd:integer``) fails the load
with the changed terms named, unless ``accept_changes`` is set, in which case the changes
are reported with the graph. Stores run one update request as one transaction, so a
failure at any point leaves the previous version of the graph intact, and loading twice
replaces rather than appends. The count of the final graph is read back after the MOVE.
"""

from __future__ import annotations

import functools
import urllib.parse
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Protocol

import pyoxigraph

from scokg.errors import EndpointError, UsageError
from scokg.oxquery import solutions
from scokg.parsing import source_triples
from scokg.remote.endpoints import Endpoints, resolve_endpoints
from scokg.remote.http import (
    Credentials,
    EndpointStatusError,
    HttpClient,
    find_credentials,
    redact_url,
    split_userinfo,
)
from scokg.remote.sparql import GRAPH_ACCEPT, SparqlClient
from scokg.stores.bulk import NQUADS_CONTENT_TYPE, ChangedTerms, bulk_url, load_bulk
from scokg.stores.exact import Comparison, compare

if TYPE_CHECKING:
    from scokg.project import Project, Source

METHODS = ("auto", "bulk", "gsp", "update")
# Triples per request: GSP bodies are parsed as a stream by stores, update bodies are held
# in memory and parsed as one query, so those are kept smaller.
DEFAULT_BATCH = {"bulk": 100_000, "gsp": 100_000, "update": 5_000}
# Above this many triples "auto" goes graph by graph even on Oxigraph: the bulk path's one
# update moves everything in one transaction, which at 1M triples had not finished after
# 592 s on the bench machine (loaded), where the per-graph path completes (214 s idle).
BULK_AUTO_MAX_TRIPLES = 250_000
TEMP_GRAPH_PREFIX = "urn:scokg:upload:"
GSP_CONTENT_TYPE = "text/turtle"  # N-Triples is Turtle; every GSP store reads Turtle
# A Graph Store endpoint answering these to a PUT does not exist or does not allow writes.
_NO_GSP_STATUS = frozenset({404, 405, 501})
# ... and these to an N-Quads POST at the dataset level (415: it does not take quads).
_NO_BULK_STATUS = _NO_GSP_STATUS | {415}


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
    """The triples of one request; ``blank`` when they mention blank nodes. ``body`` (their
    N-Triples) is written when first asked for: the bulk path sends N-Quads instead."""

    triple_list: list[pyoxigraph.Triple] = field(repr=False)
    triples: int
    blank: bool

    @functools.cached_property
    def body(self) -> bytes:
        return _ntriples(self.triple_list)


@dataclass
class GraphPlan:
    """One graph's triples, cut into N-Triples batches that never split a blank node."""

    graph: str
    triples: int
    batches: list[Batch]
    sent: list[pyoxigraph.Triple] = field(default_factory=list, repr=False)


@dataclass
class GraphLoad:
    """What happened to one graph: triples sent, triples found afterwards, requests used.

    ``sha256`` is the fingerprint of what was sent (:func:`scokg.stores.exact.fingerprint`);
    ``exact`` is True when the store gave back the same terms, None when nothing was read
    back (dry run); ``changes`` names each term the store rewrote (only with
    ``accept_changes``, otherwise such a load fails).
    """

    graph: str
    triples: int
    found: int | None
    method: str
    requests: int
    sha256: str = ""
    exact: bool | None = None
    changes: list[str] = field(default_factory=list)


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

    @property
    def exact(self) -> bool:
        """True when every graph came back term for term as sent."""
        return all(g.exact for g in self.graphs)

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``endpoint``, ``method``, ``dry_run``, ``total_triples``, ``graphs``
        (one dict per :class:`GraphLoad`) and ``planned`` (dry run request lines)."""
        return {
            "endpoint": self.endpoint,
            "method": self.method,
            "dry_run": self.dry_run,
            "total_triples": self.total_triples,
            "exact": self.exact if not self.dry_run else None,
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
    """Read the project's sources (shapes excluded) term for term and cut each named graph
    into batches. Raises TurtleSyntaxError/DataError for a source that does not parse."""
    if batch_size < 1:
        raise UsageError(f"--batch-size must be at least 1, not {batch_size}")
    graphs: dict[str, dict[pyoxigraph.Triple, None]] = {g: {} for g in project.graph_names()}
    for source in project.sources():
        graphs.setdefault(source.graph, {}).update(dict.fromkeys(source_exact_triples(source)))
    plans = []
    for graph, unique in graphs.items():
        triples = list(unique)
        batches = [
            Batch(
                batch,
                len(batch),
                any(_blanks(t) for t in batch),
            )
            for batch in batch_triples(triples, batch_size)
        ]
        plans.append(GraphPlan(graph, len(triples), batches, triples))
    return plans


def source_exact_triples(source: Source) -> list[pyoxigraph.Triple]:
    """The triples of one source exactly as its file writes them.

    Read by :func:`scokg.parsing.source_triples` (pyoxigraph's parser for Turtle, which keeps
    lexical forms and datatypes; the SSSOM conversion for the links file). Blank nodes are
    given fresh labels per file, so two files of one graph never share a ``_:b`` by accident
    (the same rule as Turtle's: a label is scoped to its document).
    """
    triples = source_triples(source)
    fresh: dict[str, pyoxigraph.BlankNode] = {}

    def rename(term: pyoxigraph.BlankNode) -> pyoxigraph.BlankNode:
        return fresh.setdefault(term.value, pyoxigraph.BlankNode())

    blank = pyoxigraph.BlankNode
    renamed = []
    for t in triples:
        subject, obj = t.subject, t.object
        if isinstance(subject, blank) or isinstance(obj, blank):
            subject = rename(subject) if isinstance(subject, blank) else subject
            obj = rename(obj) if isinstance(obj, blank) else obj
            t = pyoxigraph.Triple(subject, t.predicate, obj)
        renamed.append(t)
    return renamed


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

    all_labels = [_blanks(triple) for triple in triples]
    for labels in all_labels:
        for other in labels[1:]:
            parent[find(other)] = find(labels[0])
        if labels:
            find(labels[0])

    groups: dict[str, list[pyoxigraph.Triple]] = {}
    singles: list[list[pyoxigraph.Triple]] = []
    for triple, labels in zip(triples, all_labels, strict=True):
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
    subject, obj = triple.subject, triple.object
    blank = pyoxigraph.BlankNode
    if not isinstance(subject, blank) and not isinstance(obj, blank):
        return []
    return [t.value for t in (subject, obj) if isinstance(t, blank)]


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
    accept_changes: bool = False,
    progress: LoadProgress | None = None,
) -> LoadReport:
    """Replace each of the project's named graphs in the store at ``endpoint``.

    ``method`` "auto" uses the Graph Store Protocol when a GSP URL is known (given or derived
    from a known store's layout) and falls back to SPARQL Update when there is none or it
    answers 404/405/501. ``credentials=None`` looks in $SCOKG_USER/$SCOKG_PASSWORD and netrc.
    Raises EndpointError (exit 3) on any failure, including a store that gave back other
    terms than were sent (unless ``accept_changes``: then each graph's ``changes`` lists
    them); graphs not yet replaced keep their old version.
    """
    if method not in METHODS:
        raise UsageError(f"unknown --method {method!r}", hint="use gsp or update")
    urls = resolve_endpoints(endpoint, gsp=gsp, update=update)
    if method == "gsp" and urls.gsp is None:
        raise UsageError(
            f"no Graph Store endpoint is known for {redact_url(endpoint)}",
            hint="give it with --gsp URL, or use --method update",
        )
    if method == "bulk" and urls.gsp is None:
        raise UsageError(
            f"no dataset-level Graph Store endpoint is known for {redact_url(endpoint)}",
            hint="give it with --gsp URL (it must take application/n-quads), or use --method gsp",
        )
    if method == "auto":
        # Dataset-level N-Quads upload where the store is known to take it (Oxigraph).
        chosen = "bulk" if urls.kind == "oxigraph" and urls.gsp else "gsp" if urls.gsp else "update"
    else:
        chosen = method
    size = batch_size or DEFAULT_BATCH[chosen]
    plans = plan_project(project, size)
    if (
        method == "auto"
        and chosen == "bulk"
        and sum(p.triples for p in plans) > BULK_AUTO_MAX_TRIPLES
    ):
        chosen = "gsp"  # same default batch size: the plans stand
    report = LoadReport(redact_url(urls.query), chosen, dry_run=dry_run)
    # Credentials in the endpoint URL come first, as the HTTP client takes them (the dry
    # run must say what a real run would send).
    creds = credentials or split_userinfo(endpoint)[1] or find_credentials(urls.query)

    if dry_run:
        report.planned = describe_plan(plans, urls, chosen, creds)
        report.graphs = [GraphLoad(p.graph, p.triples, None, chosen, 0) for p in plans]
        return report

    http = HttpClient(creds, timeout=timeout)
    if chosen == "bulk":
        assert urls.gsp is not None
        try:
            results, requests = load_bulk(
                plans,
                store_url=bulk_url(urls.gsp, urls.kind),
                http=http,
                sparql=SparqlClient(urls.query, urls.update, http=http),
                size=size,
                temps={p.graph: temp_graph(p.graph) for p in plans},
                accept_changes=accept_changes,
                progress=progress or _NoProgress(),
            )
        except ChangedTerms as exc:
            raise changed_terms_error(exc.graph, exc.comparison, others=exc.others) from None
        except EndpointStatusError as exc:
            if not (method == "auto" and exc.status in _NO_BULK_STATUS):
                raise
        else:
            for plan, (found, comparison) in zip(plans, results, strict=True):
                result = GraphLoad(
                    plan.graph,
                    plan.triples,
                    found,
                    "bulk",
                    requests,
                    sha256=comparison.sent_hash,
                    exact=comparison.exact,
                    changes=list(comparison.changes),
                )
                (progress or _NoProgress()).finished(result)
                report.graphs.append(result)
            return report
        # No dataset-level upload here after all: nothing was replaced, go graph by graph.
        chosen = "gsp"
        if batch_size is None:
            plans = plan_project(project, DEFAULT_BATCH[chosen])
    loader = _Loader(
        urls,
        http,
        progress or _NoProgress(),
        allow_fallback=method == "auto",
        accept_changes=accept_changes,
    )
    for number, plan in enumerate(plans):
        try:
            result = loader.load(plan, chosen)
        except EndpointError as exc:
            raise _partial_load_error(exc, report.graphs, plans[number:]) from None
        chosen = result.method  # a GSP fallback sticks for the remaining graphs
        report.graphs.append(result)
    report.method = chosen
    return report


def _partial_load_error(
    exc: EndpointError, done: Sequence[GraphLoad], left: Sequence[GraphPlan]
) -> EndpointError:
    """``exc`` saying which graphs this run already replaced: each graph is replaced
    atomically, but the load is graph by graph, so a failure leaves a mixed store."""
    if not done:
        return exc
    replaced = ", ".join(f"<{g.graph}>" for g in done)
    kept = ", ".join(f"<{p.graph}>" for p in left)
    return EndpointError(
        f"{exc.message}; this run had already replaced {len(done)} graph(s): {replaced}; "
        f"{len(left)} graph(s) keep their previous version: {kept}",
        hint=exc.hint,
    )


def changed_terms_error(
    graph: str, comparison: Comparison, others: int | None = None
) -> EndpointError:
    """The error of a load whose store gave back other terms than were sent. ``others``
    is given by the bulk path (how many more graphs changed), where no graph at all was
    replaced; None on the per-graph path."""
    kept = "the graph's previous version was kept"
    if others is not None:
        more = f"{others} more graph(s) changed too; " if others else ""
        kept = more + "no graph was replaced: each graph's previous version was kept"
    return EndpointError(
        f"the store changed {len(comparison.changes)} term(s) of {graph}: "
        f"{comparison.summary()}; {kept}",
        hint="this store does not keep every term as written (RDF 1.1 counts "
        '"07"^^xsd:byte and "7"^^xsd:integer as different terms); load into a '
        "store that keeps them, or pass --accept-store-changes to load anyway "
        "with each change reported",
    )


class _Loader:
    def __init__(
        self,
        urls: Endpoints,
        http: HttpClient,
        progress: LoadProgress,
        *,
        allow_fallback: bool,
        accept_changes: bool,
    ) -> None:
        self.urls = urls
        self.http = http
        self.sparql = SparqlClient(urls.query, urls.update, http=http)
        self.progress = progress
        self.allow_fallback = allow_fallback
        self.accept_changes = accept_changes

    def load(self, plan: GraphPlan, method: str) -> GraphLoad:
        self.progress.start_graph(plan.graph, plan.triples)
        tmp = temp_graph(plan.graph)
        requests = 0
        comparison = compare(plan.sent, [])
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
            comparison = compare(plan.sent, read_graph(self.sparql, tmp))
            if not comparison.exact and not self.accept_changes:
                self.sparql.update(f"DROP SILENT GRAPH <{tmp}>")
                raise changed_terms_error(plan.graph, comparison)
            self.sparql.update(f"MOVE <{tmp}> TO <{plan.graph}>")
            requests += 2
        found = self._expect_count(plan.graph, comparison.found, plan.graph)
        result = GraphLoad(
            plan.graph,
            plan.triples,
            found,
            method,
            requests + 1,
            sha256=comparison.sent_hash,
            exact=comparison.exact,
            changes=list(comparison.changes),
        )
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
                f"{what}: the store holds {found} triples after the MOVE, "
                f"{expected} were read back before it",
                hint="another client may have written to the graph at the same time",
            )
        return found


def read_graph(sparql: SparqlClient, graph: str) -> list[pyoxigraph.Triple]:
    """Every triple of one named graph as the store returns it (CONSTRUCT, parsed by
    ``pyoxigraph.parse``, which keeps each term as the answer writes it)."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = sparql.query(query, accept=GRAPH_ACCEPT)
    fmt = pyoxigraph.RdfFormat.from_media_type(response.content_type)
    if fmt is None:
        raise EndpointError(f"cannot read back {graph}: the answer is {response.content_type}")
    try:
        return [
            pyoxigraph.Triple(q.subject, q.predicate, q.object)
            for q in pyoxigraph.parse(response.body, format=fmt)
        ]
    except SyntaxError as exc:
        raise EndpointError(f"cannot read back {graph}: {exc}") from None


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
    plans: Sequence[GraphPlan], urls: Endpoints, method: str, creds: Credentials | None
) -> list[str]:
    """Human-readable list of the requests a load would send (no credential in it)."""
    lines = [
        f"query endpoint:  {redact_url(urls.query)}",
        f"update endpoint: {redact_url(urls.update)}",
        f"graph store:     {redact_url(urls.gsp) if urls.gsp else '(none)'}",
        f"method:          {method}",
        f"credentials:     {'yes, ' + creds.origin if creds else 'none'}",
    ]
    if method == "bulk":
        assert urls.gsp is not None
        return lines + _describe_bulk(plans, bulk_url(urls.gsp, urls.kind))
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
        lines.append(f"  query:  CONSTRUCT <{tmp}>, compare term by term ({plan.triples} triples)")
        lines.append(f"  update: MOVE <{tmp}> TO <{plan.graph}>")
        lines.append(f"  query:  count the triples of <{plan.graph}>, expect {plan.triples}")
    return lines


def _describe_bulk(plans: Sequence[GraphPlan], store_url: str) -> list[str]:
    """The requests of the dataset-level path (:mod:`scokg.stores.bulk`)."""
    present = [p for p in plans if p.triples]
    lines = [f"graph <{p.graph}>: {p.triples} triples -> <{temp_graph(p.graph)}>" for p in plans]
    lines.append(f"update: DROP SILENT GRAPH each of the {len(present)} temporary graphs")
    sizes = [b.triples for p in present for b in p.batches]
    lines.append(
        f"POST {redact_url(store_url)} ({NQUADS_CONTENT_TYPE}, {sum(sizes)} triples "
        f"in up to {len(sizes)} request(s))"
    )
    lines.append("query:  SELECT ?g ?s ?p ?o of every temporary graph, compare term by term")
    for plan in plans:
        if plan.triples:
            lines.append(f"update: MOVE <{temp_graph(plan.graph)}> TO <{plan.graph}>")
        else:
            lines.append(f"update: DROP SILENT GRAPH <{plan.graph}>")
    lines.append("        (all of the above in ONE update request: one transaction)")
    lines.append(f"query:  count the triples of each of the {len(plans)} graphs")
    return lines
