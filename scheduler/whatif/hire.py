"""How many agents to hire: the fewest added agents whose roster meets the service target.

A search over sweeps of headcount: each round solves a batch of headcounts side by side (as
many as run in parallel). First the added count doubles (0, 1, 2, 4, ...) until a roster meets
the target in every interval, then the bracket between the last count that failed and the
first that met is split evenly until they are neighbours. Rosters are time-limited solves, so
the curve is not guaranteed monotone; every headcount tried is reported, not only the answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from scheduler.parallel import Engine
from scheduler.solve import SolveOptions
from scheduler.whatif.scenarios import build_scenarios
from scheduler.whatif.sweep import ScenarioResult, run_sweep
from scheduler.whatif.variations import Kind, NewAgents, Tables, Variation


@dataclass(frozen=True)
class HireAnswer:
    added: int | None  # None: no headcount up to the limit met the target
    tried: tuple[tuple[int, ScenarioResult], ...]  # ascending by agents added
    how: str
    note: str
    wall_time: float
    limit: int
    allowed: int  # intervals (or shifts) that may miss the target


RoundListener = Callable[[list[int]], None]


def find_headcount(
    tables: Tables,
    hires: NewAgents,
    name: str,
    options: SolveOptions,
    engine: Engine,
    *,
    target: float | None,
    limit: int,
    batch: int,
    allowed: int = 0,
    holidays_country: str | None = None,
    on_round: RoundListener | None = None,
) -> HireAnswer:
    """``limit`` is the most agents that may be added; ``batch`` how many headcounts are
    solved per round (the parallel width); ``allowed`` intervals (or shifts) may miss the
    target."""
    started = time.monotonic()
    results: dict[int, ScenarioResult] = {}
    how = note = ""

    def solve_round(counts: list[int]) -> None:
        nonlocal how, note
        if on_round is not None:
            on_round(counts)
        variation = Variation("headcount", Kind.HEADCOUNT, "", tuple(f"+{n}" for n in counts))
        scenarios = build_scenarios(tables, [variation], hires, name, holidays_country)
        first = len(results) + 1
        scenarios = [replace(s, number=first + i) for i, s in enumerate(scenarios)]
        sweep = run_sweep(scenarios, options, engine, target=target)
        how, note = sweep.how, sweep.note
        for count, result in zip(counts, sweep.results, strict=True):
            results[count] = result

    def meets(count: int) -> bool:
        figures = results[count].figures
        return figures is not None and figures.meets_target(allowed)

    doubling = [0, *(2**k for k in range(limit.bit_length()) if 2**k <= limit)]
    if doubling[-1] != limit:
        doubling.append(limit)

    def advance(counts: list[int], failed: int) -> tuple[int, int | None]:
        """Solve a round: the last count below the first that meets, and that one."""
        solve_round(counts)
        for count in counts:
            if meets(count):
                return failed, count
            failed = count
        return failed, None

    failed, met = -1, None
    while met is None and doubling:
        counts, doubling = doubling[:batch], doubling[batch:]
        failed, met = advance(counts, failed)
    while met is not None and met - failed > 1:
        inner = sorted({failed + (met - failed) * k // (batch + 1) for k in range(1, batch + 1)})
        counts = [c for c in inner if failed < c < met and c not in results]
        if not counts:
            break
        failed, nearer = advance(counts, failed)
        met = met if nearer is None else nearer
    tried = tuple(sorted(results.items()))
    return HireAnswer(met, tried, how, note, time.monotonic() - started, limit, allowed)
