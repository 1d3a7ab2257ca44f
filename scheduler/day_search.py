"""Improve a roster one day at a time: the shift and queue of every agent at work that day
re-solved together, who works and every other day held fixed.

The sweeps (``agent_sweeps``) re-solve one agent's row against the others, and stop where no
agent gains alone. Where a day is over at noon and short in the late afternoon, the better
roster moves many agents an hour or two later on the same day: each move alone leaves the
morning short, and only the chain gains. On the five-queue hotline the swept roster was
short 29,000 against the coverage relaxation's 18,650, most of it on weekday afternoons and
evenings, with surplus at noon. The window search that moves whole days on the full model
does not apply there (a window took 6 s, mostly presolving the whole model).

A day's model is small and exact where it matters: the agents at work that day (their days
off, and every other day, fixed), each choosing a shift their rest allows beside the days
around it and a queue they serve; coverage of every demand item a shift of that day serves,
counted as the coverage rule counts it (hundredths of a head, shortfall rounded up, surplus
down) with what the others supply; the tier rules of each of that day's shifts, whose crews
are all in the model; requests, queue fit, each agent's distance from their fair shares
and, in a re-plan, changes from the published roster. The evaluator judges every day's
roster: it is kept only when the whole roster is cheaper and breaks no hard rule (rules
over weeks, such as late shifts a week, are left to it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from ortools.sat.python import cp_model

from scheduler.agent_prices import Floor, Row
from scheduler.agent_sweeps import SweepStopped, applies, roster_of, rows_of
from scheduler.domain import (
    SUPERVISING_TIERS,
    Agent,
    Problem,
    RequestKind,
    Roster,
    ShiftRequest,
    Strength,
    Tier,
)
from scheduler.evaluate import evaluate
from scheduler.fairness import TENTHS, FairGroup, counts_as, fair_groups
from scheduler.limits import UNLIMITED, SearchLimits

# Per day, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 1.0
# A day's solve counts as this many of the sweeps' solves against a budget of them.
DAY_SOLVES = 10
# Solves of a day again, the agents whose new shifts broke a rule over weeks kept.
RETRIES = 2
# Days solved at once, in threads (CP-SAT leaves Python's lock while it solves): on the
# five-queue hotline a pass from the swept 145,905 took 33.5 s to 136,833 two at a time,
# against 49.3 s to 137,186 one at a time.
DAYS_AT_ONCE = 2


def improve(
    problem: Problem,
    roster: Roster,
    limits: SearchLimits = UNLIMITED,
    on_change: Callable[[int], None] | None = None,
    passes: int = 1,
) -> Roster:
    """``roster`` with each day re-solved in turn, for a problem the sweeps ``applies`` to:
    at most ``passes`` passes over the period (a pass without a gain ends the search), the
    ``limits``' budget of sweep solves' worth of days (``DAY_SOLVES`` each), none started
    after their deadline. Up to ``DAYS_AT_ONCE`` days far apart (``_spread``) are solved at
    once, as the limits' workers allow, each against the same roster, and judged in turn:
    a day's new shifts are kept on the roster the days before it in the batch left.
    ``on_change`` hears what each day kept changes the roster's cost by (the evaluator's
    figure, negative). Ctrl-C raises ``SweepStopped`` with the roster reached."""
    if not applies(problem):
        return roster
    days = problem.period.days
    most = passes * days
    if limits.budget is not None:
        most = min(most, limits.budget // DAY_SOLVES)
    deadline = limits.deadline
    # Two days at once only where they can be kept apart (``_spread``).
    at_once = max(1, min(DAYS_AT_ONCE, limits.workers, days // 2))
    solved = 0
    try:
        evaluation = evaluate(problem, roster)
        if not evaluation.is_feasible:
            return roster
        requests: dict[tuple[str, int], list[ShiftRequest]] = {}
        for request in problem.requests:
            if request.shift is not None:
                requests.setdefault((request.agent_id, request.day), []).append(request)
        groups = fair_groups(problem) if problem.fairness.weight else []
        with ThreadPoolExecutor(at_once, thread_name_prefix="day search") as pool:
            for _ in range(passes):
                gained = False
                for batch in _spread(days, at_once):
                    if solved >= most or (deadline is not None and time.monotonic() > deadline):
                        return roster
                    batch = batch[: most - solved]
                    solved += len(batch)
                    solves = [
                        pool.submit(_best_day, problem, roster, day, requests, groups)
                        for day in batch
                    ]
                    for day, solve in zip(batch, solves, strict=True):
                        found = solve.result()
                        kept: set[str] = set()
                        for _ in range(RETRIES + 1):
                            if found is None:
                                break
                            trial = _with_day(roster, found, day)
                            if trial == roster:
                                break
                            judged = evaluate(problem, trial)
                            if judged.is_feasible:
                                if judged.total < evaluation.total:
                                    if on_change is not None:
                                        on_change(judged.total - evaluation.total)
                                    roster, evaluation, gained = trial, judged, True
                                break
                            # A rule over weeks an agent's new shift breaks: they keep theirs.
                            offenders = {v.agent_id for v in judged.violations if v.agent_id}
                            if not offenders - kept:
                                break
                            kept |= offenders
                            found = _best_day(problem, roster, day, requests, groups, kept)
                if not gained:
                    break
    except KeyboardInterrupt as stop:
        raise SweepStopped(roster) from stop
    return roster


def _spread(days: int, at_once: int) -> list[list[int]]:
    """The days in batches solved together, each of at most ``at_once`` days (at most half
    the ``days``) ``days / at_once`` apart: never neighbours, as a shift's rest and a night's
    next morning link a day to the days beside it. Days further apart are linked only by
    each agent's counts over weeks and the period (fair shares, late shifts a week), which
    the evaluator judges as each day is kept. One at a time, in the period's order."""
    stride = -(-days // at_once)
    return [list(range(start, days, stride)) for start in range(stride)]


def _with_day(roster: Roster, found: Roster, day: int) -> Roster:
    """``roster`` with ``found``'s shifts and queues on ``day``."""
    kept = {a for a in roster.assignments if a.day != day}
    return replace(
        roster, assignments=frozenset(kept | {a for a in found.assignments if a.day == day})
    )


def _best_day(
    problem: Problem,
    roster: Roster,
    day: int,
    requests: dict[tuple[str, int], list[ShiftRequest]],
    groups: list[FairGroup],
    kept: set[str] | frozenset[str] = frozenset(),
) -> Roster | None:
    """The roster with the day's shifts and queues re-solved, the ``kept`` agents' as they
    are, or ``None`` when CP-SAT finds nothing in its limit. ``groups`` are the whole
    roster's fair groups."""
    rows = rows_of(problem, roster)
    floor = Floor(problem, roster_of(rows, roster.training))
    at_work = [a for a in problem.agents if rows[a.id][day] is not None]
    locked = {lock.agent_id for lock in problem.locks if lock.day == day} | kept
    model = cp_model.CpModel()
    choices: dict[str, list[tuple[str, str | None, cp_model.IntVar]]] = {}
    costs: list[tuple[cp_model.LinearExprT, int]] = []
    supply: dict[int, list[tuple[cp_model.IntVar, int]]] = {}
    for agent in at_work:
        row = rows[agent.id]
        current = row[day]
        assert current is not None
        floor.remove(agent, _only(row, day))
        cells = (
            [current]
            if agent.id in locked
            else [
                (code, queue)
                for code in _shifts(problem, agent, row, day, roster.training)
                for queue in floor.queues_of(agent)
            ]
        )
        if current not in cells:
            cells.append(current)
        picks = []
        fairness = _fairness(problem, agent, row, day, groups)
        for code, queue in cells:
            pick = model.new_bool_var("")
            model.add_hint(pick, (code, queue) == current)
            picks.append((code, queue, pick))
            cost = _own_cost(problem, agent, day, code, queue, requests.get((agent.id, day), []))
            cost += fairness(code)
            if cost:
                costs.append((pick, cost))
            for index, units in floor.units_at(agent, (day, code, queue)):
                supply.setdefault(index, []).append((pick, units))
        model.add_exactly_one(pick for _, _, pick in picks)
        choices[agent.id] = picks
    costs += coverage_costs(model, floor, supply)
    costs += _tier_costs(problem, model, at_work, choices, day)
    model.minimize(cp_model.LinearExpr.weighted_sum([c for c, _ in costs], [w for _, w in costs]))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = SOLVE_LIMIT
    # The LP's cuts find cheaper days within the limit, and probing in presolve takes time
    # they use better: a pass from the swept 145,905 reached 136,233 against 136,833 with
    # the defaults, and from 138,207 135,363 against 135,632 (five-queue hotline).
    solver.parameters.linearization_level = 2
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.catch_sigint_signal = False
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    for agent in at_work:
        for code, queue, pick in choices[agent.id]:
            if solver.boolean_value(pick):
                rows[agent.id][day] = (code, queue)
    return roster_of(rows, roster.training)


def coverage_costs(
    model: cp_model.CpModel,
    floor: Floor,
    supply: dict[int, list[tuple[cp_model.IntVar, int]]],
) -> list[tuple[cp_model.LinearExprT, int]]:
    """Each demand item's shortfall and surplus, weighted, over what the others on the
    ``floor`` supply and the ``supply`` a model's literals add (per item's index: a literal
    and the units it adds), counted as the coverage rule counts them: in the item's units,
    shortfall rounded up, surplus down."""
    costs: list[tuple[cp_model.LinearExprT, int]] = []
    for index, terms in supply.items():
        demand, others = floor.item(index), floor.supplied(index)
        total = others + cp_model.LinearExpr.weighted_sum(
            [literal for literal, _ in terms], [units for _, units in terms]
        )
        most = others + sum(units for _, units in terms)
        short = model.new_int_var(0, max(demand.priced, 0) // demand.unit + 1, "")
        spare = model.new_int_var(0, most // demand.unit + 1, "")
        model.add(demand.unit * short >= demand.priced - total)
        model.add(demand.unit * spare >= total - demand.required - (demand.unit - 1))
        costs += [(short, demand.under), (spare, demand.over)]
    return costs


def _only(row: Row, day: int) -> Row:
    return [cell if d == day else None for d, cell in enumerate(row)]


def _shifts(
    problem: Problem, agent: Agent, row: Row, day: int, training: frozenset[tuple[str, str]]
) -> list[str]:
    """The shifts the agent may work on ``day`` beside their shifts the days around it:
    allowed, rested, no forbidden succession, and holding their training session that day.
    (Rules over weeks, such as late shifts a week, are the evaluator's to judge.)"""
    rest = problem.contract_of(agent).min_rest_minutes
    by_code = problem.shift_by_code
    fits = set(agent.allowed_shifts)
    for session in problem.sessions_by_day.get(day, ()):
        if agent.id in session.attendees or (agent.id, session.name) in training:
            fits &= problem.session_shifts(session)
    before = by_code[cell[0]] if day and (cell := row[day - 1]) else None
    if day == 0 and agent.last_shift_before in by_code:
        before = by_code[agent.last_shift_before]
    after = by_code[cell[0]] if day + 1 < len(row) and (cell := row[day + 1]) else None
    return [
        code
        for code in sorted(fits)
        if (before is None or problem.may_follow(day - 1, before, day, by_code[code], rest))
        and (after is None or problem.may_follow(day, by_code[code], day + 1, after, rest))
    ]


def _fairness(
    problem: Problem, agent: Agent, row: Row, day: int, groups: list[FairGroup]
) -> Callable[[str], int]:
    """What the fairness rule charges the agent working each shift on ``day``, their other
    days as they are (``fairness.distance_from_shares``, counted from their row)."""
    weight = problem.fairness.weight
    duties = []
    for group in groups:
        if agent.id not in group.members:
            continue
        others = sum(
            counts_as(problem, group.category, other, cell[0])
            for other, cell in enumerate(row)
            if cell is not None and other != day
        )
        duties.append((group.category, others, group.target_tenths(agent.id)))

    def cost(code: str) -> int:
        return sum(
            weight * abs(TENTHS * (others + counts_as(problem, category, day, code)) - target)
            for category, others, target in duties
        )

    return cost


def _own_cost(
    problem: Problem,
    agent: Agent,
    day: int,
    code: str,
    queue: str | None,
    requests: list[ShiftRequest],
) -> int:
    """The agent's shift ``requests`` of the day, queue fit and, in a re-plan, the change
    from the published shift, working ``code`` on ``queue`` on ``day``."""
    cost = 0
    for request in requests:
        if (request.kind is RequestKind.WANT) != (request.shift == code):
            cost += request.weight
    published = problem.published
    if published is not None and agent.id not in problem.unpublished_agents:
        was = published.shift_of(agent.id, day)
        if was != code:
            cost += problem.change_weight(day, was, code)
    if queue is not None and problem.weights.queue_fit:
        cost += problem.weights.queue_fit * agent.levels_short(queue)
    return cost


def _tier_costs(
    problem: Problem,
    model: cp_model.CpModel,
    at_work: list[Agent],
    choices: dict[str, list[tuple[str, str | None, cp_model.IntVar]]],
    day: int,
) -> list[tuple[cp_model.LinearExprT, int]]:
    """Each of the day's shifts' tier rules, priced as the rules price them (hard ones
    kept), over the crews the day's choices make."""
    rules = problem.tiers
    costs: list[tuple[cp_model.LinearExprT, int]] = []
    for shift in problem.shifts:
        crew = [
            (agent, pick)
            for agent in at_work
            for code, _, pick in choices[agent.id]
            if code == shift.code
        ]
        if not crew:
            continue
        leads = [pick for agent, pick in crew if agent.tier in SUPERVISING_TIERS]
        juniors = [pick for agent, pick in crew if agent.tier is Tier.JUNIOR]
        trainers = [(agent, pick) for agent, pick in crew if agent.tier is Tier.TRAINER]
        if rules.supervision is not Strength.OFF:
            # Anyone at work on the shift needs a lead or senior there too.
            unsupervised = model.new_bool_var("")
            for _, pick in crew:
                model.add(sum(leads) >= 1).only_enforce_if([pick, unsupervised.Not()])
            if rules.supervision is Strength.HARD:
                model.add(unsupervised == 0)
            else:
                costs.append((unsupervised, rules.supervision_weight))
        if rules.junior_ratio is not Strength.OFF and juniors:
            over = model.new_int_var(0, len(juniors), "")
            model.add(over >= sum(juniors) - rules.max_juniors_per_senior * sum(leads))
            if rules.junior_ratio is Strength.HARD:
                model.add(over == 0)
            else:
                costs.append((over, rules.junior_ratio_weight))
        if rules.onboarding is not Strength.OFF:
            for agent, pick in crew:
                if not problem.in_onboarding(agent, day):
                    continue
                others = [p for other, p in trainers if other.id != agent.id]
                alone = model.new_bool_var("")
                model.add(sum(others) >= 1).only_enforce_if([pick, alone.Not()])
                if rules.onboarding is Strength.HARD:
                    model.add(alone == 0)
                else:
                    costs.append((alone, rules.onboarding_weight))
    return costs
