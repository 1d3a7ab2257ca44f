"""A stop asked from another thread, passed on to a solve that cannot see it."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator

# How often, in seconds, a watcher looks whether the solve is to be stopped.
WATCH_SECONDS = 0.1


@contextlib.contextmanager
def interrupting(interrupt: Callable[[], None], stopped: Callable[[], bool]) -> Iterator[None]:
    """While the block runs, once ``stopped()`` (a stop asked from another thread, say) calls
    ``interrupt`` (a linear solve's ``InterruptSolve``, CP-SAT's ``stop_search``): a solve in
    this thread would otherwise run its whole limit, which the caller, on its way out, waits
    for. Called again and again once stopped, as a solver forgets an interrupt when its next
    solve starts and the stop may come between two solves. The watcher is joined before the
    block ends, while the solver is sure to be alive."""
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(WATCH_SECONDS):
            if stopped():
                interrupt()

    watcher = threading.Thread(target=watch, name="stop watcher", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()
        watcher.join()
