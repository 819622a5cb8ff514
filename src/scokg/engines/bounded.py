"""Run an in-process query under a deadline, interruptible, with its rows streamed.

pyoxigraph evaluates in native code with the GIL released; a single step (``Store.query``
for an aggregate, one ``next()`` of a sorted result) can run for minutes without giving
control back to Python. So the query runs in a worker thread and the caller's thread only
waits on a queue, in short slices: it sees the deadline pass or a Ctrl-C
(``KeyboardInterrupt``) within :data:`POLL` seconds, whatever the worker is doing.

A worker that is stopped is abandoned, not killed (Python cannot kill a thread): it is a
daemon thread, it stops by itself at its next row (a cancel flag), and it dies with the
process in any case, which is what the CLI does next.

Errors: :class:`QueryTimeout` (an :class:`~scokg.errors.EndpointError`, exit 3, like a
remote endpoint's timeout) when the deadline passes; the worker's own exceptions are
raised again in the caller's thread, unchanged.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from scokg.errors import EndpointError

POLL = 0.1  # seconds between two looks at the deadline (and at Ctrl-C)
BATCH = 256  # rows handed over at once
BATCH_SECONDS = 0.05  # ... or after this long, so the first rows come out at once
QUEUE_BATCHES = 8  # batches waiting for the reader at most: memory stays bounded

H = TypeVar("H")
R = TypeVar("R")


class QueryTimeout(EndpointError):
    """The query did not finish within its time limit (``--timeout``)."""


def timeout_error(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query did not finish within {_seconds(seconds)} (--timeout)",
        hint="narrow the query (more specific patterns, a LIMIT) or give it more time "
        "with --timeout S",
    )


def _seconds(value: float) -> str:
    return f"{value:g} s"


class Deadline:
    """A monotonic deadline ``seconds`` from now; ``None`` or ``inf`` means none."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        infinite = seconds is None or math.isinf(seconds)
        self._end = math.inf if infinite else time.monotonic() + float(seconds or 0)

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def check(self) -> None:
        """Raise :class:`QueryTimeout` once the deadline has passed."""
        if self.remaining() <= 0:
            raise timeout_error(self.seconds or 0.0)


_END = object()


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class BoundedRun(Generic[H, R]):
    """``start()`` in a worker thread: it returns a head (e.g. the variables) and the rows.

    :meth:`head` waits for ``start`` to return; :meth:`rows` yields the rows as the worker
    produces them. Both wait at most until ``deadline`` and raise ``KeyboardInterrupt``
    promptly on Ctrl-C. :meth:`cancel` (also called when the row iterator is closed or
    fails) tells the worker to stop at its next row.
    """

    def __init__(self, start: Callable[[], tuple[H, Iterable[R]]], deadline: Deadline) -> None:
        self.deadline = deadline
        self._queue: queue.Queue[object] = queue.Queue(maxsize=QUEUE_BATCHES)
        self._cancelled = threading.Event()
        self._start = start
        self._thread = threading.Thread(target=self._work, name="scokg-query", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancelled.set()

    def _put(self, item: object) -> bool:
        """Hand ``item`` over; False once the reader has gone (cancelled)."""
        while not self._cancelled.is_set():
            try:
                self._queue.put(item, timeout=POLL)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            head, rows = self._start()
            if not self._put(("head", head)):
                return
            batch: list[R] = []
            started = time.monotonic()
            for row in rows:
                if self._cancelled.is_set():
                    return
                if not batch:
                    started = time.monotonic()
                batch.append(row)
                if len(batch) >= BATCH or time.monotonic() - started >= BATCH_SECONDS:
                    if not self._put(batch):
                        return
                    batch = []
            if batch and not self._put(batch):
                return
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, raised there
            self._put(_Failure(exc))

    def _get(self) -> object:
        while True:
            remaining = self.deadline.remaining()
            if remaining <= 0:
                self.cancel()
                self.deadline.check()
            try:
                item = self._queue.get(timeout=min(POLL, max(remaining, 0.001)))
            except queue.Empty:
                continue
            if isinstance(item, _Failure):
                raise item.exc
            return item

    def head(self) -> H:
        """What ``start`` returned first (waits for it, bounded)."""
        try:
            item = self._get()
        except BaseException:
            self.cancel()
            raise
        assert isinstance(item, tuple) and item[0] == "head"
        head: H = item[1]
        return head

    def rows(self) -> Iterator[R]:
        """The rows, as they come (call after :meth:`head`)."""
        try:
            while True:
                item = self._get()
                if item is _END:
                    return
                assert isinstance(item, list)
                yield from item
        finally:
            self.cancel()
