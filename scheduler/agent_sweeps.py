"""Improve a constructive roster one agent at a time, each agent's row re-solved exactly.

The constructive passes change one day at a time, and rules such as "work runs of at least
two days" or "17 to 18 shifts in the month" forbid most single-day changes, so a roster they
build can stay far from good (Curtois instance 8: 9,718 against a best known 1,341). Here each
agent in turn gets the best row for them with everyone else held fixed: their own hard rules
as the model states them, and as objective what the roster's cost changes by through them.
That is exact: what each cell of the row (a day, a shift, the queue served) adds to coverage
and to the shift's tier rules, with the others as they are (``agent_prices``); their own
requests, weekends and queue fit; and their distance from each fair share (shares are fixed
by the problem, so that distance is theirs alone). A row is kept only when the evaluator
finds it cheaper; the sweeps stop when one changes nothing or the budget of solves is spent.

Training seats stay as the roster has them; on a session's days its attendees work a shift
it fits in.
In a re-plan an agent's changes from the published roster are their own cost, and the
prices count shortfall only below what was published, as the coverage rule does. Not for a
rotation pattern the agents share: there the roster is returned as it was.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from scheduler.agent_prices import Cell, Floor, Row
from scheduler.domain import (
    Agent,
    Assignment,
    CoverageRequirement,
    IntervalRequirement,
    Problem,
    Roster,
    RotationMode,
    RuleFamily,
)
from scheduler.evaluate import CHECKS, Penalty, Violation
from scheduler.fairness import FairGroup, distance_from_shares, fair_groups
from scheduler.limits import UNLIMITED, SearchLimits
from scheduler.model import RosterModel, SoftTerm, build_model
from scheduler.model.rules.fairness import duty_term

# The soft families an agent's own row is judged by (their own problem holds only them).
OWN_COSTS = (
    RuleFamily.REQUESTS,
    RuleFamily.SPLIT_WEEKENDS,
    RuleFamily.QUEUE_FIT,
    RuleFamily.CHANGES,
)
# Everything an agent's own problem judges: their hard rules and those costs.
OWN_FAMILIES = [f for f in RuleFamily if not f.is_soft or f in OWN_COSTS]
# The families that link agents: judged on the whole roster near the days a row changes.
LINKED = (
    RuleFamily.COVERAGE,
    RuleFamily.SUPERVISION,
    RuleFamily.JUNIOR_RATIO,
    RuleFamily.ONBOARDING,
    RuleFamily.TRAINING,
)
# Sweeps over every agent at most; later sweeps find less and less.
MAX_SWEEPS = 4
# Per agent solve, in deterministic seconds (load-independent, for --deterministic).
SOLVE_LIMIT = 0.5


def applies(problem: Problem) -> bool:
    """Whether an agent's cost given the others is exactly what ``sweep`` minimises."""
    return problem.rotation.mode is RotationMode.FREE


def linked_by_heads_alone(problem: Problem) -> bool:
    """Whether coverage in whole heads is all that links agents' costs: a free rotation, no
    tier rule, no one part-time on the phones, no training, no calls and no re-plan (whose
    shortfall depends on what was published). Then the demand less what the others supply
    prices any few agents' rows exactly, up to a constant."""
    if not applies(problem) or problem.published is not None:
        return False
    floor = Floor(problem, Roster(frozenset()))
    return floor.in_heads and not floor.tiered


class SweepStopped(KeyboardInterrupt):
    """Ctrl-C during the sweeps, with the roster they had reached (shown in the progress)."""

    def __init__(self, roster: Roster) -> None:
        super().__init__()
        self.roster = roster


def sweep(
    problem: Problem,
    roster: Roster,
    limits: SearchLimits = UNLIMITED,
    on_change: Callable[[int], None] | None = None,
    passes: int = MAX_SWEEPS,
    models: dict[str, RowModel] | None = None,
) -> Roster:
    """``roster`` re-solved agent by agent, for a problem the sweeps ``applies`` to. At most
    ``passes`` over the agents and the ``limits``' budget of solves (a tenth of a second or
    less each), and none started after their deadline. ``on_change`` hears what each row
    kept changes the roster's cost by (the evaluator's figure, negative). Ctrl-C raises
    ``SweepStopped`` with the roster reached: every row in it was judged no worse.
    ``models`` keeps the agents' row models for the next sweeps of rosters with the same
    training seats (building 200 agents' takes about 2 s)."""
    rows = rows_of(problem, roster)
    # The floor from the rows, not the roster: a day with two shifts (a hand-edited input) is
    # one row cell, and the floor must hold exactly what the rows do.
    floor = Floor(problem, roster_of(rows, roster.training))
    judge = _Judge(problem, floor, rows)
    # Fair shares are fixed by the problem, not the roster: each agent's distance from theirs
    # is their own cost, priced with the whole roster's groups.
    groups = fair_groups(problem) if problem.fairness.weight else []
    models = {} if models is None else models
    solves = 0
    budget = passes * len(problem.agents) if limits.budget is None else limits.budget
    deadline = limits.deadline
    try:
        for _ in range(passes):
            changed = False
            for agent in problem.agents:
                if solves >= budget or (deadline is not None and time.monotonic() > deadline):
                    return roster_of(rows, roster.training)
                solves += 1
                row = rows[agent.id]
                if agent.id not in models:
                    models[agent.id] = RowModel.of(problem, agent, groups, roster.training)
                model = models[agent.id]
                floor.remove(agent, row)
                found = _best_row(model, floor.prices(agent), row)
                if found != row:
                    before, after = judge.compare(model, row, found)
                    if after < before:
                        rows[agent.id] = row = found
                        changed = True
                        if on_change is not None and after[0] == before[0]:
                            on_change(after[1] - before[1])
                floor.add(agent, row)
            if not changed:
                break
    except KeyboardInterrupt as stop:
        raise SweepStopped(roster_of(rows, roster.training)) from stop
    return roster_of(rows, roster.training)


def rows_of(problem: Problem, roster: Roster) -> dict[str, Row]:
    rows: dict[str, Row] = {a.id: [None] * problem.period.days for a in problem.agents}
    # Sorted, so that of two shifts on one day (a hand edit) the same one is kept every run.
    for a in sorted(roster.assignments, key=lambda a: (a.agent_id, a.day, a.shift), reverse=True):
        rows[a.agent_id][a.day] = (a.shift, a.queue)
    return rows


def roster_of(rows: Mapping[str, Row], training: frozenset[tuple[str, str]]) -> Roster:
    return Roster(
        frozenset(
            Assignment(agent_id, day, *cell)
            for agent_id, row in rows.items()
            for day, cell in enumerate(row)
            if cell is not None
        ),
        training,
    )


@dataclass(frozen=True)
class RowModel:
    """One agent's problem (with their requests and the center's queues), fair groups and
    model: their own hard rules, requests, weekends and queue fit as the model states them,
    and their distance from each fair share. Built once; what the others make each cell worth
    is priced anew for every solve."""

    agent: Agent
    own: Problem
    fairness: list[FairGroup]
    built: RosterModel
    terms: list[SoftTerm]

    @classmethod
    def of(
        cls,
        problem: Problem,
        agent: Agent,
        groups: list[FairGroup],
        training: frozenset[tuple[str, str]],
    ) -> RowModel:
        requests = tuple(r for r in problem.requests if r.agent_id == agent.id)
        own = replace(
            problem.for_agent(agent.id),
            requests=requests,
            center_queues=problem.queues,
            # Their changes from the published roster, in a re-plan, are theirs alone.
            published=problem.published,
        )
        fairness = [group for group in groups if agent.id in group.members]
        built = build_model(own, families=OWN_FAMILIES)
        hold_sessions(problem, own, built, agent, training)
        duty = [duty_term(built.variables, group, agent.id) for group in fairness]
        return cls(agent, own, fairness, built, built.terms + duty)


def hold_sessions(
    problem: Problem,
    own: Problem,
    built: RosterModel,
    agent: Agent,
    training: frozenset[tuple[str, str]],
) -> None:
    """Seats stay as the roster (``training``) has them: on a session's days its attendees
    work a shift it fits in, in the model ``built`` of ``own``, a problem of a few agents
    (their leave days aside: the training rule reports those)."""
    leave = own.leave_days(agent.id)
    for session in problem.training:
        if (agent.id, session.name) in training or agent.id in session.attendees:
            fits = problem.session_shifts(session) & agent.allowed_shifts
            # With no shift to hold it, the rule stays broken (it is the evaluator's).
            for day in set(session.days) - set(leave) if fits else ():
                built.model.add_exactly_one(
                    built.variables.assigned[agent.id, day, code] for code in sorted(fits)
                )


Verdict = tuple[int, int]  # hard violations, then cost


class _Judge:
    """The evaluator's verdicts on two rows of one agent, the others as they are: hard
    violations, then cost. Their own rules on their own problem and their distance from each
    fair share; and the families that link agents (``LINKED``) on the demand and the shifts
    of the days the rows differ, where the others cost the same whichever row the agent
    works. So the difference between two verdicts is the whole roster's."""

    def __init__(self, problem: Problem, floor: Floor, rows: Mapping[str, Row]) -> None:
        self.problem = problem
        self.floor = floor
        self.rows = rows
        # In whole heads with no tier rule, coverage is all that links agents, and an item
        # needs ``max(required - others, 0)`` of the agent: the agent's own problem with that
        # demand is judged instead of a copy of the whole problem (at 1,000 agents, copying
        # and validating it takes longer than the agent's solve).
        # (Not in a re-plan: the shortfall priced depends on what was published.)
        self.in_heads = floor.in_heads and not floor.tiered and problem.published is None
        self.linked = [f for f in LINKED if f is not RuleFamily.TRAINING or problem.training]

    def compare(self, model: RowModel, old: Row, new: Row) -> tuple[Verdict, Verdict]:
        agent_id = model.agent.id
        changed = {day for day, (a, b) in enumerate(zip(old, new, strict=True)) if a != b}
        # A night shift serves the next morning's demand, and last night's this morning's.
        days = range(len(old))
        near = {day + step for day in changed for step in (-1, 0, 1) if day + step in days}
        cells = {(day, *cell) for row in (old, new) for day in changed if (cell := row[day])}
        demand = self.floor.demand_served(cells)
        families = judged_families(
            [RuleFamily.COVERAGE] if self.in_heads else self.linked, bool(demand)
        )
        others: frozenset[Assignment] = frozenset()
        if self.in_heads:
            left = [replace(item, required=max(item.required - by, 0)) for item, by in demand]
            judged = with_demand(model.own, left)
        else:
            judged = with_demand(self.problem, [item for item, _ in demand])
            others = frozenset(
                Assignment(who, day, *cell)
                for who, row in self.rows.items()
                if who != agent_id
                for day in near
                if (cell := row[day]) is not None
            )

        def verdict(row: Row) -> Verdict:
            violations, cost = own_cost(model, row)
            mine = {Assignment(agent_id, day, *cell) for day in near if (cell := row[day])}
            roster = Roster(others | mine, self.floor.training)
            found = (f for family in families for f in CHECKS[family](judged, roster))
            return tally(found, violations, cost)

        return verdict(old), verdict(new)


def judged_families(families: Sequence[RuleFamily], demand: bool) -> list[RuleFamily]:
    """The families to judge a change by on a problem ``with_demand`` of the items it
    touches: without coverage where it touches none (no change in coverage, and judged with
    no interval the rule would count shifts instead, each needing nobody)."""
    return [f for f in families if demand or f is not RuleFamily.COVERAGE]


def with_demand(
    problem: Problem, items: list[IntervalRequirement | CoverageRequirement]
) -> Problem:
    """``problem`` with only ``items`` to cover, for judging a change near them: the linked
    families' findings elsewhere are the same before and after it. Where coverage is
    counted per interval, rows per shift count for nothing, and are left out: kept, they
    would name queues the intervals do not (the center's queues are the intervals'), or
    on days with no interval left turn the count to shifts."""
    shifts = () if problem.counts_intervals else items
    return replace(
        problem,
        interval_demand=tuple(i for i in items if isinstance(i, IntervalRequirement)),
        demand=tuple(i for i in shifts if isinstance(i, CoverageRequirement)),
        center_queues=problem.queues,
    )


def own_cost(model: RowModel, row: Row) -> Verdict:
    """The agent's own hard rules and costs by the evaluator, and their distance from each
    fair share of the whole roster (their own problem's fairness check would recompute the
    shares on them alone)."""
    own = model.own
    agent_id = model.agent.id
    roster = Roster(
        frozenset(Assignment(agent_id, day, *cell) for day, cell in enumerate(row) if cell)
    )
    distance = distance_from_shares(own, roster, model.fairness, agent_id)
    return tally((f for family in OWN_FAMILIES for f in CHECKS[family](own, roster)), 0, distance)


def tally(findings: Iterable[Violation | Penalty], violations: int, cost: int) -> Verdict:
    for finding in findings:
        if isinstance(finding, Penalty):
            cost += finding.cost
        else:
            violations += 1
    return violations, cost


def _best_row(model: RowModel, prices: dict[Cell, int], row: Row) -> Row:
    """The agent's cheapest row by their model with coverage and tier rules as the cells'
    ``prices``, starting from ``row`` (kept if the model finds none in its limit)."""
    found = cheapest_row(model, prices, row).row
    return row if found is None else found


@dataclass(frozen=True)
class Cheapest:
    """An agent's cheapest row as one solve found it: ``None`` when it found none in its
    limit; ``bound``, a proven lower bound on its cost; ``proven`` when that bound meets
    the row's cost; ``effort``, CP-SAT's deterministic seconds (load-independent);
    ``along``, the dearer rows it found on the way, where asked for."""

    row: Row | None
    bound: float
    proven: bool
    effort: float
    along: tuple[Row, ...] = ()


class _Along(cp_model.CpSolverSolutionCallback):
    """Reads the agent's row from each solution CP-SAT finds."""

    def __init__(self, model: RowModel) -> None:
        super().__init__()
        self.model = model
        self.rows: list[Row] = []

    def on_solution_callback(self) -> None:
        self.rows.append(read_row(self.model.built, self, self.model.agent))


def cheapest_row(
    model: RowModel,
    prices: Mapping[Cell, int],
    row: Row,
    scale: int = 1,
    cuts: bool = True,
    limit: float = SOLVE_LIMIT,
    assume: Sequence[cp_model.LiteralT] = (),
    linear: bool = True,
    along: bool = False,
) -> Cheapest:
    """The agent's cheapest row by their own costs times ``scale`` plus the ``prices`` of the
    cells worked, hinted with ``row``, in at most ``limit`` deterministic seconds, among the
    rows where every literal of ``assume`` holds (``reduced_cost_fixing`` asks for a shift
    or a day off on one day). Column generation prices cells with fractional duals:
    ``scale`` keeps their precision in CP-SAT's integer objective. Without the LP's
    ``cuts`` a solve may take a fraction of the time or many times it, depending on the
    agent's rules (column generation chooses per agent: ``column_generation._Search``).
    Without the ``linear`` relaxation at all, one forced shift of Curtois 7's agents is
    priced in a quarter of the time, exactly. With no such row the bound is infinite.
    Column generation asks for the rows found ``along`` the way too: each is a row of the
    agent's that the master may use."""
    agent_id = model.agent.id
    variables = model.built.variables
    cells = [
        (
            variables.assigned[agent_id, day, code]
            if queue is None
            else variables.serves[agent_id, day, code, queue],
            price,
        )
        for (day, code, queue), price in prices.items()
    ]
    terms = model.terms
    built = model.built.model
    built.minimize(
        cp_model.LinearExpr.weighted_sum(
            [t.amount for t in terms] + [var for var, _ in cells],
            [scale * t.weight for t in terms] + [price for _, price in cells],
        )
    )
    hint_rows(model.built, {agent_id: row})
    built.clear_assumptions()
    built.add_assumptions(assume)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = limit
    # One agent's model is small: the LP's cuts find the optimum sooner than probing does
    # (measured on 60 agents of a 200-agent hotline: the same rows, in about half the time).
    solver.parameters.linearization_level = 2 if linear else 0
    solver.parameters.cp_model_probing_level = 0
    if not cuts:
        solver.parameters.cut_level = 0
    # Ctrl-C must reach the caller (who keeps the roster in hand), not end one agent's solve.
    solver.parameters.catch_sigint_signal = False
    heard = _Along(model) if along else None
    status = solver.solve(built, heard)
    effort = solver.deterministic_time
    if status == cp_model.INFEASIBLE:
        return Cheapest(None, math.inf, True, effort)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Cheapest(None, solver.best_objective_bound, False, effort)
    found = read_row(model.built, solver, model.agent)
    dearer: list[Row] = []
    for other in () if heard is None else heard.rows:
        if other != found and other not in dearer:  # solutions may differ beyond the row
            dearer.append(other)
    proven = status == cp_model.OPTIMAL
    return Cheapest(found, solver.best_objective_bound, proven, effort, tuple(dearer))


def hint_rows(built: RosterModel, rows: Mapping[str, Row]) -> None:
    """Hint every shift and queue variable of the agents in ``rows`` with their row."""
    built.model.clear_hints()
    variables = built.variables
    hints = {
        var.index: (var, rows[agent_id][day] == (code, queue))
        for (agent_id, day, code, queue), var in variables.serves.items()
        if agent_id in rows
    }
    # A single-queue agent's serve variable is their shift variable: hinted once.
    hints |= {
        var.index: (var, (cell := rows[agent_id][day]) is not None and cell[0] == code)
        for (agent_id, day, code), var in variables.assigned.items()
        if agent_id in rows
    }
    for var, value in hints.values():
        built.model.add_hint(var, value)


def read_row(
    built: RosterModel,
    solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback,
    agent: Agent,
) -> Row:
    """The agent's row as the solver set it: each day's shift and the queue served."""
    problem = built.variables.problem
    variables = built.variables
    queues = problem.serving_queues(agent) if problem.queues else ()
    found: Row = []
    for day in range(problem.period.days):
        code = next(
            (
                s.code
                for s in problem.shifts
                if solver.boolean_value(variables.assigned[agent.id, day, s.code])
            ),
            None,
        )
        queue = next(
            (
                q
                for q in queues
                if code and solver.boolean_value(variables.serves[agent.id, day, code, q])
            ),
            None,
        )
        found.append(None if code is None else (code, queue))
    return found
