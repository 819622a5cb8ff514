"""Hold Ctrl-C back while a few renames swap a finished result into place.

A ``KeyboardInterrupt`` raised between "move the old folder aside" and "move the new one
in" would leave neither in place. Inside :func:`deferred_interrupts` SIGINT and SIGTERM are
blocked; a signal that arrives meanwhile is delivered as soon as the block ends, when the
folder is whole again.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_DEFERRED = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Block SIGINT/SIGTERM for the body (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
