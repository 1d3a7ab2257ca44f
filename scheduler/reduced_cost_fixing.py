"""Rosters within reach of column generation's bound: the shifts its duals rule out.

At any prices of the demand (the master's duals), every roster costs at least the
Lagrangian bound column generation proves (the demand's least cost less what its supply is
worth, plus each agent's cheapest row at those prices), plus each agent's **excess**: how
much more their own row costs at those prices than their cheapest can. So in a roster that
costs at most T, no agent's excess is above T less the bound, and a shift (or a day off) on
a day whose every row costs more than that above the agent's cheapest is in no such roster.
Ruled out in the whole model, it cuts no roster of cost T or less: reduced-cost fixing, a
staple of integer programming, here with each agent's exact excess from their own model
(their rules, runs and hours) rather than an LP's reduced costs, so it rules out far more.

CP-SAT on the whole model with those shifts ruled out searches only the rosters that can
still cost T or less, with every rule; its own bound over them rises fast where on the whole
model it crawls. The search starts with T at the bound and raises it a unit at a time: a
search that proves its cheapest roster costs more than T proves every roster does, and one
whose cheapest costs at most T has found the optimum.

Measured offline from converged masters (2 cores, 8 CP-SAT workers, no hint): Curtois 5,
bound 1,140.35: at T 1,141 586 of 1,344 options were ruled out and the rest's optimum,
1,148, proven in 5 s; at T 1,142 494, and 1,143 found and proven in 9.5 s (its published
best, optimal). Curtois 6: 1,952 in 0.6 s, then 1,950 proven in 7.2 s; Curtois 7: 1,057 in
4.2 s, then 1,056 proven in 56 s. CP-SAT on the whole of Curtois 5 reached 1,162 in 60 s,
with a bound of 861. The excesses took 9-22 s on one core (one solve of the agent's model
for each shift and day off they do not work in their cheapest row).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.agent_prices import Cell, Row
from scheduler.agent_sweeps import Cheapest, RowModel, cheapest_row
from scheduler.domain import Problem, Roster
from scheduler.model import RosterModel, build_model
from scheduler.settled_search import Patience, patient_solve

# (agent id, day, shift code), the code ``None`` for a day off.
Option = tuple[str, int, str | None]

EPSILON = 1e-6
# Deterministic seconds in which an agent's cheapest row must be proven without the linear
# relaxation for their forced rows to be priced without it too: on Curtois 7 15 of 20 agents
# took at most 0.01 so, in a third to a fifth of the time with it and as exactly; the other
# five were not proven in 0.5, where with it they took 0.01.
LIGHT_LIMIT = 0.05
# Seconds within which a search at a target that proved it too low doubles the next rise:
# Curtois 1's bound is 558 and its optimum 607, each search over its ruled-out shifts
# proving 607 in 0.2 s, 50 of them one unit apart; Curtois 5's take 2-25 s a unit apart.
QUICK_STEP = 1.0


@dataclass(frozen=True)
class Margins:
    """A bound proven on every roster's cost and, per agent, day and option they do not
    take in their cheapest row, the least excess of a row that takes it (infinite where no
    row may)."""

    bound: float
    excess: Mapping[Option, float]

    def ruled_out(self, cost: int) -> list[Option]:
        """The options no roster of at most ``cost`` takes."""
        room = cost - self.bound
        return [option for option, excess in self.excess.items() if excess > room + EPSILON]


@dataclass(frozen=True)
class Priced:
    """An agent's cheapest row at the cells' ``prices`` (duals times the scale, rounded),
    whether it took the linear relaxation to prove, and the seconds it took: each of the
    agent's options is priced alike, in about as long."""

    model: RowModel
    prices: Mapping[Cell, int]
    cheapest: Cheapest
    linear: bool
    seconds: float

    def options(self) -> list[tuple[Option, list[cp_model.LiteralT]]]:
        """Each shift and day off the cheapest row does not take, with the literals that
        force it: a shift's variable, or none of the day's."""
        agent_id = self.model.agent.id
        built = self.model.built
        row = self.cheapest.row
        assert row is not None
        found: list[tuple[Option, list[cp_model.LiteralT]]] = []
        for day, cell in enumerate(row):
            shifts = _shifts(built, agent_id, day)
            taken = None if cell is None else cell[0]
            found += [((agent_id, day, c), [var]) for c, var in shifts.items() if c != taken]
            if shifts and taken is not None:
                found.append(((agent_id, day, None), [var.Not() for var in shifts.values()]))
        return found


def price(
    models: Sequence[RowModel],
    prices: Sequence[Mapping[Cell, int]],
    rows: Mapping[str, Row],
    scale: int,
    threads: int = 1,
) -> list[Priced] | None:
    """Each agent's cheapest row at the cells' ``prices``, hinted with their row in
    ``rows``, in ``threads`` threads; ``None`` when one is not found. Without the linear
    relaxation where the cheapest is proven so in ``LIGHT_LIMIT``."""

    def cheapest(model: RowModel, cell_prices: Mapping[Cell, int]) -> Priced:
        began = time.monotonic()
        row = rows[model.agent.id]
        found = cheapest_row(model, cell_prices, row, scale, linear=False, limit=LIGHT_LIMIT)
        linear = not found.proven
        if linear:
            began = time.monotonic()  # the light solve aside: the options are not tried so
            found = cheapest_row(model, cell_prices, row, scale)
        return Priced(model, cell_prices, found, linear, time.monotonic() - began)

    with ThreadPoolExecutor(threads, thread_name_prefix="margins") as pool:
        priced = list(pool.map(cheapest, models, prices))
    if any(p.cheapest.row is None or not math.isfinite(p.cheapest.bound) for p in priced):
        return None
    return priced


def seconds(priced: Sequence[Priced], threads: int = 1) -> float:
    """About how long ``margins`` takes over ``priced`` in ``threads`` threads."""
    return sum(len(p.options()) * p.seconds for p in priced) / threads


def margins(
    priced: Sequence[Priced],
    least: float,
    scale: int,
    deadline: float,
    threads: int = 1,
    stop: threading.Event | None = None,
) -> Margins | None:
    """Each agent's excesses over their ``priced`` cheapest row, and the bound those prices
    prove (``least``, the demand's part of it, plus each agent's cheapest), in ``threads``
    threads; ``None`` when the ``deadline`` (``time.monotonic``) passes or ``stop`` is set
    first."""

    def excess(agent: Priced) -> dict[Option, float] | None:
        found: dict[Option, float] = {}
        least_cost = agent.cheapest.bound
        row = agent.cheapest.row
        assert row is not None
        for option, literals in agent.options():
            if time.monotonic() > deadline or (stop is not None and stop.is_set()):
                return None
            forced = cheapest_row(
                agent.model, agent.prices, row, scale, assume=literals, linear=agent.linear
            )
            found[option] = (forced.bound - least_cost) / scale
        return found

    bound = least
    for agent in priced:
        # Prices rounded to integers move a row's cost by at most half a unit a day.
        bound += (agent.cheapest.bound - agent.model.own.period.days / 2) / scale
    excesses: dict[Option, float] = {}
    with ThreadPoolExecutor(threads, thread_name_prefix="margins") as pool:
        for found in pool.map(excess, priced):
            if found is None:
                return None
            excesses |= found
    return Margins(bound, excesses)


def search(
    problem: Problem,
    margins: Margins,
    cost: int,
    deadline: float,
    seed: int = 0,
    workers: int = 8,
    stop: threading.Event | None = None,
    on_found: Callable[[int], None] | None = None,
) -> tuple[Roster | None, int]:
    """The cheapest roster found below ``cost`` (that of the roster in hand) with the options
    the ``margins`` rule out at T, T raised from their bound a unit at a time (further after
    quick searches, ``QUICK_STEP``) until it proves the optimum, by the ``deadline``
    (``time.monotonic``) or until ``stop`` is set; ``None`` when it found none cheaper.
    Then the lower bound proven on every roster's cost. CP-SAT runs ``workers`` workers with
    ``seed``; ``on_found`` hears the cost of each roster as it is found, by the model's
    objective (the evaluator's)."""
    lower = math.ceil(margins.bound - EPSILON)
    best: Roster | None = None
    rise = 1  # how far above the bound proven the next target is, plus one
    while lower < cost and time.monotonic() < deadline and not (stop and stop.is_set()):
        target = min(lower + rise - 1, cost - 1)
        began = time.monotonic()
        built = build_model(problem)
        for agent_id, day, code in margins.ruled_out(target):
            if code is None:  # a day off ruled out: they work that day
                built.model.add_bool_or(_shifts(built, agent_id, day).values())
            else:
                built.model.add(built.variables.assigned[agent_id, day, code] == 0)
        # Stopped at a roster that meets the bound proven: nothing is cheaper.
        patience = Patience(lower, on_found, patience=math.inf)
        status, solver = patient_solve(built.model, deadline, seed, workers, patience, stop)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = round(solver.objective_value)
            if found < cost:
                best, cost = built.roster(solver), found
        if status == cp_model.OPTIMAL:
            # The cheapest of the rosters that may cost at most T: the optimum if it does.
            lower = cost if cost <= target else target + 1
        elif status == cp_model.INFEASIBLE:
            lower = target + 1
        elif cost > lower:
            break  # out of time, or stopped
        # A quick proof leaves time for a target further above: a search whose cheapest
        # costs at most T finds the optimum whatever T, only slower the higher it is.
        rise = 2 * rise if time.monotonic() - began < QUICK_STEP else 1
    return best, min(lower, cost)


def _shifts(built: RosterModel, agent_id: str, day: int) -> dict[str, cp_model.IntVar]:
    """The agent's shift variables on ``day`` in ``built``, by shift code: one per shift
    they may work."""
    assigned = built.variables.assigned
    codes = (shift.code for shift in built.variables.problem.shifts)
    return {code: assigned[key] for code in codes if (key := (agent_id, day, code)) in assigned}
