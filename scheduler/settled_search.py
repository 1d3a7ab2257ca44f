"""A roster from the shifts column generation's master settles: the whole model solved by
CP-SAT with those cells held fixed and every other cell free.

Once column generation's rounds have converged or tailed off, the master's linear solution
spreads most agents over several rows, yet on most of their days those rows agree: on
Curtois 8, 542 of 840 agent-days have one shift (or a day off) at share one. Fixing those
leaves CP-SAT a search over the days the relaxation is unsure of, with every rule of the
whole model, and it finds rosters that the dive (fixing whole rows, one agent after another)
and the group draws (five agents at random) do not (the relaxation-induced neighbourhood of
mixed-integer programming, here from the master's rows). Measured from converged masters,
2 cores, 8 workers, no hint: Curtois 8 1,302-1,404 in 25-45 s where the dive reached
1,401-1,507 in 28 s; 10 its optimum 4,631 in 3 s; 12 4,242 in 15 s where the draws reached
5,041; 5 and 6 solved their fixed space in under 2 s at 1,149 and 1,952, a little above
their best (1,143, 1,950), which the dive and the draws after it then look for.

The roster is the model's; the caller's evaluator judges it against the others in hand.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

from ortools.sat.python import cp_model

from scheduler.domain import Problem, Roster
from scheduler.limits import WORKERS
from scheduler.model import RosterModel, build_model
from scheduler.stopping import interrupting

# Seconds without a cheaper roster after which the search gives the rest of the time back
# (Curtois 8: 1,305 after 12.6 s, 1,302 only after 37.5 s).
PATIENCE = 10.0
# The share of the time left that the heaviest terms may take alone (``_heaviest_first``),
# and the seconds without a roster less heavy after which they give the rest back.
HEAVIEST_SHARE = 0.3
HEAVIEST_PATIENCE = 4.0

# (agent id, day) -> the shift code settled, or ``None`` for a day off.
Settled = Mapping[tuple[str, int], str | None]


class Patience(cp_model.CpSolverSolutionCallback):
    """Hears each cheaper roster the search finds, for ``idle`` and ``on_found`` (its cost,
    from CP-SAT's thread), and stops the search at one that costs no more than ``enough``."""

    def __init__(
        self,
        enough: int | None,
        on_found: Callable[[int], None] | None = None,
        patience: float | None = None,
    ) -> None:
        super().__init__()
        self.enough = enough
        self.on_found = on_found
        self.patience = PATIENCE if patience is None else patience
        self.last: float | None = None

    def on_solution_callback(self) -> None:
        self.last = time.monotonic()
        if self.on_found is not None:
            self.on_found(round(self.objective_value))
        if self.enough is not None and self.objective_value <= self.enough:
            self.stop_search()

    def idle(self) -> bool:
        """Whether ``patience`` seconds (``PATIENCE`` unless given) have passed since the
        last roster (none before the first: the deadline alone bounds that wait)."""
        return self.last is not None and time.monotonic() - self.last > self.patience


def improve(
    problem: Problem,
    settled: Settled,
    deadline: float,
    seed: int = 0,
    stop: threading.Event | None = None,
    enough: int | None = None,
    workers: int = WORKERS,
    on_found: Callable[[int], None] | None = None,
) -> Roster | None:
    """The cheapest roster CP-SAT finds with the ``settled`` cells fixed, by the
    ``deadline`` (``time.monotonic``), ``PATIENCE`` seconds after its last cheaper roster,
    when ``stop`` is set, or at a roster that costs no more than ``enough`` (a bound proven
    on every roster: Curtois 11 found its optimum, then searched on until its patience ran
    out); ``None`` when it finds none. CP-SAT runs ``workers`` workers; ``on_found`` hears
    the cost of each roster as it is found, by the model's objective (the evaluator's,
    which judges the roster returned)."""
    if time.monotonic() >= deadline:
        return None
    built = build_model(problem)
    variables = built.variables
    for (agent_id, day, code), var in variables.assigned.items():
        if (agent_id, day) in settled:
            built.model.add(var == int(settled[agent_id, day] == code))
    _heaviest_first(built, deadline, seed, stop, workers)
    patience = Patience(enough, on_found)
    status, solver = patient_solve(built.model, deadline, seed, workers, patience, stop)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return built.roster(solver)


def _heaviest_first(
    built: RosterModel, deadline: float, seed: int, stop: threading.Event | None, workers: int
) -> None:
    """Hint ``built`` with the roster that minimises its heaviest terms alone (in every
    weighting the tool ships, heads short of the demand) where CP-SAT proves that least
    within ``HEAVIEST_SHARE`` of the time left and ``HEAVIEST_PATIENCE`` of its last
    roster less heavy; then restore the whole cost as its objective.

    Searched with the whole cost at once, CP-SAT climbs down one head short at a time, its
    steps of 100 blurred by requests worth 1 to 3: from the same master of Curtois 8 it
    stalled one head short (1,395-1,405) in 6 of 8 runs, for the last 10-20 s of 30-35 s.
    The heaviest terms alone are a smaller problem to CP-SAT there, whose bound proves
    their least (12 heads) in 5-9 s, its rosters less heavy at most 3.3 s apart; the whole
    search, started from that roster, then reached 1,304-1,314 in 7 of 7 runs. Not so on
    Curtois 9: their least (4 heads) is as hard to find as the whole cost's and not proven
    in 19 s, and started from 5 heads short the whole search ended 100 dearer in 3 of 5
    solves, where alone it finds 4 heads: an unproven least does not hint it. A hint, not a
    cap: a roster one head shorter that keeps more requests stays open to the search."""
    heaviest = max((term.weight for term in built.terms), default=0)
    terms = [term for term in built.terms if term.weight == heaviest]
    if len(terms) == len(built.terms):
        return  # one weight throughout: the whole cost is the same search
    built.minimize(terms)
    limit = time.monotonic() + HEAVIEST_SHARE * (deadline - time.monotonic())
    patience = Patience(None, patience=HEAVIEST_PATIENCE)
    status, solver = patient_solve(built.model, limit, seed, workers, patience, stop)
    if status == cp_model.OPTIMAL:
        built.hint_solution(solver)
    built.minimize()


def patient_solve(
    model: cp_model.CpModel,
    deadline: float,
    seed: int,
    workers: int,
    patience: Patience,
    stop: threading.Event | None,
) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    """CP-SAT on ``model`` with ``workers`` workers until the ``deadline``
    (``time.monotonic``), until ``patience`` runs out, or when ``stop`` is set; its status
    and the solver, whose values are the best solution's."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    solver.parameters.catch_sigint_signal = False  # the caller's stop ends it

    def stopped() -> bool:
        return patience.idle() or (stop is not None and stop.is_set())

    with interrupting(solver.stop_search, stopped):
        status = solver.solve(model, patience)
    return status, solver
