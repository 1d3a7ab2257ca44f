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

Only for demand counted in whole agents per shift, with nothing else that links an agent's
cost to others' (tier rules, queues, forecasts, training, re-plans, a shared rotation);
otherwise the roster is returned as it was.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.domain import Problem, Roster, RotationMode, RuleFamily, Strength
from scheduler.evaluate import evaluate
from scheduler.fairness import TENTHS, FairGroup, duty_count, fair_groups
from scheduler.model.builder import build_model
from scheduler.model.rules.fairness import duty_term

# The families an agent's cost is made of here: coverage through the residual demand, and
# their own requests and weekends.
OWN_COSTS = (RuleFamily.COVERAGE, RuleFamily.REQUESTS, RuleFamily.SPLIT_WEEKENDS)
# Solves across all sweeps: about 1 s on a 40-agent, 28-day, 5-shift problem.
SOLVE_BUDGET = 200
MAX_SWEEPS = 4
# Per agent solve, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 0.5


def applies(problem: Problem) -> bool:
    """Whether an agent's cost given the others is exactly what ``sweep`` minimises."""
    tiers = problem.tiers
    return (
        not problem.counts_intervals
        and not problem.queues
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
    budget: int = SOLVE_BUDGET,
    deadline: float | None = None,
) -> None:
    """Re-solve ``rows`` in place, agent by agent, for a problem the sweeps ``applies`` to;
    ``alone`` holds each agent's own problem. At most ``budget`` solves, and none started
    after ``deadline`` (``time.monotonic``)."""
    count = Counter((day, code) for row in rows.values() for day, code in enumerate(row) if code)
    # Fair shares are fixed by the problem, not the roster: each agent's distance from theirs
    # is their own cost, priced with the whole roster's groups.
    groups = fair_groups(problem) if problem.fairness.weight else []
    solves = 0
    for _ in range(MAX_SWEEPS):
        changed = False
        for agent in problem.agents:
            if solves >= budget or (deadline is not None and time.monotonic() > deadline):
                return
            solves += 1
            row = rows[agent.id]
            count.subtract((day, code) for day, code in enumerate(row) if code)
            own = _own_problem(problem, alone[agent.id], agent.id, count)
            fairness = [group for group in groups if agent.id in group.members]
            better = _best_row(own, fairness, agent.id, row)
            if better is not None:
                rows[agent.id] = row = better
                changed = True
            count.update((day, code) for day, code in enumerate(row) if code)
        if not changed:
            return


def _own_problem(
    problem: Problem, alone: Problem, agent_id: str, others: Counter[tuple[int, str]]
) -> Problem:
    """The agent's problem with the demand the others leave and the agent's requests."""
    residual = tuple(
        replace(item, required=max(item.required - others[key], 0))
        for key, item in problem.requirements.items()
    )
    requests = tuple(r for r in problem.requests if r.agent_id == agent_id)
    # An agent alone against the residual: a shift the others already over-cover costs its
    # surplus weight, one they leave short saves its shortfall weight, as in the full roster.
    return replace(alone, demand=residual, requests=requests)


def _cost(
    own: Problem, fairness: list[FairGroup], agent_id: str, row: list[str | None]
) -> tuple[int, int]:
    """Hard violations, then the cost the sweep prices, by the evaluator: the families of the
    agent's own problem, and their distance from each fair share of the whole roster."""
    roster = Roster.from_rows({agent_id: row})
    evaluation = evaluate(own, roster)
    costs = evaluation.cost_by_family()
    cost = sum(costs[family] for family in OWN_COSTS)
    weight = own.fairness.weight
    for group in fairness:
        count = duty_count(own, roster, group.category, agent_id)
        cost += weight * abs(TENTHS * count - group.target_tenths(agent_id))
    return len(evaluation.violations), cost


def _best_row(
    own: Problem, fairness: list[FairGroup], agent_id: str, row: list[str | None]
) -> list[str | None] | None:
    """The agent's cheapest row by the model, kept only if the evaluator agrees it is
    cheaper than ``row`` and breaks no more hard rules."""
    families = [f for f in RuleFamily if not f.is_soft or f in OWN_COSTS]
    built = build_model(own, families=families)
    terms = built.terms + [duty_term(built.variables, group, agent_id) for group in fairness]
    built.model.minimize(
        cp_model.LinearExpr.weighted_sum([t.amount for t in terms], [t.weight for t in terms])
    )
    assigned = built.variables.assigned
    for (_, day, code), var in assigned.items():
        built.model.add_hint(var, row[day] == code)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = SOLVE_LIMIT
    # Ctrl-C must reach the caller (who keeps the roster in hand), not end one agent's solve.
    solver.parameters.catch_sigint_signal = False
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = [
        next(
            (s.code for s in own.shifts if solver.boolean_value(assigned[agent_id, day, s.code])),
            None,
        )
        for day in range(own.period.days)
    ]
    better = _cost(own, fairness, agent_id, found) < _cost(own, fairness, agent_id, row)
    return found if better else None
