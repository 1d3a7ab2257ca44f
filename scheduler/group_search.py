"""Improve a swept roster a few agents at a time: their rows re-solved together, everyone
else held fixed.

The sweeps (``agent_sweeps``) stop where no agent can do better alone, but many better
rosters need several agents to change at once: one gives up a shift another takes, and
neither may move alone without breaking a minimum or leaving the shift short. CP-SAT's own
neighbourhoods over the whole model find such moves slowly. Here each draw takes a few agents
at random (seeded) and solves the whole model for them alone, with each demand item reduced
by what the others supply. In whole heads that prices their rows exactly, up to a constant:
a head short is short whoever else works, and a head over a met requirement is surplus
whoever else is there. Measured on Curtois instance 12 from the same swept roster, 60 s:
CP-SAT reached 6,462; draws of five agents 4,824 (eighth session; with the seventeenth
session's model, 5,438 from a swept 7,430, where CP-SAT after 9 s of draws reached 5,348).

The evaluator judges each draw on the same few agents' problem (their fairness against the
whole roster's shares), and a draw's rows are kept only when it finds them cheaper. The
search stops at its deadline or budget, or when every agent has been drawn a few times over
since the last gain.

Applies where the reduced demand is exact: a free rotation, coverage counted in whole heads
(no calls, no one part-time on the phones, no training) and no tier rule, which would link
the few to the crews of their shifts, and no re-plan, whose shortfall depends on what was
published.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler import agent_sweeps
from scheduler.agent_prices import Floor, Row
from scheduler.agent_sweeps import (
    SweepStopped,
    Verdict,
    hint_rows,
    read_row,
    roster_of,
    rows_of,
    tally,
)
from scheduler.domain import (
    Agent,
    CoverageRequirement,
    IntervalRequirement,
    Problem,
    Roster,
    RuleFamily,
)
from scheduler.evaluate import CHECKS
from scheduler.fairness import FairGroup, distance_from_shares, fair_groups
from scheduler.limits import UNLIMITED, SearchLimits
from scheduler.model import RosterModel, build_model
from scheduler.model.rules.fairness import duty_term

# Agents per draw: on Curtois 12 (60 agents, 60 s) two reached 6,104, three 5,529, five
# 4,824 and eight 5,889 (their model rarely solved in the limit).
GROUP_SIZE = 5
# Per draw, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 0.5
# Draws per agent (each agent drawn about this often) with no gain before the search stops.
PATIENCE = 3
# Every family but fairness, which the few's problem would share among them alone: each
# agent's distance from the whole roster's shares is added instead.
FAMILIES = [family for family in RuleFamily if family is not RuleFamily.FAIRNESS]


def applies(problem: Problem, size: int = GROUP_SIZE) -> bool:
    """Whether draws of ``size`` agents, their problem with the demand the others leave,
    price their rows exactly."""
    # With no more agents than a draw, one draw would be the whole problem: CP-SAT's work.
    return agent_sweeps.linked_by_heads_alone(problem) and len(problem.agents) > size


def improve(
    problem: Problem,
    roster: Roster,
    limits: SearchLimits = UNLIMITED,
    on_change: Callable[[int], None] | None = None,
    size: int = GROUP_SIZE,
) -> Roster:
    """``roster`` improved by draws of ``size`` agents, for a problem the search ``applies``
    to: at most the ``limits``' budget of draws, drawn with their seed, and none started
    after their deadline. ``on_change`` hears what each kept draw changes the roster's cost by
    (the evaluator's figure, negative). Ctrl-C raises ``SweepStopped`` with the roster
    reached."""
    rows = rows_of(problem, roster)
    floor = Floor(problem, roster_of(rows, roster.training))
    groups = fair_groups(problem) if problem.fairness.weight else []
    draws = Draws(problem, limits, size)
    try:
        while draws.go_on():
            few = draws.random.sample(problem.agents, size)
            for agent in few:
                floor.remove(agent, rows[agent.id])
            found = _best_rows(problem, _alone(problem, few, floor.demand_left()), groups, rows)
            if found is not None:
                better, change = found
                rows.update(better)
                draws.gained()
                if on_change is not None:
                    on_change(change)
            for agent in few:
                floor.add(agent, rows[agent.id])
    except KeyboardInterrupt as stop:
        raise SweepStopped(roster_of(rows, roster.training)) from stop
    return roster_of(rows, roster.training)


class Draws:
    """The draws of a search a few agents at a time, seeded by the limits' seed (``random``):
    at most the limits' budget of them, none started after their deadline, and none once
    every agent they are drawn from (``among``, by default all) has been drawn about
    ``PATIENCE`` times since the last gain (``gained``)."""

    def __init__(
        self, problem: Problem, limits: SearchLimits, size: int, among: int | None = None
    ) -> None:
        self.random = random.Random(limits.seed)
        self._limits = limits
        among = len(problem.agents) if among is None else among
        self._patience = max(1, PATIENCE * among // size)
        self._idle = self._drawn = 0

    def go_on(self) -> bool:
        """Whether to draw again (counted as drawn)."""
        budget, deadline = self._limits.budget, self._limits.deadline
        if self._idle >= self._patience or (budget is not None and self._drawn >= budget):
            return False
        if deadline is not None and time.monotonic() > deadline:
            return False
        self._drawn += 1
        self._idle += 1
        return True

    def gained(self) -> None:
        self._idle = 0


def _alone(
    problem: Problem, few: list[Agent], demand: list[IntervalRequirement | CoverageRequirement]
) -> Problem:
    """The few's own problem: their requests, leave and locks, and the ``demand`` the
    others leave (``Floor.demand_left``)."""
    ids = {agent.id for agent in few}
    return replace(
        problem,
        agents=tuple(few),
        demand=tuple(item for item in demand if isinstance(item, CoverageRequirement)),
        interval_demand=tuple(item for item in demand if isinstance(item, IntervalRequirement)),
        requests=tuple(r for r in problem.requests if r.agent_id in ids),
        leave=tuple(item for item in problem.leave if item.agent_id in ids),
        locks=tuple(lock for lock in problem.locks if lock.agent_id in ids),
        center_queues=problem.queues,
    )


def _best_rows(
    problem: Problem,
    alone: Problem,
    groups: list[FairGroup],
    rows: Mapping[str, Row],
) -> tuple[dict[str, Row], int] | None:
    """The best rows of the agents of ``alone`` (the few's problem) together, with the
    change in the roster's cost, when the evaluator finds them cheaper than their rows now."""
    few = alone.agents
    built = build_model(alone, FAMILIES)
    terms = built.terms + [
        duty_term(built.variables, group, agent.id)
        for agent in few
        for group in groups
        if agent.id in group.members
    ]
    built.minimize(terms)
    now = {agent.id: rows[agent.id] for agent in few}
    found = solve_rows(built, few, now, SOLVE_LIMIT)
    if found is None:
        return None
    before, after = (_verdict(problem, alone, groups, side) for side in (now, found))
    if after >= before:
        return None
    return found, after[1] - before[1]


def solve_rows(
    built: RosterModel, few: Sequence[Agent], now: dict[str, Row], limit: float
) -> dict[str, Row] | None:
    """The ``few``'s rows CP-SAT finds for the model ``built`` of them, hinted with their
    rows ``now``, in ``limit`` deterministic seconds; ``None`` when it finds none or the
    rows they have."""
    hint_rows(built, now)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = limit
    solver.parameters.linearization_level = 2
    # Ctrl-C must reach the caller (who keeps the roster in hand), not end one draw's solve.
    solver.parameters.catch_sigint_signal = False
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    found = {agent.id: read_row(built, solver, agent) for agent in few}
    return None if found == now else found


def _verdict(
    problem: Problem, alone: Problem, groups: list[FairGroup], rows: Mapping[str, Row]
) -> Verdict:
    """The evaluator's verdict on the few's rows: hard violations, then cost, with each
    agent's fairness against the whole roster's shares."""
    roster = roster_of(rows, frozenset())
    fairness = sum(distance_from_shares(problem, roster, groups, agent_id) for agent_id in rows)
    return tally((f for family in FAMILIES for f in CHECKS[family](alone, roster)), 0, fairness)
