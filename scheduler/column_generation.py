"""A lower bound from agents' whole rows, and a roster built from the rows it finds
(column generation).

Where coverage in whole heads is all that links agents (``linked_by_heads_alone``), a roster
costs each agent's own cost (requests, weekends, distance from a fair share) plus each demand
item's heads short and over. The *master* problem picks one row per agent among rows that
keep that agent's hard rules. Its linear relaxation is far tighter than CP-SAT's relaxation
of the shift variables: every row in it keeps its minimum runs, weekends and hours, where
fractions of single shifts need not.

Each round solves the master's linear relaxation (GLOP) over the rows found so far. Its
coverage duals price every cell an agent could work, and each agent's own model (the sweeps'
``RowModel``, solved by CP-SAT) finds their cheapest row at those prices. A row of negative
reduced cost joins the master. A round that prices every agent proves a Lagrangian lower
bound whether or not the rounds have converged: the duals' value of the demand plus each
agent's cheapest reduced cost. The first round prices at the coverage relaxation's duals
(``coverage_bound``) rather than the master's, which come from one row per agent: it proves
at least about the relaxation's bound at once, and the rounds after it converge sooner
(Curtois 10: 17 s against 35 s). Once converged, a dive fixes the agents the relaxation
settles and prices the others again, until all are fixed; a small integer program (CP-SAT,
one row per agent) then combines the rows found, which also completes a dive the deadline
cut short. The evaluator, not this module, judges whether the roster is kept.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.agent_prices import Cell, Floor, Row
from scheduler.agent_sweeps import (
    RowModel,
    cheapest_row,
    linked_by_heads_alone,
    own_cost,
    roster_of,
    rows_of,
)
from scheduler.coverage_bound import coverage_relaxation
from scheduler.domain import Problem, Roster
from scheduler.fairness import fair_groups

# Duals are fractions; cell prices are scaled by this much to reach CP-SAT's integers.
SCALE = 1000
# Weight of the best bound's duals in the duals a round prices with.
SMOOTHING = 0.7
# A share of an agent's row above 1 minus this settles it in the dive.
SETTLED = 0.01
# Rounds of pricing after each step of the dive.
DIVE_ROUNDS = 3
# Rounds the first round's pace must leave before the deadline or budget runs out, else
# column generation stops there: it would not converge, and its Python work between solves
# slows the group draws beside it (Curtois 12, 60 agents: 5,357-5,547 against 4,834-5,235).
MIN_ROUNDS = 20
# For combining the rows found, in deterministic seconds.
COMBINE_LIMIT = 2.0
# A row joins the master only when its reduced cost is below minus this much.
EPSILON = 1e-6
# Rosters (agents x days x shift types) up to this size get rounds for the bound beside
# CP-SAT (``prove``): 100 and 250 agents (16,800 and 42,000 cells) proved more than CP-SAT by
# 120 s; at 500 and 1,000, whose rounds take 10-20 s, nothing more, for 220-360 MiB.
PROVE_BESIDE_CELLS = 50_000


@dataclass(frozen=True)
class Outcome:
    """The roster combined from the rows found (the roster given, when abandoned), which the
    caller's evaluator judges, the best lower bound proven on the cost of any roster
    (``None`` before a round priced every agent), the rows found, and whether the rounds
    converged (their bound is then all that pricing proves: ``prove`` would repeat it)."""

    roster: Roster
    bound: int | None
    pool: RowPool | None = None
    converged: bool = False


@dataclass(frozen=True)
class _Column:
    agent: int
    row: tuple[tuple[str, str | None] | None, ...]
    cost: int
    items: Mapping[int, int]  # demand item -> heads this row supplies it


class _Master:
    """The master's linear relaxation over the rows found so far: a share of each row per
    agent (shares summing to one) and each item's heads short and over."""

    def __init__(self, heads: Sequence[tuple[int, int, int]], agents: int) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.heads = heads
        self.columns: list[_Column] = []
        self.fixed: dict[int, int] = {}  # agent -> the column the dive fixed them to
        self._shares: list[pywraplp.Variable] = []
        # (agent, row) -> its column's index
        self._seen: dict[tuple[int, tuple[tuple[str, str | None] | None, ...]], int] = {}
        self._one = [self.lp.Constraint(1, 1) for _ in range(agents)]
        self._cover = []
        objective = self.lp.Objective()
        for required, under, over in heads:
            cover = self.lp.Constraint(required, required)
            short, spare = self.lp.NumVar(0, math.inf, ""), self.lp.NumVar(0, math.inf, "")
            cover.SetCoefficient(short, 1)
            cover.SetCoefficient(spare, -1)
            objective.SetCoefficient(short, under)
            objective.SetCoefficient(spare, over)
            self._cover.append(cover)

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
        for item, heads in column.items.items():
            self._cover[item].SetCoefficient(share, heads)
        return True

    def duals(self) -> tuple[list[float], list[float]] | None:
        """The value of a head of each item and of each agent's row, or ``None`` when the
        linear solver fails."""
        if self.lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        return [c.dual_value() for c in self._cover], [c.dual_value() for c in self._one]

    def has(self, agent: int, row: Row) -> bool:
        return (agent, tuple(row)) in self._seen

    def index(self, column: _Column) -> int:
        """Where ``column``, or the agent's column of the same row, is in ``columns``."""
        self.add(column)
        return self._seen[column.agent, column.row]

    def shares(self) -> list[float]:
        """Each column's share in the last solve."""
        return [share.solution_value() for share in self._shares]

    def fix(self, column: int) -> None:
        """Keep the column's agent to it from now on."""
        agent = self.columns[column].agent
        self.fixed[agent] = column
        for index, other in enumerate(self.columns):
            if other.agent == agent and index != column:
                self._shares[index].SetUb(0)

    def combine(self, incumbent: Sequence[int], seed: int) -> list[int] | None:
        """The cheapest choice of one found row per agent (indices into ``columns``), hinted
        with ``incumbent``, or ``None`` if CP-SAT finds none in ``COMBINE_LIMIT``. One worker
        and a deterministic limit, so that it is repeatable under ``--deterministic``; the
        agents the dive fixed keep their rows."""
        model = cp_model.CpModel()
        picks = [model.new_bool_var("") for _ in self.columns]
        for agent in range(len(self._one)):
            model.add_exactly_one(
                p for p, c in zip(picks, self.columns, strict=True) if c.agent == agent
            )
        for column in self.fixed.values():
            model.add(picks[column] == 1)
        supplied: list[list[tuple[cp_model.IntVar, int]]] = [[] for _ in self.heads]
        for pick, column in zip(picks, self.columns, strict=True):
            for item, heads in column.items.items():
                supplied[item].append((pick, heads))
        costs = [(pick, column.cost) for pick, column in zip(picks, self.columns, strict=True)]
        for (required, under, over), terms in zip(self.heads, supplied, strict=True):
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
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = COMBINE_LIMIT
        solver.parameters.catch_sigint_signal = False
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return [i for i, pick in enumerate(picks) if solver.boolean_value(pick)]


def proves_beside(problem: Problem) -> bool:
    """Whether rounds for the bound alone are worth running beside CP-SAT: a roster's cost
    is each agent's own plus coverage in whole heads, which the master prices
    (``linked_by_heads_alone``), and a round takes seconds, not tens of them."""
    return problem.roster_cells <= PROVE_BESIDE_CELLS and linked_by_heads_alone(problem)


def generate(
    problem: Problem,
    roster: Roster,
    deadline: float | None = None,
    budget: int | None = None,
    seed: int = 0,
    stop: threading.Event | None = None,
) -> Outcome:
    """Column generation from ``roster`` (whose rows start the master), for a problem
    ``linked_by_heads_alone``: rounds until the relaxation converges, then a dive to a
    roster. Pricing stops at the ``deadline`` (``time.monotonic``), after ``budget`` agents'
    solves, or when ``stop`` is set (it runs beside the group draws, in a thread of its
    own), or as soon as the first round's pace shows fewer than ``MIN_ROUNDS`` rounds would
    fit (at the end of that round when it prices at the relaxation's prices, for its
    bound); the rows found are then combined, the agents the dive fixed kept. Not converged
    by then, it returns ``roster`` as it was, with the bound proven so far: the rows of an
    unconverged master combine into poor rosters on their own. Either way the ``pool`` of
    rows found is returned, for another roster to be ``merged`` with.
    """
    agents = problem.agents
    if budget is not None and budget < MIN_ROUNDS * len(agents):
        return Outcome(roster, None)  # too small a budget to converge: see _hopeless
    started = _start(problem, roster, deadline, stop)
    if started is None:
        return Outcome(roster, None)  # out of time, or not a roster to start from
    floor, master, models, rows, pool, incumbent = started
    # Before the search's clock starts: the first round's pace tells whether it may go on.
    start = _relaxed_prices(problem, master, deadline)
    search = _Search(problem, floor, master, models, rows, deadline, budget, stop, start)
    bound = search.converge(track_bound=True)
    proven = None if bound is None else math.ceil(bound - EPSILON)
    if search.stopped:  # out of time before converging
        return Outcome(roster, proven, pool)
    # The dive: fix the agents whose rows the relaxation already settles (at least the most
    # settled one), price the others again, until every agent is fixed.
    while len(master.fixed) < len(agents) and not search.stopped:
        shares = master.shares()
        best: dict[int, tuple[float, int]] = {}
        for index, (share, column) in enumerate(zip(shares, master.columns, strict=True)):
            if column.agent not in master.fixed and share > best.get(column.agent, (-1.0, 0))[0]:
                best[column.agent] = (share, index)
        settled = [index for share, index in best.values() if share > 1 - SETTLED]
        for index in settled or [max(best.values())[1]]:
            master.fix(index)
        search.converge(track_bound=False, rounds=DIVE_ROUNDS)
    chosen = master.combine(incumbent, seed)
    combined = roster if chosen is None else pool.roster(chosen, roster.training)
    return Outcome(combined, proven, pool, converged=True)


def prove(
    problem: Problem,
    roster: Roster,
    deadline: float,
    stop: threading.Event,
    on_bound: Callable[[int], None],
    earlier: Outcome | None = None,
) -> None:
    """Rounds of pricing for the lower bound alone, beside CP-SAT, until ``deadline`` or
    ``stop``: each better bound is passed to ``on_bound`` as its round ends. No dive and no
    roster, and never given up as hopeless: every round that prices every agent proves a
    bound, converged or not (the 100-agent hotline's rounds take seconds and converge only
    after minutes, while CP-SAT's own bound stays far below the first round's). Resumed from
    the master of an ``earlier`` search cut short by its deadline, with every row it found;
    the first round at the coverage relaxation's prices either way, the centre its smoothing
    starts from (at the master's duals alone the 100-agent hotline's bound rose slower)."""
    if earlier is not None and earlier.pool is not None:
        floor, master, models = earlier.pool.parts()
        rows = rows_of(problem, roster)
    else:
        started = _start(problem, roster, deadline, stop)
        if started is None:
            return
        floor, master, models, rows, _, _ = started
    start = _relaxed_prices(problem, master, deadline)
    search = _Search(problem, floor, master, models, rows, deadline, None, stop, start, on_bound)
    search.converge(track_bound=True)


def _start(
    problem: Problem, roster: Roster, deadline: float | None, stop: threading.Event | None
) -> tuple[Floor, _Master, list[RowModel], dict[str, Row], RowPool, list[int]] | None:
    """The master with ``roster``'s rows, each agent's row model and the pool of rows, or
    ``None`` when out of time first or ``roster`` is no roster to start from."""
    floor = Floor(problem, Roster(frozenset()))
    master = _Master(floor.heads(), len(problem.agents))
    groups = fair_groups(problem) if problem.fairness.weight else []
    models = []
    for agent in problem.agents:
        # Built one by one, as the deadline allows: a thousand agents' models take seconds
        # and gigabytes, which a search already out of time has no use for.
        if (deadline is not None and time.monotonic() > deadline) or (stop and stop.is_set()):
            return None
        models.append(RowModel.of(problem, agent, groups, roster.training))
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
            column = _column(self._floor, model, index, rows[model.agent.id])
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
        self._master.fixed.clear()  # the dive's choices were for its own roster
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
    ) -> None:
        self.problem = problem
        self.floor = floor
        self.master = master
        self.models = models
        self.rows = rows
        # Per agent, the cells that serve demand and the items each serves: fixed by the
        # problem, priced anew every round.
        self._served = [
            [(cell, items) for cell in _cells(floor, model) if (items := floor.items_served(cell))]
            for model in models
        ]
        self.deadline = deadline
        self.budget = budget
        self.stop = stop
        self.done = 0
        self.solves = 0
        self.stopped = False
        # Prices for the first round instead of the master's duals (``_relaxed_prices``).
        self.start = start
        # Hears each better bound; a search with a listener is for the bound alone and goes
        # on whatever its pace (see ``prove``).
        self.on_bound = on_bound
        self._started = time.monotonic()

    def converge(self, track_bound: bool, rounds: int | None = None) -> float | None:
        """Price the agents not fixed until no row of negative reduced cost is left, or for
        ``rounds`` rounds; the best Lagrangian bound proven when ``track_bound`` (valid only
        with no agent fixed)."""
        master = self.master
        bound: float | None = None
        centre: list[float] | None = None  # the duals of the best bound so far
        smoothing = SMOOTHING
        started = self.done
        while rounds is None or self.done - started < rounds:
            if self._out_of_time():
                self.stopped = True
                break
            duals = master.duals()
            if duals is None:
                self.stopped = True
                break
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
            # A round at the relaxation's prices is finished whatever its pace: it proves a
            # bound at least near the relaxation's (the 100-agent hotline, whose rounds take
            # 3 s and converge only after minutes: 145,354 against CP-SAT's 134,000).
            found = self._price(priced, patient=relaxed)
            if found is None:
                self.stopped = True  # out of time mid-round
                break
            lagrangian, candidates = found
            if track_bound and lagrangian is not None and (bound is None or lagrangian > bound):
                bound, centre = lagrangian, priced
                if self.on_bound is not None:
                    self.on_bound(math.ceil(bound - EPSILON))
            if relaxed and self._hopeless(len(self.models)):
                self.stopped = True
                break
            added = 0
            for index, column in candidates:
                reduced = (
                    column.cost
                    - ones[index]
                    - sum(values[item] * heads for item, heads in column.items.items())
                )
                if reduced < -EPSILON and master.add(column):
                    added += 1
            if not added and (not smoothing or priced is values):
                break  # converged: no row prices below the master's duals
            if not added:
                smoothing = 0.0  # mispriced: the next round at the master's own duals
        master.duals()  # the shares of the last master, for the dive
        return bound

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

    def _price(
        self, values: Sequence[float], patient: bool = False
    ) -> tuple[float | None, list[tuple[int, _Column]]] | None:
        """The cheapest row at the duals ``values`` of every agent not fixed that keeps their
        hard rules, and the Lagrangian bound those duals prove (``None`` when a solve proved
        no bound, or an agent is fixed), or ``None`` when the deadline passes first."""
        master = self.master
        days = self.problem.period.days
        lagrangian: float | None = sum(
            value * required for value, (required, _, _) in zip(values, master.heads, strict=True)
        )
        if master.fixed:
            lagrangian = None
        found = []
        priced = 0
        for index, model in enumerate(self.models):
            if index in master.fixed:
                continue
            if self._out_of_time() or (self.done == 1 and not patient and self._hopeless(priced)):
                return None
            self.solves += 1
            priced += 1
            prices = {
                cell: round(-SCALE * sum(values[item] for item in items))
                for cell, items in self._served[index]
            }
            row, lowest = cheapest_row(model, prices, self.rows[model.agent.id], SCALE)
            if lagrangian is not None:
                # Prices rounded to integers move the objective by at most half a unit a day.
                lagrangian = (
                    lagrangian + (lowest - days / 2) / SCALE if math.isfinite(lowest) else None
                )
            if row is None or master.has(index, row):
                continue  # a row in the master already prices at no less than its duals
            column = _column(self.floor, model, index, row)
            if column is not None:  # None: breaks a hard rule by the evaluator (a model bug)
                found.append((index, column))
        return lagrangian, found


def _relaxed_prices(
    problem: Problem, master: _Master, deadline: float | None
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
    relaxation = coverage_relaxation(problem, left)
    if relaxation is None or len(relaxation.prices) != len(master.heads):
        return None
    return relaxation.prices


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


def _column(floor: Floor, model: RowModel, agent: int, row: Row) -> _Column | None:
    """The row as a column: the evaluator's cost of the agent's own rules and the heads it
    supplies each item; ``None`` when the evaluator finds it breaks a hard rule."""
    violations, cost = own_cost(model, row)
    if violations:
        return None
    items: Counter[int] = Counter()
    for day, cell in enumerate(row):
        if cell is not None:
            items.update(floor.items_served((day, *cell)))
    return _Column(agent, tuple(row), cost, items)
