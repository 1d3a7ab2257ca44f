"""A fast constructive roster, given to CP-SAT as a complete solution hint.

CP-SAT's own first rosters on a month-long hotline cost about twice the optimum and its local
search needs tens of seconds to reach a good one. This builds a sensible roster in well under a
second, day by day, the way a planner fills a sheet: for each day and shift take the agents who
may work it and are furthest behind their contracted hours. Walking forward in time keeps the
sequence rules (rest, runs of days, weekends) easy to respect; agents who would otherwise miss
a minimum work anyway, on the shift that needs them most.

The result is only a hint: the solver repairs and improves it, and the evaluator judges the
final roster. Nothing here is trusted for correctness.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from scheduler import column_generation, crew_search, day_search, group_search
from scheduler.agent_sweeps import (
    MAX_SWEEPS,
    RowModel,
    SweepStopped,
    applies,
    linked_by_heads_alone,
    sweep,
)
from scheduler.domain import (
    Agent,
    CoverageRequirement,
    Lock,
    Problem,
    RequestKind,
    Roster,
    RotationMode,
    RuleFamily,
    ShiftType,
)
from scheduler.evaluate import CHECKS, Violation, evaluate
from scheduler.fairness import counts_as, fair_groups
from scheduler.limits import UNLIMITED, SearchLimits
from scheduler.model.builder import RULES, build_model
from scheduler.queue_allocation import allocate_queues
from scheduler.rotation import agent_cycle, pattern_starts, pattern_week
from scheduler.tier_repair import mend_tier_rules
from scheduler.training_seats import fill_seats

# Agent solves per group draw, in a budget of solves.
DRAW_SOLVES = 4
# Column generation's solves per solve of the sweeps' budget: each prices one agent's row
# alone, as a sweep's solve does, but without judging the whole roster after.
PRICING_SOLVES = 4
# Agents column generation prices at once, one CP-SAT solve each: it runs alone, and CP-SAT
# leaves Python's lock while it solves (Curtois 8, converged and dived: 45 s against 83 s on
# 2 cores, the same roster).
PRICING_THREADS = min(4, os.cpu_count() or 1)
# Rosters (agents x days x shift types) up to this size are small: the local searches get a
# quarter of the limit (see ``solve``) and four sweeps; larger ones half and two sweeps.
SMALL_ROSTER_CELLS = 20_000  # the largest measured as small: 16,800 (Curtois 12)
LARGE_ROSTER_SWEEPS = 2


def published_hint(problem: Problem) -> Roster:
    """For a re-plan: the published roster with locks applied and leave days cleared, each
    agent repaired (fewest changed days) where that breaks a hard rule. It is the natural
    start, though the change penalty, not the hint, is what keeps changes few."""
    assert problem.published is not None
    rows: dict[str, list[str | None]] = {}
    alone: dict[str, Problem] = {}
    for agent in problem.agents:
        row = [problem.published.shift_of(agent.id, day) for day in range(problem.period.days)]
        for day in problem.leave_days(agent.id):
            row[day] = None
        for day in range(problem.period.days):
            lock = problem.lock_by_cell.get((agent.id, day))
            if lock is not None:
                row[day] = lock.shift
        alone[agent.id] = _alone(problem, agent)
        if _hard_violations(alone[agent.id], agent.id, row):
            row = _repair(alone[agent.id], row)
        rows[agent.id] = row
    keeps_rules = _rule_keeper(alone, rows)
    mend_tier_rules(problem, rows, keeps_rules, _reshaper(alone, rows, keeps_rules))
    hint = allocate_queues(problem, Roster.from_rows(rows))
    return replace(hint, training=_published_seats(problem, hint))


def _published_seats(problem: Problem, roster: Roster) -> frozenset[tuple[str, str]]:
    """The training seats as published, where the holder still works a shift the session
    fits in on each of its days, and every named attendee (as the solver's rosters list
    them: a re-plan compares the lists, and a hint without them told named attendees they
    no longer attend)."""
    seats = set(problem.named_attendance)
    for session in problem.training:
        fits = problem.session_shifts(session)
        for agent_id, name in problem.published.training if problem.published else ():
            if name == session.name and all(
                fits & set(roster.shifts_on(agent_id, day)) for day in session.days
            ):
                seats.add((agent_id, name))
    return frozenset(seats)


def greedy_roster(problem: Problem) -> Roster:
    """A roster built in one forward pass, then topped up where a minimum is still missed,
    and free training seats taken where that costs less than leaving them empty.

    Usually free of hard violations, never guaranteed. Intraday demand is first turned into
    agents per shift (see ``shift_demand``), the form the passes below work with.
    """
    original = problem
    if problem.counts_intervals:
        problem = replace(problem, interval_demand=(), demand=shift_demand(problem))
    rows = _Builder(problem).build()
    alone = {agent.id: _alone(problem, agent) for agent in problem.agents}
    # Agents per day and shift, kept up to date as rows change: recounting every row for
    # each agent made topping up quadratic in the headcount (17 s of 40 at 1,000 agents).
    scheduled = Counter((day, code) for row in rows.values() for day, code in enumerate(row))
    for agent in problem.agents:
        before = rows[agent.id]
        rows[agent.id] = _top_up(problem, alone[agent.id], before, scheduled)
        for day, (old, new) in enumerate(zip(before, rows[agent.id], strict=True)):
            if old != new:
                scheduled[day, old] -= 1
                scheduled[day, new] += 1
    _fill_shortfalls(problem, alone, rows)
    if problem.rotation.mode is RotationMode.CYCLIC:
        rows = _follow_pattern(problem, rows)
    for agent in problem.agents:
        if _hard_violations(alone[agent.id], agent.id, rows[agent.id]):
            rows[agent.id] = _repair(alone[agent.id], rows[agent.id])
    if original.counts_intervals:
        _retime(original, alone, rows)
    keeps_rules = _rule_keeper(alone, rows)
    mend_tier_rules(original, rows, keeps_rules, _reshaper(alone, rows, keeps_rules))
    return fill_seats(original, allocate_queues(original, Roster.from_rows(rows)))


@dataclass(frozen=True)
class Improved:
    """A roster improved by ``swept_roster``, and what column generation found beside it
    (``None`` where it did not run): its bound on the cost of any roster, whether its rounds
    converged (more pricing would prove no more) and its rows, to resume from."""

    roster: Roster
    columns: column_generation.Outcome | None = None


# Day-search passes, each followed by sweeps, at most.
DAY_ROUNDS = 4
# Sweeps before the first day pass: the third and fourth gain little that the day pass and
# the sweeps after it would not, and their time goes to the next day pass (five-queue
# hotline: 147,113 after two sweeps in 18.5 s, 145,905 after four in 33 s, and a day pass
# and sweeps from each 134,832 and 134,735; at 120 s 132,928 against 133,905). After a day
# pass the sweeps go on until one gains nothing: there their third gained 184 of 3,215, and
# with two the solve ended at 132,968 against 132,824.
SWEEPS_BEFORE_DAYS = 2


def swept_roster(
    problem: Problem,
    roster: Roster,
    limits: SearchLimits = UNLIMITED,
    columns_deadline: float | None = None,
    on_change: Callable[[int], None] | None = None,
    on_found: Callable[[int], None] | None = None,
) -> Improved:
    """The roster after agent-by-agent exact re-solves (``agent_sweeps``), then, where they
    apply, column generation (``column_generation``) and re-solves of a few agents together
    (``group_search``, drawn with the ``limits``' seed), none after their deadline; then the
    cheapest by the evaluator of the draws' roster and the draws' merged with the rows
    column generation found. Column generation goes on until ``columns_deadline`` (the
    limits' deadline when not given) while its rounds' pace shows they and the settled
    search (or rounding) and dive after them will fit, and the draws then start from the
    cheapest of its rosters, swept again where it is column generation's (``_past``), and
    go on until that later deadline too; where only its rounds fit, its rough roster (each
    agent's row of largest share) is swept on its own and offered among them (on a roster larger
    than ``SMALL_ROSTER_CELLS`` whose relaxation is not rounded, ``_columns_first``, where
    its rounds never fit, it runs beside the draws instead).
    Where those two do not apply (agents linked by more than whole heads of coverage), each
    day's shifts re-solved together (``day_search``) instead, pass by pass, each followed
    by sweeps again, and then re-solves of a few agents sharing a queue (``crew_search``).
    Under a budget of solves the sweeps make at most that many, the draws (of either kind)
    a quarter as many (each solves several agents), column generation ``PRICING_SOLVES``
    times as many, and the day passes with their sweeps share one budget more;
    ``on_change`` hears each kept change in cost, and ``on_found`` the cost of each roster
    the settled search finds as it finds it, before it is judged and kept. Column
    generation's CP-SAT solves, its pricing and its settled search, run at most the limits'
    workers at once.

    Apart from ``greedy_roster`` because it takes seconds, not a fraction of one: the solver
    reports the constructive roster first, so a user who stops meanwhile keeps it (or, once
    the sweeps have begun, the roster they reached: ``SweepStopped``).
    """
    if not applies(problem):
        return Improved(roster)
    budget, deadline, seed = limits.budget, limits.deadline, limits.seed
    if not linked_by_heads_alone(problem):
        # Tier rules, parts of a head or calls: passes of the day search instead of the
        # draws, each followed by sweeps again, which the day's new shifts give new gains
        # (five-queue hotline, from the swept 145,656: a day pass 137,254 in 38 s, sweeps
        # 134,735 in 10 s more, a day pass 133,723 in 36 s more).
        models: dict[str, RowModel] = {}
        swept = sweep(problem, roster, limits, on_change, SWEEPS_BEFORE_DAYS, models)
        # Under a budget of solves (--deterministic) the rounds share one more budget.
        share = replace(limits, budget=None if budget is None else budget // DAY_ROUNDS)
        try:
            for _ in range(DAY_ROUNDS):
                moved = day_search.improve(problem, swept, share, on_change)
                if moved == swept:
                    break
                swept = sweep(problem, moved, share, on_change, MAX_SWEEPS, models)
            if crew_search.applies_to(problem):
                # The trades of working days between agents, which neither finds.
                draws = None if budget is None else budget // DRAW_SOLVES
                drawing = replace(limits, budget=draws)
                swept = crew_search.improve(problem, swept, drawing, on_change)
        except KeyboardInterrupt as stop:
            if isinstance(stop, SweepStopped):
                raise
            raise SweepStopped(swept) from stop
        return Improved(swept)
    # On a large roster four sweeps take the whole deadline; the draws gain more than the
    # third and fourth (1,000 agents, 120 s: 927,551 and 928,495 against 931,135-931,357 in
    # four runs; 500 agents 461,706 against 462,939), while on small ones the later sweeps
    # pay (100 agents: 176,112 against 173,157; the bundled example 7,115 against 7,076).
    passes = MAX_SWEEPS if problem.roster_cells <= SMALL_ROSTER_CELLS else LARGE_ROSTER_SWEEPS
    sweeps_began = time.monotonic()
    swept = sweep(problem, roster, limits, on_change, passes)
    sweeping = time.monotonic() - sweeps_began
    stop = threading.Event()
    pricing = None if budget is None else PRICING_SOLVES * budget
    # On a small roster (or one rounded) column generation runs first, alone on the cores, and
    # the draws start from its rosters; on a large one, where its rounds never fit, its first
    # round runs beside the draws, in one thread, for its rows and bound: run first, it would
    # hold the draws and CP-SAT back by that round's time (1,000 agents, 120 s: 929,778 run
    # first, 926,986 beside).
    first = _columns_first(problem, limits.workers)
    # In a thread of its own, which a Ctrl-C in this one stops within one agent's solve.
    with ThreadPoolExecutor(1, thread_name_prefix="column generation") as pool:
        columns = pool.submit(
            column_generation.generate,
            problem,
            swept,
            replace(limits, deadline=columns_deadline or deadline, budget=pricing),
            stop,
            min(PRICING_THREADS, limits.workers) if first else 1,
            on_found,
            first,
        )
        drawn = swept
        began = time.monotonic()
        try:
            if first:
                outcome = columns.result()
                offered = outcome.rosters
                rough = None
                if outcome.rough is not None:
                    # Swept on its own, so the sweeps' changes are not heard as the roster's.
                    ahead = replace(limits, deadline=columns_deadline or deadline)
                    try:
                        rough = sweep(problem, outcome.rough, ahead, None, passes)
                    except SweepStopped as interrupt:
                        raise KeyboardInterrupt from interrupt  # the roster in hand: ``swept``
                    offered = [*offered, rough]
                dived = _cheapest(problem, swept, offered, on_change)
                if dived is not swept:
                    deadline = columns_deadline or deadline
                    drawn = dived
                    if dived is not rough:
                        drawn = sweep(
                            problem, dived, _past(limits, deadline, sweeping), on_change, passes
                        )
                elif deadline is not None:
                    # Given up before its dive: the draws keep the time they had.
                    spent = time.monotonic() - began
                    deadline = min(deadline + spent, columns_deadline or deadline)
            if group_search.applies(problem):
                draws = None if budget is None else budget // DRAW_SOLVES
                drawing = replace(limits, deadline=deadline, budget=draws)
                drawn = group_search.improve(problem, drawn, drawing, on_change)
            if not first:
                outcome = columns.result()
                drawn = _cheapest(problem, drawn, outcome.rosters, on_change)
            # The draws' roster with rows of the pool swapped in where cheaper.
            if outcome.pool is not None:
                merged = outcome.pool.merged(drawn, seed)
                drawn = _cheapest(problem, drawn, [merged], on_change)
        except KeyboardInterrupt as interrupt:
            stop.set()  # the thread ends within one agent's solve
            reached = interrupt.roster if isinstance(interrupt, SweepStopped) else drawn
            raise SweepStopped(reached) from interrupt
    return Improved(drawn, outcome)


def _past(limits: SearchLimits, deadline: float | None, sweeping: float) -> SearchLimits:
    """The ``limits`` of the sweeps after column generation: ``sweeping`` seconds (as long
    as the first sweeps took) past its ``deadline``, which its search after the rounds
    (the rounding, above all) may take whole.

    Each agent is re-solved against the others' rows from the relaxation, which no agent
    chose alone: the 100-agent hotline's rounded roster, 165,304, swept to 160,634 in 4.8 s,
    where the rounding's last 25 s had gained 220 (250 agents: 246,058 to 242,718 in one
    sweep of 5.2 s). Leaving them time inside the deadline cost the rounding its rows: the
    200-agent hotline of 8 shift types, its rounds stopped a round earlier, found nothing
    cheaper than the swept roster (179,902 against 176,531)."""
    return limits if deadline is None else replace(limits, deadline=deadline + sweeping)


def _columns_first(problem: Problem, workers: int) -> bool:
    """Whether column generation runs before the draws, alone on the cores: on a small
    roster, and on a larger one whose relaxation is rounded to a roster with ``workers``
    (``column_generation.rounds_well``: the 250-agent hotline, 42,000 cells, at 120 s
    239,158 against 243,446 with its first round beside the draws)."""
    small = problem.roster_cells <= SMALL_ROSTER_CELLS
    return small or column_generation.rounds_well(problem, workers)


def _cheapest(
    problem: Problem,
    roster: Roster,
    others: list[Roster],
    on_change: Callable[[int], None] | None,
) -> Roster:
    """The cheapest of ``roster`` and the ``others`` that the evaluator finds break no hard
    rule; ``on_change`` hears the change in cost once, so that a listener that shows it at
    most once a second never shows a dearer roster last."""
    others = [other for other in others if other != roster]
    if not others:
        return roster
    before = evaluate(problem, roster)
    best, cost = roster, before.total
    for other in others:
        judged = evaluate(problem, other)
        if judged.is_feasible and judged.total < cost:
            best, cost = other, judged.total
    if best is not roster and on_change is not None:
        on_change(cost - before.total)
    return best


def _rule_keeper(
    alone: Mapping[str, Problem], rows: dict[str, list[str | None]]
) -> Callable[[str, list[str | None]], bool]:
    """Whether an agent's trial row breaks no more of their own hard rules than their row
    in ``rows`` does now (a constructive row is not always clean)."""

    # Violations of each agent's current row: many trials are judged against the same row.
    current: dict[tuple[str, tuple[str | None, ...]], int] = {}

    def keeps_rules(agent_id: str, trial: list[str | None]) -> bool:
        key = (agent_id, tuple(rows[agent_id]))
        if key not in current:
            current[key] = len(_hard_violations(alone[agent_id], agent_id, rows[agent_id]))
        limit = current[key]
        found = _hard_violations(alone[agent_id], agent_id, trial, lambda f: len(f) > limit)
        return len(found) <= limit

    return keeps_rules


def _reshaper(
    alone: Mapping[str, Problem],
    rows: dict[str, list[str | None]],
    keeps_rules: Callable[[str, list[str | None]], bool],
) -> Callable[[str, int, str], list[str | None] | None]:
    """The agent's row closest to their row in ``rows`` with them on a given shift that day
    (the repair's small model, with that cell locked), or None when their rules forbid it."""

    def reshape(agent_id: str, day: int, code: str) -> list[str | None] | None:
        own = alone[agent_id]
        locked = replace(own, locks=(*own.locks, Lock(agent_id, day, code, "tier rules")))
        row = _repair(locked, rows[agent_id])
        return row if row[day] == code and keeps_rules(agent_id, row) else None

    return reshape


def _alone(problem: Problem, agent: Agent) -> Problem:
    """The agent's own problem, with the days of their named training sessions locked to a
    shift the session fits in, so the passes and the repair keep them at work for it."""
    alone = problem.for_agent(agent.id)
    locked = {lock.day for lock in alone.locks}
    extra = []
    for session in problem.training:
        fits = sorted(problem.session_shifts(session) & agent.allowed_shifts)
        if agent.id not in session.attendees or not fits:
            continue
        for day in session.days:
            if day not in locked and day not in alone.leave_days(agent.id):
                extra.append(Lock(agent.id, day, fits[0], f"training {session.name}"))
                locked.add(day)
    return replace(alone, locks=alone.locks + tuple(extra)) if extra else alone


def _retime(problem: Problem, alone: dict[str, Problem], rows: dict[str, list[str | None]]) -> None:
    """Local search on the intervals themselves: move a shift's start, add or drop a shift.

    Counts per shift are only a proxy for intraday demand; this walks every agent and day and
    takes any change that lowers the interval penalty and keeps the agent's hard rules (judged
    by the evaluator on that agent alone), for a few sweeps: later sweeps find little, and the
    solver's own search takes over from there.
    """
    slots = {i.midpoint: i.required for i in problem.interval_totals}
    covers: dict[tuple[int, str], list[int]] = {}
    for interval in problem.interval_totals:
        for pair in problem.shifts_covering(interval):
            covers.setdefault(pair, []).append(interval.midpoint)
    at_work = dict.fromkeys(slots, 0)
    for row in rows.values():
        for day, code in enumerate(row):
            for moment in covers.get((day, code), ()) if code else ():
                at_work[moment] += 1
    under, over = problem.weights.under_coverage, problem.weights.over_coverage

    def delta(pair: tuple[int, str | None], step: int) -> int:
        """Cost change of one more (step 1) or one fewer (step -1) agent on this shift."""
        if pair[1] is None:
            return 0
        change = 0
        for moment in covers.get((pair[0], pair[1]), ()):
            short = slots[moment] - at_work[moment]
            if step > 0:
                change += -under if short > 0 else over
            else:
                change += under if short >= 0 else -over
        return change

    def apply(pair: tuple[int, str | None], step: int) -> None:
        if pair[1] is not None:
            for moment in covers.get((pair[0], pair[1]), ()):
                at_work[moment] += step

    violations = {a: len(_hard_violations(alone[a], a, row)) for a, row in rows.items()}
    for _ in range(RETIME_SWEEPS):
        improved = False
        for agent in problem.agents:
            row = rows[agent.id]
            for day in range(problem.period.days):
                if day in problem.leave_days(agent.id):
                    continue
                current = row[day]
                options = [None, *sorted(agent.allowed_shifts)]
                gains = sorted(
                    (delta((day, code), 1) + delta((day, current), -1), code or "")
                    for code in options
                    if code != current
                )
                for gain, code in gains:
                    if gain >= 0:
                        break
                    trial = [*row[:day], code or None, *row[day + 1 :]]
                    limit = violations[agent.id]
                    found = len(
                        _hard_violations(
                            alone[agent.id], agent.id, trial, lambda f, n=limit: len(f) > n
                        )
                    )
                    if found <= limit:
                        apply((day, current), -1)
                        apply((day, code or None), 1)
                        rows[agent.id] = row = trial
                        violations[agent.id] = found
                        improved = True
                        break
        if not improved:
            return


RETIME_SWEEPS = 2


def _weekly_blocks(problem: Problem) -> dict[str, tuple[tuple[str, ...], int]]:
    """Weekly blocks: each rotating agent's cycle and first block, alternating agent by agent
    so that every week has agents on each block."""
    if problem.rotation.mode is not RotationMode.WEEKLY_BLOCKS:
        return {}
    blocks = {}
    for position, agent in enumerate(problem.agents):
        cycle = agent_cycle(problem, agent)
        if len(cycle) >= 2:
            blocks[agent.id] = (cycle, position % len(cycle))
    return blocks


def _follow_pattern(
    problem: Problem, rows: dict[str, list[str | None]]
) -> dict[str, list[str | None]]:
    """Cyclic rotation: turn a free roster into a rotating one.

    Each pattern week is copied from the agent who works it in the period's first full week,
    so that week's coverage survives; every agent then works their pattern week by week.
    Leave and shifts the agent may not work become days off, for the repair and the solver
    to mend.
    """
    weeks = problem.period.weeks
    sample = next((i for i, week in enumerate(weeks) if len(week) == 7), 0)
    starts = pattern_starts(problem)
    pattern: dict[tuple[str, int, int], str | None] = {}
    for agent in problem.agents:
        row = pattern_week(problem, agent, starts[agent.id], sample)
        for day in weeks[sample]:
            key = (agent.contract_id, row, problem.period.dates[day].weekday())
            pattern.setdefault(key, rows[agent.id][day])
    shaped = {}
    for agent in problem.agents:
        leave = problem.leave_days(agent.id)
        codes: list[str | None] = []
        for index, week in enumerate(weeks):
            row = pattern_week(problem, agent, starts[agent.id], index)
            for day in week:
                weekday = problem.period.dates[day].weekday()
                code = pattern.get((agent.contract_id, row, weekday), rows[agent.id][day])
                free = day not in leave and code in agent.allowed_shifts
                codes.append(code if free else None)
        shaped[agent.id] = codes
    return shaped


def _repair(alone: Problem, codes: list[str | None]) -> list[str | None]:
    """The agent's row closest to this one that keeps every hard rule, if there is one.

    A forward pass can paint an agent into a corner (a run of six days just before a week of
    leave leaves no day to meet that week's hours); rules concern one agent each, so a tiny
    model of that agent alone, minimising changed days, gets them out.
    """
    agent = alone.agents[0]
    built = build_model(alone, families=[f for f in RULES if not f.is_soft])
    assigned = built.variables.assigned
    changes = [1 - var if codes[day] == code else var for (_, day, code), var in assigned.items()]
    built.model.minimize(sum(changes))
    solver = cp_model.CpSolver()
    # One worker and deterministic time: the same repair on any machine, under any load.
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 2.0
    # LP cuts: on a year's row (Curtois 12 stretched to 364 days) the repair is proven
    # optimal in 0.3 s, where the default's search still improved after 18 s.
    solver.parameters.linearization_level = 2
    solver.parameters.catch_sigint_signal = False  # see solve.interruptible_search
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return codes
    return [
        next((s.code for s in alone.shifts if solver.value(assigned[agent.id, day, s.code])), None)
        for day in range(alone.period.days)
    ]


def shift_demand(problem: Problem) -> tuple[CoverageRequirement, ...]:
    """Agents per day and shift that best cover the intervals with the staff there is.

    The classic first stage of intraday planning: how many agents start each shift, chosen
    by a small CP-SAT model (a few hundred integers, solved in a blink) that prices interval
    shortfalls and surpluses like the roster model does, under a budget of the shifts the
    agents' contracts allow in the period.
    """
    model = cp_model.CpModel()
    staff = {
        s.code: sum(1 for a in problem.agents if s.code in a.allowed_shifts) for s in problem.shifts
    }
    starts = {
        (day, s.code): model.new_int_var(0, staff[s.code], f"n_{day}_{s.code}")
        for day in range(problem.period.days)
        for s in problem.shifts
    }
    cost = []
    for interval in problem.interval_totals:
        at_work = sum(starts[pair] for pair in problem.shifts_covering(interval))
        under = model.new_int_var(0, interval.required, "under")
        over = model.new_int_var(0, len(problem.agents), "over")
        model.add(under >= interval.required - at_work)
        model.add(over >= at_work - interval.required)
        cost += [problem.weights.under_coverage * under, problem.weights.over_coverage * over]
    model.add(sum(starts.values()) <= _shift_budget(problem))
    for day in range(problem.period.days):
        present = sum(1 for a in problem.agents if day not in problem.leave_days(a.id))
        model.add(sum(starts[day, s.code] for s in problem.shifts) <= present)
    model.minimize(sum(cost))
    solver = cp_model.CpSolver()
    # One worker and deterministic time: the same counts every time, whatever the load.
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5.0
    solver.parameters.catch_sigint_signal = False  # see solve.interruptible_search
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ()
    return tuple(
        CoverageRequirement(day, code, solver.value(var))
        for (day, code), var in starts.items()
        if solver.value(var)
    )


def _shift_budget(problem: Problem) -> int:
    """Shifts the agents can work in the period at most, from their contracts and leave."""
    budget = 0
    for agent in problem.agents:
        contract = problem.contract_of(agent)
        longest = max(s.paid_minutes for s in problem.shifts) or 1
        available = problem.period.days - len(problem.leave_days(agent.id))
        shifts = available * 6 // 7
        if contract.max_minutes_period is not None:
            shifts = min(shifts, contract.max_minutes_period // longest)
        budget += shifts
    return budget


# Agent-days ``_fill_shortfalls`` may judge (a trial row costs its length): Curtois 12 (60
# agents, 28 days) takes about 0.1 million, the 1,000-agent hotline about 1 million; the
# same instance stretched to a year took 19 million and 20 s, longer than the sweeps that
# follow need to do the same work better.
FILL_BUDGET = 4_000_000


def _fill_shortfalls(
    problem: Problem, alone: dict[str, Problem], rows: dict[str, list[str | None]]
) -> None:
    """Give short shifts an agent who is free that day, or one moved from a surplus shift.

    The forward pass cannot look ahead, so an agent may have been kept busy on a quiet day
    and then blocked on a busy one; these moves recover much of that, each checked by the
    evaluator on the moved agent alone.
    """
    count = {
        (day, code): sum(1 for row in rows.values() if row[day] == code)
        for day, code in problem.requirements
    }

    def gap(day: int, code: str) -> int:
        return problem.requirements[day, code].required - count[day, code]

    # Each agent's current violation count, so a trial row is the only one evaluated.
    violations = {
        agent_id: len(_hard_violations(alone[agent_id], agent_id, row))
        for agent_id, row in rows.items()
    }

    trials_left = FILL_BUDGET // problem.period.days

    def try_row(agent_id: str, trial: list[str | None]) -> bool:
        nonlocal trials_left
        trials_left -= 1
        worse = _worse_than(violations[agent_id])
        after = _hard_violations(alone[agent_id], agent_id, trial, worse)
        if worse(after):
            return False
        violations[agent_id] = len(after)
        for day, (old, new) in enumerate(zip(rows[agent_id], trial, strict=True)):
            if old != new:
                if old is not None:
                    count[day, old] -= 1
                if new is not None:
                    count[day, new] += 1
        rows[agent_id] = trial
        return True

    for day, code in sorted(problem.requirements, key=lambda slot: -gap(*slot)):
        for agent in problem.agents:
            if gap(day, code) <= 0 or trials_left <= 0:
                break
            if code not in agent.allowed_shifts or day in problem.leave_days(agent.id):
                continue
            row = rows[agent.id]
            current = row[day]
            if current is not None and gap(day, current) >= 0:
                continue  # only take agents from shifts that have more than they need
            trial = [*row[:day], code, *row[day + 1 :]]
            if current is None and not try_row(agent.id, trial):
                # Keep the agent's hours: give up a surplus shift on another day instead.
                for other, other_code in enumerate(row):
                    if other_code is not None and other != day and gap(other, other_code) < 0:
                        moved = [*trial[:other], None, *trial[other + 1 :]]
                        if try_row(agent.id, moved):
                            break
            elif current is not None:
                try_row(agent.id, trial)


def _top_up(
    problem: Problem,
    alone: Problem,
    codes: list[str | None],
    scheduled: Mapping[tuple[int, str | None], int],
) -> list[str | None]:
    """Add shifts on free days while the agent misses a working-time minimum.

    Each addition is judged by the evaluator on this agent alone, so it never breaks another
    rule; the busiest (day, shift) that can take the agent is tried first.
    """
    agent = alone.agents[0]
    violations = _hard_violations(alone, agent.id, codes)
    if not any(v.family is RuleFamily.WORKING_TIME for v in violations):
        return codes
    short = {
        (day, shift.code): problem.requirements[day, shift.code].required
        - scheduled.get((day, shift.code), 0)
        for day in range(problem.period.days)
        for shift in problem.shifts
    }
    # Days off come in runs, so filling one free day may need its neighbour filled too.
    blocks = [(day,) for day in range(problem.period.days)]
    blocks += [(day, day + 1) for day in range(problem.period.days - 1)]
    leave = alone.leave_days(agent.id)
    for block, code in sorted(
        ((b, s.code) for b in blocks for s in problem.shifts),
        key=lambda item: -sum(short[d, item[1]] for d in item[0]) / len(item[0]),
    ):
        # Leave and shifts the agent may not work would break a rule: no need to judge them.
        if code not in agent.allowed_shifts or any(
            codes[day] is not None or day in leave for day in block
        ):
            continue
        trial = [code if day in block else c for day, c in enumerate(codes)]
        # More minutes never create a new shortfall; an excess shows up as an extra violation.
        worse = _worse_than(len(violations))
        remaining = _hard_violations(alone, agent.id, trial, worse)
        if not worse(remaining):
            codes, violations = trial, remaining
            if not violations:
                break
    return codes


def _hard_violations(
    alone: Problem,
    agent_id: str,
    codes: list[str | None],
    rejects: Callable[[list[Violation]], bool] | None = None,
) -> list[Violation]:
    """The evaluator's hard findings on one agent's row; with ``rejects``, the findings so far
    as soon as they settle that the trial is rejected (the caller's test must only grow more
    true as findings are added).

    Trial rows are judged tens of thousands of times at a large center, and most fail on the
    often-broken families checked first, so the rest need not run.
    """
    roster = Roster.from_rows({agent_id: codes})
    found: list[Violation] = []
    for check in _HARD_CHECKS:
        found += check(alone, roster)
        if rejects is not None and found and rejects(found):
            break
    return found


def _worse_than(count: int) -> Callable[[list[Violation]], bool]:
    """A trial that breaks more than ``count`` rules, or any rule but working time (the one a
    roster under construction may still be short of), is rejected."""
    return lambda found: (
        len(found) > count or any(v.family is not RuleFamily.WORKING_TIME for v in found)
    )


# Measured on the 1,000-agent hotline's trial rows: days off, rest, consecutive days,
# working time and weekends are what trials break; the other families never did.
_OFTEN_BROKEN = (
    RuleFamily.DAYS_OFF,
    RuleFamily.REST,
    RuleFamily.CONSECUTIVE_DAYS,
    RuleFamily.WORKING_TIME,
    RuleFamily.WEEKENDS,
)
_HARD_CHECKS = [CHECKS[family] for family in _OFTEN_BROKEN] + [
    check for family, check in CHECKS.items() if not family.is_soft and family not in _OFTEN_BROKEN
]


@dataclass
class _AgentState:
    """What the rules need to know about an agent's past while walking forward in time."""

    agent: Agent
    codes: list[str | None] = field(default_factory=list)
    last: tuple[int, ShiftType] | None = None
    work_run: int = 0
    off_run: int = 0
    bounded_off: bool = False  # the current run of days off follows a worked day
    week_minutes: dict[int, int] = field(default_factory=dict)
    total_minutes: int = 0
    weekends: set[int] = field(default_factory=set)
    duties: dict[str, int] = field(default_factory=dict)  # fair duty done so far, by group
    shifts: Counter[str] = field(default_factory=Counter)  # shifts worked so far, by code


class _Builder:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        # Each agent's fair share per duty, so the walk hands unpopular duty to whoever is
        # furthest below their share (only when fairness is priced).
        self.shares: dict[tuple[str, str], float] = {}
        self.groups = fair_groups(problem) if problem.fairness.weight else []
        for group in self.groups:
            for agent_id in group.members:
                self.shares[group.label, agent_id] = max(group.share(agent_id), 0.0)
        self.week_of = {d: w for w, days in enumerate(problem.period.weeks) for d in days}
        self.weekend_of = {d: w for w, days in enumerate(problem.period.weekends) for d in days}
        self.requests: dict[tuple[str, int], list] = {}
        for request in problem.requests:
            self.requests.setdefault((request.agent_id, request.day), []).append(request)
        self.blocks = _weekly_blocks(problem)
        self.most = {c.id: dict(c.max_shifts) for c in problem.contracts}

    def build(self) -> dict[str, list[str | None]]:
        states = [self._initial_state(agent) for agent in self.problem.agents]
        for day in range(self.problem.period.days):
            chosen = self._cover_demand(states, day)
            for state in states:
                if state.agent.id not in chosen and self._must_work(state, day):
                    extra = self._neediest_shift(state, day, chosen)
                    if extra is not None:
                        chosen[state.agent.id] = extra
            for state in states:
                self._advance(state, day, chosen.get(state.agent.id))
        return {s.agent.id: s.codes for s in states}

    def _initial_state(self, agent: Agent) -> _AgentState:
        state = _AgentState(agent, work_run=agent.worked_days_before)
        if agent.last_shift_before is not None:
            state.last = (-1, self.problem.shift_by_code[agent.last_shift_before])
        return state

    def _cover_demand(self, states: list[_AgentState], day: int) -> dict[str, ShiftType]:
        """Fill the busiest shifts first with the agents most in need of hours."""
        chosen: dict[str, ShiftType] = {}
        for shift in sorted(self.problem.shifts, key=lambda s: -self._required(day, s)):
            candidates = [
                s for s in states if s.agent.id not in chosen and self._may_work(s, day, shift)
            ]
            candidates.sort(key=lambda s: self._priority(s, day, shift))
            for state in candidates[: self._required(day, shift)]:
                chosen[state.agent.id] = shift
        return chosen

    def _required(self, day: int, shift: ShiftType) -> int:
        return self.problem.requirements[day, shift.code].required

    def _may_work(self, state: _AgentState, day: int, shift: ShiftType) -> bool:
        problem, agent = self.problem, state.agent
        contract = problem.contract_of(agent)
        if shift.code not in agent.allowed_shifts or day in problem.leave_days(agent.id):
            return False
        rotating = self.blocks.get(agent.id)
        if rotating is not None:
            cycle, first = rotating
            block = cycle[(first + self.week_of[day]) % len(cycle)]
            if shift.category in cycle and shift.category != block:
                return False
        if state.last is not None:
            last_day, last_shift = state.last
            if not problem.may_follow(last_day, last_shift, day, shift, contract.min_rest_minutes):
                return False
        most = self.most[contract.id].get(shift.code)
        if most is not None and state.shifts[shift.code] >= most:
            return False
        if contract.max_consecutive_days is not None and (
            state.work_run >= contract.max_consecutive_days
        ):
            return False
        if state.bounded_off and 0 < state.off_run < contract.min_consecutive_days_off:
            return False
        week = self.week_of[day]
        most_in_week = self.problem.weekly_maximum(state.agent, self.problem.period.weeks[week])
        if most_in_week is not None and (
            state.week_minutes.get(week, 0) + shift.paid_minutes > most_in_week
        ):
            return False
        if contract.max_minutes_period is not None and (
            state.total_minutes + shift.paid_minutes > contract.max_minutes_period
        ):
            return False
        weekend = self.weekend_of.get(day)
        if not (
            weekend is None
            or contract.max_weekends is None
            or weekend in state.weekends
            or len(state.weekends) < contract.max_weekends
        ):
            return False
        return state.work_run > 0 or self._run_fits(state, day)

    def _run_fits(self, state: _AgentState, day: int) -> bool:
        """Whether a run started today can last the contract's minimum: no leave and no
        weekend beyond the limit in the days it needs (a run may end with the period).

        Without this look-ahead, a run started the day before leave or a weekend the agent
        may no longer work stays one day long, and each such row needs a repair (on a year's
        horizon most rows did, at about a third of a second each)."""
        problem, agent = self.problem, state.agent
        contract = problem.contract_of(agent)
        ahead = range(day + 1, min(day + contract.min_consecutive_days, problem.period.days))
        if any(d in problem.leave_days(agent.id) for d in ahead):
            return False
        if contract.max_weekends is None:
            return True
        weekends = state.weekends | {
            self.weekend_of[d] for d in (day, *ahead) if d in self.weekend_of
        }
        return len(weekends) <= contract.max_weekends

    def _priority(self, state: _AgentState, day: int, shift: ShiftType) -> tuple[object, ...]:
        """Sorts first: agents behind on hours, whose wishes allow it, who keep their shift."""
        same_shift = state.last is not None and state.last[1].code == shift.code
        return (
            round(-self._behind(state, day), 2),  # near-ties in hours go to the fairer choice
            self._duty_ahead(state, day, shift),
            -self._behind(state, day),
            self._unmet_wishes(state, day, shift),
            not same_shift,
            state.agent.id,
        )

    def _duty_ahead(self, state: _AgentState, day: int, shift: ShiftType) -> float:
        """How far ahead of their fair shares the agent is in the duties this shift counts for."""
        ahead = 0.0
        elapsed = (day + 1) / self.problem.period.days
        for group in self.groups:
            key = (group.label, state.agent.id)
            if key in self.shares and counts_as(self.problem, group.category, day, shift.code):
                share = self.shares[key]
                ahead += (state.duties.get(group.label, 0) - share * elapsed) / max(share, 1.0)
        return ahead

    def _unmet_wishes(self, state: _AgentState, day: int, shift: ShiftType) -> int:
        """Weight of the agent's requests for the day that this assignment would not meet."""
        unmet = 0
        for request in self.requests.get((state.agent.id, day), ()):
            happens = request.shift == shift.code  # a day-off wish never happens on a shift
            if happens != (request.kind is RequestKind.WANT):
                unmet += request.weight
        return unmet

    def _behind(self, state: _AgentState, day: int) -> float:
        """Share of the agent's target hours not yet worked by the end of today."""
        contract = self.problem.contract_of(state.agent)
        target = self.problem.period_minimum(state.agent) or contract.max_minutes_period or 0
        if not target:
            return 0.0
        elapsed = (day + 1) / self.problem.period.days
        return (target * elapsed - state.total_minutes) / target

    def _must_work(self, state: _AgentState, day: int) -> bool:
        """A run of work shorter than the contract's minimum, or too few days left in the
        week or the period to reach a minimum without today."""
        problem = self.problem
        if 0 < state.work_run < problem.contract_of(state.agent).min_consecutive_days:
            return True
        longest = max(
            (problem.shift_by_code[c].paid_minutes for c in state.agent.allowed_shifts),
            default=0,
        )
        if not longest:
            return False
        leave = problem.leave_days(state.agent.id)
        week = problem.period.weeks[self.week_of[day]]
        days_left_week = sum(1 for d in week if d > day and d not in leave)
        needed_week = problem.weekly_minimum(state.agent, week) - state.week_minutes.get(
            self.week_of[day], 0
        )
        days_left = sum(1 for d in range(day + 1, problem.period.days) if d not in leave)
        needed = problem.period_minimum(state.agent) - state.total_minutes
        # Days off come in runs, so only about five of seven remaining days are usable.
        usable = 5 / 7
        return (
            needed_week > longest * days_left_week * usable or needed > longest * days_left * usable
        )

    def _neediest_shift(
        self, state: _AgentState, day: int, chosen: dict[str, ShiftType]
    ) -> ShiftType | None:
        """The allowed shift with the most missing agents (or the least surplus) today."""
        options = [s for s in self.problem.shifts if self._may_work(state, day, s)]
        if not options:
            return None
        return max(
            options,
            key=lambda s: self._required(day, s) - sum(1 for c in chosen.values() if c is s),
        )

    def _advance(self, state: _AgentState, day: int, shift: ShiftType | None) -> None:
        state.codes.append(None if shift is None else shift.code)
        if shift is None:
            if state.off_run == 0:
                state.bounded_off = state.work_run > 0
            state.off_run += 1
            state.work_run = 0
            return
        state.work_run += 1
        state.off_run = 0
        state.bounded_off = False
        state.last = (day, shift)
        week = self.week_of[day]
        state.week_minutes[week] = state.week_minutes.get(week, 0) + shift.paid_minutes
        state.total_minutes += shift.paid_minutes
        state.shifts[shift.code] += 1
        if day in self.weekend_of:
            state.weekends.add(self.weekend_of[day])
        for group in self.groups:
            if counts_as(self.problem, group.category, day, shift.code):
                state.duties[group.label] = state.duties.get(group.label, 0) + 1
