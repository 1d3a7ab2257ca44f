"""Improve a roster a few agents who share a queue at a time, where agents are linked beyond
whole heads (tier rules, QA and trainers part-time on the phones, training, calls, re-plans).

The sweeps (``agent_sweeps``) stop where no agent gains alone, and the day search
(``day_search``) moves shifts within a day, who works held fixed. Neither finds the trades of
working days between agents: one gives up a Tuesday another takes, each move alone leaving a
day short and another over. The group draws (``group_search``) find them where coverage in
whole heads is all that links agents, by solving the few's own problem with the demand the
others leave. Beyond heads that problem would be wrong (half a head short rounds up, a
shift's supervision depends on its whole crew), so here the few's rows are solved in one
model of their own rules and costs, with coverage counted as the rule counts it
(hundredths of a head, shortfall rounded up and surplus down) against what the others supply,
and each shift's tier rules priced for each of the few against the others' crew (two of the
few joining the same crew are priced apart: the evaluator judges the sum).

The agents are drawn at random (seeded): the first from all, the others among those who share
a skill with them, whose rows trade coverage; without skills, from all. The evaluator judges
the whole roster after each draw, and the few's new rows are kept only when it is cheaper
and breaks no hard rule. On the five-queue hotline, from the 132,940 the sweeps and the day
search reached in 120 s, draws of three gained 1,267 in 120 s more (131,673), where more day
passes with sweeps between them gained 1,074 (131,866): the draws follow the day passes once
those stop gaining or have had their rounds (``heuristic.DAY_ROUNDS``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.agent_prices import Floor, Row
from scheduler.agent_sweeps import (
    OWN_FAMILIES,
    SweepStopped,
    applies,
    hold_sessions,
    linked_by_heads_alone,
    roster_of,
    rows_of,
)
from scheduler.day_search import coverage_costs
from scheduler.domain import Agent, Problem, Roster
from scheduler.evaluate import evaluate
from scheduler.fairness import FairGroup, fair_groups
from scheduler.group_search import Draws, solve_rows
from scheduler.limits import UNLIMITED, SearchLimits
from scheduler.model import build_model
from scheduler.model.rules.fairness import duty_term

# Agents per draw: their model holds every demand item they serve over the whole period.
CREW_SIZE = 3
# Per draw, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 0.5


def applies_to(problem: Problem, size: int = CREW_SIZE) -> bool:
    """Whether the draws apply: agents linked beyond whole heads (else ``group_search``),
    in a free rotation, more of them than a draw."""
    return applies(problem) and not linked_by_heads_alone(problem) and len(problem.agents) > size


def improve(
    problem: Problem,
    roster: Roster,
    limits: SearchLimits = UNLIMITED,
    on_change: Callable[[int], None] | None = None,
    size: int = CREW_SIZE,
) -> Roster:
    """``roster`` improved by draws of ``size`` agents: at most the ``limits``' budget of
    draws, drawn with their seed, none started after their deadline; the search stops when
    every agent has been drawn a few times over since the last gain (``Draws``). ``on_change``
    hears what each kept draw changes the roster's cost by (the evaluator's figure,
    negative). Ctrl-C raises ``SweepStopped`` with the roster reached.

    In a re-plan each draw starts from an agent whose row differs from the published one
    (``_moved``), and the patience counts those alone: the published roster had the draws
    of its own solve, so the trades left are those around what the change moved. Drawn
    from all, 60 draws found nothing on the bundled example's sick call and took 3 of the
    re-plan's 6 seconds; on the skilled example's (60 s), 95 draws took 42 s to gain 12,
    and the roster ended at 130,663 with 13 cells changed, against 129,799 with 9 from
    the 6 draws around the moved agents (3 s)."""
    rows = rows_of(problem, roster)
    floor = Floor(problem, roster_of(rows, roster.training))
    groups = fair_groups(problem) if problem.fairness.weight else []
    first = _moved(problem, roster)
    if not first:
        return roster
    draws = Draws(problem, limits, size, len(first))
    try:
        evaluation = evaluate(problem, roster)
        if not evaluation.is_feasible:
            return roster
        while draws.go_on():
            few = _kindred(problem, first, draws.random, size)
            for agent in few:
                floor.remove(agent, rows[agent.id])
            found = _best_rows(problem, floor, rows, few, groups, roster.training)
            if found is not None:
                judged = evaluate(problem, roster_of({**rows, **found}, roster.training))
                if judged.is_feasible and judged.total < evaluation.total:
                    if on_change is not None:
                        on_change(judged.total - evaluation.total)
                    rows.update(found)
                    evaluation = judged
                    draws.gained()
            for agent in few:
                floor.add(agent, rows[agent.id])
    except KeyboardInterrupt as stop:
        raise SweepStopped(roster_of(rows, roster.training)) from stop
    return roster_of(rows, roster.training)


def _moved(problem: Problem, roster: Roster) -> tuple[Agent, ...]:
    """The agents a draw may start from: all, or in a re-plan those whose row in ``roster``
    differs from the published roster (an absence, a new agent, a move)."""
    published = problem.published
    if published is None:
        return problem.agents
    days = range(problem.period.days)
    return tuple(
        agent
        for agent in problem.agents
        if any(roster.shift_of(agent.id, day) != published.shift_of(agent.id, day) for day in days)
    )


def _kindred(
    problem: Problem, first_among: tuple[Agent, ...], draw: random.Random, size: int
) -> list[Agent]:
    """An agent drawn from ``first_among``, and ``size - 1`` more among all those sharing a
    skill with them (from all where too few do)."""
    first = draw.choice(first_among)
    others = [agent for agent in problem.agents if agent is not first]
    kin = [agent for agent in others if agent.skills & first.skills]
    return [first, *draw.sample(kin if len(kin) >= size - 1 else others, size - 1)]


def _best_rows(
    problem: Problem,
    floor: Floor,
    rows: Mapping[str, Row],
    few: list[Agent],
    groups: list[FairGroup],
    training: frozenset[tuple[str, str]],
) -> dict[str, Row] | None:
    """The few's best rows together, the others as the ``floor`` (without the few) holds
    them, or ``None`` when CP-SAT finds none in its limit or the rows they have."""
    ids = {agent.id for agent in few}
    own = replace(
        problem,
        agents=tuple(few),
        demand=(),
        interval_demand=(),
        requests=tuple(r for r in problem.requests if r.agent_id in ids),
        leave=tuple(item for item in problem.leave if item.agent_id in ids),
        locks=tuple(lock for lock in problem.locks if lock.agent_id in ids),
        training=(),  # seats stay as the roster has them (``hold_sessions``)
        center_queues=problem.queues,
    )
    built = build_model(own, families=OWN_FAMILIES)
    variables, model = built.variables, built.model
    costs: list[tuple[cp_model.LinearExprT, int]] = [(t.amount, t.weight) for t in built.terms]
    supply: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    for agent in few:
        hold_sessions(problem, own, built, agent, training)
        for group in groups:
            if agent.id in group.members:
                duty = duty_term(variables, group, agent.id)
                costs.append((duty.amount, duty.weight))
        for day in range(problem.period.days):
            for shift in problem.shifts:
                works = variables.assigned.get((agent.id, day, shift.code))
                if works is None:
                    continue
                if tiers := floor.tier_price(agent, day, shift.code):
                    costs.append((works, tiers))
                for queue in floor.queues_of(agent):
                    serves = (
                        works
                        if queue is None
                        else variables.serves.get((agent.id, day, shift.code, queue))
                    )
                    if serves is None:
                        continue
                    for index, units in floor.units_at(agent, (day, shift.code, queue)):
                        supply.setdefault(index, []).append((serves, units))
    costs += coverage_costs(model, floor, supply)
    model.minimize(cp_model.LinearExpr.weighted_sum([c for c, _ in costs], [w for _, w in costs]))
    return solve_rows(built, few, {agent.id: rows[agent.id] for agent in few}, SOLVE_LIMIT)
