"""A lower bound on every roster's cost, from a linear relaxation of coverage against
working time: proven in seconds (under half a second for a pooled center of 1,000 agents),
where CP-SAT's own bound comes late.

CP-SAT proves its bound from the LP relaxation of the whole model, which on a large center it
solves only after minutes, and not at all in the part of the limit the sweeps take. Most of a
call center's cost is coverage's, and most of what coverage costs at the least is set by a few
rules: the demand's shape, the shifts' lengths and starts, leave, and the hours each contract
asks and allows. This relaxation keeps only those, and counts alike agents together: one
variable per group of interchangeable agents, day, shift and queue, for how many of the group
work it (a thousand agents fall into a handful of groups).

Why it is a bound: any roster that keeps the hard rules gives counts that meet every
constraint here (each is a hard rule, or a sum of one over a group's agents), and costs at
least as much, since every other penalty is dropped (none is negative) and each demand item's
rounded shortfall and surplus (``Demand.cost``) is at least the linear term priced here. It is
not a bound under ``--soften``, where a roster may break a hard rule and cost less.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.agent_prices import Demand, Floor
from scheduler.domain import (
    Agent,
    CoverageRequirement,
    IntervalRequirement,
    Problem,
    Roster,
    ShiftType,
)

# A demand item, with how it is counted and priced (``Floor.demand``).
_Item = tuple[IntervalRequirement | CoverageRequirement, Demand]

# GLOP's optimum is exact only to its tolerances: the bound gives up this share of it.
MARGIN = 1e-5
# Counts (group, day, shift, queue) above which the relaxation is not built: a year of 180
# employees with a contract each (415,000 variables) took three minutes to build alone, where
# the five-queue hotline of 200 agents has about 18,000 and builds in 2-3 s.
MAX_COUNTS = 60_000


@dataclass
class _Group:
    """Agents the relaxation cannot tell apart: the same contract, shifts, queues and supply
    to each kind of demand item on each day (leave may still differ)."""

    members: list[Agent]
    # (day, shift, queue) -> the variable counting members who work it.
    works: dict[tuple[int, str, str | None], pywraplp.Variable] = field(default_factory=dict)


@dataclass(frozen=True)
class Relaxation:
    """The relaxation's optimum rounded up (the ``bound``), and the ``prices`` its duals put
    on one more whole unit of each demand item (numbered as ``Floor.demand`` numbers them),
    and ``part_prices`` on one more unit from agents who supply only part of a whole one
    (their supply does not count toward the surplus of whole units alone): what column
    generation first prices agents' rows at, since at these prices the rows' own rules prove
    about the bound again, or more."""

    bound: int
    prices: tuple[float, ...]
    part_prices: tuple[float, ...]


def coverage_bound(
    problem: Problem, time_limit: float | None = None, deterministic: bool = False
) -> int | None:
    """The least any roster keeping the hard rules can cost, rounded up; ``None`` when there
    is no demand to price, the relaxation would be too large to be quick (``MAX_COUNTS``),
    or it is not built and solved within ``time_limit`` seconds: of the wall clock, or
    under ``deterministic`` of GLOP's deterministic time (the size limit then bounds the
    building), so that a deterministic solve gets the same bound on every run."""
    relaxation = coverage_relaxation(problem, time_limit, deterministic)
    return None if relaxation is None else relaxation.bound


def coverage_relaxation(
    problem: Problem, time_limit: float | None = None, deterministic: bool = False
) -> Relaxation | None:
    """The relaxation solved: ``None`` as for ``coverage_bound``."""
    deadline = None if time_limit is None or deterministic else time.monotonic() + time_limit
    floor = Floor(problem, Roster(frozenset()))
    demand = floor.demand()
    if not demand:
        return None
    groups = _groups(problem, floor, demand)
    counts = sum(
        len(group.members[0].allowed_shifts) * len(floor.queues_of(group.members[0]))
        for group in groups
    )
    if counts * problem.period.days > MAX_COUNTS:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    # Dantzig's pricing in both phases: 8-10 s on the five-queue hotline of 200 agents, where
    # GLOP's default (steepest edge) took 29-42 s and Devex 43-106 s.
    parameters = "feasibility_rule: DANTZIG optimization_rule: DANTZIG"
    if deterministic and time_limit is not None:
        parameters += f" max_deterministic_time: {time_limit}"
    solver.SetSolverSpecificParametersAsString(parameters)
    known: dict[tuple[object, ...], int] = {}
    for group in groups:
        if deadline is not None and time.monotonic() > deadline:
            return None
        _add_group(solver, problem, floor, group, known)
    rows = _add_coverage(solver, floor, groups, demand)
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        solver.SetTimeLimit(max(1, int(left * 1000)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    value = solver.Objective().Value()
    # A whole unit more of an item is in every row counting it: its shortfall's and surplus's;
    # part of one in all but the surplus of whole units alone.
    prices = tuple(sum(row.dual_value() for row in counted) for counted, _ in rows)
    part_prices = tuple(
        price - (0.0 if whole is None else whole.dual_value())
        for price, (_, whole) in zip(prices, rows, strict=True)
    )
    bound = max(0, math.ceil(value - MARGIN * max(1.0, abs(value))))
    return Relaxation(bound, prices, part_prices)


def _groups(problem: Problem, floor: Floor, items: Sequence[_Item]) -> list[_Group]:
    # One item of each kind of demand (heads, hundredths, calls) tells what an agent supplies.
    kinds = list({(d.unit, d.calls): d for _, d in items}.values())
    days = range(problem.period.days)
    by_key: dict[tuple[object, ...], _Group] = {}
    for agent in problem.agents:
        key = (
            agent.contract_id,
            agent.allowed_shifts,
            floor.queues_of(agent),
            tuple(floor.supplies(agent, day, kind) for day in days for kind in kinds),
        )
        by_key.setdefault(key, _Group([])).members.append(agent)
    return list(by_key.values())


def _add_group(
    solver: pywraplp.Solver,
    problem: Problem,
    floor: Floor,
    group: _Group,
    known: dict[tuple[object, ...], int],
) -> None:
    """The group's variables and the hard rules of its agents, summed over them."""
    first = group.members[0]
    contract = problem.contract_of(first)
    shifts = [s for s in problem.shifts if s.code in first.allowed_shifts]
    if not shifts:
        return
    size = len(group.members)
    days = range(problem.period.days)
    on_day: dict[int, list[tuple[ShiftType, pywraplp.Variable]]] = defaultdict(list)
    for day in days:
        free = sum(1 for agent in group.members if day not in problem.leave_days(agent.id))
        if not free:
            continue
        # Leave: at most the members free that day work, one shift each.
        daily = solver.Constraint(0, free)
        for shift in shifts:
            for queue in floor.queues_of(first):
                variable = solver.NumVar(0, free, "")
                group.works[day, shift.code, queue] = variable
                on_day[day].append((shift, variable))
                daily.SetCoefficient(variable, 1)

    def limit(
        days_in: Sequence[int], low: float, high: float, weight: dict[str, int] | None = None
    ) -> None:
        """``low`` <= the members' shifts on ``days_in`` (weighted per shift code) <= ``high``."""
        row = solver.Constraint(low, high)
        for day in days_in:
            for shift, variable in on_day[day]:
                coefficient = 1 if weight is None else weight.get(shift.code, 0)
                if coefficient:
                    row.SetCoefficient(variable, coefficient)

    infinity = solver.infinity()
    paid = {s.code: s.paid_minutes for s in shifts}
    shortest, longest = max(1, min(paid.values())), max(1, max(paid.values()))
    # Working time, and the whole days it takes (as ``model.bounds`` states per agent), per
    # week and in the period: the members' spans differ in minimums cut by leave and in a
    # first week's maximum cut by the hours worked before the period.
    for spans in zip(*(problem.working_spans(a) for a in group.members), strict=True):
        span = spans[0][0]
        minimums = [minimum for _, minimum, _ in spans]
        maxima = [maximum for _, _, maximum in spans]
        unlimited = any(maximum is None for maximum in maxima)
        most = infinity if unlimited else sum(m for m in maxima if m is not None)
        limit(span, sum(minimums), most, paid)
        fewest_days = sum(-(-minimum // longest) for minimum in minimums)
        most_days = infinity if unlimited else sum(m // shortest for m in maxima if m is not None)
        limit(span, fewest_days, most_days)
    # Each member's most working days by their own rules of days: where leave cuts runs
    # short, fewer than the contract's hours allow.
    limit(days, 0, sum(_most_days(problem, agent, shortest, known) for agent in group.members))
    if contract.max_consecutive_days is not None:
        run = contract.max_consecutive_days
        for start in range(problem.period.days - run):
            limit(range(start, start + run + 1), 0, run * size)
    for category, most_a_week in (
        ("late", contract.max_late_week),
        ("night", contract.max_night_week),
    ):
        if most_a_week is not None:
            of_category = {s.code: 1 for s in shifts if s.category == category}
            for week in problem.period.weeks:
                limit(week, 0, most_a_week * size, of_category)
    for code, most in contract.max_shifts:
        limit(days, 0, most * size, {code: 1})
    if contract.max_weekends is not None:
        # A member works a weekend's Saturday (or Sunday) only on a weekend they work.
        weekends = problem.period.weekends
        for position in range(max((len(w) for w in weekends), default=0)):
            picked = [w[position] for w in weekends if len(w) > position]
            limit(picked, 0, contract.max_weekends * size)
    # Rest: a member who works a shift on one day works none the next that starts too soon
    # after it, and works at most one shift a day; so each shift, with those of the next day
    # it clashes with (or of the day before that clash with it), is worked by at most all.
    rest = contract.min_rest_minutes
    for day in days[:-1]:
        clashes = {
            (early.code, late.code)
            for early in shifts
            for late in shifts
            if problem.rest_gap(day, early, day + 1, late) < rest
        }
        for code in {s.code for s in shifts}:
            for shift_day, other_day, other in (
                (day, day + 1, {b for a, b in clashes if a == code}),
                (day + 1, day, {a for a, b in clashes if b == code}),
            ):
                if other:
                    row = solver.Constraint(0, size)
                    for shift, variable in on_day[shift_day]:
                        if shift.code == code:
                            row.SetCoefficient(variable, 1)
                    for shift, variable in on_day[other_day]:
                        if shift.code in other:
                            row.SetCoefficient(variable, 1)


def _most_days(
    problem: Problem, agent: Agent, shortest: int, known: dict[tuple[object, ...], int]
) -> int:
    """The most days the agent can work under their leave, the contract's longest run of
    work and shortest run of days off, its weekends, and its hours a week and in the period
    at the shortest shift: an upper bound, as the days worked before the period are left
    out. Agents with the same contract and leave share the answer (``known``)."""
    contract = problem.contract_of(agent)
    leave = frozenset(problem.leave_days(agent.id))
    absent = problem.absence_days(agent.id)
    key = (contract.id, leave, absent, shortest)
    if key in known:
        return known[key]
    days = problem.period.days
    model = cp_model.CpModel()
    works = [model.new_bool_var(f"works {day}") for day in range(days)]
    for day in leave:
        model.add(works[day] == 0)
    run = contract.max_consecutive_days
    if run is not None:
        for first in range(days - run):
            model.add(sum(works[first : first + run + 1]) <= run)
    # A run of days off that does not reach the period's end, nor holds an absence, lasts
    # the minimum.
    for day in range(1, days):
        for later in range(day + 1, min(day + contract.min_consecutive_days_off, days)):
            if later - 1 in absent:
                break
            model.add_bool_or([works[day - 1].Not(), works[day], works[later].Not()])
    if contract.max_weekends is not None:
        worked = []
        for weekend in problem.period.weekends:
            any_day = model.new_bool_var("weekend")
            for day in weekend:
                model.add_implication(works[day], any_day)
            worked.append(any_day)
        model.add(sum(worked) <= contract.max_weekends)
    spans = [(week, contract.max_minutes_week) for week in problem.period.weeks]
    for span, maximum in [*spans, (range(days), contract.max_minutes_period)]:
        if maximum is not None:
            model.add(sum(works[day] for day in span) <= maximum // shortest)
    model.maximize(sum(works))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 1.0
    solver.parameters.catch_sigint_signal = False  # see solve.interruptible_search
    status = solver.solve(model)
    most = days
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        most = math.floor(solver.best_objective_bound + MARGIN)
    known[key] = most
    return most


def _add_coverage(
    solver: pywraplp.Solver,
    floor: Floor,
    groups: list[_Group],
    items: Sequence[_Item],
) -> list[tuple[list[pywraplp.Constraint], pywraplp.Constraint | None]]:
    """Each demand item's shortfall and surplus, priced as the coverage rule prices them;
    the rows that count each item's supply, and among them the one that counts whole units
    alone (``None`` where the surplus is not priced)."""
    # Per item: (variable, units) of members supplying a whole unit, and of those supplying
    # part of one (QA, trainers, agents in onboarding).
    whole: list[list[tuple[pywraplp.Variable, int]]] = [[] for _ in items]
    part: list[list[tuple[pywraplp.Variable, int]]] = [[] for _ in items]
    for group in groups:
        first = group.members[0]
        for (day, code, queue), variable in group.works.items():
            for index in floor.items_served((day, code, queue)):
                units = floor.supplies(first, day, items[index][1])
                chosen = whole if units == items[index][1].unit else part
                chosen[index].append((variable, units))
    # A training session takes its attendees off the phones: on the items it may cut the
    # surplus is not known from the counts, so only the shortfall is priced there.
    cut = floor.cut_by_training()
    objective = solver.Objective()
    rows = []
    for index, (_, demand) in enumerate(items):
        short = solver.NumVar(0, solver.infinity(), "")
        objective.SetCoefficient(short, demand.under)
        counted = [_at_least(solver, short, demand.priced, whole[index] + part[index], demand.unit)]
        if index in cut:
            rows.append((counted, None))
            continue
        spare = solver.NumVar(0, solver.infinity(), "")
        objective.SetCoefficient(spare, demand.over)
        # Whole units alone: surplus is at least theirs, as the others only add to it.
        whole_alone = _at_most(solver, spare, demand, whole[index], -demand.required % demand.unit)
        counted.append(whole_alone)
        rows.append((counted, whole_alone))
        if part[index]:
            step = math.gcd(demand.unit, demand.required, *(units for _, units in part[index]))
            counted.append(
                _at_most(solver, spare, demand, whole[index] + part[index], demand.unit - step)
            )
    objective.SetMinimization()
    return rows


def _at_least(
    solver: pywraplp.Solver,
    short: pywraplp.Variable,
    priced: int,
    supply: list[tuple[pywraplp.Variable, int]],
    unit: int,
) -> pywraplp.Constraint:
    """unit * short >= priced - supply: a shortfall rounds up to whole units."""
    row = solver.Constraint(priced, solver.infinity())
    row.SetCoefficient(short, unit)
    for variable, units in supply:
        row.SetCoefficient(variable, units)
    return row


def _at_most(
    solver: pywraplp.Solver,
    spare: pywraplp.Variable,
    demand: Demand,
    supply: list[tuple[pywraplp.Variable, int]],
    lost: int,
) -> pywraplp.Constraint:
    """unit * spare >= supply - required - lost: a surplus rounds down, losing less than
    ``lost`` units."""
    row = solver.Constraint(-solver.infinity(), demand.required + lost)
    row.SetCoefficient(spare, -demand.unit)
    for variable, units in supply:
        row.SetCoefficient(variable, units)
    return row
