"""A stop asked from another thread reaches a solve that cannot see it, and only a stop does."""

import threading
import time

from scheduler.stopping import WATCH_SECONDS, interrupting


def test_a_stop_interrupts_the_solve_while_the_block_runs_and_only_then() -> None:
    # On the five-queue hotline one linear solve of column generation's master takes 20 s:
    # the solver, stopping on its way out, must not wait for it.
    interrupted: list[int] = []
    stop = threading.Event()
    with interrupting(lambda: interrupted.append(1), stop.is_set):
        time.sleep(3 * WATCH_SECONDS)
        assert not interrupted
        stop.set()
        waited = 0
        while not interrupted and waited < 1000:
            time.sleep(0.01)
            waited += 1
    assert interrupted
    calls = len(interrupted)
    time.sleep(3 * WATCH_SECONDS)
    assert len(interrupted) == calls  # the watcher ended with the block
