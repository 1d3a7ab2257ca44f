"""Improve a constructive roster one agent at a time, each agent's row re-solved exactly.

The constructive passes change one day at a time, and rules such as "work runs of at least
two days" or "17 to 18 shifts in the month" forbid most single-day changes, so a roster they
build can stay far from good (Curtois instance 8: 9,718 against a best known 1,341). Here each
agent in turn gets the best row for them with everyone else held fixed: their own hard rules
as the model states them, and as objective what the roster's cost changes by through them,
which for shift demand is exact: the shortfall and surplus left by the others on each shift
(each shift then needs ``max(required - others, 0)`` from them, at the same weights), their
own requests, and their distance from each fair share (shares are fixed by the problem, so
that distance is theirs alone). A row is kept only when the evaluator finds it cheaper; the
sweeps stop when one changes nothing or the budget of solves is spent.

Intraday demand counted in whole heads is as exact: each interval needs ``max(required -
others, 0)`` of the agent, and since an agent works one shift at a time, what a shift adds
over its intervals is one price per day and shift. Either way the agent's model prices
cells (``_shift_prices``), not demand rows, and the evaluator judges the row on the residual
demand itself.

Only for demand counted in whole agents, pooled, with nothing else that links an agent's cost
to others' (tier rules, queues, call capacity, training, re-plans, a shared rotation);
otherwise the roster is returned as it was.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.domain import (
    IntervalRequirement,
    Problem,
    Roster,
    RotationMode,
    RuleFamily,
    Strength,
)
from scheduler.evaluate import CHECKS, Penalty
from scheduler.fairness import TENTHS, FairGroup, duty_count, fair_groups
from scheduler.model import RosterModel, SoftTerm, build_model
from scheduler.model.rules.fairness import duty_term

# The families an agent's cost is made of here: coverage through the residual demand, and
# their own requests and weekends.
OWN_COSTS = (RuleFamily.COVERAGE, RuleFamily.REQUESTS, RuleFamily.SPLIT_WEEKENDS)
# Sweeps over every agent at most; later sweeps find less and less.
MAX_SWEEPS = 4
# Per agent solve, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 0.5


def applies(problem: Problem) -> bool:
    """Whether an agent's cost given the others is exactly what ``sweep`` minimises."""
    tiers = problem.tiers
    return (
        not problem.queues
        and not problem.counts_phone_time
        and problem.published is None
        and not problem.training
        and tiers.supervision is Strength.OFF
        and tiers.junior_ratio is Strength.OFF
        and (tiers.onboarding is Strength.OFF or all(a.start_date is None for a in problem.agents))
        and all(r.calls is None for r in problem.requirements.values())
        and problem.rotation.mode is RotationMode.FREE
    )


def sweep(
    problem: Problem,
    alone: dict[str, Problem],
    rows: dict[str, list[str | None]],
    budget: int | None = None,
    deadline: float | None = None,
    on_change: Callable[[int], None] | None = None,
) -> None:
    """Re-solve ``rows`` in place, agent by agent, for a problem the sweeps ``applies`` to;
    ``alone`` holds each agent's own problem. At most ``budget`` solves (a tenth of a second or
    less each), and none started after ``deadline`` (``time.monotonic``). ``on_change`` hears
    what each row kept changes the roster's cost by (the evaluator's figure, negative)."""
    count = Counter((day, code) for row in rows.values() for day, code in enumerate(row) if code)
    # Fair shares are fixed by the problem, not the roster: each agent's distance from theirs
    # is their own cost, priced with the whole roster's groups.
    groups = fair_groups(problem) if problem.fairness.weight else []
    covering = [(i, problem.shifts_covering(i)) for i in problem.interval_demand]
    models: dict[str, _RowModel] = {}
    solves = 0
    budget = MAX_SWEEPS * len(problem.agents) if budget is None else budget
    for _ in range(MAX_SWEEPS):
        changed = False
        for agent in problem.agents:
            if solves >= budget or (deadline is not None and time.monotonic() > deadline):
                return
            solves += 1
            row = rows[agent.id]
            count.subtract((day, code) for day, code in enumerate(row) if code)
            if agent.id not in models:
                models[agent.id] = _RowModel.of(problem, alone[agent.id], groups)
            model = models[agent.id]
            found = _best_row(model, _shift_prices(problem, count, covering), row)
            if found != row:
                touched = {*enumerate(row), *enumerate(found)}
                judge = _residual(problem, model.own, count, covering, touched)
                before = _cost(judge, model.fairness, row)
                after = _cost(judge, model.fairness, found)
                if after < before:
                    rows[agent.id] = row = found
                    changed = True
                    if on_change is not None and after[0] == before[0]:
                        on_change(after[1] - before[1])
            count.update((day, code) for day, code in enumerate(row) if code)
        if not changed:
            return


Covering = list[tuple[IntervalRequirement, tuple[tuple[int, str], ...]]]


def _shift_prices(
    problem: Problem, others: Counter[tuple[int, str]], covering: Covering
) -> Counter[tuple[int, str]]:
    """What working each (day, shift) changes the roster's coverage cost by, the others held:
    the shortfall weight saved where they leave someone missing, the surplus weight paid
    where they do not. For intervals, the sum over those the shift covers: exact while the
    agent's own shifts do not overlap, which rest rules see to (and the evaluator judges the
    row on the intervals themselves)."""
    price: Counter[tuple[int, str]] = Counter()
    weights = problem.weights
    for interval, pairs in covering:
        short = interval.required > sum(others[pair] for pair in pairs)
        cost = -weights.under_coverage if short else weights.over_coverage
        for pair in pairs:
            price[pair] += cost
    for key, item in problem.requirements.items():
        short = item.required > others[key]
        price[key] = -problem.under_weight(item) if short else problem.over_weight(item)
    return price


def _residual(
    problem: Problem,
    own: Problem,
    others: Counter[tuple[int, str]],
    covering: Covering,
    cells: set[tuple[int, str | None]],
) -> Problem:
    """The agent's problem with the demand the others leave, where ``cells`` (day, shift)
    work: a row that works only there costs, against it, what it changes the roster's cost
    by, less the same constant for every such row."""
    if covering:
        intervals = tuple(
            replace(item, required=max(item.required - sum(others[p] for p in pairs), 0))
            for item, pairs in covering
            if any(pair in cells for pair in pairs)
        )
        return replace(own, interval_demand=intervals)
    residual = tuple(
        replace(item, required=max(item.required - others[key], 0))
        for key, item in problem.requirements.items()
        if key in cells
    )
    return replace(own, demand=residual)


def _cost(own: Problem, fairness: list[FairGroup], row: list[str | None]) -> tuple[int, int]:
    """Hard violations, then the cost the sweep prices, by the evaluator: the families of the
    agent's own problem, and their distance from each fair share of the whole roster."""
    agent_id = own.agents[0].id
    roster = Roster.from_rows({agent_id: row})
    violations = 0
    cost = 0
    # The whole roster's fairness check would recompute the shares on the agent alone.
    for family in (f for f in RuleFamily if not f.is_soft or f in OWN_COSTS):
        for finding in CHECKS[family](own, roster):
            if isinstance(finding, Penalty):
                cost += finding.cost
            else:
                violations += 1
    weight = own.fairness.weight
    for group in fairness:
        count = duty_count(own, roster, group.category, agent_id)
        cost += weight * abs(TENTHS * count - group.target_tenths(agent_id))
    return violations, cost


@dataclass(frozen=True)
class _RowModel:
    """One agent's problem (with their requests), fair groups and model: their own hard
    rules, requests and weekends as the model states them, and their distance from each fair
    share. Built once; coverage, which changes with the others' rows, is priced anew for
    every solve."""

    own: Problem
    fairness: list[FairGroup]
    built: RosterModel
    terms: list[SoftTerm]

    @classmethod
    def of(cls, problem: Problem, alone: Problem, groups: list[FairGroup]) -> _RowModel:
        agent_id = alone.agents[0].id
        requests = tuple(r for r in problem.requests if r.agent_id == agent_id)
        own = replace(alone, requests=requests)
        fairness = [group for group in groups if agent_id in group.members]
        families = [f for f in RuleFamily if not f.is_soft or f in OWN_COSTS]
        built = build_model(own, families=[f for f in families if f is not RuleFamily.COVERAGE])
        duty = [duty_term(built.variables, group, agent_id) for group in fairness]
        return cls(own, fairness, built, built.terms + duty)


def _best_row(
    row_model: _RowModel, prices: Counter[tuple[int, str]], row: list[str | None]
) -> list[str | None]:
    """The agent's cheapest row by their model with coverage as the shifts' ``prices``, one
    term per cell, starting from ``row`` (kept if the model finds none in its limit)."""
    own = row_model.own
    agent_id = own.agents[0].id
    built, terms = row_model.built, row_model.terms
    assigned = built.variables.assigned
    cells = [(var, prices[day, code]) for (_, day, code), var in assigned.items()]
    built.model.minimize(
        cp_model.LinearExpr.weighted_sum(
            [t.amount for t in terms] + [var for var, _ in cells],
            [t.weight for t in terms] + [price for _, price in cells],
        )
    )
    built.model.clear_hints()
    for (_, day, code), var in assigned.items():
        built.model.add_hint(var, row[day] == code)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = SOLVE_LIMIT
    # One agent's model is small: the LP's cuts find the optimum sooner than probing does
    # (measured on 60 agents of a 200-agent hotline: the same rows, in about half the time).
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    # Ctrl-C must reach the caller (who keeps the roster in hand), not end one agent's solve.
    solver.parameters.catch_sigint_signal = False
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return row
    return [
        next(
            (s.code for s in own.shifts if solver.boolean_value(assigned[agent_id, day, s.code])),
            None,
        )
        for day in range(own.period.days)
    ]
