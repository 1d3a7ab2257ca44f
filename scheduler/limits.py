"""What a local search may spend, and on how many threads: one record handed down from a
solve's options, so that each search a solve runs takes its limits together."""

from __future__ import annotations

from dataclasses import dataclass

# CP-SAT's workers unless the caller says (a solve passes its own): as its own search has
# by default, whose portfolio's neighbourhoods find the settled search's rosters even on
# 2 cores (4 workers there reached only 1,596-1,601 on Curtois 8, where 8 reach 1,305).
WORKERS = 8


@dataclass(frozen=True)
class SearchLimits:
    """A search stops at its ``deadline`` (``time.monotonic``) or after a ``budget`` of
    solves, whichever comes first: ``--deterministic`` gives a budget alone, as solves
    counted do not depend on the machine's load. ``seed`` seeds its draws and CP-SAT's,
    and its CP-SAT solves run at most ``workers`` threads at once: a solve's share of the
    machine (what-if scenarios run side by side, each with its own)."""

    deadline: float | None = None
    budget: int | None = None
    seed: int = 0
    workers: int = WORKERS


# No deadline and no budget: a search that goes on until it is done.
UNLIMITED = SearchLimits()
