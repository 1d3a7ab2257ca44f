"""Improve a constructive roster one agent at a time, each agent's row re-solved exactly.

The constructive passes change one day at a time, and rules such as "work runs of at least
two days" or "17 to 18 shifts in the month" forbid most single-day changes, so a roster they
build can stay far from good (Curtois instance 8: 9,718 against a best known 1,341). Here each
agent in turn gets the best row for them with everyone else held fixed: their own hard rules
as the model states them, and as objective what the roster's cost changes by through them,
which for shift demand is exact: the shortfall and surplus left by the others on each shift
(each shift then needs ``max(required - others, 0)`` from them, at the same weights) plus
their own requests. A row is kept only when the evaluator, on that agent alone, finds it
cheaper; the sweeps stop when one changes nothing or the budget of solves is spent.

Only for demand counted in whole agents per shift, with nothing that links an agent's cost
to others' beyond coverage (fairness shares, tier rules, queues, re-plans); otherwise the
roster is returned as it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.domain import Problem, Roster, RotationMode, RuleFamily, Strength
from scheduler.evaluate import evaluate
from scheduler.model.builder import build_model

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
        and (problem.fairness.weight == 0 or not problem.fairness.categories)
        and tiers.supervision is Strength.OFF
        and tiers.junior_ratio is Strength.OFF
        and (tiers.onboarding is Strength.OFF or all(a.start_date is None for a in problem.agents))
        and all(r.calls is None for r in problem.requirements.values())
        and problem.rotation.mode is RotationMode.FREE
    )


def sweep(problem: Problem, alone: dict[str, Problem], rows: dict[str, list[str | None]]) -> None:
    """Re-solve ``rows`` in place, agent by agent; ``alone`` holds each agent's own problem."""
    if not applies(problem):
        return
    count = Counter((day, code) for row in rows.values() for day, code in enumerate(row) if code)
    solves = 0
    for _ in range(MAX_SWEEPS):
        changed = False
        for agent in problem.agents:
            if solves >= SOLVE_BUDGET:
                return
            solves += 1
            row = rows[agent.id]
            count.subtract((day, code) for day, code in enumerate(row) if code)
            own = _own_problem(problem, alone[agent.id], agent.id, count)
            better = _best_row(own, agent.id, row)
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


def _cost(own: Problem, agent_id: str, row: list[str | None]) -> tuple[int, int]:
    """Hard violations, then the cost of the families the sweep prices, by the evaluator."""
    evaluation = evaluate(own, Roster.from_rows({agent_id: row}))
    costs = evaluation.cost_by_family()
    return len(evaluation.violations), sum(costs[family] for family in OWN_COSTS)


def _best_row(own: Problem, agent_id: str, row: list[str | None]) -> list[str | None] | None:
    """The agent's cheapest row by the model, kept only if the evaluator agrees it is
    cheaper than ``row`` and breaks no more hard rules."""
    families = [f for f in RuleFamily if not f.is_soft or f in OWN_COSTS]
    built = build_model(own, families=families)
    assigned = built.variables.assigned
    for (_, day, code), var in assigned.items():
        built.model.add_hint(var, row[day] == code)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = SOLVE_LIMIT
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = [
        next(
            (s.code for s in own.shifts if solver.boolean_value(assigned[agent_id, day, s.code])),
            None,
        )
        for day in range(own.period.days)
    ]
    return found if _cost(own, agent_id, found) < _cost(own, agent_id, row) else None
