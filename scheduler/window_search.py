"""Improve a roster a few days at a time: many agents' shifts on a window of days re-solved
together on the whole model, everything else held fixed.

Coverage links agents day by day. Where a roster is short on some days and over on others,
the better roster usually moves many agents a little on the same few days: one gives up an
early shift for a late one, another swaps a day off, a third shifts a block of days, and no
one agent or handful of agents (``agent_sweeps``, ``group_search``) gains alone. CP-SAT's
own neighbourhoods over the whole model find such moves slowly. Here each window frees a
drawn set of agents on a few consecutive days and CP-SAT solves the whole model with every
other decision fixed, so every rule, hard or soft, holds exactly as in the full search (runs
and weekly hours across the window's edges included), on any problem the model states.

Measured from the same 60 s roster of the 100-agent pooled hotline, 60 s more on one core:
windows of 5 days and 50 agents 174,770 -> 170,916, 3 days of all 100 agents 171,009,
7 days of all 100 no gain (sub-solves too large for their limit), 10 days of 20 agents
174,528; CP-SAT's whole search with 8 workers gained about 2,400 in 480 s from a similar
roster. From the 1,000-agent hotline's 60 s roster, 120 s of windows of 5 days and 100
agents: 934,143 -> 923,020. From 60 s rosters of Curtois 9 and 10 it gains 2 in 40 s: on
small rosters CP-SAT's own search has already found what it would.

A window's roster is kept only when the evaluator finds it cheaper and it breaks no hard
rule. The model's hint always holds the best roster found, complete, so CP-SAT's search
after the windows starts from it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from ortools.sat.python import cp_model, cp_model_helper

from scheduler.agent_sweeps import linked_by_heads_alone
from scheduler.domain import Problem, Roster
from scheduler.evaluate import Evaluation, evaluate
from scheduler.model import RosterModel

# Days per window.
WINDOW_DAYS = 5
# Free shift cells per window (agents x days x shift types): the agents drawn are as many as
# fit. On the 100-agent hotline 1,500 cells (50 agents) gained most; 4,200 (all 100 agents
# for 7 days) often found nothing in the limit.
WINDOW_CELLS = 1_500
# Rosters of at most this many cells (agents x days x shift types) leave windows out:
# CP-SAT's own search does better with the time. Curtois 5-11 (up to 8,400 cells), 60 s with
# windows until three quarters of the limit, totalled 14,892 against 14,603 without (9: 547
# against 451); 12 (16,800 cells) gave 5,046 against 5,745.
FEWEST_CELLS = 10_000
# Per window, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 2.0

Listener = Callable[[Roster, Evaluation], None]


def applies(problem: Problem) -> bool:
    """Whether windows are worth CP-SAT's time: rosters above ``FEWEST_CELLS`` whose agents
    are linked by whole heads of coverage alone (``linked_by_heads_alone``: pooled demand, no
    tier rule, no training, no re-plan). On the five-queue hotline with tier rules each
    window took about 6 s, mostly presolving the whole model, and 30 s of windows gained 71
    where CP-SAT's own search gained about 550 in 20 s."""
    return problem.roster_cells > FEWEST_CELLS and linked_by_heads_alone(problem)


def improve(
    problem: Problem,
    built: RosterModel,
    roster: Roster,
    evaluation: Evaluation,
    deadline: float | None,
    windows: int | None = None,
    seed: int = 0,
    on_better: Listener | None = None,
) -> tuple[Roster, Evaluation]:
    """The cheapest roster found by re-solving windows of ``roster`` (which keeps every hard
    rule and is in ``built``'s hint, complete), at most ``windows`` of them and none started
    after ``deadline`` (``time.monotonic``). ``on_better`` hears each roster kept; Ctrl-C
    between windows raises ``KeyboardInterrupt`` after it has heard the best one, so a
    caller that keeps what it heard loses nothing."""
    days = problem.period.days
    span = min(WINDOW_DAYS, days)
    per_agent = span * len(problem.shifts)
    drawn = max(1, min(len(problem.agents), WINDOW_CELLS // max(1, per_agent)))
    agent_ids = [agent.id for agent in problem.agents]
    rng = random.Random(seed)
    proto = built.model.proto
    # Windows in a row without a gain before the search stops: about one over each stretch
    # of days for each share of the agents, so a roster no window improves goes to CP-SAT.
    patience = (days - span + 1) * -(-len(agent_ids) // drawn)
    # Each decision's own domain, read once: every window restores them before the next.
    domains: dict[int, list[int]] = {}
    done = since_gain = 0
    while (
        (windows is None or done < windows)
        and (deadline is None or time.monotonic() < deadline)
        and since_gain < patience
    ):
        done += 1
        since_gain += 1
        first = rng.randrange(days - span + 1)
        free = _cells(set(rng.sample(agent_ids, drawn)), range(first, first + span))
        fixed = [(var.index, int(value)) for var, value in built.decisions(roster, free)]
        for index, value in fixed:
            if index not in domains:
                domains[index] = list(proto.variables[index].domain)
            _set_domain(proto, index, [value, value])
        try:
            solved = _solve(built, deadline, seed + done)
        finally:
            for index, _ in fixed:
                _set_domain(proto, index, domains[index])
        if solved is None or solved.objective_value >= evaluation.total:
            continue
        candidate = built.roster(solved)
        judged = evaluate(problem, candidate)
        if judged.is_feasible and judged.total < evaluation.total:
            roster, evaluation, since_gain = candidate, judged, 0
            built.hint_solution(solved)
            if on_better is not None:
                on_better(roster, evaluation)
    return roster, evaluation


def _cells(agents: set[str], days: range) -> Callable[[str, int], bool]:
    """Whether an (agent, day) lies in the window."""
    return lambda agent_id, day: agent_id in agents and day in days


def _set_domain(proto: cp_model_helper.CpModelProto, index: int, domain: list[int]) -> None:
    values = proto.variables[index].domain
    values.clear()
    values.extend(domain)


def _solve(built: RosterModel, deadline: float | None, seed: int) -> cp_model.CpSolver | None:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = SOLVE_LIMIT
    if deadline is not None:
        solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    solver.parameters.catch_sigint_signal = False  # see solve.interruptible_search
    if solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver
    return None
