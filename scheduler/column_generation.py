"""A lower bound from agents' whole rows, and a roster built from the rows it finds
(column generation).

Where coverage in whole heads is all that links agents (``linked_by_heads_alone``), a roster
costs each agent's own cost (requests, weekends, distance from a fair share) plus each demand
item's heads short and over. The *master* problem picks one row per agent among rows that
keep that agent's hard rules. Its linear relaxation is far tighter than CP-SAT's relaxation
of the shift variables: every row in it keeps its minimum runs, weekends and hours, where
fractions of single shifts need not.

Each round solves the master's linear relaxation (GLOP) over the rows found so far, with one
row per group of demand items every row supplies alike (``_Master``). Its coverage duals
price every cell an agent could work, and each agent's own model (the sweeps' ``RowModel``,
solved by CP-SAT) finds their cheapest row at those prices. A row of negative reduced cost
joins the master. A round that prices every agent proves a Lagrangian lower
bound whether or not the rounds have converged: the duals' value of the demand plus each
agent's cheapest reduced cost. A round's agents are priced in several threads at once where
the caller gives them (CP-SAT leaves Python's lock while it solves), their results taken in
agents' order, so the rows found do not depend on the threads. The first round prices at
the coverage relaxation's duals (``coverage_bound``) rather than the master's, which come
from one row per agent: it proves at least about the relaxation's bound at once, and the
rounds after it converge sooner (Curtois 10: 17 s against 35 s). Once converged, or once
its cost tails off, the whole model is solved with the shifts the duals prove no cheaper
roster takes ruled out where each agent's can be found in the time
(``reduced_cost_fixing``), else with the cells the master settles fixed
(``settled_search``), or, where each demand item needs many heads, the relaxation's rows
are rounded to a roster by a small integer program over the rows it uses
(``rounds_well``); where time is left a dive then fixes the agents the relaxation
settles and prices the others again, until all are fixed; a small integer program (CP-SAT,
one row per agent) then combines the rows found, which also completes a dive the deadline
cut short. The evaluator, not this module, judges which roster is kept.

For the bound alone (``prove``) the master serves any free rotation outside a re-plan: a
shift's tier rules and free training seats, which link agents beyond coverage, only add
cost or take rosters away, so a master without them still bounds every roster; demand in
hundredths of a head or in calls is priced as the coverage relaxation prices it (shortfall
rounded up, surplus down). The five-queue hotline's first round proves 113,645 where the
relaxation proves 111,424.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler import reduced_cost_fixing, settled_search
from scheduler.agent_prices import Cell, Demand, Floor, Row
from scheduler.agent_sweeps import (
    SOLVE_LIMIT,
    Cheapest,
    RowModel,
    applies,
    cheapest_row,
    own_cost,
    roster_of,
    rows_of,
)
from scheduler.coverage_bound import Relaxation, coverage_relaxation
from scheduler.domain import Problem, Roster
from scheduler.evaluate import evaluate
from scheduler.fairness import fair_groups
from scheduler.limits import UNLIMITED, WORKERS, SearchLimits
from scheduler.stopping import interrupting

# Duals are fractions; cell prices are scaled by this much to reach CP-SAT's integers.
SCALE = 1000
# Weight of the best bound's duals in the duals a round prices with.
SMOOTHING = 0.7
# A share of an agent's row above 1 minus this settles it in the dive, and rounds of
# pricing after each step of the dive, at most (fewer once no row joins): Curtois 8 from
# the same master, 1,405 in 46 s with 0.3 and 6, 1,406 in 48 s with 0.2 and 5, 1,407 in
# 40 s with 0.01 and 3, but 1,818 with 0.01 and 3 from a master whose rounds tailed off.
DIVE_SETTLED = 0.3
DIVE_ROUNDS = 6
# Rounds stop once the master's cost fell less than this share over the last ``TAIL_ROUNDS``
# rounds (``tailing_off``).
TAIL = 0.001
TAIL_ROUNDS = 5
# Whole rounds column generation needs before the deadline or budget runs out, at the
# first round's pace as it goes (``_hopeless``) or in a budget of solves, else it stops
# there and leaves the time to the group draws: it would neither converge nor dive.
# Curtois 8, 30 agents, on 2 cores: 35 rounds of 0.5 s, then a dive of 28 s.
MIN_ROUNDS = 60
# After the first round, whose pace is the fastest, the rounds needed: ``CONVERGE_ROUNDS``
# to converge or tail off (Curtois 8-12, 30-60 agents: 20-36 rounds) and the time of
# ``FOLLOW_ROUNDS_PER_AGENT`` rounds per agent for the settled search and the dive after
# them. At 60 s on 2 cores, Curtois 8-11 (30-50 agents, first rounds of 0.25-0.45 s) have
# the time; 12 (60 agents, 10 shift types, 0.6 s) and the 100-agent hotline (1.5 s) do not:
# 12's rounds tail off after 33 rounds in 35 s, and its settled search, 14-21 s then,
# reached 7,083-7,544, where the draws reach about 5,000.
CONVERGE_ROUNDS = 40
FOLLOW_ROUNDS_PER_AGENT = 2
# The share of the time left when the rounds start that is kept for the settled search
# (``settled_search``) and the dive: the rounds stop there, converged or not. On 2 cores
# Curtois 8 at 60 s tails off after 35 rounds in 18 s, before its reserve of 16 s; 12 at
# 120 s after 36 rounds in 40 s, before its 30 s. At 60 s with 0.45, 12's rounds stopped
# after 24 and its settled search reached 7,083 in 21 s.
SETTLED_SEARCH_SHARE = 0.3
# The share of the time left after the rounds that each agent's excesses may take
# (``reduced_cost_fixing``); where they would take longer, the settled search runs instead.
MARGINS_SHARE = 0.4
# How far the rounds' pace may foresee the excesses above that share before the agents'
# cheapest rows are priced to foresee it closer (twice as long on Curtois 7, 16 s and 11 s).
MARGINS_SLACK = 2.0
# A cell the master gives one agent at least this share of is settled for the settled search.
SETTLED_CELL = 0.99
# Before the dive, the time it would take, counted in rounds' average time per agent:
# about one agent fixed a step, each step a few rounds over the agents not yet fixed.
# Curtois 8 dived in 28 s after rounds of about 0.5 s over 30 agents (1.9 an agent); 1.5
# leaves 8-11 their dives at 60 s and stops 12's at 120 s (rounds of 0.6-1.1 s over 60
# agents, 66 s left), which ended at 7,395 cut short.
DIVE_SECONDS_PER_AGENT = 1.5
# Demand items needing this many heads on average round well (``rounds_well``), and the
# rounds that must fit before the reserve at the first round's pace for the rounding to
# follow them: from 4 rounds the 100-agent hotline's rounding reached 173,824, from 12
# 166,870, from 29 (converged) 164,068, its swept roster 175,180.
ROUNDING_HEADS = 10
ROUNDED_ROUNDS = 8
# Rosters (agents x days x shift types) larger than this are not rounded: their rounds take
# 10-20 s (500 and 1,000 agents), too few fit, and run before the draws the first holds them
# back (1,000 agents, 120 s: 929,778 against 926,986 with the round beside the draws).
ROUNDING_CELLS = 50_000
# CP-SAT's workers the rounding needs: its LP workers find the cheaper choices. From a
# 100-agent master of 12 rounds, in 30 s: 1 and 2 workers nothing below the swept roster's
# 175,180, 4 167,797, 6 165,925, 8 166,870.
ROUNDING_WORKERS = 4
# Seconds without a cheaper choice after which the rounding gives the rest of the time back:
# its first choice cheaper than the incumbent came 7.5-11.3 s after the incumbent's (hotlines
# of 60, 100 and 250 agents).
ROUNDING_PATIENCE = 20.0
# For combining the rows found, in deterministic seconds.
COMBINE_LIMIT = 2.0
# A row joins the master only when its reduced cost is below minus this much.
EPSILON = 1e-6
# Pricing without CP-SAT's LP cuts (``_Search._cheapest``): each agent is priced with them
# every so many rounds, and without them in between within so many times that solve's
# deterministic seconds (plus a little, for solves too quick to measure). Replayed on the
# prices of recorded rounds: 3 times and every 8 rounds priced the 100-agent hotline's 12
# in 51 s, 5 and 16 in 36 s, 10 and 16 in 34 s (with the cuts throughout 76 s); Curtois 12's
# 24 rounds in 33, 29 and 30 s (49 s); Curtois 9's in 20 s every way, as with the cuts.
CUTS_EVERY = 16
CUT_FREE_EFFORT = 5.0
CUT_FREE_SLACK = 0.01
# Rosters (agents x days x shift types) up to this size get rounds for the bound beside
# CP-SAT (``prove``): 100 and 250 agents (16,800 and 42,000 cells) proved more than CP-SAT by
# 120 s; at 500 and 1,000, whose rounds take 10-20 s, nothing more, for 220-360 MiB.
PROVE_BESIDE_CELLS = 50_000


@dataclass(frozen=True)
class Outcome:
    """The roster combined from the rows found (the roster given, when abandoned), which the
    caller's evaluator judges, the best lower bound proven on the cost of any roster
    (``None`` before a round priced every agent), the rows found, whether the rounds
    converged (their bound is then all that pricing proves: ``prove`` would repeat it), and
    the roster searched for after the rounds (with the shifts ruled out by reduced cost, or
    the cells settled, or the relaxation's rows rounded: ``rounds_well``), which the
    evaluator judges too, or where no search followed the rounds, a ``rough`` roster of
    each agent's row of largest share, for the caller to sweep."""

    roster: Roster
    bound: int | None
    pool: RowPool | None = None
    converged: bool = False
    searched: Roster | None = None
    rough: Roster | None = None

    @property
    def rosters(self) -> list[Roster]:
        """The rosters it offers the evaluator: the dive's (or the one given), and the one
        searched for after the rounds where that ran."""
        return [self.roster] if self.searched is None else [self.roster, self.searched]


@dataclass(frozen=True)
class _Column:
    agent: int
    row: tuple[tuple[str, str | None] | None, ...]
    cost: int
    items: Mapping[int, int]  # price key (``_Master.key``) -> units this row supplies it


@dataclass
class _Group:
    """Demand items every row supplies alike (``Floor.alike``) in the master: the row of
    their supply and the segments of their cost (whose sum is that supply); where part
    units are counted apart from whole ones, the segments of the shortfall's cost alone,
    those of the surplus's, and the rows that keep the surplus at least the whole units'
    (``whole``) and all units' less the dent part units may round away (``dented``)."""

    items: list[int]
    supply: pywraplp.Constraint
    segments: list[pywraplp.Variable]
    whole: pywraplp.Constraint | None = None
    dented: pywraplp.Constraint | None = None
    surplus: list[pywraplp.Variable] = field(default_factory=list)


class _Master:
    """The master's linear relaxation over the rows found so far: a share of each row per
    agent (shares summing to one) and, per group of items every row supplies alike
    (``Floor.alike``: a day's intervals between the same shifts' starts and ends), the cost
    of what the rows supply it.

    A group's cost is the sum of its items' as a function of the supply they share: convex
    and piecewise linear, so a sum of pieces (segments), each a bounded variable at its
    slope, which the relaxation fills cheapest first. An item's shortfall is priced below
    its requirement and its surplus above it in whole units; where agents supply part of a
    unit (QA, trainers), the surplus of all units only from ``unit - step`` above, as they
    may round it away (see ``_corners``): there the surplus has segments of its own, at
    least the whole units' and all units' less that dent. One row per group, or three with
    part units, where the items took one to three rows each: the five-queue hotline's 6,720
    items form 2,236 groups, and a solve over ten rounds' rows takes 3-5 s, over twenty 7 s,
    where rows per item took 20-63 s (with dual simplex too). On an item a training session
    may cut (``cut``), rows count their agents' supply without the session, so only the
    shortfall is priced there.

    A group's duals are shared among its items at the items' own slopes where the
    relaxation's supply is (``_split``): priced so, each item's cost less its supply's
    value is least there, as the group's is, and the items' least (``least``, over their
    exact corners) sum to the group's share of the Lagrangian bound."""

    def __init__(
        self,
        demand: Sequence[Demand],
        steps: Sequence[int],
        groups: Sequence[Sequence[int]],
        agents: int,
        cut: frozenset[int] = frozenset(),
    ) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.demand = demand
        self.columns: list[_Column] = []
        self.fixed: dict[int, int] = {}  # agent -> the column the dive fixed them to
        self._shares: list[pywraplp.Variable] = []
        # (agent, row) -> its column's index
        self._seen: dict[tuple[int, tuple[tuple[str, str | None] | None, ...]], int] = {}
        self._one = [self.lp.Constraint(1, 1) for _ in range(agents)]
        # Per item: its requirement below which a unit short costs ``under``, where a unit
        # over starts to cost ``over`` (in the relaxation: the whole units' surplus, or all
        # units' where no part units are counted apart), ``under`` and ``over`` per unit,
        # and the dent part units have beyond it (0: none counted apart).
        self._priced: list[int] = []
        self._start: list[int] = []
        self._under: list[float] = []
        self._over: list[float] = []
        dents: list[int] = []
        # Per item, the least each unit of supply may be worth (``clamp``), and the corners
        # of its cost as a function of whole and part supply: (whole, part, cost).
        self._floors: list[float] = []
        self._corners: list[list[tuple[float, float, float]]] = []
        for index, (item, step) in enumerate(zip(demand, steps, strict=True)):
            over = 0 if index in cut else item.over
            whole_most = item.required + -item.required % item.unit
            all_most = item.required + item.unit - step if step < item.unit else None
            self._priced.append(item.priced)
            self._start.append(whole_most)
            self._under.append(item.under / item.unit)
            self._over.append(over / item.unit)
            # All units' surplus starts ``dent`` (never below zero) after the whole units'.
            dents.append(all_most - whole_most if all_most is not None and over else 0)
            self._floors.append(-over / item.unit)
            self._corners.append(_corners(item, over, whole_most, all_most))
        self._group_of = [0] * len(demand)
        self._groups: list[_Group] = []
        for alike in groups:
            by_dent: dict[int, list[int]] = {}
            for item in alike:
                by_dent.setdefault(dents[item], []).append(item)
            for dent, items in by_dent.items():
                for item in items:
                    self._group_of[item] = len(self._groups)
                # supply - shortfall's segments == 0 (with the surplus's where not apart)
                supply = self.lp.Constraint(0, 0)
                apart = dent > 0
                changes = [change for item in items for change in self._shortfall(item)]
                if not apart:
                    changes += [change for item in items for change in self._surplus(item)]
                segments = self._segments(changes, [(supply, -1)])
                group = _Group(items, supply, segments)
                if apart:
                    # surplus's segments - whole units >= 0; - shortfall's >= -dent
                    group.whole = self.lp.Constraint(0, math.inf)
                    group.dented = self.lp.Constraint(-dent, math.inf)
                    for segment in segments:
                        group.dented.SetCoefficient(segment, -1)
                    changes = [change for item in items for change in self._surplus(item)]
                    group.surplus = self._segments(changes, [(group.whole, 1), (group.dented, 1)])
                self._groups.append(group)
        # The cost at no supply: every item's shortfall.
        self.lp.Objective().SetOffset(
            sum(under * priced for under, priced in zip(self._under, self._priced, strict=True))
        )

    def _shortfall(self, item: int) -> list[tuple[int, float]]:
        """Where the item's cost's slope changes with its supply, and by how much, for its
        shortfall: ``under`` at no supply, nothing from its requirement on."""
        priced, under = self._priced[item], self._under[item]
        return [(0, -under), (priced, under)] if priced > 0 and under else []

    def _surplus(self, item: int) -> list[tuple[int, float]]:
        over = self._over[item]
        return [(self._start[item], over)] if over else []

    def _segments(
        self,
        changes: Iterable[tuple[int, float]],
        rows: Sequence[tuple[pywraplp.Constraint, int]],
    ) -> list[pywraplp.Variable]:
        """The segments of a cost whose slope ``changes`` at those points (from nothing at
        no supply), the last unbounded: each a variable at its slope, counted in ``rows``
        with their coefficients."""
        slopes: Counter[int] = Counter()
        for point, change in changes:
            slopes[point] += change
        objective = self.lp.Objective()
        segments = []
        slope = 0.0
        at = 0
        for point in [*sorted(slopes), None]:
            if point is None or point > at:
                segment = self.lp.NumVar(0, math.inf if point is None else point - at, "")
                objective.SetCoefficient(segment, slope)
                for row, coefficient in rows:
                    row.SetCoefficient(segment, coefficient)
                segments.append(segment)
            if point is not None:
                slope += slopes[point]
                at = point
        return segments

    @property
    def items(self) -> int:
        return len(self.demand)

    def key(self, item: int, units: int) -> int:
        """Where the price of ``units`` of an item's supply from one agent is kept."""
        return item if units == self.demand[item].unit else self.items + item

    def clamp(self, values: Sequence[float]) -> list[float]:
        """``values`` raised to the least a unit of each item's supply can be worth: minus
        its surplus's price (nothing, where only the shortfall is priced). Any lower, more
        supply would be worth more the more there is of it, and no bound would be proven.
        Part of a unit is worth at least a whole one, as the surplus of whole units alone
        does not count it (``_corners`` leaves such supply out where no row counts it
        apart); the duals keep that only within GLOP's tolerance."""
        floors, items = self._floors, self.items
        whole = [max(value, floors[item]) for item, value in enumerate(values[:items])]
        part = [max(value, whole[item]) for item, value in enumerate(values[items:])]
        return whole + part

    def least(self, values: Sequence[float]) -> float:
        """What the demand costs at the least, less what its supply is worth at ``values``
        (``clamp``-ed): the constant of the Lagrangian bound those prices prove, to which
        each agent's cheapest reduced cost adds. The cost is piecewise linear in whole and
        part supply, so the least is at one of its corners."""
        items = self.items
        return sum(
            min(cost + values[item] * whole + values[items + item] * part
                for whole, part, cost in corners)
            for item, corners in enumerate(self._corners)
        )  # fmt: skip

    def add(self, column: _Column) -> bool:
        """Add ``column`` unless the agent has that row already."""
        key = (column.agent, column.row)
        if key in self._seen:
            return False
        self._seen[key] = len(self.columns)
        self.columns.append(column)
        share = self.lp.NumVar(0, math.inf, "")
        self._shares.append(share)
        self.lp.Objective().SetCoefficient(share, column.cost)
        self._one[column.agent].SetCoefficient(share, 1)
        # Every item of a group has the same units from the row: the group's supply.
        supply: dict[int, int] = {}
        whole: dict[int, int] = {}
        for key, units in column.items.items():
            group = self._group_of[key % self.items]
            supply[group] = units
            if key < self.items:
                whole[group] = units
        for group, units in supply.items():
            self._groups[group].supply.SetCoefficient(share, units)
        for group, units in whole.items():
            row = self._groups[group].whole
            if row is not None:
                row.SetCoefficient(share, -units)
        return True

    def duals(self, deadline: float | None = None) -> tuple[list[float], list[float]] | None:
        """The value of a unit of each item's supply, whole and part, and of each agent's
        row, or ``None`` when the linear solver fails, is interrupted or reaches the
        ``deadline`` (``time.monotonic``) first."""
        if deadline is not None:
            self.lp.SetTimeLimit(max(1, round(1000 * (deadline - time.monotonic()))))
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        whole = [0.0] * self.items
        part = [0.0] * self.items
        for group in self._groups:
            items = group.items
            supplied = sum(segment.solution_value() for segment in group.segments)
            value = group.supply.dual_value()
            if group.whole is None or group.dented is None:
                shared = self._split(items, supplied, -value, self._slope)
                for item, slope in zip(items, shared, strict=True):
                    whole[item] = part[item] = -slope
                continue
            # The shortfall's value of a unit of all units, and the surplus's price of one
            # above the whole units (``surplus``) or all units less the dent (``dented``).
            surplus, dented = group.whole.dual_value(), group.dented.dual_value()
            over = surplus + dented
            shortfall = self._split(items, supplied, -(value + dented), self._short_slope)
            counted = sum(segment.solution_value() for segment in group.surplus)
            surpluses = self._split(items, counted, over, self._over_slope)
            for item, short, price in zip(items, shortfall, surpluses, strict=True):
                whole[item] = -short - price
                part[item] = -short - (price * dented / over if over > EPSILON else 0.0)
        return whole + part, [c.dual_value() for c in self._one]

    def _split(
        self,
        items: Sequence[int],
        supplied: float,
        slope: float,
        slope_of: Callable[[int, float], float],
    ) -> list[float]:
        """A group's ``slope`` at ``supplied`` (the relaxation's, as its duals give it)
        shared among its items: each item's slope there (``slope_of``), the same share of
        the way from its slope just below to its slope just above for all where
        ``supplied`` is where slopes change (whole units). Priced so, each item's cost less
        its supply's value is least at ``supplied``, as the group's is, so the items' least
        add up to the group's, where an even share of the group's value would lose wherever
        some of its items are short and others over."""
        point = round(supplied)
        if abs(supplied - point) > EPSILON:
            return [slope_of(item, supplied) for item in items]
        below = [slope_of(item, point - 0.5) for item in items]
        above = [slope_of(item, point + 0.5) for item in items]
        low, high = sum(below), sum(above)
        share = min(max((slope - low) / (high - low), 0.0), 1.0) if high - low > EPSILON else 0.0
        return [b + share * (a - b) for b, a in zip(below, above, strict=True)]

    def _slope(self, item: int, supplied: float) -> float:
        return self._short_slope(item, supplied) + self._over_slope(item, supplied)

    def _short_slope(self, item: int, supplied: float) -> float:
        return -self._under[item] if supplied < self._priced[item] else 0.0

    def _over_slope(self, item: int, supplied: float) -> float:
        return self._over[item] if supplied > self._start[item] else 0.0

    @property
    def cost(self) -> float:
        """The last solve's cost: a roster's, where every agent has one row."""
        return self.lp.Objective().Value()

    def has(self, agent: int, row: Row) -> bool:
        return (agent, tuple(row)) in self._seen

    def index(self, column: _Column) -> int:
        """Where ``column``, or the agent's column of the same row, is in ``columns``."""
        self.add(column)
        return self._seen[column.agent, column.row]

    def shares(self) -> list[float]:
        """Each column's share in the last solve."""
        return [share.solution_value() for share in self._shares]

    def largest(self) -> dict[int, tuple[float, int]]:
        """Per agent not fixed, their column of largest share in the last solve: (share,
        index into ``columns``)."""
        best: dict[int, tuple[float, int]] = {}
        for index, (share, column) in enumerate(zip(self.shares(), self.columns, strict=True)):
            if column.agent not in self.fixed and share > best.get(column.agent, (-1.0, 0))[0]:
                best[column.agent] = (share, index)
        return best

    def settled(self) -> dict[tuple[int, int], str | None]:
        """(agent, day) -> the shift (``None``: a day off) that rows of at least
        ``SETTLED_CELL`` of the agent's share in the last solve give them that day."""
        shares: Counter[tuple[int, int, str | None]] = Counter()
        for share, column in zip(self.shares(), self.columns, strict=True):
            if share > EPSILON:
                for day, cell in enumerate(column.row):
                    shares[column.agent, day, None if cell is None else cell[0]] += share
        return {
            (agent, day): code
            for (agent, day, code), share in shares.items()
            if share >= SETTLED_CELL
        }

    def fix(self, column: int) -> None:
        """Keep the column's agent to it from now on."""
        agent = self.columns[column].agent
        self.fixed[agent] = column
        for index, other in enumerate(self.columns):
            if other.agent == agent and index != column:
                self._shares[index].SetUb(0)

    def release(self) -> None:
        """Free the agents the dive fixed: their choices were for the dive's own roster, not
        for another merged with the rows, nor for rounds resumed for the bound, which would
        otherwise price at the duals of a master held to those choices (Curtois 4: stuck at
        1,714 beside CP-SAT for 55 s, the optimum 1,716)."""
        self.fixed.clear()
        for share in self._shares:
            share.SetUb(math.inf)

    def combine(self, incumbent: Sequence[int], seed: int) -> list[int] | None:
        """The cheapest choice of one found row per agent (indices into ``columns``), hinted
        with ``incumbent``, or ``None`` if CP-SAT finds none in ``COMBINE_LIMIT``. One worker
        and a deterministic limit, so that it is repeatable under ``--deterministic``; the
        agents the dive fixed keep their rows."""
        model, picks = self._choice(range(len(self.columns)), incumbent)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = COMBINE_LIMIT
        solver.parameters.catch_sigint_signal = False
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [i for i, pick in picks.items() if solver.boolean_value(pick)]

    def rounded(
        self,
        incumbent: Sequence[int],
        deadline: float,
        seed: int = 0,
        workers: int = WORKERS,
        stop: threading.Event | None = None,
        on_found: Callable[[int], None] | None = None,
    ) -> list[int] | None:
        """The cheapest choice of one row per agent among the rows the last linear solve
        uses and ``incumbent``'s, by the ``deadline`` (``time.monotonic``),
        ``ROUNDING_PATIENCE`` seconds after its last cheaper choice, or when ``stop`` is set;
        ``None`` when CP-SAT finds none. ``on_found`` hears the cost of each choice as it
        is found.

        Where each item needs many heads, rounding the relaxation's fractional rows moves
        its coverage by a few of them, at little cost (``rounds_well``): the 100-agent
        hotline's converged master (158,448, rows in use 235 of 2,347) gave 164,120 in 11 s
        with 8 workers, where the sweeps, the group draws and CP-SAT together reach about
        171,500 in 120 s. Over every row found the same model is much harder (nothing
        better than the incumbent in 120 s), and one or two workers found nothing either:
        CP-SAT's workers with the LP find these rosters."""
        used = {i for i, share in enumerate(self.shares()) if share > EPSILON}
        model, picks = self._choice(sorted(used | set(incumbent)), incumbent)
        patience = settled_search.Patience(None, on_found, ROUNDING_PATIENCE)
        status, solver = settled_search.patient_solve(
            model, deadline, seed, workers, patience, stop
        )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [i for i, pick in picks.items() if solver.boolean_value(pick)]

    def _choice(
        self, among: Iterable[int], incumbent: Sequence[int]
    ) -> tuple[cp_model.CpModel, dict[int, cp_model.IntVar]]:
        """The integer program choosing one row per agent among the columns ``among``, the
        agents the dive fixed kept to theirs, hinted with ``incumbent``: each column's pick
        by its index. For items in whole heads (the rows of a problem
        ``linked_by_heads_alone``), whose cost the master's is exactly."""
        model = cp_model.CpModel()
        picks = {i: model.new_bool_var("") for i in among}
        for agent in range(len(self._one)):
            model.add_exactly_one(p for i, p in picks.items() if self.columns[i].agent == agent)
        for column in self.fixed.values():
            model.add(picks[column] == 1)
        supplied: list[list[tuple[cp_model.IntVar, int]]] = [[] for _ in self.demand]
        for i, pick in picks.items():
            for key, heads in self.columns[i].items.items():
                supplied[key % len(self.demand)].append((pick, heads))
        costs = [(pick, self.columns[i].cost) for i, pick in picks.items()]
        for item, terms in zip(self.demand, supplied, strict=True):
            required, under, over = item.required, item.under, item.over
            if not terms:
                costs.append((model.new_constant(required), under))
                continue
            heads = cp_model.LinearExpr.weighted_sum([p for p, _ in terms], [h for _, h in terms])
            most = sum(h for _, h in terms)
            short = model.new_int_var(0, required, "")
            spare = model.new_int_var(0, most, "")
            model.add(heads + short - spare == required)
            costs += [(short, under), (spare, over)]
        model.minimize(
            cp_model.LinearExpr.weighted_sum([v for v, _ in costs], [w for _, w in costs])
        )
        for index in incumbent:
            model.add_hint(picks[index], True)
        return model, picks


def _corners(
    item: Demand, over: int, whole_most: int, all_most: int | None
) -> list[tuple[float, float, float]]:
    """The corners of an item's cost in the master as a function of the whole units and
    the part units supplied it, each with its cost: the points where two of the lines that
    bound its linear pieces cross (no supply of either kind, the shortfall's end, either
    surplus's start, the two surpluses' tie). Without part suppliers (``all_most`` is
    ``None``) or a priced surplus, part units cost as whole ones do and need no corners of
    their own."""
    points = {(0.0, 0.0), (float(item.priced), 0.0), (float(whole_most), 0.0)}
    if all_most is not None and over:
        # a * whole + b * part = c
        lines = [(1, 0, 0), (0, 1, 0), (1, 1, item.priced), (1, 0, whole_most)]
        lines += [(1, 1, all_most), (0, 1, all_most - whole_most)]
        for (a1, b1, c1), (a2, b2, c2) in itertools.combinations(lines, 2):
            determinant = a1 * b2 - a2 * b1
            if determinant:
                whole = (c1 * b2 - c2 * b1) / determinant
                part = (a1 * c2 - a2 * c1) / determinant
                if whole >= 0 and part >= 0:
                    points.add((whole, part))

    def cost(whole: float, part: float) -> float:
        surplus = max(whole - whole_most, 0)
        if all_most is not None:
            surplus = max(surplus, whole + part - all_most)
        return (item.under * max(item.priced - whole - part, 0) + over * surplus) / item.unit

    return [(whole, part, cost(whole, part)) for whole, part in sorted(points)]


def proves_beside(problem: Problem) -> bool:
    """Whether rounds for the bound alone are worth running beside CP-SAT: a roster of at
    most ``PROVE_BESIDE_CELLS`` cells, and each agent's own cost plus the demand's, as the
    master prices them, at most a roster's cost. The rules that link agents otherwise (a
    shift's tier rules, free training seats) only add cost or take rosters away, so the
    master leaves them out and still proves a bound; not so a re-plan's, whose shortfall
    is counted against what was published, nor a fixed rotation's rows."""
    return (
        problem.roster_cells <= PROVE_BESIDE_CELLS
        and applies(problem)
        and problem.published is None
    )


def generate(
    problem: Problem,
    roster: Roster,
    limits: SearchLimits = UNLIMITED,
    stop: threading.Event | None = None,
    threads: int = 1,
    on_found: Callable[[int], None] | None = None,
    rough: bool = False,
) -> Outcome:
    """Column generation from ``roster`` (whose rows start the master), for a problem
    ``linked_by_heads_alone``: rounds until the relaxation converges or tails off
    (``tailing_off``), each round's agents priced in ``threads`` threads; then, under a
    deadline, the search with the shifts the duals rule out (``reduced_cost_fixing``, the
    rounds converged first) where each agent's can be found in the time, else the settled
    search (``settled_search``) from the cells the master settles, or where the demand
    rounds well (``rounds_well``) the relaxation's rows rounded to a roster
    (``_Master.rounded``), each with the ``limits``' workers and seed (``on_found`` hears
    the cost of each roster found); then a dive to a roster where the time left allows it,
    unless the search proved its roster (or ``roster``) optimal.

    Pricing stops at the ``limits``' deadline, after their budget of agents' solves, or
    when ``stop`` is set (from the thread that waits for it); the rounds before the dive
    stop once the time left is down to the share kept for what follows them
    (``SETTLED_SEARCH_SHARE``), and are given up when the first round's pace shows that
    they and what follows would not fit, or, before a rounding, that too few rounds would
    (``_behind``; during the first, ``_hopeless``,
    unless it prices at the relaxation's prices, for its bound). Where the caller asks for
    a ``rough`` roster and the rounds alone fit, they go on instead, and the roster of each
    agent's row of largest share is returned for the caller to sweep, with no search after
    them: swept, it is a better start for the draws than the roster given (Curtois 12 at
    60 s, 60 agents: from 12,015 to 5,073 in 3.7 s, where the sweeps had left 7,430; from
    there the draws reached 4,478-4,774 in 15 s, where the settled search alone, in 20 s
    from the same master, reached 8,047-8,348). After the dive the rows
    found are combined, the agents the dive fixed kept. Given up or out of time before the
    settled search or the rounding, it returns ``roster`` as it was, with the bound proven
    so far: the rows of an unconverged master combine into poor rosters on their own (all
    of them at once, not the few a relaxation uses). Either way the
    ``pool`` of rows found is returned, for another roster to be ``merged`` with. Neither
    search under a budget alone (``--deterministic``): CP-SAT's workers there run on
    wall-clock time.
    """
    agents = problem.agents
    deadline, budget = limits.deadline, limits.budget
    if budget is not None and budget < MIN_ROUNDS * len(agents):
        return Outcome(roster, None)  # too small a budget to converge: see _hopeless
    started = _start(problem, roster, deadline, stop)
    if started is None:
        return Outcome(roster, None)  # out of time, or not a roster to start from
    floor, master, models, rows, pool, incumbent = started
    # Before the search's clock starts: the first round's pace tells whether it may go on.
    start = _relaxed_prices(problem, master, deadline)
    reserve = 0.0
    if budget is None and deadline is not None:
        reserve = SETTLED_SEARCH_SHARE * (deadline - time.monotonic())
    rounding = rounds_well(problem, limits.workers)
    search = _Search(
        problem, floor, master, models, rows, deadline, budget, stop, start,
        threads=threads, reserve=reserve, rounding=rounding, rough=rough,
    )  # fmt: skip
    bound = search.converge(track_bound=True)
    proven = None if bound is None else math.ceil(bound - EPSILON)
    # Converged, not tailed off: only then is the bound all that pricing proves.
    converged = search.converged
    if search.stopped:  # out of time, or given up
        return Outcome(roster, proven, pool)
    if search.hurried:
        largest = [index for _, index in master.largest().values()]
        return Outcome(roster, proven, pool, converged, rough=pool.roster(largest, roster.training))
    found = None
    if reserve and deadline is not None and rounding:
        chosen = master.rounded(incumbent, deadline, limits.seed, limits.workers, stop, on_found)
        found = None if chosen is None else pool.roster(chosen, roster.training)
    elif reserve and deadline is not None:
        margins = search.margins(deadline)
        converged = search.converged
        if margins is not None:  # the shifts the duals rule out, ruled out
            cost = evaluate(problem, roster).total
            found, lower = reduced_cost_fixing.search(
                problem, margins, cost, deadline, limits.seed, limits.workers, stop, on_found
            )
            proven = lower if proven is None else max(proven, lower)
            if proven >= (cost if found is None else evaluate(problem, found).total):
                return Outcome(roster, proven, pool, converged, found)  # optimal: no dive
        else:  # the settled search
            cells = master.settled()
            settled = {(agents[agent].id, day): code for (agent, day), code in cells.items()}
            found = settled_search.improve(
                problem, settled, deadline, limits.seed, stop, proven, limits.workers, on_found
            )
    if search.no_time_to_dive() or (stop is not None and stop.is_set()):
        return Outcome(roster, proven, pool, converged, found)
    # The dive: fix the agents whose rows the relaxation already settles (at least the most
    # settled one), price the others again, until every agent is fixed.
    while len(master.fixed) < len(agents) and not search.stopped:
        best = master.largest()
        settling = [index for share, index in best.values() if share > 1 - DIVE_SETTLED]
        for index in settling or [max(best.values())[1]]:
            master.fix(index)
        search.converge(track_bound=False, rounds=DIVE_ROUNDS)
    chosen = master.combine(incumbent, limits.seed)
    combined = roster if chosen is None else pool.roster(chosen, roster.training)
    return Outcome(combined, proven, pool, converged, found)


def prove(
    problem: Problem,
    roster: Roster,
    deadline: float,
    stop: threading.Event,
    on_bound: Callable[[int], None],
    earlier: Outcome | None = None,
    relaxation: Relaxation | None = None,
    rounds: int | None = None,
) -> None:
    """Rounds of pricing for the lower bound alone, beside CP-SAT, until ``deadline`` or
    ``stop``, or for at most ``rounds`` rounds: each better bound is passed to ``on_bound``
    as its round ends. No dive and no
    roster, and never given up as hopeless: every round that prices every agent proves a
    bound, converged or not (the 100-agent hotline's rounds take seconds and converge only
    after minutes, while CP-SAT's own bound stays far below the first round's). Resumed from
    the master of an ``earlier`` search cut short by its deadline, with every row it found;
    the first round at the coverage relaxation's prices either way, the centre its smoothing
    starts from (at the master's duals alone the 100-agent hotline's bound rose slower),
    from ``relaxation`` when it is solved already."""
    if earlier is not None and earlier.pool is not None:
        floor, master, models = earlier.pool.parts()
        master.release()
        rows = rows_of(problem, roster)
    else:
        started = _start(problem, roster, deadline, stop)
        if started is None:
            return
        floor, master, models, rows, _, _ = started
    start = _relaxed_prices(problem, master, deadline, relaxation)
    search = _Search(problem, floor, master, models, rows, deadline, None, stop, start, on_bound)
    search.converge(track_bound=True, rounds=rounds)


def _start(
    problem: Problem, roster: Roster, deadline: float | None, stop: threading.Event | None
) -> tuple[Floor, _Master, list[RowModel], dict[str, Row], RowPool, list[int]] | None:
    """The master with ``roster``'s rows, each agent's row model and the pool of rows, or
    ``None`` when out of time first or ``roster`` is no roster to start from."""
    floor = Floor(problem, Roster(frozenset()))
    demand = [item for _, item in floor.demand()]
    master = _Master(
        demand, _steps(floor, demand), floor.alike(), len(problem.agents), floor.cut_by_training()
    )
    groups = fair_groups(problem) if problem.fairness.weight else []
    models = []
    for agent in problem.agents:
        # Built one by one, as the deadline allows: a thousand agents' models take seconds
        # and gigabytes, which a search already out of time has no use for.
        if (deadline is not None and time.monotonic() > deadline) or (stop and stop.is_set()):
            return None
        # Seats for the named attendees alone: a bound holds for rosters that fill the free
        # seats otherwise (a problem linked by heads alone has no sessions).
        models.append(RowModel.of(problem, agent, groups, frozenset()))
    rows = rows_of(problem, roster)
    pool = RowPool(problem, floor, master, models)
    incumbent = pool.columns_of(rows)
    if incumbent is None:
        return None
    return floor, master, models, rows, pool, incumbent


class RowPool:
    """The rows column generation found for each agent, with what each costs them and
    supplies: a roster found elsewhere (the group draws') combines with them."""

    def __init__(
        self, problem: Problem, floor: Floor, master: _Master, models: Sequence[RowModel]
    ) -> None:
        self._problem = problem
        self._floor = floor
        self._master = master
        self._models = models

    def parts(self) -> tuple[Floor, _Master, Sequence[RowModel]]:
        """What a search resumed on these rows prices with (``prove``)."""
        return self._floor, self._master, self._models

    def columns_of(self, rows: Mapping[str, Row]) -> list[int] | None:
        """A roster's rows, added to the pool where new, as column indices; ``None`` when
        one breaks a hard rule by the evaluator."""
        found = []
        for index, model in enumerate(self._models):
            column = _column(self._floor, self._master, model, index, rows[model.agent.id])
            if column is None:
                return None
            found.append(self._master.index(column))
        return found

    def roster(self, chosen: Sequence[int], training: frozenset[tuple[str, str]]) -> Roster:
        columns = self._master.columns
        agents = self._problem.agents
        return roster_of(
            {agents[columns[i].agent].id: list(columns[i].row) for i in chosen}, training
        )

    def merged(self, roster: Roster, seed: int = 0) -> Roster:
        """The cheapest roster of one row per agent among the pool's and ``roster``'s, hinted
        with ``roster``: ``roster`` itself when CP-SAT finds none in its limit."""
        incumbent = self.columns_of(rows_of(self._problem, roster))
        if incumbent is None:
            return roster
        self._master.release()
        chosen = self._master.combine(incumbent, seed)
        return roster if chosen is None else self.roster(chosen, roster.training)


class _Search:
    """Rounds of pricing against one master, within one deadline and budget of solves."""

    def __init__(
        self,
        problem: Problem,
        floor: Floor,
        master: _Master,
        models: Sequence[RowModel],
        rows: Mapping[str, Row],
        deadline: float | None,
        budget: int | None,
        stop: threading.Event | None,
        start: Sequence[float] | None = None,
        on_bound: Callable[[int], None] | None = None,
        threads: int = 1,
        reserve: float = 0.0,
        rounding: bool = False,
        rough: bool = False,
    ) -> None:
        self.problem = problem
        self.threads = threads
        self.floor = floor
        self.master = master
        self.models = models
        self.rows = rows
        # Per agent, the cells that serve demand and the items each serves: fixed by the
        # problem, priced anew every round.
        self._served = [
            [
                (cell, [(master.key(item, units), units) for item, units in served])
                for cell in _cells(floor, model)
                if (served := floor.units_served(model.agent, cell))
            ]
            for model in models
        ]
        self.deadline = deadline
        self.budget = budget
        self.stop = stop
        self.done = 0
        self.solves = 0
        self.stopped = False
        self.converged = False
        # Prices for the first round instead of the master's duals (``_relaxed_prices``).
        self.start = start
        # Hears each better bound; a search with a listener is for the bound alone and goes
        # on whatever its pace (see ``prove``).
        self.on_bound = on_bound
        # Seconds before the deadline kept for what follows the rounds (``generate``).
        self.reserve = reserve
        # Whether the relaxation's rows are rounded to a roster after the rounds
        # (``_Master.rounded``) rather than settled and dived from (``_behind``).
        self.rounding = rounding
        # Whether the caller sweeps a rough roster from the relaxation's largest shares
        # where the search after the rounds would not fit, and whether it came to that.
        self.rough = rough
        self.hurried = False
        self._last_round = 0.0  # seconds
        # Per agent, the deterministic seconds of their last solve with the LP's cuts, and
        # whether they are still priced without them in between (``_cheapest``).
        self._with_cuts: list[float | None] = [None] * len(models)
        self._cut_free = [True] * len(models)
        self._started = time.monotonic()

    def converge(self, track_bound: bool, rounds: int | None = None) -> float | None:
        """Price the agents not fixed until no row of negative reduced cost is left, or for
        ``rounds`` rounds; the best Lagrangian bound proven when ``track_bound`` (valid only
        with no agent fixed)."""
        if self.stop is None:
            return self._converge(track_bound, rounds)
        with interrupting(self.master.lp.InterruptSolve, self.stop.is_set):
            return self._converge(track_bound, rounds)

    def _converge(self, track_bound: bool, rounds: int | None) -> float | None:
        master = self.master
        bound: float | None = None
        centre: list[float] | None = None  # the duals of the best bound so far
        smoothing = SMOOTHING
        started = self.done
        costs: list[float] = []  # the master's cost, round by round
        while rounds is None or self.done - started < rounds:
            if self._out_of_time():
                self.stopped = True
                break
            if rounds is None and self._reserved():
                break  # the rest is for the settled search and the dive
            duals = master.duals(self.deadline)
            if duals is None:
                self.stopped = True
                break
            costs.append(master.cost)
            if rounds is None and self.on_bound is None and tailing_off(costs):
                break  # for a dive: see tailing_off
            values, ones = duals
            self.done += 1
            # Priced between the master's duals and the best bound's (Wentges smoothing):
            # the master's alone swing from round to round and the rows found swing with them.
            priced = values
            relaxed = self.start is not None
            if self.start is not None:
                priced, self.start = self.start, None
            elif centre is not None and smoothing:
                priced = [
                    smoothing * c + (1 - smoothing) * v for c, v in zip(centre, values, strict=True)
                ]
            at_duals = priced is values
            priced = master.clamp(priced)
            # A round at the relaxation's prices is finished whatever its pace: it proves a
            # bound at least near the relaxation's (the 100-agent hotline, whose rounds take
            # 3 s and converge only after minutes: 145,354 against CP-SAT's 134,000).
            began = time.monotonic()
            found = self._price(priced, patient=relaxed)
            self._last_round = time.monotonic() - began
            if found is None:
                self.stopped = True  # out of time mid-round
                break
            lagrangian, candidates = found
            if track_bound and lagrangian is not None and (bound is None or lagrangian > bound):
                bound, centre = lagrangian, priced
                if self.on_bound is not None:
                    self.on_bound(math.ceil(bound - EPSILON))
            if rounds is None and self._behind():
                self.stopped = True
                break
            added = 0
            for index, column in candidates:
                reduced = (
                    column.cost
                    - ones[index]
                    - sum(values[key] * units for key, units in column.items.items())
                )
                if reduced < -EPSILON and master.add(column):
                    added += 1
            if not added and (not smoothing or at_duals):
                self.converged = True  # no row prices below the master's duals
                break
            if not added:
                smoothing = 0.0  # mispriced: the next round at the master's own duals
        # The shares of the last master, for the dive.
        if not self.stopped and master.duals(self.deadline) is None:
            self.stopped = True
        return bound

    def margins(self, deadline: float) -> reduced_cost_fixing.Margins | None:
        """Each agent's excesses at the converged master's duals (``reduced_cost_fixing``),
        converging the rounds first where they tailed off; ``None`` where no round has
        run, where the agents' cheapest rows and the rounds' pace show the rounds and the
        excesses would take more than ``MARGINS_SHARE`` of the time left before
        ``deadline``, or where the master fails."""
        left = MARGINS_SHARE * (deadline - time.monotonic())
        if not self.done:
            return None
        # Foreseen first from the rounds' pace (an agent's solves as long as in pricing, as
        # many as the cells they may work), with room to spare, to save a round's worth of
        # solves where they would take far too long (Curtois 9: 75 s foreseen for 13 s).
        cells = sum(len(served) for served in self._served) / len(self.models)
        if cells * self._pace() > MARGINS_SLACK * left:
            return None
        priced = self._priced(deadline)
        rounds = 0.0 if self.converged else CONVERGE_ROUNDS * self._pace()
        if priced is None or rounds + reduced_cost_fixing.seconds(priced[0], self.threads) > left:
            return None
        if not self.converged:
            # Tailed off: the nearer the duals are to the relaxation's, the more shifts they
            # rule out (Curtois 5: a bound of 1,139.4 at the tail, 1,140.3 converged).
            self.converge(track_bound=False, rounds=CONVERGE_ROUNDS)
            priced = None if self.stopped else self._priced(deadline)
            if priced is None:
                return None
        end = time.monotonic() + left
        return reduced_cost_fixing.margins(*priced, SCALE, end, self.threads, self.stop)

    def _priced(self, deadline: float) -> tuple[list[reduced_cost_fixing.Priced], float] | None:
        """Each agent's cheapest row at the master's duals, and the demand's part of the
        bound they prove; ``None`` when the master fails or a row is not found."""
        master = self.master
        duals = master.duals(deadline)
        if duals is None:
            return None
        values = master.clamp(duals[0])
        prices = [self.prices(index, values) for index in range(len(self.models))]
        priced = reduced_cost_fixing.price(self.models, prices, self.rows, SCALE, self.threads)
        return None if priced is None else (priced, master.least(values))

    def _out_of_time(self) -> bool:
        return (
            (self.budget is not None and self.solves >= self.budget)
            or (self.deadline is not None and time.monotonic() > self.deadline)
            or (self.stop is not None and self.stop.is_set())
        )

    def _hopeless(self, priced: int) -> bool:
        """Whether the first round's pace, ``priced`` agents into it, leaves fewer than
        ``MIN_ROUNDS`` whole rounds; checked as it goes, since one round over a thousand
        agents alone would take most of a minute."""
        agents = len(self.models)
        if self.on_bound is not None:
            return False
        if self.budget is not None:
            return self.budget < MIN_ROUNDS * agents
        if self.deadline is None or not priced:
            return False
        one_round = (time.monotonic() - self._started) / priced * agents
        return self.deadline - self._started < MIN_ROUNDS * one_round

    def _behind(self) -> bool:
        """Whether the first round's pace leaves too few rounds before the deadline for the
        rounds and what follows them (``CONVERGE_ROUNDS``, ``FOLLOW_ROUNDS_PER_AGENT``), or
        before a rounding, too few before the reserve (``ROUNDED_ROUNDS``); checked after
        the first round alone, as the reserve stops the later ones, converged or not, and
        the settled search does well from a master that has tailed off as from one that
        has converged. Where the caller takes a ``rough`` roster, the rounds go on
        ``hurried`` instead if they alone fit before the reserve."""
        if self.on_bound is not None or self.deadline is None or self.done != 1:
            return False
        left = self.deadline - self.reserve - self._started
        if self.rounding:
            # The rounding needs no converged master, only rounds enough before the reserve.
            return left < ROUNDED_ROUNDS * self._pace()
        needed = CONVERGE_ROUNDS + FOLLOW_ROUNDS_PER_AGENT * len(self.models)
        if self.deadline - self._started >= needed * self._pace():
            return False
        self.hurried = self.rough and left >= CONVERGE_ROUNDS * self._pace()
        return not self.hurried

    def _reserved(self) -> bool:
        """Whether the time left is down to the ``reserve``; before a rounding, whether a
        round as long as the last would end in it: the rounding needs its whole reserve
        (the 250-agent hotline, rounds of 2-9 s: a round that ended 9 s into a 15 s reserve
        left the rounding no time to find a cheaper roster)."""
        deadline, reserve = self.deadline, self.reserve
        ahead = self._last_round if self.rounding else 0.0
        return (
            deadline is not None and bool(reserve) and time.monotonic() + ahead > deadline - reserve
        )

    def no_time_to_dive(self) -> bool:
        """Whether a dive, about ``DIVE_SECONDS_PER_AGENT`` of a round's time so far per
        agent, would outlast the deadline: cut short, its rows combine into a poor roster
        and the draws after it get no time (Curtois 12 at 120 s: rounds that slowed from
        0.6 s to 1.1 s, tailed off after 40 s, a dive cut at the deadline, 7,395). The
        average round, not the last: single rounds vary (9 at 60 s lost its dive so)."""
        if self.deadline is None or not self.done:
            return False
        dive = DIVE_SECONDS_PER_AGENT * len(self.models) * self._pace()
        return time.monotonic() + dive > self.deadline

    def _pace(self) -> float:
        """The rounds' average time so far, in seconds."""
        return (time.monotonic() - self._started) / self.done

    def _price(
        self, values: Sequence[float], patient: bool = False
    ) -> tuple[float | None, list[tuple[int, _Column]]] | None:
        """The cheapest row at the duals ``values`` of every agent not fixed that keeps their
        hard rules, and the Lagrangian bound those duals prove (``None`` when a solve proved
        no bound, or an agent is fixed), or ``None`` when the deadline passes first."""
        master = self.master
        days = self.problem.period.days
        lagrangian = None if master.fixed else master.least(values)
        found = []
        priced = 0
        waiting = deque(index for index in range(len(self.models)) if index not in master.fixed)
        solving: deque[tuple[int, Future[Cheapest]]] = deque()
        with ThreadPoolExecutor(self.threads, thread_name_prefix="pricing") as pool:
            while waiting or solving:
                # One solve queued beyond the threads', so that none waits while the
                # oldest result is awaited; results are taken in agents' order, as with one
                # thread (which queues none: its pace check comes before every solve).
                while waiting and len(solving) < 2 * self.threads - 1:
                    if self._out_of_time() or (
                        self.done == 1 and not patient and self._hopeless(priced)
                    ):
                        for _, future in solving:
                            future.cancel()
                        return None
                    self.solves += 1
                    index = waiting.popleft()
                    solving.append((index, pool.submit(self._cheapest, index, values)))
                index, future = solving.popleft()
                cheapest = future.result()
                priced += 1
                model = self.models[index]
                lowest = cheapest.bound
                if lagrangian is not None:
                    # Prices rounded to integers move the objective by at most half a unit
                    # a day.
                    lagrangian = (
                        lagrangian + (lowest - days / 2) / SCALE if math.isfinite(lowest) else None
                    )
                rows = () if cheapest.row is None else (cheapest.row, *cheapest.along)
                for row in rows:
                    if master.has(index, row):
                        continue  # a row in the master prices at no less than its duals
                    column = _column(self.floor, master, model, index, row)
                    if column is not None:  # None: breaks a hard rule by the evaluator (a bug)
                        found.append((index, column))
        return lagrangian, found

    def prices(self, index: int, values: Sequence[float]) -> dict[Cell, int]:
        """What each cell agent ``index`` may work is worth at the duals ``values``, times
        ``SCALE`` and rounded (at most half a unit a day from the duals' own)."""
        return {
            cell: round(-SCALE * sum(values[item] * units for item, units in served))
            for cell, served in self._served[index]
        }

    def _cheapest(self, index: int, values: Sequence[float]) -> Cheapest:
        """Agent ``index``'s cheapest row at the duals ``values``, the bound on it, and the
        dearer rows found on the way: the master takes each of negative reduced cost, two to
        three rows an agent a round at little more time a round, so the rounds tail off
        sooner (Curtois 12 from its swept roster, 2 threads: after 29 rounds in 30.5 s, its
        master at 4,040.0, against 37 rounds in 35.8 s with the cheapest rows alone).

        Without CP-SAT's LP cuts where that keeps proving the agent's rows: on the 100-agent
        hotline a solve without them took 0.4-0.7 of the time, every one still proven (its
        later rounds 3.4 s against 8.4 s), while on Curtois 9 most took over ten times as
        long and half were not proven in the limit (a round 16.6 s against 1.3 s). So each
        agent is priced with the cuts every ``CUTS_EVERY`` rounds, for the effort that takes
        them, and without them in between, within ``CUT_FREE_EFFORT`` times that effort; an
        agent whose solve without them is not proven in that limit is priced with them from
        then on. Efforts are deterministic seconds, so the choice does not depend on load."""
        model = self.models[index]
        prices = self.prices(index, values)
        row = self.rows[model.agent.id]
        effort = self._with_cuts[index]
        if effort is not None and self._cut_free[index] and self.done % CUTS_EVERY:
            limit = min(SOLVE_LIMIT, CUT_FREE_EFFORT * effort + CUT_FREE_SLACK)
            found = cheapest_row(model, prices, row, SCALE, cuts=False, limit=limit, along=True)
            if found.proven:
                return found
            self._cut_free[index] = False
        found = cheapest_row(model, prices, row, SCALE, along=True)
        self._with_cuts[index] = found.effort
        return found


def rounds_well(problem: Problem, workers: int = WORKERS) -> bool:
    """Whether a roster is best found by rounding the relaxation's rows (``_Master.rounded``)
    rather than from the cells it settles (``settled_search``) and a dive: where the demand
    items need ``ROUNDING_HEADS`` heads or more on average, on a roster of at most
    ``ROUNDING_CELLS`` cells, with at least ``ROUNDING_WORKERS`` CP-SAT workers. Rounding an
    agent's fractional rows moves each item's coverage by a fraction of its heads, at little
    cost, where on items of a few heads it leaves whole shifts short.

    Measured from masters of 25 s of rounds (2 cores, 8 workers, 20-30 s of rounding): the
    hotlines of 100 and 60 agents (19.8 and 13.7 heads an item) 166,870 and 207,270, where
    the whole solve reaches about 171,500 in 120 s and 210,522 in 60 s; the bundled example
    (8.3 heads) 7,293 against the whole solve's 7,100-7,200 in 60 s; Curtois 8 and 12 (4.3
    and 3.6) 1,906 against the settled search's 1,305, and nothing cheaper than the swept
    7,430 against the draws' 5,000. In the whole solve at 120 s, the hotlines of 100 and 250
    agents then gave 164,254 and 240,590 against 171,434 and 243,538."""
    if problem.roster_cells > ROUNDING_CELLS or workers < ROUNDING_WORKERS:
        return False
    demand = Floor(problem, Roster(frozenset())).demand()
    needed = [item.required for _, item in demand if item.required]
    return bool(needed) and sum(needed) >= ROUNDING_HEADS * len(needed)


def tailing_off(costs: Sequence[float]) -> bool:
    """Whether the master's cost, round by round, fell less than ``TAIL`` in its last
    ``TAIL_ROUNDS`` rounds: before a dive, such rounds gain little, and the dive, not the
    last decimals of the relaxation, makes the roster (Curtois 8: 1,298.8 after 29 rounds,
    1,296.6 converged after 45). The window starts once the cost has begun to fall: the
    first rounds' rows rarely combine into anything cheaper than the roster's (Curtois 12:
    five rounds)."""
    return (
        len(costs) > TAIL_ROUNDS
        and costs[-1 - TAIL_ROUNDS] < costs[0]
        and costs[-1] > (1 - TAIL) * costs[-1 - TAIL_ROUNDS]
    )


def _relaxed_prices(
    problem: Problem, master: _Master, deadline: float | None, known: Relaxation | None = None
) -> Sequence[float] | None:
    """The coverage relaxation's prices of a head of each item, for the first round.

    The master's first duals come from one row per agent and price coverage poorly (the
    100-agent hotline's first bound was far below the relaxation's 141,320). At the
    relaxation's prices each agent's cheapest row keeps every rule the relaxation only sums
    over a group, so the first round already proves about its bound or more (145,354 there),
    and the smoothing starts from them."""
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left <= 0:
        return None
    relaxation = known or coverage_relaxation(problem, left)
    if relaxation is None or len(relaxation.prices) != master.items:
        return None
    return relaxation.prices + relaxation.part_prices


def _steps(floor: Floor, demand: Sequence[Demand]) -> list[int]:
    """Per item, the largest step dividing its requirement and every supply to it: what
    agents supply of each kind of item (heads, hundredths, calls) on any day, agent by
    agent (``_Master``'s surplus rounding)."""
    problem = floor.problem
    kinds = {(item.unit, item.calls): item for item in demand}
    step = {
        kind: math.gcd(
            item.unit,
            *{
                floor.supplies(agent, day, item)
                for agent in problem.agents
                for day in range(problem.period.days)
            },
        )
        for kind, item in kinds.items()
    }
    return [math.gcd(step[item.unit, item.calls], item.required) for item in demand]


def _cells(floor: Floor, model: RowModel) -> list[Cell]:
    """Every cell the agent's row model has: each day, shift and queue they may serve."""
    problem = floor.problem
    queues = floor.queues_of(model.agent)
    return [
        (day, shift.code, queue)
        for day in range(problem.period.days)
        for shift in problem.shifts
        for queue in queues
    ]


def _column(floor: Floor, master: _Master, model: RowModel, agent: int, row: Row) -> _Column | None:
    """The row as a column: the evaluator's cost of the agent's own rules and the units it
    supplies each item (keyed as ``master`` prices them); ``None`` when the evaluator finds
    it breaks a hard rule."""
    violations, cost = own_cost(model, row)
    if violations:
        return None
    items: Counter[int] = Counter()
    for day, cell in enumerate(row):
        if cell is not None:
            for item, units in floor.units_served(model.agent, (day, *cell)):
                items[master.key(item, units)] += units
    return _Column(agent, tuple(row), cost, items)
