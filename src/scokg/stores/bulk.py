"""Load every graph of a project in a few requests: the dataset-level path of ``scokg load``.

For a store with a dataset-level Graph Store endpoint that takes N-Quads (Oxigraph:
``POST /store`` with ``application/n-quads``, Graph Store Protocol §5.5 applied to the
whole dataset), the per-graph round trips of :mod:`scokg.stores.upload` are replaced by:

1. one update dropping every temporary graph of this load (a crashed run's leftover);
2. the N-Quads of every graph under its temporary name, in requests of about
   ``batch_size`` triples (a blank-node group is never split, see ``batch_triples``),
   through Oxigraph's bulk loader (:func:`bulk_url`);
3. a SELECT reading back ``?g ?s ?p ?o`` of the temporary graphs (one per about
   ``batch_size`` triples, whole graphs each), compared graph by
   graph with what was sent, term for term (:func:`scokg.stores.exact.compare`, the rule
   of the per-graph path); a store that changed a term fails the load, the temporary
   graphs are dropped and no graph is replaced (unless ``accept_changes``);
4. one update holding every ``MOVE <tmp> TO <graph>`` (and ``DROP SILENT GRAPH`` for a
   graph that is empty now): one update request is one transaction, so either every
   graph is replaced or none is;
5. one SELECT counting the triples of every graph, which must equal what was read back.

``--timeout`` is per request and per 100,000 triples the request carries (:func:`_scaled`).

The triples sent are those parsed from the files (``pyoxigraph.parse`` keeps every term),
as on the per-graph path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

import pyoxigraph

from scokg.errors import EndpointError
from scokg.oxquery import solutions
from scokg.stores.exact import Comparison, compare, fingerprint
from scokg.stores.exact import _describe as describe_changes

if TYPE_CHECKING:
    from scokg.remote.http import HttpClient
    from scokg.remote.sparql import SparqlClient


class BatchLike(Protocol):
    """One request's worth of a graph's triples (``scokg.stores.upload.Batch``)."""

    triples: int

    @property
    def triple_list(self) -> Sequence[pyoxigraph.Triple]: ...


class GraphPlan(Protocol):
    """One graph to load (``scokg.stores.upload.GraphPlan``)."""

    graph: str
    triples: int

    @property
    def batches(self) -> Sequence[BatchLike]: ...

    @property
    def sent(self) -> Sequence[pyoxigraph.Triple]: ...


class Progress(Protocol):
    def start_graph(self, graph: str, triples: int) -> None: ...

    def sent(self, graph: str, triples: int) -> None: ...


class ChangedTerms(Exception):
    """The store gave back other terms in ``graph`` (and ``others`` more graphs); the
    temporary graphs are dropped and no graph was replaced."""

    def __init__(self, graph: str, comparison: Comparison, others: int) -> None:
        super().__init__(graph)
        self.graph, self.comparison, self.others = graph, comparison, others


NQUADS_CONTENT_TYPE = "application/n-quads"
RESULTS_ACCEPT = "text/tab-separated-values"
# --timeout applies per request and per this many triples on this path (see _scaled).
TIMEOUT_TRIPLES = 100_000


def bulk_url(gsp: str, kind: str) -> str:
    """The URL the N-Quads go to. For Oxigraph, ``?no_transaction`` makes the server load
    them with its bulk loader (the speed of ``oxigraph load``) instead of one write
    transaction: safe here because only temporary graphs are written, which a crashed
    run leaves for the next run's first update to drop; the graphs users see are replaced
    by the one transactional update of step 4."""
    if kind != "oxigraph":
        return gsp
    return gsp + ("&" if "?" in gsp else "?") + "no_transaction"


def _iri(value: str) -> str:
    return f"<{value}>"


def drop_temporaries(temps: Sequence[str]) -> str:
    """One update dropping each temporary graph (``SILENT``: most do not exist)."""
    return " ;\n".join(f"DROP SILENT GRAPH {_iri(t)}" for t in temps)


def replace_all(pairs: Sequence[tuple[str, str | None]]) -> str:
    """One update replacing every graph: ``MOVE <tmp> TO <graph>`` for a graph with
    triples (SPARQL 1.1 Update §3.2.4: the target's old content is dropped first), and
    ``DROP SILENT GRAPH <graph>`` where ``tmp`` is None (the graph is empty now)."""
    ops = [
        f"MOVE {_iri(tmp)} TO {_iri(graph)}" if tmp else f"DROP SILENT GRAPH {_iri(graph)}"
        for graph, tmp in pairs
    ]
    return " ;\n".join(ops)


def nquads_requests(
    plans: Sequence[GraphPlan], temps: dict[str, str], size: int
) -> list[tuple[bytes, list[tuple[str, int]]]]:
    """The N-Quads bodies to POST: each plan's batches (already cut so that no blank-node
    group is split) with the temporary graph as fourth term, packed into bodies of about
    ``size`` triples. Each body comes with ``(graph, triples)`` for progress."""
    out: list[tuple[bytes, list[tuple[str, int]]]] = []
    quads: list[pyoxigraph.Quad] = []
    parts: list[tuple[str, int]] = []

    def flush() -> None:
        if quads:
            body = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
            if body is None:  # only when an output file is given
                raise TypeError("pyoxigraph.serialize wrote to a file")
            out.append((body, list(parts)))
            quads.clear()
            parts.clear()

    for plan in plans:
        if not plan.triples:
            continue
        graph = pyoxigraph.NamedNode(temps[plan.graph])
        for batch in plan.batches:
            if quads and len(quads) + len(batch.triple_list) > size:
                flush()
            quads.extend(
                pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in batch.triple_list
            )
            parts.append((plan.graph, batch.triples))
    flush()
    return out


def _values(temps: Sequence[str]) -> str:
    return "VALUES ?g { " + " ".join(_iri(t) for t in temps) + " }"


def read_graphs(sparql: SparqlClient, temps: Sequence[str]) -> dict[str, list[pyoxigraph.Triple]]:
    """Every triple of each graph in ``temps`` as the store returns it, in ONE query.

    The answer is read as SPARQL TSV (SPARQL 1.1 Query Results CSV and TSV §3), whose
    terms are written in Turtle/N-Triples syntax, so each literal keeps the lexical form
    and datatype the store gives; blank-node labels are kept within the one answer.
    """
    query = f"SELECT ?g ?s ?p ?o WHERE {{ {_values(temps)} GRAPH ?g {{ ?s ?p ?o }} }}"
    response = sparql.query(query, accept=RESULTS_ACCEPT)
    fmt = pyoxigraph.QueryResultsFormat.from_media_type(response.content_type)
    if fmt is None:
        raise EndpointError(f"cannot read back the graphs: the answer is {response.content_type}")
    found: dict[str, list[pyoxigraph.Triple]] = {t: [] for t in temps}
    try:
        results = pyoxigraph.parse_query_results(response.body, format=fmt)
        if not isinstance(results, pyoxigraph.QuerySolutions):
            raise ValueError("not a table of solutions")
        for row in results:
            g, s, p, o = row[0], row[1], row[2], row[3]
            if not isinstance(g, pyoxigraph.NamedNode) or not isinstance(p, pyoxigraph.NamedNode):
                raise ValueError(f"unexpected row {row}")
            if not isinstance(s, pyoxigraph.NamedNode | pyoxigraph.BlankNode) or o is None:
                raise ValueError(f"unexpected row {row}")
            found[g.value].append(pyoxigraph.Triple(s, p, o))
    except (SyntaxError, ValueError, KeyError) as exc:
        raise EndpointError(f"cannot read back the graphs: {exc}") from None
    return found


def count_graphs(sparql: SparqlClient, graphs: Sequence[str]) -> dict[str, int]:
    """Triples in each of ``graphs`` (0 for an absent one), in ONE query."""
    query = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {_values(graphs)} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?g"
    )
    response = sparql.query(query)
    fmt = pyoxigraph.QueryResultsFormat.from_media_type(response.content_type)
    if fmt is None:
        raise EndpointError(f"cannot read the counts: the answer is {response.content_type}")
    counts = dict.fromkeys(graphs, 0)
    try:
        for row in solutions(pyoxigraph.parse_query_results(response.body, format=fmt)):
            counts[row["g"].value] = int(row["n"].value)
    except (SyntaxError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise EndpointError(f"cannot read the counts: {exc}") from None
    return counts


def _has_blank(triples: Sequence[pyoxigraph.Triple]) -> bool:
    blank = pyoxigraph.BlankNode
    return any(isinstance(t.subject, blank) or isinstance(t.object, blank) for t in triples)


def compare_graph(
    sent: Sequence[pyoxigraph.Triple], found: Sequence[pyoxigraph.Triple]
) -> Comparison:
    """:func:`scokg.stores.exact.compare`, with a shortcut for the common case: when
    neither side has a blank node, RDFC-1.0 relabels nothing, so the canonical lines are
    the sorted distinct N-Triples lines and the two graphs are the same exactly when
    their sets of triples are (pyoxigraph terms compare lexical form, datatype and
    language). Any difference goes through ``compare`` to name the changed terms."""
    if _has_blank(sent) or _has_blank(found):
        return compare(sent, found)
    sent_set, found_set = set(sent), set(found)
    sent_lines = _lines(sent_set)
    if sent_set == found_set:
        digest = fingerprint(sent_lines)
        return Comparison(digest, digest, len(sent_lines), len(sent_lines))
    found_lines = _lines(found_set)
    result = Comparison(
        fingerprint(sent_lines), fingerprint(found_lines), len(sent_lines), len(found_lines)
    )
    result.changes = describe_changes(_lines(sent_set - found_set), _lines(found_set - sent_set))
    return result


def _lines(triples: set[pyoxigraph.Triple]) -> list[str]:
    return sorted(f"{t.subject} {t.predicate} {t.object}" for t in triples)


@contextlib.contextmanager
def _scaled(http: HttpClient, triples: int) -> Iterator[None]:
    """``--timeout`` is per request and per :data:`TIMEOUT_TRIPLES` triples: the requests
    of this path carry the whole project (the one update replacing every graph moves them
    all inside one transaction), so their time grows with the data."""
    base = http.timeout
    http.timeout = base * max(1.0, triples / TIMEOUT_TRIPLES)
    try:
        yield
    finally:
        http.timeout = base


def _chunks(plans: Sequence[GraphPlan], size: int) -> Iterator[list[GraphPlan]]:
    """Consecutive groups of whole graphs of about ``size`` triples (one read-back query
    each, so one answer stays bounded)."""
    chunk: list[GraphPlan] = []
    count = 0
    for plan in plans:
        if chunk and count + plan.triples > size:
            yield chunk
            chunk, count = [], 0
        chunk.append(plan)
        count += plan.triples
    if chunk:
        yield chunk


def load_bulk(
    plans: Sequence[GraphPlan],
    *,
    store_url: str,
    http: HttpClient,
    sparql: SparqlClient,
    size: int,
    temps: dict[str, str],
    accept_changes: bool,
    progress: Progress,
) -> tuple[list[tuple[int, Comparison]], int]:
    """Replace every graph of ``plans`` as the module docstring says; per plan, the count
    found after the replace and the comparison of what was read back; and the number of
    requests the whole load used.

    Raises :class:`ChangedTerms` for a store that changed a term (unless
    ``accept_changes``), :class:`scokg.remote.http.EndpointStatusError` when the POST is
    refused (the caller may fall back to the per-graph path), EndpointError for any other
    failure; in every case no graph was replaced.
    """
    present = [p for p in plans if p.triples]
    temp_list = [temps[p.graph] for p in present]
    for plan in plans:
        progress.start_graph(plan.graph, plan.triples)
    requests = 0
    if temp_list:
        sparql.update(drop_temporaries(temp_list))
        requests += 1
    headers = {"Content-Type": NQUADS_CONTENT_TYPE}
    for body, parts in nquads_requests(present, temps, size):
        with _scaled(http, sum(triples for _, triples in parts)):
            http.send("POST", store_url, body, headers)
        requests += 1
        for graph, triples in parts:
            progress.sent(graph, triples)
    found: dict[str, list[pyoxigraph.Triple]] = {}
    for chunk in _chunks(present, size):
        with _scaled(http, sum(p.triples for p in chunk)):
            found.update(read_graphs(sparql, [temps[p.graph] for p in chunk]))
        requests += 1
    comparisons = {p.graph: compare_graph(p.sent, found[temps[p.graph]]) for p in present}
    changed = [g for g, c in comparisons.items() if not c.exact]
    if changed and not accept_changes:
        sparql.update(drop_temporaries(temp_list))
        raise ChangedTerms(changed[0], comparisons[changed[0]], len(changed) - 1)
    total = sum(p.triples for p in plans)
    with _scaled(http, total):
        sparql.update(
            replace_all([(p.graph, temps[p.graph] if p.triples else None) for p in plans])
        )
        counts = count_graphs(sparql, [p.graph for p in plans])
    requests += 2
    results = []
    for plan in plans:
        comparison = comparisons.get(plan.graph) or compare(plan.sent, [])
        if counts[plan.graph] != comparison.found:
            raise EndpointError(
                f"{plan.graph}: the store holds {counts[plan.graph]} triples after the MOVE, "
                f"{comparison.found} were read back before it",
                hint="another client may have written to the graph at the same time",
            )
        results.append((counts[plan.graph], comparison))
    return results, requests
